// CREATE TABLE ... (LIKE source [INCLUDING | EXCLUDING option] ...):
// PostgreSQL's transformTableLikeClause and expandTableLikeClause. The
// copied columns take the LIKE clause's place among the new table's
// columns; what else is copied (defaults, generation expressions,
// identity, CHECK constraints, indexes and the PRIMARY KEY and UNIQUE
// constraints they back, comments) follows the options. The new table
// does not depend on its source.

package sql

import (
	"fmt"
	"slices"
	"strings"

	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/access/sequence"
	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/analyze"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/parser"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/storage/lmgr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// The bits of TableLikeClause.options (CREATE_TABLE_LIKE_* in
// PostgreSQL's parsenodes.h; pg_query passes the grammar's mask as is).
const (
	likeComments    uint32 = 1 << 0
	likeCompression uint32 = 1 << 1
	likeConstraints uint32 = 1 << 2
	likeDefaults    uint32 = 1 << 3
	likeGenerated   uint32 = 1 << 4
	likeIdentity    uint32 = 1 << 5
	likeIndexes     uint32 = 1 << 6
	likeStatistics  uint32 = 1 << 7
	likeStorage     uint32 = 1 << 8
)

// likeSource is one LIKE clause after its columns were copied: what is
// left to copy once the new table exists.
type likeSource struct {
	rel     *catalog.Relation
	options uint32
	// first is the index in the new table's columns of the source's
	// first live column; the others follow it in order.
	first int
}

// likeColumns opens the source of a LIKE clause (AccessShareLock, held
// to the end of the transaction) and returns its columns as the new
// table's, with their defaults, generation expressions and identity as
// the options ask, and their compression method with INCLUDING
// COMPRESSION. Indexes come once the table exists (likeIndexes);
// extended statistics and storage need nothing: gpostgres has no
// extended statistics, and every column has its type's storage.
func (s *sqlCtx) likeColumns(query string, lc *pg_query.TableLikeClause) (*likeSource, []columnSpec, []*pg_query.Node, error) {
	rv := lc.Relation
	errAt := func(err *pgerr.Error) error {
		if rv.Location >= 0 {
			err.Position = parser.Position(query, rv.Location)
		}
		return err
	}
	if rv.Catalogname != "" {
		return nil, nil, nil, errAt(pgerr.Newf(pgerr.FeatureNotSupported, "cross-database references are not implemented: \"%s.%s.%s\"",
			rv.Catalogname, rv.Schemaname, rv.Relname))
	}
	rel, err := s.openRelation(rv.Schemaname, rv.Relname, lmgr.AccessShareLock, true)
	if err != nil {
		if e, ok := err.(*pgerr.Error); ok && e.Position == 0 {
			return nil, nil, nil, errAt(e)
		}
		return nil, nil, nil, err
	}
	if rel == nil {
		return nil, nil, nil, errAt(pgerr.Newf(pgerr.UndefinedTable, "relation \"%s\" does not exist", rv.Relname))
	}
	switch rel.Kind {
	case 'r', 'v', 'm', 'c', 'f', 'p':
	default:
		return nil, nil, nil, errAt(pgerr.Newf(pgerr.WrongObjectType, "relation \"%s\" is invalid in LIKE clause", rel.Name).
			WithDetail("%s", relkindNotSupported(rel.Kind)))
	}
	var cols []columnSpec
	var raws []*pg_query.Node
	for i, a := range rel.Attrs {
		if a.Dropped {
			continue
		}
		t := s.columnType(a.Type)
		if t == nil {
			return nil, nil, nil, pgerr.Newf(pgerr.FeatureNotSupported, "type %s cannot be used for a column yet", s.typeName(a.Type, a.TypMod))
		}
		if err := checkPseudoType(a.Name, a.Type, t); err != nil {
			return nil, nil, nil, err
		}
		// The type is named by OID (makeTypeNameFromOid): attndims is 0.
		col := columnSpec{name: a.Name, typ: a.Type, typmod: a.TypMod, notNull: a.NotNull,
			collation: a.Collation, phys: t}
		if lc.Options&likeCompression != 0 {
			col.compression = a.Compression
		}
		var raw *pg_query.Node
		if dflt := rel.Defaults[i]; dflt != "" && a.HasDef {
			// The expression is stored as SQL text: parsed again, it is
			// analyzed for the new column like a written one.
			switch {
			case a.Generated != 0 && lc.Options&likeGenerated != 0:
				if col.generated, err = parseExpression(dflt); err != nil {
					return nil, nil, nil, err
				}
			case a.Generated == 0 && lc.Options&likeDefaults != 0:
				if raw, err = parseExpression(dflt); err != nil {
					return nil, nil, nil, err
				}
			}
		}
		if a.Identity != 0 && lc.Options&likeIdentity != 0 {
			// A new sequence with the options of the source's
			// (sequence_options), not its current value.
			p, found, err := s.sequenceParams(a.IdentitySequence)
			if err != nil {
				return nil, nil, nil, err
			}
			if !found {
				return nil, nil, nil, pgerr.Newf(pgerr.InternalError, "cache lookup failed for sequence %d", a.IdentitySequence)
			}
			if col.identityOptions, err = sequenceOptionNodes(p); err != nil {
				return nil, nil, nil, err
			}
			col.identity = a.Identity
		}
		cols = append(cols, col)
		raws = append(raws, raw)
	}
	return &likeSource{rel: rel, options: lc.Options}, cols, raws, nil
}

// sequenceOptionNodes writes a sequence's parameters as the options of
// CREATE SEQUENCE, as the grammar gives them.
func sequenceOptionNodes(p sequence.Params) ([]*pg_query.Node, error) {
	cycle := "NO CYCLE"
	if p.Cycle {
		cycle = "CYCLE"
	}
	text := fmt.Sprintf("CREATE SEQUENCE s AS %s INCREMENT %d MINVALUE %d MAXVALUE %d START %d CACHE %d %s",
		types.FormatType(p.TypeOID, -1), p.Increment, p.Min, p.Max, p.Start, p.Cache, cycle)
	tree, err := pg_query.Parse(text)
	if err != nil || len(tree.Stmts) != 1 {
		return nil, pgerr.Newf(pgerr.InternalError, "could not parse %q: %v", text, err)
	}
	return tree.Stmts[0].Stmt.GetCreateSeqStmt().GetOptions(), nil
}

// likeChecks are the CHECK constraints a LIKE clause copies, with their
// names (expandTableLikeClause). The new table is empty: they are valid.
// A constraint on the source's whole row cannot be carried over.
func (s *sqlCtx) likeChecks(l *likeSource) ([]pendingCheck, error) {
	if l.options&likeConstraints == 0 || len(l.rel.Checks) == 0 {
		return nil, nil
	}
	src, err := s.planTable(l.rel)
	if err != nil {
		return nil, err
	}
	var out []pendingCheck
	for _, c := range l.rel.Checks {
		e, err := analyze.AnalyzeStoredCheck(catalogAdapter{s}, c.Expr, src, FormatOptions(s.env))
		if err != nil {
			return nil, err
		}
		wholeRow := false
		plan.Walk(e, func(x expr.Expr) bool {
			if r, ok := x.(*expr.RowExpr); ok && r.WholeRow {
				wholeRow = true
			}
			return !wholeRow
		})
		if wholeRow {
			return nil, pgerr.New(pgerr.FeatureNotSupported, "cannot convert whole-row table reference").
				WithDetail("Constraint \"%s\" contains a whole-row reference to table \"%s\".", c.Name, l.rel.Name)
		}
		raw, err := parseExpression(c.Expr)
		if err != nil {
			return nil, err
		}
		out = append(out, pendingCheck{c: &pg_query.Constraint{Contype: pg_query.ConstrType_CONSTR_CHECK, Conname: c.Name,
			RawExpr: raw, IsNoInherit: c.NoInherit, InitiallyValid: true, Location: -1}})
	}
	return out, nil
}

// copyLikeComments copies the comments of the source's columns and, with
// its CHECK constraints, of those constraints to the new table relid.
func (s *sqlCtx) copyLikeComments(l *likeSource, relid uint32) error {
	if l.options&likeComments == 0 {
		return nil
	}
	n := names{s}
	attnum := int16(l.first)
	for i, a := range l.rel.Attrs {
		if a.Dropped {
			continue
		}
		attnum++
		text, found, err := n.Description(l.rel.OID, catalog.RelationRelationID, int32(i+1))
		if err != nil {
			return err
		}
		if found {
			if err := s.setDescription(columnAddress(relid, attnum), text); err != nil {
				return err
			}
		}
	}
	if l.options&likeConstraints == 0 || len(l.rel.Checks) == 0 {
		return nil
	}
	s.nextCommand()
	rel, err := s.cache.RelationByOID(s, relid)
	if err != nil {
		return err
	}
	for _, c := range l.rel.Checks {
		text, found, err := n.Description(c.OID, constraintRelationID, 0)
		if err != nil {
			return err
		}
		if !found {
			continue
		}
		if nc, ok := findCheck(rel, c.Name); ok {
			if err := s.setDescription(constraintAddress(nc.OID), text); err != nil {
				return err
			}
		}
	}
	return nil
}

// errMultiplePrimaryKeys is the error of a second primary key met while
// its index is made, which has no position in the statement.
func errMultiplePrimaryKeys(table string) error {
	return pgerr.Newf(pgerr.InvalidTableDefinition, "multiple primary keys for table \"%s\" are not allowed", table)
}

// likeHasPrimaryKey reports whether the LIKE clause copies a primary
// key (INCLUDING INDEXES of a source that has one).
func (s *sqlCtx) likeHasPrimaryKey(l *likeSource) (bool, error) {
	if l.options&likeIndexes == 0 {
		return false, nil
	}
	return s.hasPrimaryKey(l.rel)
}

// likeIndexes copies the source's indexes to the new table relid
// (INCLUDING INDEXES; expandTableLikeClause with
// generateClonedIndexStmt), in the source's index order, each under a
// name chosen for the new table: an index that backs a PRIMARY KEY or
// UNIQUE constraint becomes the same constraint (deferrability
// included), any other one the same CREATE INDEX (columns or
// expressions, operator classes, collations, ordering, INCLUDE,
// predicate, storage parameters). With INCLUDING COMMENTS an index's
// comment goes with it; a constraint's does not, as in PostgreSQL.
func (s *sqlCtx) likeIndexes(l *likeSource, relid uint32) error {
	if l.options&likeIndexes == 0 || len(l.rel.Indexes) == 0 {
		return nil
	}
	n := names{s}
	for _, oid := range l.rel.Indexes {
		irel, err := s.cache.RelationByOID(s, oid)
		if err != nil {
			return err
		}
		if irel == nil || irel.Index == nil {
			continue
		}
		s.nextCommand()
		rel, err := s.cache.RelationByOID(s, relid)
		if err != nil {
			return err
		}
		before := slices.Clone(rel.Indexes)
		con, err := s.keyConstraintOf(oid)
		if err != nil {
			return err
		}
		if con != nil {
			if err := s.cloneKeyConstraint(rel, irel, con); err != nil {
				return err
			}
		} else if err := s.cloneIndex(n, rel, oid); err != nil {
			return err
		}
		if l.options&likeComments == 0 {
			continue
		}
		text, found, err := n.Description(oid, catalog.RelationRelationID, 0)
		if err != nil || !found {
			if err != nil {
				return err
			}
			continue
		}
		s.nextCommand()
		if rel, err = s.cache.RelationByOID(s, relid); err != nil {
			return err
		}
		for _, newOID := range rel.Indexes {
			if !slices.Contains(before, newOID) {
				if err := s.setDescription(relationAddress(newOID), text); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// sourceKeyConstraint is a PRIMARY KEY or UNIQUE constraint a LIKE
// clause copies with its index.
type sourceKeyConstraint struct {
	primary              bool
	deferrable, deferred bool
}

// keyConstraintOf finds the PRIMARY KEY or UNIQUE constraint index oid
// backs, nil if none.
func (s *sqlCtx) keyConstraintOf(oid uint32) (*sourceKeyConstraint, error) {
	c := catalog.Lookup("pg_constraint")
	iIndex, iType := c.Column("conindid"), c.Column("contype")
	iDeferrable, iDeferred := c.Column("condeferrable"), c.Column("condeferred")
	var out *sourceKeyConstraint
	err := s.ScanCatalog(c, func(r []types.Datum) (bool, error) {
		typ := byte(r[iType].Int())
		if uint32(r[iIndex].Int()) == oid && (typ == 'p' || typ == 'u') {
			out = &sourceKeyConstraint{primary: typ == 'p', deferrable: r[iDeferrable].Bool(), deferred: r[iDeferred].Bool()}
			return false, nil
		}
		return true, nil
	})
	return out, err
}

// cloneKeyConstraint adds to rel the constraint con of the source's
// index irel, over the same columns, with a name chosen for rel.
func (s *sqlCtx) cloneKeyConstraint(rel, irel *catalog.Relation, con *sourceKeyConstraint) error {
	info := irel.Index
	if con.primary {
		// Two LIKE clauses copying primary keys (index_check_primary_key).
		if has, err := s.hasPrimaryKey(rel); err != nil || has {
			if err == nil {
				err = errMultiplePrimaryKeys(rel.Name)
			}
			return err
		}
	}
	src, err := s.cache.RelationByOID(s, info.Table)
	if err != nil {
		return err
	}
	c := &pg_query.Constraint{Contype: pg_query.ConstrType_CONSTR_UNIQUE, Deferrable: con.deferrable, Initdeferred: con.deferred,
		NullsNotDistinct: info.NullsNotDistinct, Location: -1}
	if con.primary {
		c.Contype = pg_query.ConstrType_CONSTR_PRIMARY
	}
	for i, a := range info.Keys {
		if a <= 0 || int(a) > len(src.Attrs) {
			return pgerr.Newf(pgerr.InternalError, "index \"%s\" has an invalid column %d", irel.Name, a)
		}
		name := &pg_query.Node{Node: &pg_query.Node_String_{String_: &pg_query.String{Sval: src.Attrs[a-1].Name}}}
		if i < info.NKeyAtts {
			c.Keys = append(c.Keys, name)
		} else {
			c.Including = append(c.Including, name)
		}
	}
	opts, err := s.reloptions(irel.OID)
	if err != nil {
		return err
	}
	for _, o := range opts {
		name, value, _ := strings.Cut(o, "=")
		c.Options = append(c.Options, &pg_query.Node{Node: &pg_query.Node_DefElem{DefElem: &pg_query.DefElem{Defname: name,
			Arg: &pg_query.Node{Node: &pg_query.Node_String_{String_: &pg_query.String{Sval: value}}}, Location: -1}}})
	}
	return s.addKeyConstraints("", rel, []pendingKey{{c: c}})
}

// cloneIndex creates on rel the index oid of the source as
// pg_get_indexdef prints it, named for rel: the source's column names
// are rel's (LIKE copied them).
func (s *sqlCtx) cloneIndex(n names, rel *catalog.Relation, oid uint32) error {
	text, found, err := n.IndexDefinition(oid, 0, false)
	if err != nil || !found {
		return err
	}
	stmts, err := parser.Parse(text)
	if err != nil || len(stmts) != 1 || stmts[0].Node().GetIndexStmt() == nil {
		return pgerr.Newf(pgerr.InternalError, "could not parse the definition of index %d: %s", oid, text)
	}
	is := stmts[0].Node().GetIndexStmt()
	is.Idxname = ""
	is.Relation = &pg_query.RangeVar{Schemaname: rel.NamespaceName, Relname: rel.Name, Inh: true, Relpersistence: "p", Location: -1}
	_, err = s.createIndexStmt(stmts[0], is)
	return err
}
