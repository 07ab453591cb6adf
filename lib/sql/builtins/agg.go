// This file implements the built-in aggregates (count, sum, avg, min,
// max, string_agg, array_agg, bool_and, bool_or, every, bit_and, bit_or,
// bit_xor of bit strings, sum of money;
// the statistical ones and bit_xor are in statagg.go)
// as accumulators with PostgreSQL's result types and arithmetic: integer
// sums in int8 or numeric, averages through numeric division, floats
// summed in their own precision.

package builtins

import (
	"strings"

	"github.com/cockroachdb/apd/v3"

	"github.com/gpostgres/gpostgres/lib/catalog"
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

// AggImplemented reports whether aggregate f can be computed.
func AggImplemented(f *expr.Func) bool {
	_, err := NewAgg(f, f.Args)
	return err == nil
}

// NewAgg returns a constructor of accumulators for aggregate f called
// with arguments of argTypes (the resolved types, for polymorphic
// aggregates). Aggregates are implemented by the names (prosrc) of their
// pg_aggregate transition and final functions, for argument types
// lib/types implements.
func NewAgg(f *expr.Func, argTypes []uint32) (func() AggAcc, error) {
	var arg uint32
	if len(argTypes) > 0 {
		arg = argTypes[0]
	}
	if a := f.Agg; a != nil && a.Kind == 'n' {
		if acc := newJSONAgg(a.TransFn, argTypes); acc != nil {
			return acc, nil
		}
		if acc := newAcc(a.TransFn, a.FinalFn, arg, len(argTypes)); acc != nil {
			return acc, nil
		}
	}
	return nil, pgerr.Newf(pgerr.FeatureNotSupported, "aggregate %s is not implemented", f.Name)
}

func newAcc(trans, final string, arg uint32, nargs int) func() AggAcc {
	if acc := newStatAcc(trans, final); acc != nil {
		return acc
	}
	switch trans {
	case "int8inc", "int8inc_any": // count(*), count(any)
		return func() AggAcc { return &countAcc{star: nargs == 0} }
	case "int2_sum", "int4_sum":
		return func() AggAcc { return &intSumAcc{} }
	case "int8_avg_accum": // sum(int8), avg(int8)
		avg := final == "numeric_poly_avg"
		return func() AggAcc { return &intSumAcc{numeric: true, avg: avg} }
	case "int2_avg_accum", "int4_avg_accum":
		return func() AggAcc { return &intSumAcc{avg: true} }
	case "numeric_avg_accum":
		avg := final == "numeric_avg"
		return func() AggAcc { return &numSumAcc{avg: avg} }
	case "float4pl", "float8pl":
		f4 := trans == "float4pl"
		return func() AggAcc { return &floatSumAcc{f4: f4} }
	case "float4_accum", "float8_accum":
		if final == "float8_avg" {
			f4 := trans == "float4_accum"
			return func() AggAcc { return &floatSumAcc{f4: f4, avg: true} }
		}
	case "interval_pl":
		return func() AggAcc { return &ivSumAcc{} }
	case "interval_accum":
		if final == "interval_avg" {
			return func() AggAcc { return &ivSumAcc{avg: true} }
		}
	case "string_agg_transfn":
		if arg == types.OidText {
			return func() AggAcc { return &stringAggAcc{} }
		}
	case "bytea_string_agg_transfn":
		if arg == types.OidBytea {
			return func() AggAcc { return &stringAggAcc{bytea: true} }
		}
	case "array_agg_transfn":
		if t := types.ByOID(arg); t != nil && !t.IsArray() && t.Array != 0 || arg >= catalog.FirstNormalOID {
			return func() AggAcc { return &arrayAggAcc{elem: arg} }
		}
	case "array_agg_array_transfn":
		return func() AggAcc { return &arrayAggArrayAcc{} }
	case "booland_statefunc":
		return func() AggAcc { return &boolAcc{and: true} }
	case "boolor_statefunc":
		return func() AggAcc { return &boolAcc{} }
	case "int2and", "int4and", "int8and":
		return func() AggAcc { return &bitAcc{and: true} }
	case "int2or", "int4or", "int8or":
		return func() AggAcc { return &bitAcc{} }
	case "bit_and": // bit_and(bit)
		return func() AggAcc { return &foldAcc{fold: bitAnd} }
	case "bit_or":
		return func() AggAcc { return &foldAcc{fold: bitOr} }
	case "bitxor":
		return func() AggAcc { return &foldAcc{fold: bitXor} }
	case "cash_pl": // sum(money)
		return func() AggAcc { return &foldAcc{fold: cashAdd} }
	}
	// min and max: the type's larger and smaller functions.
	if final == "" && arg != types.OidAnyArray && (types.ByOID(arg) != nil || trans == "enum_larger" || trans == "enum_smaller") {
		for _, suffix := range []struct {
			s        string
			greatest bool
		}{{"larger", true}, {"smaller", false}} {
			if strings.HasSuffix(trans, suffix.s) {
				greatest := suffix.greatest
				return func() AggAcc { return &minMaxAcc{typ: arg, greatest: greatest} }
			}
		}
	}
	return nil
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

// foldAcc is an aggregate whose strict transition function takes and
// returns its input type: the first non-NULL input, then fold of the
// state and each further one.
type foldAcc struct {
	fold  func(state, v types.Datum) (types.Datum, error)
	state types.Datum
}

func (a *foldAcc) Add(_ *expr.EvalContext, args []types.Datum) error {
	v := args[0]
	if v.IsNull() {
		return nil
	}
	if a.state.IsNull() {
		a.state = types.OwnBytes(v)
		return nil
	}
	s, err := a.fold(a.state, v)
	a.state = s
	return err
}

func (a *foldAcc) Result(*expr.EvalContext) (types.Datum, error) { return a.state, nil }

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
