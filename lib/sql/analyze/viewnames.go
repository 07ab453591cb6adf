// What the names of a view's stored query resolved to. PostgreSQL stores
// a view's analyzed query, whose references are OIDs: renaming a table,
// a column or a schema leaves the view reading the same objects, and a
// caller's search_path cannot make it read others. gpostgres stores the
// query as text (lib/sql/views.go), so it needs to know, for each name of
// that text, which relation or column it stands for: to write every
// relation schema-qualified when the view is made, and to write the text
// again with the new names when something it names is renamed.

package analyze

import (
	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
)

// ViewNames is what AnalyzeViewQuery found out about a query's names.
// Its maps are keyed by nodes of the parse tree analyzed.
type ViewNames struct {
	// Stars maps each "*" target to the columns it expanded to.
	Stars StarExpansions
	// Relations maps each relation name in FROM that named a table,
	// view or materialized view to that relation's OID.
	Relations map[*pg_query.RangeVar]uint32
	// Columns maps each column reference that read a column or the whole
	// row of such a relation to it.
	Columns map[*pg_query.ColumnRef]ColumnName
	// Using holds the columns of relations that a JOIN ... USING or a
	// NATURAL JOIN matched by name: relation OID → attribute numbers.
	Using map[uint32]map[int16]bool
	// Targets maps each column an INSERT, UPDATE or MERGE names as its
	// target (its ResTarget's Name) to that column.
	Targets map[*pg_query.ResTarget]ColumnName
	// ConflictColumns maps each column an ON CONFLICT target names to
	// that column.
	ConflictColumns map[*pg_query.IndexElem]ColumnName

	// unaliased marks the entries whose FROM item has no alias: a
	// qualifier that names them names the relation itself.
	unaliased map[*plan.RTE]bool
	// aliasedColumns is, for each entry whose alias names columns, how
	// many: those columns are not referred to by their own names.
	aliasedColumns map[*plan.RTE]int
}

// ColumnName is what one column reference stands for.
type ColumnName struct {
	Relation uint32
	// AttNum is the column's attribute number, 0 for a whole-row
	// reference ("t", "t.*").
	AttNum int16
	// ByRelationName is set when the reference's qualifier (or, for a
	// whole row, the reference itself) is the relation's own name rather
	// than an alias.
	ByRelationName bool
	// ByColumnName is set when the reference's last name is the column's
	// own name rather than one a FROM item's alias gave it.
	ByColumnName bool
}

func newViewNames() *ViewNames {
	return &ViewNames{Stars: StarExpansions{}, Relations: map[*pg_query.RangeVar]uint32{},
		Columns: map[*pg_query.ColumnRef]ColumnName{}, Using: map[uint32]map[int16]bool{},
		Targets: map[*pg_query.ResTarget]ColumnName{}, ConflictColumns: map[*pg_query.IndexElem]ColumnName{},
		unaliased: map[*plan.RTE]bool{}, aliasedColumns: map[*plan.RTE]int{}}
}

// noteRelation records that rv named relation t, read through entry rte.
func (s *state) noteRelation(rv *pg_query.RangeVar, t *plan.Table, rte *plan.RTE) {
	if s.names == nil {
		return
	}
	s.names.Relations[rv] = t.OID
	if rv.Alias == nil {
		s.names.unaliased[rte] = true
	} else {
		s.names.aliasedColumns[rte] = len(rv.Alias.Colnames)
	}
}

// noteColumn records that cr read column col of entry rte of level st
// (a system column when col < 0, colMatch's numbering), when that entry
// is a relation.
func (s *state) noteColumn(cr *pg_query.ColumnRef, st *state, rte, col int) {
	if s.names == nil {
		return
	}
	r := st.q.RTEs[rte]
	if col < 0 {
		if r.Kind == plan.RTETable && len(cr.Fields) > 1 {
			s.names.Columns[cr] = ColumnName{Relation: r.Table.OID, AttNum: plan.SystemColumns[-1-col].AttNum,
				ByRelationName: s.names.unaliased[r]}
		}
		return
	}
	qualified := len(cr.Fields) > 1
	// A join's column is one of its inputs' (a merged USING column is
	// left alone: USING names it on both sides).
	for r.Kind == plan.RTEJoin {
		v, ok := r.JoinVars[col].(*expr.Var)
		if !ok || v.LevelsUp != 0 {
			return
		}
		found := false
		for _, b := range st.q.RTEs {
			if b.Kind != plan.RTEJoin && v.Index >= b.Offset && v.Index < b.Offset+len(b.Columns) {
				r, col, found = b, v.Index-b.Offset, true
				break
			}
		}
		if !found {
			return
		}
		// The qualifier, if any, named the join.
		qualified = false
	}
	if rel, attnum := relationColumn(r, col); rel != 0 {
		s.names.Columns[cr] = ColumnName{Relation: rel, AttNum: attnum, ByRelationName: qualified && s.names.unaliased[r],
			ByColumnName: col >= s.names.aliasedColumns[r]}
		return
	}
	// ON CONFLICT DO UPDATE's excluded row has the target's columns,
	// under the name "excluded".
	if res := st.q.Result; r.Kind == plan.RTEResult && r.Alias == "excluded" && res != nil && res.Table != nil && col < len(res.Table.Columns) {
		if a := res.Table.Columns[col].AttNum; a > 0 {
			s.names.Columns[cr] = ColumnName{Relation: res.Table.OID, AttNum: a, ByColumnName: true}
		}
	}
}

// noteConflictColumn records that el, an element of an ON CONFLICT
// target, names column i of t.
func (s *state) noteConflictColumn(el *pg_query.IndexElem, t *plan.Table, i int) {
	if s.names == nil {
		return
	}
	s.names.ConflictColumns[el] = ColumnName{Relation: t.OID, AttNum: int16(i + 1), ByColumnName: true}
}

// noteWholeRow records that cr is a whole-row reference to entry rte of
// level st, when that entry is a relation.
func (s *state) noteWholeRow(cr *pg_query.ColumnRef, st *state, rte int) {
	if s.names == nil {
		return
	}
	r := st.q.RTEs[rte]
	if rel, _ := relationColumn(r, -1); rel != 0 {
		s.names.Columns[cr] = ColumnName{Relation: rel, ByRelationName: s.names.unaliased[r]}
	}
}

// noteTargetColumn records that rt names column i of t, the relation an
// INSERT, UPDATE or MERGE changes.
func (s *state) noteTargetColumn(rt *pg_query.ResTarget, t *plan.Table, i int) {
	if s.names == nil {
		return
	}
	// A relation's columns are in attribute order, dropped ones too.
	s.names.Targets[rt] = ColumnName{Relation: t.OID, AttNum: int16(i + 1), ByColumnName: true}
}

// noteUsing records that a USING or NATURAL join matched the columns
// behind e (a Var of a relation's column) by name.
func (s *state) noteUsing(e expr.Expr) {
	if s.names == nil {
		return
	}
	v, ok := e.(*expr.Var)
	if !ok || v.TableOID == 0 || v.AttNum <= 0 {
		return
	}
	if s.names.Using[v.TableOID] == nil {
		s.names.Using[v.TableOID] = map[int16]bool{}
	}
	s.names.Using[v.TableOID][v.AttNum] = true
}

// relationColumn is the relation and attribute number behind column col
// of entry r (attribute 0 for col < 0, the whole row), or 0 when r is no
// relation. A view's entry has the view's live columns, in order.
func relationColumn(r *plan.RTE, col int) (uint32, int16) {
	if r.Table == nil || r.Kind != plan.RTETable && r.Kind != plan.RTESubquery {
		return 0, 0
	}
	if col < 0 {
		return r.Table.OID, 0
	}
	if r.Kind == plan.RTETable {
		if col >= len(r.Columns) {
			return 0, 0
		}
		if a := r.Columns[col].AttNum; a > 0 {
			return r.Table.OID, a
		}
		return r.Table.OID, int16(col + 1)
	}
	live := 0
	for i, c := range r.Table.Columns {
		if c.Name == "" {
			continue
		}
		if live == col {
			return r.Table.OID, int16(i + 1)
		}
		live++
	}
	return 0, 0
}
