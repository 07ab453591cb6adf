// The text a view keeps for its query, and how it follows renames.
//
// PostgreSQL stores a view's analyzed query, in which every relation and
// column is an OID and an attribute number: renaming a table, a column
// or a schema leaves the view reading what it read, and no caller's
// search_path changes that. gpostgres stores the query as SQL text and
// analyzes it again where the view is used, so the text is kept bound
// the same way:
//
//   - When the view is made, every relation its text names is written
//     schema-qualified (and each "*" as the columns it read), so a
//     caller's search_path cannot make it read another relation.
//   - Before a relation, a column or a schema it names is renamed or
//     moved, the text of every view and materialized view depending on
//     it (pg_depend) is analyzed again under the old names, and the names
//     that stood for the renamed object are written anew
//     (analyze.ViewNames tells which names those are). A column that
//     gave a view column its name keeps giving it: "SELECT a FROM t"
//     becomes "SELECT aa AS a FROM t", as PostgreSQL's pg_get_viewdef
//     shows it.
//   - A column a USING or NATURAL join matches by name cannot be
//     renamed under a view (0A000): the join would no longer match.

package sql

import (
	"strconv"

	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/analyze"
	"github.com/gpostgres/gpostgres/lib/sql/builtins"
	"github.com/gpostgres/gpostgres/lib/sql/parser"
	"github.com/gpostgres/gpostgres/lib/types"
)

// nameChange is one rename a view's stored text must follow: relation
// renamed or moved to another schema, or its column attnum renamed.
type nameChange struct {
	relation uint32
	// attnum is the column renamed, 0 when the relation itself is.
	attnum           int16
	oldName, newName string // the column's names, or the relation's
	// newSchema is the relation's schema after the change, "" when it
	// stays where it is.
	newSchema string
}

// viewQueryText is the SQL text a view keeps for its query, as parsed
// in query and analyzed into names: its "*" targets expanded, its
// relations schema-qualified, and the changes applied. query itself is
// left as it was (it may be a cached statement's).
func (s *sqlCtx) viewQueryText(query *pg_query.Node, names *analyze.ViewNames, changes []nameChange) (string, error) {
	restore, err := s.bindNames(query, names, changes)
	defer restore()
	if err != nil {
		return "", err
	}
	text, err := pg_query.Deparse(&pg_query.ParseResult{Version: parseTreeVersion(), Stmts: []*pg_query.RawStmt{{Stmt: query}}})
	if err != nil {
		return "", pgerr.Newf(pgerr.InternalError, "could not store the view's query: %v", err)
	}
	return text, nil
}

// bindNames changes the parse tree of statement stmt, analyzed into
// names, as the text stored for it must be: its "*" targets expanded,
// its relations schema-qualified, regclass literals as OIDs, and the
// changes applied. The function it returns puts the tree back as it was.
func (s *sqlCtx) bindNames(query *pg_query.Node, names *analyze.ViewNames, changes []nameChange) (func(), error) {
	var restore []func()
	undo := func() {
		for i := len(restore) - 1; i >= 0; i-- {
			restore[i]()
		}
	}
	setString := func(p *string, v string) {
		old := *p
		*p = v
		restore = append(restore, func() { *p = old })
	}

	relationChange := func(oid uint32) *nameChange {
		for i := range changes {
			if changes[i].relation == oid && changes[i].attnum == 0 {
				return &changes[i]
			}
		}
		return nil
	}
	columnChange := func(oid uint32, attnum int16) *nameChange {
		for i := range changes {
			if changes[i].relation == oid && changes[i].attnum == attnum && attnum != 0 {
				return &changes[i]
			}
		}
		return nil
	}
	for _, c := range changes {
		if c.attnum != 0 && names.Using[c.relation][c.attnum] {
			return undo, pgerr.Newf(pgerr.FeatureNotSupported,
				"renaming column \"%s\" is not supported: a view joins on it with USING or NATURAL", c.oldName)
		}
	}

	// Relations in FROM: schema-qualified, with their new names.
	for rv, oid := range names.Relations {
		rel, err := s.cache.RelationByOID(s, oid)
		if err != nil {
			return undo, err
		}
		if rel == nil {
			continue
		}
		schema := rel.NamespaceName
		if c := relationChange(oid); c != nil {
			setString(&rv.Relname, c.newName)
			if c.newSchema != "" {
				schema = c.newSchema
			}
		}
		setString(&rv.Schemaname, schema)
	}

	// The target each plain column reference is, in a SELECT or
	// RETURNING list: a renamed column keeps naming its output column.
	targetOf := map[*pg_query.ColumnRef]*pg_query.ResTarget{}
	noteTargets := func(list []*pg_query.Node) {
		for _, n := range list {
			rt := n.GetResTarget()
			if cr := rt.GetVal().GetColumnRef(); cr != nil && rt.Name == "" {
				targetOf[cr] = rt
			}
		}
	}
	pg_query.Walk(query, func(m pg_query.Message) bool {
		switch x := m.(type) {
		case *pg_query.SelectStmt:
			noteTargets(x.TargetList)
		case *pg_query.InsertStmt:
			noteTargets(x.ReturningList)
		case *pg_query.UpdateStmt:
			noteTargets(x.ReturningList)
		case *pg_query.DeleteStmt:
			noteTargets(x.ReturningList)
		}
		return true
	})
	keepOutputName := func(cr *pg_query.ColumnRef, name string) {
		if rt := targetOf[cr]; rt != nil && rt.Name == "" {
			setString(&rt.Name, name)
		}
	}
	for cr, ref := range names.Columns {
		fields := cr.Fields
		last := len(fields) - 1
		if last < 0 {
			continue
		}
		star := fields[last].GetAStar() != nil
		if c := columnChange(ref.Relation, ref.AttNum); c != nil && ref.ByColumnName && !star {
			if str := fields[last].GetString_(); str != nil && str.Sval == c.oldName {
				keepOutputName(cr, str.Sval)
				setString(&str.Sval, c.newName)
			}
		}
		c := relationChange(ref.Relation)
		if c == nil || !ref.ByRelationName {
			continue
		}
		// The qualifier: the names before the column's, or a bare
		// whole-row reference's only name.
		qual := fields[:last]
		if ref.AttNum == 0 && !star {
			qual = fields
		}
		if len(qual) == 0 {
			continue
		}
		if str := qual[len(qual)-1].GetString_(); str != nil && str.Sval != c.newName {
			if len(qual) == len(fields) {
				keepOutputName(cr, str.Sval)
			}
			setString(&str.Sval, c.newName)
		}
		if len(qual) >= 2 && c.newSchema != "" {
			if str := qual[len(qual)-2].GetString_(); str != nil {
				setString(&str.Sval, c.newSchema)
			}
		}
	}

	// Target columns of INSERT, UPDATE and MERGE, and the columns of
	// ON CONFLICT targets.
	for rt, ref := range names.Targets {
		if c := columnChange(ref.Relation, ref.AttNum); c != nil && rt.Name == c.oldName {
			setString(&rt.Name, c.newName)
		}
	}
	for el, ref := range names.ConflictColumns {
		if c := columnChange(ref.Relation, ref.AttNum); c != nil && el.Name == c.oldName {
			setString(&el.Name, c.newName)
		}
	}

	// A relation named in a regclass literal, by its OID.
	s.bindRegclassLiterals(query, setString)

	// Each "*" as the columns it read.
	forEachSelect(query, func(sel *pg_query.SelectStmt) {
		targets := sel.TargetList
		var expanded []*pg_query.Node
		changed := false
		for _, n := range targets {
			cr := n.GetResTarget().GetVal().GetColumnRef()
			cols, ok := names.Stars[cr]
			if cr == nil || !ok {
				expanded = append(expanded, n)
				continue
			}
			changed = true
			for _, c := range cols {
				var fields []*pg_query.Node
				if c.Qualifier != "" {
					fields = append(fields, pg_query.MakeStrNode(c.Qualifier))
				}
				fields = append(fields, pg_query.MakeStrNode(c.Column))
				rt := pg_query.MakeResTargetNodeWithVal(pg_query.MakeColumnRefNode(fields, cr.Location), cr.Location)
				if c.Name != c.Column {
					rt.GetResTarget().Name = c.Name
				}
				expanded = append(expanded, rt)
			}
		}
		if changed {
			sel.TargetList = expanded
			restore = append(restore, func() { sel.TargetList = targets })
		}
	})
	return undo, nil
}

// bindRegclassLiterals writes each 'name'::regclass literal in the parse
// tree m as the OID the name stands for now ('16384'::regclass), which
// reads as the same relation whatever it is called later, as the OID in
// PostgreSQL's stored query does.
// A literal that does not read as a relation now is left as it is.
func (s *sqlCtx) bindRegclassLiterals(m pg_query.Message, setString func(*string, string)) {
	pg_query.Walk(m, func(m pg_query.Message) bool {
		if tc, ok := m.(*pg_query.TypeCast); ok {
			str := tc.GetArg().GetAConst().GetSval()
			names := tc.GetTypeName().GetNames()
			if str != nil && len(names) > 0 && names[len(names)-1].GetString_().GetSval() == "regclass" && len(tc.GetTypeName().GetArrayBounds()) == 0 {
				if d, err := types.ParseText(types.OidRegclass, -1, str.Sval, s.formatOptions()); err == nil {
					setString(&str.Sval, strconv.FormatUint(uint64(uint32(d.Int())), 10))
				}
			}
		}
		return true
	})
}

// followRenames writes again the stored query of every view and
// materialized view that names what changes renames or moves. It runs
// before the catalogs change: the stored texts are analyzed under the
// old names. A view whose text does not analyze any more is left as it
// is (it fails where it is used, as it did before).
func (s *sqlCtx) followRenames(changes []nameChange) error {
	affected := func(ref objectAddress) bool {
		if ref.classID != catalog.RelationRelationID {
			return false
		}
		for _, c := range changes {
			if c.relation == ref.objID && (c.attnum == 0 || int32(c.attnum) == ref.subID) {
				return true
			}
		}
		return false
	}
	deps, err := s.scanDepend(func(r dependRow) bool {
		return (r.dep.classID == rewriteRelationID || r.dep.classID == catalog.ProcedureRelationID) && r.deptype == depNormal && affected(r.ref)
	})
	if err != nil {
		return err
	}
	seen := map[uint32]bool{}
	for _, d := range deps {
		if d.dep.classID == catalog.ProcedureRelationID {
			if !seen[d.dep.objID] {
				seen[d.dep.objID] = true
				if err := s.rewriteSQLBody(d.dep.objID, changes); err != nil {
					return err
				}
			}
			continue
		}
		rule := d.dep.objID
		if seen[rule] {
			continue
		}
		seen[rule] = true
		_, view, err := s.ruleTarget(rule)
		if err != nil {
			return err
		}
		if view == 0 || relationChangeOf(changes, view) {
			// A view's own rule depends on the view: its text does not
			// name the view.
			continue
		}
		if err := s.rewriteViewText(view, changes); err != nil {
			return err
		}
	}
	return nil
}

// rewriteSQLBody writes the SQL-standard body of routine oid again with
// changes, each statement analyzed under the old names with the
// routine's input arguments.
func (s *sqlCtx) rewriteSQLBody(oid uint32, changes []nameChange) error {
	p, err := s.syscache().ProcByOID(oid)
	if err != nil || p == nil || p.SQLBody == "" {
		return err
	}
	stmts, err := parser.Parse(p.SQLBody)
	if err != nil {
		return nil
	}
	inTypes := builtins.InArgTypes(p)
	raws := make([]*pg_query.RawStmt, len(stmts))
	for i, st := range stmts {
		names, err := analyze.AnalyzeRoutineNames(catalogAdapter{s}, st.Query, st.Node(), inTypes, oid, p.Name, builtins.InArgNames(p), s.formatOptions())
		if err != nil {
			// A body that does not analyze any more is left as it is.
			return nil
		}
		if _, err := s.bindNames(st.Node(), names, changes); err != nil {
			if pe, ok := err.(*pgerr.Error); ok {
				return pe.WithDetail("Function %s depends on it.", p.Name)
			}
			return err
		}
		raws[i] = &pg_query.RawStmt{Stmt: st.Node()}
	}
	text, err := pg_query.Deparse(&pg_query.ParseResult{Version: parseTreeVersion(), Stmts: raws})
	if err != nil {
		return pgerr.Newf(pgerr.InternalError, "could not store the function's body: %v", err)
	}
	if atomicBody(p.SQLBody) && text != "" {
		text += ";"
	}
	if text == p.SQLBody {
		return nil
	}
	if err := s.updateCatalogRow(catalog.Lookup("pg_proc"), func(row []types.Datum) bool {
		return uint32(row[catalog.AnumPgProcOid-1].Int()) == oid
	}, func(row []types.Datum) { row[catalog.AnumPgProcProsqlbody-1] = types.Text(text) }); err != nil {
		return err
	}
	s.cache.InvalidateProc(oid)
	return nil
}

// relationChangeOf reports whether changes rename or move relation oid.
func relationChangeOf(changes []nameChange, oid uint32) bool {
	for _, c := range changes {
		if c.relation == oid && c.attnum == 0 {
			return true
		}
	}
	return false
}

// rewriteViewText writes view's stored query again with changes.
func (s *sqlCtx) rewriteViewText(view uint32, changes []nameChange) error {
	text, ok, err := s.viewDefinition(view)
	if err != nil || !ok {
		return err
	}
	stmts, err := parser.Parse(text)
	if err != nil || len(stmts) != 1 {
		return nil
	}
	_, names, err := analyze.AnalyzeViewQuery(catalogAdapter{s}, text, stmts[0].Node(), s.formatOptions())
	if err != nil {
		return nil
	}
	newText, err := s.viewQueryText(stmts[0].Node(), names, changes)
	if err != nil {
		if rel, _ := s.cache.RelationByOID(s, view); rel != nil {
			if pe, ok := err.(*pgerr.Error); ok {
				return pe.WithDetail("View \"%s\" depends on it.", rel.Name)
			}
		}
		return err
	}
	if newText == text {
		return nil
	}
	c := catalog.Lookup("pg_rewrite")
	iClass, iAction := c.Column("ev_class"), c.Column("ev_action")
	if err := s.updateCatalogRow(c, func(r []types.Datum) bool { return uint32(r[iClass].Int()) == view },
		func(r []types.Datum) { r[iAction] = types.Text(newText) }); err != nil {
		return err
	}
	s.cache.InvalidateRelation(view, false)
	return nil
}
