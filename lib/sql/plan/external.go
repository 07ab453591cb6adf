// This file defines ExternalRows, the leaf of a plan whose rows come from
// outside the query: COPY FROM's rows, parsed from the client's or a
// file's data, enter the INSERT machinery through it.

package plan

import (
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// ExternalRows produces the rows Next returns, each of Columns Datums,
// until Next reports the end. A plan holding one is built for a single
// execution (the statement that owns the row source), never cached.
// Next may reuse one slice for every row: the node must be the input of
// a Project, which evaluates each row before it asks for the next.
type ExternalRows struct {
	Columns int
	Next    func() (row []types.Datum, ok bool, err error)
}

func (n *ExternalRows) Width() int { return n.Columns }

// CopyBulkInsertable reports whether COPY FROM may store the rows of
// INSERT query q (whose source is replaced by the copy's rows) in
// batches, and whether PostgreSQL would buffer them (CIM_MULTI): no
// volatile default other than nextval (which cannot read the table being
// loaded), no volatile WHERE condition (where may be nil). The batches
// themselves also need what bulkInsertable asks of an INSERT's other
// parts: no user functions or types, no volatile checks or generation
// expressions.
func CopyBulkInsertable(q *Query, where expr.Expr) (batches, pgMulti bool) {
	pgMulti = where == nil || !hasVolatile(where)
	for _, e := range q.NewValues {
		if e != nil && hasVolatileOtherThan(e, "nextval") {
			pgMulti = false
		}
	}
	batches = pgMulti && !q.UserFuncs && !q.UserTypes && len(q.Returning) == 0 && q.OnConflict == nil && len(q.ViewChecks) == 0
	for _, c := range q.Checks {
		batches = batches && !hasVolatile(c.Expr)
	}
	for _, g := range q.Generated {
		batches = batches && !hasVolatile(g.Expr)
	}
	for _, c := range q.Result.Table.Columns {
		if c.Name != "" && types.ByOID(c.TypeOID) == nil {
			batches = false
		}
	}
	return batches, pgMulti
}

// hasVolatileOtherThan is hasVolatile that passes over calls of the
// function named name (contain_volatile_functions_not_nextval).
func hasVolatileOtherThan(e expr.Expr, name string) bool {
	found := false
	Walk(e, func(x expr.Expr) bool {
		switch f := x.(type) {
		case *expr.FuncExpr:
			if f.Func != nil && f.Func.Volatility == expr.Volatile && f.Func.Name != name {
				found = true
			}
		case *expr.SubLink:
			found = true
		}
		return !found
	})
	return found
}
