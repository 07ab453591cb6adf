// Data-modifying WITH queries (INSERT, UPDATE or DELETE in WITH): each
// runs once, its RETURNING rows read by the statement's references as far
// as they go, and is then run to completion after the statement's main
// query, as PostgreSQL's ExecPostprocessPlan runs its auxiliary
// ModifyTable nodes, so that its changes never depend on how much of
// its output was read. All of them run in the statement's command, so
// none sees the others' changes, nor does the main query.

package exec

import (
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// modifyingScopeIter is a CTEScope's main query followed by the
// completion of its data-modifying WITH queries.
type modifyingScopeIter struct {
	x    *executor
	in   iterator
	runs []*cteState // the data-modifying ones, in the order they finish
	done bool
}

// withModifyingCTEs returns in, followed by the completion of the
// scope's data-modifying WITH queries if it has any.
func (x *executor) withModifyingCTEs(n *plan.CTEScope, in iterator) iterator {
	var runs []*cteState
	// PostgreSQL finishes them in the reverse order of their definition
	// (es_auxmodifytables is built by prepending).
	for i := len(n.CTEs) - 1; i >= 0; i-- {
		if n.CTEs[i].Modifying {
			runs = append(runs, x.ctes[n.CTEs[i]])
		}
	}
	if len(runs) == 0 {
		return in
	}
	return &modifyingScopeIter{x: x, in: in, runs: runs}
}

func (m *modifyingScopeIter) Next() ([]types.Datum, bool, error) {
	if m.done {
		return nil, false, nil
	}
	row, ok, err := m.in.Next()
	if err != nil || ok {
		return row, ok, err
	}
	m.done = true
	for _, st := range m.runs {
		if err := m.x.finishCTE(st); err != nil {
			return nil, false, err
		}
	}
	return nil, false, nil
}

// finishCTE runs a WITH query's remaining rows without keeping them.
func (x *executor) finishCTE(st *cteState) error {
	if st.done {
		return st.err
	}
	ec := x.ec
	saved := ec.Outer
	ec.Outer = st.outer
	defer func() { ec.Outer = saved }()
	if st.it == nil {
		it, err := x.build(st.input)
		if err != nil {
			st.done, st.err = true, err
			return err
		}
		st.it = it
	}
	for {
		if err := ec.CheckCancel(); err != nil {
			return err
		}
		_, ok, err := st.it.Next()
		if err != nil || !ok {
			st.done, st.err = true, err
			return err
		}
	}
}
