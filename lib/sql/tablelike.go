// CREATE TABLE ... (LIKE source [INCLUDING | EXCLUDING option] ...):
// PostgreSQL's transformTableLikeClause and expandTableLikeClause. The
// copied columns take the LIKE clause's place among the new table's
// columns; what else is copied (defaults, generation expressions,
// identity, CHECK constraints, comments) follows the options. The new
// table does not depend on its source.

package sql

import (
	"fmt"

	pg_query "github.com/pganalyze/pg_query_go/v6"

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
// COMPRESSION. Indexes, extended statistics and storage need nothing
// here: gpostgres has no indexes nor extended statistics yet, and every
// column has its type's storage.
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
