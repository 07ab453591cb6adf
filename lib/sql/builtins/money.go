// This file implements the functions and operators of money (PostgreSQL
// 15's cash.c, 15.8 and later: overflow is "money out of range") over
// lib/types' count of cents: + and - between amounts and * and / by
// integers and floats, money / money as float8, the conversions to and from numeric and from int4
// and int8, cash_cmp, cashlarger/cashsmaller and cash_words.

package builtins

import (
	"math"
	"strings"

	"github.com/cockroachdb/apd/v3"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/types"
)

func errDivisionByZero() error { return pgerr.New(pgerr.DivisionByZero, "division by zero") }

func errMoneyRange() error { return pgerr.New(pgerr.NumericValueOutOfRange, "money out of range") }

// cashFromFloat is the end of cash_mul_float8 and cash_div_float8: the
// result rounded to whole cents (rint), which must fit in the cents.
func cashFromFloat(f float64) (types.Datum, error) {
	f = math.RoundToEven(f)
	if math.IsNaN(f) || f < math.MinInt64 || f >= -math.MinInt64 {
		return types.Null, errMoneyRange()
	}
	return types.Int(int64(f)), nil
}

// cashMulFloat is cash_mul_flt4/8 (moneyFirst) and flt4/8_mul_cash:
// float8_mul's overflow and underflow checks, then cashFromFloat.
func cashMulFloat(single bool, moneyFirst bool) implEntry {
	return textN(func(a []types.Datum) (types.Datum, error) {
		c, f := a[0], a[1]
		if !moneyFirst {
			c, f = a[1], a[0]
		}
		x := f.Float8()
		if single {
			x = float64(f.Float4())
		}
		cents := float64(c.Int())
		r := cents * x
		if math.IsInf(r, 0) && !math.IsInf(x, 0) {
			return types.Null, errFloatOverflow()
		}
		if r == 0 && cents != 0 && x != 0 {
			return types.Null, errFloatUnderflow()
		}
		return cashFromFloat(r)
	})
}

// cashDivFloat is cash_div_flt4/8: float8_div's checks, then
// cashFromFloat.
func cashDivFloat(single bool) implEntry {
	return textN(func(a []types.Datum) (types.Datum, error) {
		x := a[1].Float8()
		if single {
			x = float64(a[1].Float4())
		}
		if x == 0 {
			return types.Null, errDivisionByZero()
		}
		cents := float64(a[0].Int())
		r := cents / x
		if math.IsInf(r, 0) {
			return types.Null, errFloatOverflow()
		}
		if r == 0 && cents != 0 && !math.IsInf(x, 0) {
			return types.Null, errFloatUnderflow()
		}
		return cashFromFloat(r)
	})
}

// cashAdd is cash_pl: the sum, which must fit.
func cashAdd(a, b types.Datum) (types.Datum, error) {
	s, o := addOverflows(a.Int(), b.Int())
	if o {
		return types.Null, errMoneyRange()
	}
	return types.Int(s), nil
}

// numWord is num_word: a number below 1000 in words.
func numWord(v int64) string {
	small := [...]string{"zero", "one", "two", "three", "four", "five", "six", "seven",
		"eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen",
		"fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
		"thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}
	big := small[18:]
	tu := v % 100
	if v <= 20 {
		return small[v]
	}
	if tu == 0 {
		return small[v/100] + " hundred"
	}
	if v > 99 {
		switch {
		case v%10 == 0 && tu > 10:
			return small[v/100] + " hundred " + big[tu/10]
		case tu < 20:
			return small[v/100] + " hundred and " + small[tu]
		}
		return small[v/100] + " hundred " + big[tu/10] + " " + small[tu%10]
	}
	switch {
	case v%10 == 0 && tu > 10:
		return big[tu/10]
	case tu < 20:
		return small[tu]
	}
	return big[tu/10] + " " + small[tu%10]
}

// cashWords is cash_words: the amount in English words, dollars and
// cents, capitalized.
func cashWords(value int64) string {
	var b strings.Builder
	u := uint64(value)
	if value < 0 {
		b.WriteString("minus ")
		u = -u
	}
	start := b.Len()
	for _, g := range []struct {
		div  uint64
		name string
	}{{1e17, " quadrillion "}, {1e14, " trillion "}, {1e11, " billion "}, {1e8, " million "}, {1e5, " thousand "}} {
		if m := u / g.div % 1000; m != 0 {
			b.WriteString(numWord(int64(m)))
			b.WriteString(g.name)
		}
	}
	if m := u / 100 % 1000; m != 0 {
		b.WriteString(numWord(int64(m)))
	}
	if b.Len() == start {
		b.WriteString("zero")
	}
	if u/100 == 1 {
		b.WriteString(" dollar and ")
	} else {
		b.WriteString(" dollars and ")
	}
	cents := int64(u % 100)
	b.WriteString(numWord(cents))
	if cents == 1 {
		b.WriteString(" cent")
	} else {
		b.WriteString(" cents")
	}
	s := b.String()
	return strings.ToUpper(s[:1]) + s[1:]
}

func addMoneyImpls(m map[string]implEntry) {
	m["cash_pl"] = bits2(cashAdd)
	m["cash_mi"] = textN(func(a []types.Datum) (types.Datum, error) {
		x, y := a[0].Int(), a[1].Int()
		r := x - y
		if (x >= 0) != (y >= 0) && (r >= 0) != (x >= 0) {
			return types.Null, errMoneyRange()
		}
		return types.Int(r), nil
	})
	m["cash_cmp"] = textN(func(a []types.Datum) (types.Datum, error) {
		return types.Int(int64(types.Compare(types.OidMoney, a[0], a[1]))), nil
	})
	m["cashlarger"] = textN(func(a []types.Datum) (types.Datum, error) { return types.Int(max(a[0].Int(), a[1].Int())), nil })
	m["cashsmaller"] = textN(func(a []types.Datum) (types.Datum, error) { return types.Int(min(a[0].Int(), a[1].Int())), nil })
	m["cash_mul_flt4"], m["flt4_mul_cash"] = cashMulFloat(true, true), cashMulFloat(true, false)
	m["cash_mul_flt8"], m["flt8_mul_cash"] = cashMulFloat(false, true), cashMulFloat(false, false)
	m["cash_div_flt4"], m["cash_div_flt8"] = cashDivFloat(true), cashDivFloat(false)
	mulInt := textN(func(a []types.Datum) (types.Datum, error) {
		r, o := mulOverflows(a[0].Int(), a[1].Int())
		if o {
			return types.Null, errMoneyRange()
		}
		return types.Int(r), nil
	})
	divInt := textN(func(a []types.Datum) (types.Datum, error) {
		x, y := a[0].Int(), a[1].Int()
		if y == 0 {
			return types.Null, errDivisionByZero()
		}
		if x == math.MinInt64 && y == -1 {
			// The reference's division traps (SIGFPE), which it
			// reports so.
			return types.Null, pgerr.New(pgerr.FloatingPointException, "floating-point exception").
				WithDetail("An invalid floating-point operation was signaled. This probably means an out-of-range result or an invalid operation, such as division by zero.")
		}
		return types.Int(x / y), nil
	})
	for _, t := range []string{"int2", "int4", "int8"} {
		m["cash_mul_"+t], m[t+"_mul_cash"], m["cash_div_"+t] = mulInt, mulInt, divInt
	}
	m["cash_div_cash"] = textN(func(a []types.Datum) (types.Datum, error) {
		if a[1].Int() == 0 {
			return types.Null, errDivisionByZero()
		}
		return types.Float8(float64(a[0].Int()) / float64(a[1].Int())), nil
	})
	m["cash_words"] = fn1(func(d types.Datum) (types.Datum, error) { return types.Text(cashWords(d.Int())), nil })
	// cash_numeric: the cents divided by 100, with two digits after the
	// point.
	m["cash_numeric"] = fn1(func(d types.Datum) (types.Datum, error) {
		return types.Numeric(apd.New(d.Int(), -2)), nil
	})
	// numeric_cash: times 100, rounded to an integer as numeric_int8
	// rounds (half away from zero), with its errors.
	m["numeric_cash"] = fn1(func(d types.Datum) (types.Datum, error) {
		var cents apd.Decimal
		cents.Set(d.Numeric())
		if cents.Form == apd.Finite {
			cents.Exponent += 2
		}
		v, err := types.NumericToInt(&cents, types.OidInt8)
		return types.Int(v), err
	})
	m["int4_cash"] = fn1(func(d types.Datum) (types.Datum, error) { return types.Int(d.Int() * types.MoneyScale), nil })
	m["int8_cash"] = fn1(func(d types.Datum) (types.Datum, error) {
		v := d.Int()
		if v > math.MaxInt64/types.MoneyScale || v < math.MinInt64/types.MoneyScale {
			return types.Null, types.ErrIntOutOfRange(types.OidInt8)
		}
		return types.Int(v * types.MoneyScale), nil
	})
}
