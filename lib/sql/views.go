// Views: CREATE [OR REPLACE] VIEW, DROP VIEW, and what a view is made of
// (PostgreSQL's commands/view.c and rewrite/rewriteDefine.c): a relation
// of kind 'v' without storage, its row type, and a _RETURN rule in
// pg_rewrite whose action is the view's query. The query is kept as SQL
// text (pg_query's deparse of the parse tree) and analyzed again where the
// view is used.

package sql

import (
	"slices"
	"strings"
	"sync"

	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/analyze"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/parser"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/storage/lmgr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// rewriteRelationID is pg_rewrite's OID.
const rewriteRelationID uint32 = 2618

// parseTreeVersion is the version number pg_query stamps on its parse
// trees, which its deparser checks (immutable once computed).
var parseTreeVersion = sync.OnceValue(func() int32 {
	tree, err := pg_query.Parse("SELECT 1")
	if err != nil {
		return 0
	}
	return tree.Version
})

// forEachSelect calls fn for every SELECT in the parse tree m (the
// query's own, its set operations' arms, its subqueries, its WITH
// queries).
func forEachSelect(m pg_query.Message, fn func(*pg_query.SelectStmt)) {
	pg_query.Walk(m, func(m pg_query.Message) bool {
		if sel, ok := m.(*pg_query.SelectStmt); ok {
			fn(sel)
		}
		return true
	})
}

// createView is DefineView.
func (s *sqlCtx) createView(st Statement, vs *pg_query.ViewStmt) (string, error) {
	rv := vs.View
	opts := vs.Options
	switch vs.WithCheckOption {
	case pg_query.ViewCheckOption_LOCAL_CHECK_OPTION:
		opts = append(opts[:len(opts):len(opts)], viewOptionNode("check_option", "local"))
	case pg_query.ViewCheckOption_CASCADED_CHECK_OPTION:
		opts = append(opts[:len(opts):len(opts)], viewOptionNode("check_option", "cascaded"))
	}
	reloptions, err := viewOptions(nil, opts)
	if err != nil {
		return "", err
	}
	if rv.Relpersistence == "u" {
		return "", pgerr.New(pgerr.FeatureNotSupported, "views cannot be unlogged because they do not have storage")
	}
	sel := vs.Query.GetSelectStmt()
	if sel == nil {
		return "", pgerr.New(pgerr.FeatureNotSupported, "views must be defined by a SELECT")
	}
	if sel.IntoClause != nil {
		return "", pgerr.New(pgerr.FeatureNotSupported, "views must not contain SELECT INTO")
	}
	// The query, analyzed as a query of its own.
	cat := catalogAdapter{s}
	q, names, err := analyze.AnalyzeViewQuery(cat, st.Query, vs.Query, s.formatOptions())
	if err != nil {
		return "", err
	}
	if analyze.HasModifyingCTE(q) {
		return "", pgerr.New(pgerr.FeatureNotSupported, "views must not contain data-modifying statements in WITH")
	}
	if viewCheckOptionOf(reloptions) != "" {
		if why := analyze.ViewNotUpdatable(sel, q, true); why != "" {
			return "", errCheckOptionNotUpdatable(why)
		}
	}
	cols := analyze.Columns(q)
	var aliases []string
	for _, n := range vs.Aliases {
		aliases = append(aliases, n.GetString_().GetSval())
	}
	if len(aliases) > len(cols) {
		return "", pgerr.New(pgerr.SyntaxError, "CREATE VIEW specifies more column names than columns")
	}
	seen := map[string]bool{}
	for i := range cols {
		if i < len(aliases) {
			cols[i].Name = aliases[i]
		}
		if cols[i].TypeOID == types.OidUnknown {
			cols[i].TypeOID, cols[i].TypeMod = types.OidText, -1
		}
		if seen[cols[i].Name] {
			return "", pgerr.Newf(pgerr.DuplicateColumn, "column \"%s\" specified more than once", cols[i].Name)
		}
		seen[cols[i].Name] = true
		// A view's columns are stored: a pseudo-type (a record, the
		// column of a ROW(...) or of SEARCH and CYCLE) cannot be one
		// (CheckAttributeType).
		if t := types.ByOID(cols[i].TypeOID); t != nil && (t.Category == types.CatPseudo || t.IsArray() && types.ByOID(t.Elem) != nil && types.ByOID(t.Elem).Category == types.CatPseudo) &&
			!(cols[i].TypeOID == types.OidAnyArray && s.allowSystemTableMods()) {
			// anyarray is allowed with allow_system_table_mods, as
			// initdb makes pg_stats (CHKATYPE_ANYARRAY).
			return "", pgerr.Newf(pgerr.InvalidTableDefinition, "column \"%s\" has pseudo-type %s", cols[i].Name, types.FormatType(cols[i].TypeOID, -1))
		}
		if s.columnType(cols[i].TypeOID) == nil {
			return "", pgerr.Newf(pgerr.FeatureNotSupported, "a view column of type %s is not supported yet", s.typeName(cols[i].TypeOID, cols[i].TypeMod))
		}
	}
	if len(cols) > 1600 {
		return "", pgerr.New(pgerr.TooManyColumns, "tables can have at most 1600 columns")
	}
	text, err := s.viewQueryText(vs.Query, names, nil)
	if err != nil {
		return "", err
	}
	refs := plan.ReferencedColumns(q)
	// A view over a temporary relation goes with it (DefineView).
	if rv.Relpersistence != "t" {
		if temp, err := s.usesTempRelation(refs); err != nil {
			return "", err
		} else if temp {
			s.notice(pgerr.Newf(pgerr.SuccessfulCompletion, "view \"%s\" will be a temporary view", rv.Relname))
			rv.Relpersistence = "t"
		}
	}
	nsp, err := s.namespaceForCreate(st.Query, rv)
	if err != nil {
		return "", err
	}

	if err := s.lockName(nsp, rv.Relname); err != nil {
		return "", err
	}
	existing, err := s.cache.RelationOID(s, nsp, rv.Relname)
	if err != nil {
		return "", err
	}
	colls, err := s.viewColumnCollations(q)
	if err != nil {
		return "", err
	}
	if existing != 0 {
		if !vs.Replace {
			return "", pgerr.Newf(pgerr.DuplicateTable, "relation \"%s\" already exists", rv.Relname)
		}
		if err := s.lock(existing, lmgr.AccessExclusiveLock); err != nil {
			return "", err
		}
		old, err := s.cache.RelationByOID(s, existing)
		if err != nil {
			return "", err
		}
		if old.Kind != 'v' {
			return "", pgerr.Newf(pgerr.WrongObjectType, "\"%s\" is not a view", rv.Relname)
		}
		if err := s.replaceView(old, cols, colls, text, refs, userFunctionsOf(q)); err != nil {
			return "", err
		}
		// CREATE OR REPLACE VIEW sets the view's options anew.
		s.nextCommand()
		if err := s.setReloptions(old.OID, reloptions); err != nil {
			return "", err
		}
		return "CREATE VIEW", nil
	}
	if oid, shell, err := s.existingType(nsp, rv.Relname); err != nil {
		return "", err
	} else if oid != 0 && !shell {
		return "", pgerr.Newf(pgerr.DuplicateObject, "type \"%s\" already exists", rv.Relname).
			WithHint("A relation has an associated type of the same name, so you must use a name that doesn't conflict with any existing type.")
	}
	specs := make([]columnSpec, len(cols))
	for i, c := range cols {
		specs[i] = columnSpec{name: c.Name, typ: c.TypeOID, typmod: c.TypeMod, collation: colls[i], phys: s.columnType(c.TypeOID)}
	}
	relid, err := s.heapCreateKind(nsp, rv.Relname, specs, reloptions, 'v', false)
	if err != nil {
		return "", err
	}
	s.nextCommand()
	if err := s.defineViewRule(relid, text, refs, userFunctionsOf(q)); err != nil {
		return "", err
	}
	return "CREATE VIEW", nil
}

// defineViewRule stores the view's _RETURN rule and the dependencies of
// the rule: on the view (internal), on what its query reads, and on the
// users' functions it calls (funcs).
func (s *sqlCtx) defineViewRule(relid uint32, text string, refs map[uint32]map[int16]bool, funcs []uint32) error {
	oid, err := s.newOID()
	if err != nil {
		return err
	}
	row := newCatalogRow(catalog.Lookup("pg_rewrite")).set("oid", oidD(oid)).set("rulename", types.Text("_RETURN")).
		set("ev_class", oidD(relid)).set("ev_type", charD('1')).set("ev_enabled", charD('O')).
		set("is_instead", types.Bool(true)).set("ev_qual", types.Text("<>")).set("ev_action", types.Text(text))
	if err := s.insertCatalog(row); err != nil {
		return err
	}
	rule := objectAddress{classID: rewriteRelationID, objID: oid}
	deps := []dependency{{rule, relationAddress(relid), depInternal}, {rule, relationAddress(relid), depNormal}}
	for table, cols := range refs {
		if table == relid {
			continue
		}
		if len(cols) == 0 {
			deps = append(deps, dependency{rule, relationAddress(table), depNormal})
		}
		for attnum := range cols {
			deps = append(deps, dependency{rule, columnAddress(table, attnum), depNormal})
		}
	}
	for _, f := range funcs {
		deps = append(deps, dependency{rule, procAddress(f), depNormal})
	}
	if err := s.recordDependencies(deps); err != nil {
		return err
	}
	if err := s.updateClass(relid, func(r []types.Datum, c *catalog.Catalog) { r[c.Column("relhasrules")] = types.Bool(true) }); err != nil {
		return err
	}
	return nil
}

// replaceView is CREATE OR REPLACE VIEW over an existing view: columns may
// be added at the end, none changed or removed (checkViewTupleDesc).
func (s *sqlCtx) replaceView(old *catalog.Relation, cols []plan.Column, colls []uint32, text string, refs map[uint32]map[int16]bool, funcs []uint32) error {
	var live []catalog.Attribute
	for _, a := range old.Attrs {
		if !a.Dropped {
			live = append(live, a)
		}
	}
	if len(cols) < len(live) {
		return pgerr.New(pgerr.InvalidTableDefinition, "cannot drop columns from view")
	}
	for i, a := range live {
		c := cols[i]
		if c.Name != a.Name {
			return pgerr.Newf(pgerr.InvalidTableDefinition, "cannot change name of view column \"%s\" to \"%s\"", a.Name, c.Name).
				WithHint("Use ALTER VIEW ... RENAME COLUMN ... to change name of view column instead.")
		}
		if c.TypeOID != a.Type {
			return pgerr.Newf(pgerr.InvalidTableDefinition, "cannot change data type of view column \"%s\" from %s to %s",
				a.Name, types.FormatType(a.Type, a.TypMod), types.FormatType(c.TypeOID, c.TypeMod))
		}
	}
	// The old rule and its dependencies go; new columns are added.
	if err := s.deleteViewRule(old.OID); err != nil {
		return err
	}
	for i := len(live); i < len(cols); i++ {
		c := cols[i]
		t := s.columnType(c.TypeOID)
		attnum := int16(len(old.Attrs) + i - len(live) + 1)
		a := catalog.Attribute{Name: c.Name, Type: c.TypeOID, TypMod: c.TypeMod, Len: t.Len, ByVal: t.ByVal, Align: t.Align,
			Storage: typeStorage(c.TypeOID, t), Collation: colls[i]}
		if err := s.insertCatalog(attributeRow(old.OID, attnum, &a, -1)); err != nil {
			return err
		}
		if err := s.recordDependency(columnAddress(old.OID, attnum), typeAddress(c.TypeOID), depNormal); err != nil {
			return err
		}
		if err := s.updateClass(old.OID, func(r []types.Datum, c *catalog.Catalog) { r[c.Column("relnatts")] = types.Int(int64(attnum)) }); err != nil {
			return err
		}
	}
	s.nextCommand()
	if err := s.defineViewRule(old.OID, text, refs, funcs); err != nil {
		return err
	}
	s.cache.InvalidateRelation(old.OID, false)
	return nil
}

// deleteViewRule removes a view's _RETURN rule and the rule's pg_depend
// rows.
func (s *sqlCtx) deleteViewRule(relid uint32) error {
	c := catalog.Lookup("pg_rewrite")
	iOID, iClass := c.Column("oid"), c.Column("ev_class")
	var rules []uint32
	if err := s.ScanCatalog(c, func(r []types.Datum) (bool, error) {
		if uint32(r[iClass].Int()) == relid {
			rules = append(rules, uint32(r[iOID].Int()))
		}
		return true, nil
	}); err != nil {
		return err
	}
	if err := s.deleteCatalogRows(c, func(r []types.Datum) bool { return uint32(r[iClass].Int()) == relid }); err != nil {
		return err
	}
	d := catalog.Lookup("pg_depend")
	iDClass, iDObj := d.Column("classid"), d.Column("objid")
	for _, rule := range rules {
		rule := rule
		if err := s.deleteCatalogRows(d, func(r []types.Datum) bool {
			return uint32(r[iDClass].Int()) == rewriteRelationID && uint32(r[iDObj].Int()) == rule
		}); err != nil {
			return err
		}
	}
	s.cache.InvalidateRelation(relid, false)
	return nil
}

// viewDefinition is the SQL text of view relid's query.
func (s *sqlCtx) viewDefinition(relid uint32) (string, bool, error) {
	c := catalog.Lookup("pg_rewrite")
	iClass, iAction := c.Column("ev_class"), c.Column("ev_action")
	var text string
	found := false
	err := s.ScanCatalog(c, func(r []types.Datum) (bool, error) {
		if uint32(r[iClass].Int()) == relid {
			text, found = r[iAction].Text(), true
			return false, nil
		}
		return true, nil
	})
	return text, found, err
}

// ruleTarget returns a rule's name and relation.
func (s *sqlCtx) ruleTarget(oid uint32) (string, uint32, error) {
	c := catalog.Lookup("pg_rewrite")
	iOID, iName, iClass := c.Column("oid"), c.Column("rulename"), c.Column("ev_class")
	var name string
	var rel uint32
	err := s.ScanCatalog(c, func(r []types.Datum) (bool, error) {
		if uint32(r[iOID].Int()) == oid {
			name, rel = r[iName].Text(), uint32(r[iClass].Int())
			return false, nil
		}
		return true, nil
	})
	return name, rel, err
}

// deleteRule is RemoveRewriteRuleById.
func (s *sqlCtx) deleteRule(oid uint32) error {
	_, rel, err := s.ruleTarget(oid)
	if err != nil {
		return err
	}
	c := catalog.Lookup("pg_rewrite")
	iOID := c.Column("oid")
	if err := s.deleteCatalogRowsOf(c, oid, func(r []types.Datum) bool { return uint32(r[iOID].Int()) == oid }); err != nil {
		return err
	}
	if rel != 0 {
		s.cache.InvalidateRelation(rel, false)
	}
	return nil
}

// ViewDefinition implements pg_get_viewdef: the view's query analyzed
// again and printed as PostgreSQL's ruleutils prints it
// (analyze.DeparseQuery); a query it cannot print yet is shown as stored,
// after a space and followed by a semicolon.
func (n names) ViewDefinition(relid uint32, pretty bool, wrap int) (string, bool, error) {
	s := n.s
	text, found, err := s.viewDefinition(relid)
	if err != nil || !found {
		return "", found, err
	}
	if out, ok := s.deparseView(relid, text, pretty, wrap); ok {
		return out + ";", true, nil
	}
	return " " + text + ";", true, nil
}

// deparseView prints a view's (or materialized view's) stored query the
// way PostgreSQL does; false when it cannot.
func (s *sqlCtx) deparseView(relid uint32, text string, pretty bool, wrap int) (string, bool) {
	rel, err := s.cache.RelationByOID(s, relid)
	if err != nil || rel == nil {
		return "", false
	}
	stmts, err := parser.Parse(text)
	if err != nil || len(stmts) != 1 || lostInAnalysis(stmts[0].Node()) {
		return "", false
	}
	q, _, err := analyze.AnalyzeFixed(catalogAdapter{s}, text, stmts[0].Node(), nil, s.formatOptions())
	if err != nil {
		return "", false
	}
	var cols []string
	for _, a := range rel.Attrs {
		if !a.Dropped {
			cols = append(cols, a.Name)
		}
	}
	out, err := analyze.DeparseQuery(q, cols, pretty, wrap, FormatOptions(s.env))
	if err != nil {
		return "", false
	}
	return out, true
}

// lostInAnalysis reports whether the parse tree m has what analysis
// does not keep and PostgreSQL prints back: COLLATE, GROUP BY DISTINCT.
func lostInAnalysis(m pg_query.Message) bool {
	return !pg_query.Walk(m, func(m pg_query.Message) bool {
		switch n := m.(type) {
		case *pg_query.CollateClause:
			return false
		case *pg_query.SelectStmt:
			return !n.GroupDistinct
		}
		return true
	})
}

// ViewDefinitionByName implements pg_get_viewdef(text).
func (n names) ViewDefinitionByName(name string, pretty bool) (string, bool, error) {
	d, err := types.ParseText(types.OidRegclass, -1, name, FormatOptions(n.s.env))
	if err != nil {
		return "", false, err
	}
	return n.ViewDefinition(uint32(d.Int()), pretty, 0)
}

// viewRules are the OIDs of a view's rules.
func (s *sqlCtx) viewRules(relid uint32) (map[uint32]bool, error) {
	c := catalog.Lookup("pg_rewrite")
	iOID, iClass := c.Column("oid"), c.Column("ev_class")
	out := map[uint32]bool{}
	err := s.ScanCatalog(c, func(r []types.Datum) (bool, error) {
		if uint32(r[iClass].Int()) == relid {
			out[uint32(r[iOID].Int())] = true
		}
		return true, nil
	})
	return out, err
}

// viewOptionNode is the option WITH [LOCAL | CASCADED] CHECK OPTION
// stands for (DefineView adds it to the WITH (...) list).
func viewOptionNode(name, value string) *pg_query.Node {
	return &pg_query.Node{Node: &pg_query.Node_DefElem{DefElem: &pg_query.DefElem{Defname: name,
		Arg: &pg_query.Node{Node: &pg_query.Node_String_{String_: &pg_query.String{Sval: value}}}}}}
}

// viewOptions is view_reloptions: the options of a view, old changed by
// the options set, as pg_class.reloptions text. check_option
// and security_barrier are honoured; security_invoker is refused.
func viewOptions(old []string, set []*pg_query.Node) ([]string, error) {
	out := append([]string(nil), old...)
	seen := map[string]bool{}
	for _, n := range set {
		d := n.GetDefElem()
		if d == nil {
			continue
		}
		if d.Defnamespace != "" {
			return nil, pgerr.Newf(pgerr.InvalidParameterValue, "unrecognized parameter namespace \"%s\"", d.Defnamespace)
		}
		val, err := optionValue(d)
		if err != nil {
			return nil, err
		}
		switch d.Defname {
		case "check_option":
			if v := strings.ToLower(val); v != "local" && v != "cascaded" {
				return nil, pgerr.Newf(pgerr.InvalidParameterValue, "invalid value for enum option \"check_option\": %s", val).
					WithDetail("Valid values are \"local\" and \"cascaded\".")
			}
		case "security_barrier":
			// Honoured by the planner, which moves no condition into
			// such a view (plan/pushdown.go).
			if _, ok := types.ParseBool(val); !ok {
				return nil, errBoolOption(d.Defname, val)
			}
		case "security_invoker":
			return nil, pgerr.Newf(pgerr.FeatureNotSupported, "view option \"%s\" is not supported", d.Defname)
		default:
			return nil, pgerr.Newf(pgerr.InvalidParameterValue, "unrecognized parameter \"%s\"", d.Defname)
		}
		if seen[d.Defname] {
			return nil, pgerr.Newf(pgerr.InvalidParameterValue, "parameter \"%s\" specified more than once", d.Defname)
		}
		seen[d.Defname] = true
		out = setOption(out, d.Defname, val)
	}
	return out, nil
}

// setOption sets name=value in reloptions: an earlier setting of name
// goes, and the new one comes last, as transformRelOptions orders them.
func setOption(opts []string, name, value string) []string {
	opts = slices.DeleteFunc(opts, func(o string) bool { return strings.HasPrefix(o, name+"=") })
	return append(opts, name+"="+value)
}

// viewCheckOptionOf is a view's check option in its reloptions: "local",
// "cascaded" or "".
func viewCheckOptionOf(reloptions []string) string {
	for _, o := range reloptions {
		if v, ok := strings.CutPrefix(o, "check_option="); ok {
			return strings.ToLower(v)
		}
	}
	return ""
}

// errCheckOptionNotUpdatable is the error of a check option on a view
// that is not automatically updatable (the reason is the HINT).
func errCheckOptionNotUpdatable(why string) error {
	return pgerr.New(pgerr.FeatureNotSupported, "WITH CHECK OPTION is supported only on automatically updatable views").
		WithHint("%s", why)
}

// reloptions reads a relation's pg_class.reloptions.
func (s *sqlCtx) reloptions(relid uint32) ([]string, error) {
	c := catalog.Lookup("pg_class")
	iOID, iOpts := c.Column("oid"), c.Column("reloptions")
	var out []string
	err := s.ScanCatalog(c, func(r []types.Datum) (bool, error) {
		if uint32(r[iOID].Int()) != relid {
			return true, nil
		}
		if d := r[iOpts]; !d.IsNull() {
			for _, e := range d.Array().Elems {
				out = append(out, e.Text())
			}
		}
		return false, nil
	})
	return out, err
}

// setReloptions replaces a relation's pg_class.reloptions (NULL when
// there are none).
func (s *sqlCtx) setReloptions(relid uint32, opts []string) error {
	d := types.Null
	if len(opts) > 0 {
		vals := make([]types.Datum, len(opts))
		for i, o := range opts {
			vals[i] = types.Text(o)
		}
		d = types.ArrayDatum(types.NewArray1(types.OidText, vals))
	}
	return s.updateClass(relid, func(r []types.Datum, c *catalog.Catalog) { r[c.Column("reloptions")] = d })
}

// viewCheckOption is view relid's check option: "local", "cascaded" or
// "".
func (s *sqlCtx) viewCheckOption(relid uint32) (string, error) {
	opts, err := s.reloptions(relid)
	if err != nil {
		return "", err
	}
	return viewCheckOptionOf(opts), nil
}

// alterViewOptions is ALTER VIEW ... SET (...) and RESET (...)
// (ATExecSetRelOptions on a view): a check option needs an automatically
// updatable view.
func (s *sqlCtx) alterViewOptions(rel *catalog.Relation, cmd *pg_query.AlterTableCmd) error {
	old, err := s.reloptions(rel.OID)
	if err != nil {
		return err
	}
	list := cmd.Def.GetList().GetItems()
	var opts []string
	if cmd.Subtype == pg_query.AlterTableType_AT_ResetRelOptions {
		reset := map[string]bool{}
		for _, n := range list {
			if d := n.GetDefElem(); d != nil {
				reset[d.Defname] = true
			}
		}
		for _, o := range old {
			name, _, _ := strings.Cut(o, "=")
			if !reset[name] {
				opts = append(opts, o)
			}
		}
	} else if opts, err = viewOptions(old, list); err != nil {
		return err
	}
	if viewCheckOptionOf(opts) != "" {
		text, ok, err := s.viewDefinition(rel.OID)
		if err != nil {
			return err
		}
		if !ok {
			return pgerr.Newf(pgerr.InternalError, "could not find the rule of view \"%s\"", rel.Name)
		}
		stmts, err := parser.Parse(text)
		if err != nil {
			return err
		}
		q, _, err := analyze.AnalyzeFixed(catalogAdapter{s}, text, stmts[0].Node(), nil, s.formatOptions())
		if err != nil {
			return err
		}
		if why := analyze.ViewNotUpdatable(stmts[0].Node().GetSelectStmt(), q, true); why != "" {
			return errCheckOptionNotUpdatable(why)
		}
	}
	return s.setReloptions(rel.OID, opts)
}

// Events of relation_is_updatable's mask (1 << CmdType).
const (
	updatableUpdate = 1 << 2
	updatableInsert = 1 << 3
	updatableDelete = 1 << 4
	updatableAll    = updatableUpdate | updatableInsert | updatableDelete
)

// RelationUpdatable implements pg_relation_is_updatable and
// pg_column_is_updatable (relation_is_updatable): tables accept every
// change, automatically updatable views what their base relation
// accepts, INSERT and UPDATE only when one of the columns asked about
// (of all, with none) changes a base column. Nesting is bounded
// by the views' own definitions, which cannot be cyclic.
func (n names) RelationUpdatable(relid uint32, cols []int16) (int32, error) {
	s := n.s
	rel, err := s.cache.RelationByOID(s, relid)
	if err != nil || rel == nil {
		return 0, err
	}
	switch rel.Kind {
	case 'r', 'p':
		return updatableAll, nil
	case 'v':
	default:
		return 0, nil
	}
	v, err := s.viewUpdatability(rel)
	if err != nil || v.why != "" {
		return 0, err
	}
	baseCols := v.baseCols
	// The view's updatable columns among those asked about (all when
	// none are), as attnums of its base relation.
	var updatable []int16
	for i, b := range baseCols {
		if b != 0 && (len(cols) == 0 || slices.Contains(cols, int16(i+1))) {
			updatable = append(updatable, b)
		}
	}
	events := int32(updatableDelete)
	if len(updatable) > 0 {
		events = updatableAll
	}
	if v.baseKind == 'v' {
		more, err := n.RelationUpdatable(v.baseOID, updatable)
		if err != nil {
			return 0, err
		}
		events &= more
	}
	return events, nil
}

// viewUpdatability is what RelationUpdatable needs of a view's query:
// why it is not automatically updatable ("" when it is), the kind and
// OID of its base relation, and the base column each of its columns
// changes (0 for none).
type viewUpdatability struct {
	rel      *catalog.Relation
	why      string
	baseKind byte
	baseOID  uint32
	baseCols []int16
}

// viewUpdatability analyzes view rel's query once per statement (and
// again if the view's descriptor changed meanwhile).
func (s *sqlCtx) viewUpdatability(rel *catalog.Relation) (*viewUpdatability, error) {
	if v := s.viewUpdatable[rel.OID]; v != nil && v.rel == rel {
		return v, nil
	}
	v := &viewUpdatability{rel: rel, why: "no rule"}
	text, ok, err := s.viewDefinition(rel.OID)
	if err != nil || !ok {
		return v, err
	}
	stmts, err := parser.Parse(text)
	if err != nil {
		return nil, err
	}
	q, _, err := analyze.AnalyzeFixed(catalogAdapter{s}, text, stmts[0].Node(), nil, s.formatOptions())
	if err != nil {
		return nil, err
	}
	why, base, baseCols := analyze.ViewUpdatableColumns(stmts[0].Node().GetSelectStmt(), q)
	v.why, v.baseCols = why, baseCols
	if base != nil {
		v.baseKind, v.baseOID = base.Kind, base.OID
	}
	if s.viewUpdatable == nil {
		s.viewUpdatable = map[uint32]*viewUpdatability{}
	}
	s.viewUpdatable[rel.OID] = v
	return v, nil
}

// allowSystemTableMods reports whether allow_system_table_mods is on.
func (s *sqlCtx) allowSystemTableMods() bool {
	v, found, err := s.env.GetConfig("allow_system_table_mods", true)
	return err == nil && found && v == "on"
}

// viewColumnCollations are the collations of the columns of view query
// q, as DefineVirtualRelation takes each target's exprCollation: a
// collatable target takes the collation of the table columns it is
// computed from (through collatable expressions only, as
// assign_collations_walker), a collation other than the database default
// winning over it; otherwise, and when two differ, its type's.
// gpostgres keeps no explicit COLLATE, so none takes part.
func (s *sqlCtx) viewColumnCollations(q *plan.Query) ([]uint32, error) {
	var out []uint32
	for _, t := range q.Targets {
		if t.Junk {
			continue
		}
		coll := typeCollation(t.Expr.Type())
		if coll == 0 {
			out = append(out, 0)
			continue
		}
		var found uint32
		conflict := false
		var err error
		plan.Walk(t.Expr, func(e expr.Expr) bool {
			if err != nil || typeCollation(e.Type()) == 0 {
				return false
			}
			v, ok := e.(*expr.Var)
			if !ok || v.TableOID == 0 || v.AttNum <= 0 {
				return true
			}
			var rel *catalog.Relation
			if rel, err = s.cache.RelationByOID(s, v.TableOID); err != nil || rel == nil || int(v.AttNum) > len(rel.Attrs) {
				return false
			}
			c := rel.Attrs[v.AttNum-1].Collation
			switch {
			case c == 0 || c == defaultCollation || c == found:
			case found == 0:
				found = c
			default:
				conflict = true
			}
			return false
		})
		if err != nil {
			return nil, err
		}
		if found != 0 && !conflict {
			coll = found
		}
		out = append(out, coll)
	}
	return out, nil
}
