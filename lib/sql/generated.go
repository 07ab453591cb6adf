// Generated columns (GENERATED ALWAYS AS (...) STORED): the expression,
// stored in pg_attrdef like a default and marked by attgenerated 's', is
// computed from the rest of each new row.

package sql

import (
	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/sql/analyze"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
)

// storeGenerated analyzes the generation expressions of a new table's
// columns and stores them (StoreAttrDefault for attgenerated): the
// pg_attrdef row, its dependency on its column, and the column's
// dependencies on the columns it reads.
func (s *sqlCtx) storeGenerated(st Statement, relid uint32, cols []columnSpec) error {
	hasGenerated := false
	generated := make([]bool, len(cols))
	for i, c := range cols {
		generated[i] = c.generated != nil
		hasGenerated = hasGenerated || generated[i]
	}
	if !hasGenerated {
		return nil
	}
	s.nextCommand()
	rel, err := s.cache.RelationByOID(s, relid)
	if err != nil {
		return err
	}
	t, err := s.planTable(rel)
	if err != nil {
		return err
	}
	for i, c := range cols {
		if c.generated == nil {
			continue
		}
		e, err := analyze.AnalyzeGenerated(catalogAdapter{s}, st.Query, c.generated, t, generated, i, FormatOptions(s.env))
		if err != nil {
			return err
		}
		if err := s.insertGenerated(rel, t, int16(i+1), e); err != nil {
			return err
		}
	}
	return nil
}

// insertGenerated stores one column's generation expression.
func (s *sqlCtx) insertGenerated(rel *catalog.Relation, t *plan.Table, attnum int16, e expr.Expr) error {
	text, err := analyze.Deparse(e, false, func(v *expr.Var) string { return t.Columns[v.Index].Name })
	if err != nil {
		return err
	}
	oid, err := s.insertAttrDef(rel.OID, attnum, text)
	if err != nil {
		return err
	}
	deps := []dependency{{attrDefAddress(oid), columnAddress(rel.OID, attnum), depAuto}}
	for _, n := range checkColumns(e, t) {
		deps = append(deps, dependency{columnAddress(rel.OID, attnum), columnAddress(rel.OID, n), depNormal})
	}
	return s.recordDependencies(deps)
}
