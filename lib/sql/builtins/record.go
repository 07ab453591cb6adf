// This file implements the comparison functions of composite values
// (record_eq, record_lt, ..., btrecordcmp) from rowtypes.c.

package builtins

import (
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

func addRecordImpls(m map[string]implEntry) {
	kinds := map[string]cmpKind{"record_eq": cmpEq, "record_ne": cmpNe, "record_lt": cmpLt,
		"record_gt": cmpGt, "record_le": cmpLe, "record_ge": cmpGe}
	for name, k := range kinds {
		m[name] = sess(func(_ *expr.EvalContext, a []types.Datum) (types.Datum, error) {
			c, err := types.CompareRecordChecked(a[0].Record(), a[1].Record(), k == cmpEq || k == cmpNe)
			if err != nil {
				return types.Null, err
			}
			return types.Bool(k.test(c)), nil
		})
	}
	m["btrecordcmp"] = sess(func(_ *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		c, err := types.CompareRecordChecked(a[0].Record(), a[1].Record(), false)
		return types.Int(int64(c)), err
	})
}
