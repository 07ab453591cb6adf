// This file implements Refetch (plan/latefetch.go): the rows a bounded
// sort kept by location are read again whole.

package exec

import (
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

type refetchIter struct {
	ec    *expr.EvalContext
	in    iterator
	node  *plan.Refetch
	store TableStore
}

func (x *executor) buildRefetch(n *plan.Refetch) (iterator, error) {
	store := x.src.Tables()
	if store == nil {
		return nil, pgerr.Newf(pgerr.FeatureNotSupported, "relation \"%s\" cannot be read in this session", n.Table.Name)
	}
	in, err := x.build(n.Input)
	if err != nil {
		return nil, err
	}
	return &refetchIter{ec: x.ec, in: in, node: n, store: store}, nil
}

func (r *refetchIter) Next() ([]types.Datum, bool, error) {
	if err := r.ec.CheckCancel(); err != nil {
		return nil, false, err
	}
	in, ok, err := r.in.Next()
	if err != nil || !ok {
		return nil, false, err
	}
	row := make([]types.Datum, r.node.Level)
	vals := row[r.node.Offset : r.node.Offset+len(r.node.Table.Columns)]
	ok, err = r.store.Fetch(r.node.Table, in[r.node.TID], vals)
	if err != nil {
		return nil, false, err
	}
	if !ok {
		// The statement's snapshot saw the row a moment ago.
		return nil, false, pgerr.Newf(pgerr.InternalError, "could not read again a row of relation \"%s\"", r.node.Table.Name)
	}
	return row, true, nil
}
