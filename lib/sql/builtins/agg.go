// This file implements the built-in aggregates (count, sum, avg, min,
// max, string_agg, array_agg, bool_and, bool_or, every, bit_and, bit_or)
// as accumulators with PostgreSQL's result types and arithmetic: integer
// sums in int8 or numeric, averages through numeric division, floats
// summed in their own precision.

package builtins

import (
	"github.com/cockroachdb/apd/v3"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// AggAcc accumulates an aggregate's inputs for one group.
type AggAcc interface {
	// Add takes one input row's argument values (none for count(*)).
	Add(ec *expr.EvalContext, args []types.Datum) error
	// Result is the aggregate's value for the rows added so far.
	Result(ec *expr.EvalContext) (types.Datum, error)
}

// Aggregates returns the built-in aggregates named name.
func Aggregates(name string) []*expr.Func { return loadRegistry().aggs[name] }

// AggImplemented reports whether aggregate f can be computed.
func AggImplemented(f *expr.Func) bool {
	_, err := NewAgg(f, f.Args)
	return err == nil
}

// NewAgg returns a constructor of accumulators for aggregate f called
// with arguments of argTypes (the resolved types, for polymorphic
// aggregates).
func NewAgg(f *expr.Func, argTypes []uint32) (func() AggAcc, error) {
	var arg uint32
	if len(argTypes) > 0 {
		arg = argTypes[0]
	}
	switch f.Name {
	case "count":
		return func() AggAcc { return &countAcc{star: len(argTypes) == 0} }, nil
	case "sum":
		switch arg {
		case types.OidInt2, types.OidInt4:
			return func() AggAcc { return &intSumAcc{} }, nil
		case types.OidInt8:
			return func() AggAcc { return &intSumAcc{numeric: true} }, nil
		case types.OidNumeric:
			return func() AggAcc { return &numSumAcc{} }, nil
		case types.OidFloat4, types.OidFloat8:
			return func() AggAcc { return &floatSumAcc{f4: arg == types.OidFloat4} }, nil
		case types.OidInterval:
			return func() AggAcc { return &ivSumAcc{} }, nil
		}
	case "avg":
		switch arg {
		case types.OidInt2, types.OidInt4, types.OidInt8:
			return func() AggAcc { return &intSumAcc{avg: true} }, nil
		case types.OidNumeric:
			return func() AggAcc { return &numSumAcc{avg: true} }, nil
		case types.OidFloat4, types.OidFloat8:
			return func() AggAcc { return &floatSumAcc{avg: true} }, nil
		case types.OidInterval:
			return func() AggAcc { return &ivSumAcc{avg: true} }, nil
		}
	case "min", "max":
		if arg == types.OidAnyArray || types.ByOID(arg) == nil {
			break
		}
		greatest := f.Name == "max"
		return func() AggAcc { return &minMaxAcc{typ: arg, greatest: greatest} }, nil
	case "string_agg":
		if arg == types.OidText {
			return func() AggAcc { return &stringAggAcc{} }, nil
		}
		if arg == types.OidBytea {
			return func() AggAcc { return &stringAggAcc{bytea: true} }, nil
		}
	case "array_agg":
		if t := types.ByOID(arg); t != nil && !t.IsArray() && t.Array != 0 {
			return func() AggAcc { return &arrayAggAcc{elem: arg} }, nil
		}
	case "bool_and", "every":
		return func() AggAcc { return &boolAcc{and: true} }, nil
	case "bool_or":
		return func() AggAcc { return &boolAcc{} }, nil
	case "bit_and", "bit_or":
		if arg == types.OidInt2 || arg == types.OidInt4 || arg == types.OidInt8 {
			and := f.Name == "bit_and"
			return func() AggAcc { return &bitAcc{and: and} }, nil
		}
	}
	return nil, pgerr.Newf(pgerr.FeatureNotSupported, "aggregate %s is not implemented", f.Name)
}

type countAcc struct {
	star bool
	n    int64
}

func (a *countAcc) Add(_ *expr.EvalContext, args []types.Datum) error {
	if a.star || !args[0].IsNull() {
		a.n++
	}
	return nil
}

func (a *countAcc) Result(*expr.EvalContext) (types.Datum, error) { return types.Int(a.n), nil }

// intSumAcc sums integers in an int64, moving to numeric on overflow;
// sum(int2/int4) returns int8, sum(int8) and avg return numeric.
type intSumAcc struct {
	numeric bool
	avg     bool
	n       int64
	sum     int64
	big     *apd.Decimal
}

func (a *intSumAcc) Add(_ *expr.EvalContext, args []types.Datum) error {
	v := args[0]
	if v.IsNull() {
		return nil
	}
	a.n++
	if a.big != nil {
		_, err := apd.BaseContext.Add(a.big, a.big, apd.New(v.Int(), 0))
		return err
	}
	s, o := addOverflows(a.sum, v.Int())
	if o {
		if !a.numeric && !a.avg {
			return types.ErrIntOutOfRange(types.OidInt8)
		}
		a.big = apd.New(a.sum, 0)
		_, err := apd.BaseContext.Add(a.big, a.big, apd.New(v.Int(), 0))
		return err
	}
	a.sum = s
	return nil
}

func (a *intSumAcc) total() *apd.Decimal {
	if a.big != nil {
		return a.big
	}
	return apd.New(a.sum, 0)
}

func (a *intSumAcc) Result(*expr.EvalContext) (types.Datum, error) {
	if a.n == 0 {
		return types.Null, nil
	}
	if a.avg {
		return types.NumericDiv(a.total(), apd.New(a.n, 0))
	}
	if a.numeric {
		return types.Numeric(a.total()), nil
	}
	return types.Int(a.sum), nil
}

type numSumAcc struct {
	avg bool
	n   int64
	sum types.Datum
}

func (a *numSumAcc) Add(_ *expr.EvalContext, args []types.Datum) error {
	v := args[0]
	if v.IsNull() {
		return nil
	}
	a.n++
	if a.sum.IsNull() {
		a.sum = v
		return nil
	}
	s, err := types.NumericAdd(a.sum.Numeric(), v.Numeric())
	if err != nil {
		return err
	}
	a.sum = s
	return nil
}

func (a *numSumAcc) Result(*expr.EvalContext) (types.Datum, error) {
	if a.n == 0 {
		return types.Null, nil
	}
	if a.avg {
		return types.NumericDiv(a.sum.Numeric(), apd.New(a.n, 0))
	}
	return a.sum, nil
}

type floatSumAcc struct {
	f4, avg bool
	n       int64
	sum     float64
	sum4    float32
}

func (a *floatSumAcc) Add(_ *expr.EvalContext, args []types.Datum) error {
	v := args[0]
	if v.IsNull() {
		return nil
	}
	a.n++
	switch {
	case a.f4 && !a.avg:
		a.sum4 += v.Float4()
	case a.f4:
		a.sum += float64(v.Float4())
	default:
		if a.avg {
			a.sum += v.Float8()
		} else {
			a.sum += v.Float8()
		}
	}
	return nil
}

func (a *floatSumAcc) Result(*expr.EvalContext) (types.Datum, error) {
	if a.n == 0 {
		return types.Null, nil
	}
	if a.avg {
		return types.Float8(a.sum / float64(a.n)), nil
	}
	if a.f4 {
		return types.Float4(a.sum4), nil
	}
	return types.Float8(a.sum), nil
}

type ivSumAcc struct {
	avg bool
	n   int64
	sum types.Interval
}

func (a *ivSumAcc) Add(_ *expr.EvalContext, args []types.Datum) error {
	v := args[0]
	if v.IsNull() {
		return nil
	}
	a.n++
	s, err := ivAdd(a.sum, v.Interval())
	if err != nil {
		return err
	}
	a.sum = s
	return nil
}

func (a *ivSumAcc) Result(*expr.EvalContext) (types.Datum, error) {
	if a.n == 0 {
		return types.Null, nil
	}
	if a.avg {
		return ivResult(divInterval(a.sum, float64(a.n)))
	}
	return types.IntervalDatum(a.sum), nil
}

type minMaxAcc struct {
	typ      uint32
	greatest bool
	best     types.Datum
}

func (a *minMaxAcc) Add(_ *expr.EvalContext, args []types.Datum) error {
	v := args[0]
	if v.IsNull() {
		return nil
	}
	if a.best.IsNull() {
		a.best = v
		return nil
	}
	c := types.Compare(a.typ, v, a.best)
	if (a.greatest && c > 0) || (!a.greatest && c < 0) {
		a.best = v
	}
	return nil
}

func (a *minMaxAcc) Result(*expr.EvalContext) (types.Datum, error) { return a.best, nil }

type stringAggAcc struct {
	bytea bool
	buf   []byte
	have  bool
}

func (a *stringAggAcc) Add(_ *expr.EvalContext, args []types.Datum) error {
	v := args[0]
	if v.IsNull() {
		return nil
	}
	if a.have && !args[1].IsNull() {
		if err := checkAppend(int64(len(a.buf)), int64(len(args[1].Text()))); err != nil {
			return err
		}
		a.buf = append(a.buf, args[1].Text()...)
	}
	a.have = true
	if err := checkAppend(int64(len(a.buf)), int64(len(v.Text()))); err != nil {
		return err
	}
	a.buf = append(a.buf, v.Text()...)
	return nil
}

func (a *stringAggAcc) Result(*expr.EvalContext) (types.Datum, error) {
	if !a.have {
		return types.Null, nil
	}
	return types.Text(string(a.buf)), nil
}

type arrayAggAcc struct {
	elem  uint32
	elems []types.Datum
	have  bool
	// bytes estimates the finished array's data size for variable-length
	// elements (length word and four-byte alignment each).
	bytes int64
}

func (a *arrayAggAcc) Add(_ *expr.EvalContext, args []types.Datum) error {
	a.have = true
	if len(a.elems) >= maxArrayElems {
		return errArraySize()
	}
	if v := args[0]; !v.IsNull() && (a.elem == types.OidText || a.elem == types.OidBytea || a.elem == types.OidVarchar || a.elem == types.OidBpchar) {
		a.bytes += (int64(len(v.Text())) + varHdrSz + 3) &^ 3
		if a.bytes > maxAllocSize {
			return errArraySize()
		}
	}
	a.elems = append(a.elems, args[0])
	return nil
}

func (a *arrayAggAcc) Result(*expr.EvalContext) (types.Datum, error) {
	if !a.have {
		return types.Null, nil
	}
	return types.ArrayDatum(types.NewArray1(a.elem, a.elems)), nil
}

type boolAcc struct {
	and     bool
	have, v bool
}

func (a *boolAcc) Add(_ *expr.EvalContext, args []types.Datum) error {
	if args[0].IsNull() {
		return nil
	}
	b := args[0].Bool()
	if !a.have {
		a.have, a.v = true, b
	} else if a.and {
		a.v = a.v && b
	} else {
		a.v = a.v || b
	}
	return nil
}

func (a *boolAcc) Result(*expr.EvalContext) (types.Datum, error) {
	if !a.have {
		return types.Null, nil
	}
	return types.Bool(a.v), nil
}

type bitAcc struct {
	and  bool
	have bool
	v    int64
}

func (a *bitAcc) Add(_ *expr.EvalContext, args []types.Datum) error {
	if args[0].IsNull() {
		return nil
	}
	x := args[0].Int()
	if !a.have {
		a.have, a.v = true, x
	} else if a.and {
		a.v &= x
	} else {
		a.v |= x
	}
	return nil
}

func (a *bitAcc) Result(*expr.EvalContext) (types.Datum, error) {
	if !a.have {
		return types.Null, nil
	}
	return types.Int(a.v), nil
}
