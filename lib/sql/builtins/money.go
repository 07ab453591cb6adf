// This file implements the functions and operators of money (PostgreSQL
// 15's cash.c) over lib/types' count of cents: + and - between amounts
// and * and / by integers and floats, which wrap around on overflow as
// PostgreSQL 15's do (later versions raise "money out of range"), money
// / money as float8, the conversions to and from numeric and from int4
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

// cashRound is rint with a conversion to int64 as C does it on the
// reference's machines: out-of-range and NaN results become the most
// negative value.
func cashRound(f float64) int64 {
	f = math.RoundToEven(f)
	if math.IsNaN(f) || f >= 1<<63 || f < -(1<<63) {
		return math.MinInt64
	}
	return int64(f)
}

// cashMulFloat is cash_mul_flt4/8 (moneyFirst) and flt4/8_mul_cash:
// the product rounded to whole cents.
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
		return types.Int(cashRound(float64(c.Int()) * x)), nil
	})
}

// cashDivFloat is cash_div_flt4/8.
func cashDivFloat(single bool) implEntry {
	return textN(func(a []types.Datum) (types.Datum, error) {
		x := a[1].Float8()
		if single {
			x = float64(a[1].Float4())
		}
		if x == 0 {
			return types.Null, errDivisionByZero()
		}
		return types.Int(cashRound(float64(a[0].Int()) / x)), nil
	})
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
	m["cash_pl"] = textN(func(a []types.Datum) (types.Datum, error) { return types.Int(a[0].Int() + a[1].Int()), nil })
	m["cash_mi"] = textN(func(a []types.Datum) (types.Datum, error) { return types.Int(a[0].Int() - a[1].Int()), nil })
	m["cash_cmp"] = textN(func(a []types.Datum) (types.Datum, error) {
		return types.Int(int64(types.Compare(types.OidMoney, a[0], a[1]))), nil
	})
	m["cashlarger"] = textN(func(a []types.Datum) (types.Datum, error) { return types.Int(max(a[0].Int(), a[1].Int())), nil })
	m["cashsmaller"] = textN(func(a []types.Datum) (types.Datum, error) { return types.Int(min(a[0].Int(), a[1].Int())), nil })
	m["cash_mul_flt4"], m["flt4_mul_cash"] = cashMulFloat(true, true), cashMulFloat(true, false)
	m["cash_mul_flt8"], m["flt8_mul_cash"] = cashMulFloat(false, true), cashMulFloat(false, false)
	m["cash_div_flt4"], m["cash_div_flt8"] = cashDivFloat(true), cashDivFloat(false)
	mulInt := textN(func(a []types.Datum) (types.Datum, error) { return types.Int(a[0].Int() * a[1].Int()), nil })
	divInt := textN(func(a []types.Datum) (types.Datum, error) {
		if a[1].Int() == 0 {
			return types.Null, errDivisionByZero()
		}
		return types.Int(a[0].Int() / a[1].Int()), nil
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
