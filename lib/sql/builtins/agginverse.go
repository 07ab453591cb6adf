// This file gives some aggregates an inverse transition (PostgreSQL's
// moving-aggregate support, aggminvtransfn): a window aggregate over a
// frame whose start moves removes the rows that left the frame instead
// of aggregating the frame again. Only aggregates whose state is exact
// have one: count and the integer sums and averages. PostgreSQL's float
// aggregates have none either (their rounding would depend on the order
// of additions and removals), and numeric sums are left out because
// their result scale remembers values that were removed.

package builtins

import (
	"math"

	"github.com/cockroachdb/apd/v3"

	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// AggInverse is implemented by accumulators that can take back a row
// they were given.
type AggInverse interface {
	// Remove undoes Add for one earlier input row's argument values.
	Remove(ec *expr.EvalContext, args []types.Datum) error
}

func (a *countAcc) Remove(_ *expr.EvalContext, args []types.Datum) error {
	if a.star || !args[0].IsNull() {
		a.n--
	}
	return nil
}

func (a *intSumAcc) Remove(_ *expr.EvalContext, args []types.Datum) error {
	v := args[0]
	if v.IsNull() {
		return nil
	}
	a.n--
	x := v.Int()
	if a.big == nil && x != math.MinInt64 {
		if s, o := addOverflows(a.sum, -x); !o {
			a.sum = s
			return nil
		}
	}
	if a.big == nil {
		if !a.numeric && !a.avg {
			return types.ErrIntOutOfRange(types.OidInt8)
		}
		a.big = apd.New(a.sum, 0)
	}
	_, err := apd.BaseContext.Sub(a.big, a.big, apd.New(x, 0))
	return err
}
