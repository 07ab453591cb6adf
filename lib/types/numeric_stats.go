// numeric_stats.go: the final step of the numeric variance and standard
// deviation aggregates (numeric.c's numeric_stddev_internal).

package types

import "github.com/cockroachdb/apd/v3"

// NumericVariance returns the variance (or, when !variance, the standard
// deviation) of n finite values whose exact sum is sumX and exact sum of
// squares sumX2, as PostgreSQL computes it: (n*sumX2 - sumX*sumX) exactly,
// divided by n*(n-1) (sample) or n*n at select_div_scale's scale, the
// square root taken at that same scale. A numerator that is not positive
// gives 0. The caller handles no input, a sample of one, NaN and
// infinities.
func NumericVariance(n int64, sumX, sumX2 *apd.Decimal, variance, sample bool) (Datum, error) {
	vn := apd.New(n, 0)
	sq := new(apd.Decimal)
	sq.Coeff.Mul(&sumX.Coeff, &sumX.Coeff)
	sq.Exponent = 2 * sumX.Exponent
	nx2 := new(apd.Decimal)
	nx2.Coeff.Mul(&vn.Coeff, &sumX2.Coeff)
	nx2.Exponent = sumX2.Exponent
	nx2.Negative = sumX2.Negative && nx2.Coeff.Sign() != 0
	// sumX*sumX carries twice sumX's scale; so does sumX2 (squares of
	// the inputs), which the subtraction keeps.
	if e := 2 * sumX.Exponent; nx2.Exponent > e {
		nx2.Coeff.Mul(&nx2.Coeff, pow10(int64(nx2.Exponent)-int64(e)))
		nx2.Exponent = e
	}
	neg := new(apd.Decimal).Neg(sq)
	num := new(apd.Decimal)
	exactAdd(num, nx2, neg)
	if num.Sign() <= 0 {
		return Numeric(new(apd.Decimal)), nil
	}
	den := new(apd.Decimal)
	if sample {
		den.Coeff.Mul(&vn.Coeff, apd.NewBigInt(n-1))
	} else {
		den.Coeff.Mul(&vn.Coeff, &vn.Coeff)
	}
	rscale := divScale(num, den)
	q := new(apd.Decimal)
	divRound(q, num, den, rscale, false)
	if variance {
		return NumericDatum(q)
	}
	// sqrt_var at rscale: the integer square root with guard digits,
	// then rounding.
	const guard = 4
	shift := int64(q.Exponent) + 2*(int64(rscale)+guard)
	var v apd.BigInt
	v.Set(&q.Coeff)
	if shift >= 0 {
		v.Mul(&v, pow10(shift))
	} else {
		v.Quo(&v, pow10(-shift))
	}
	d := &apd.Decimal{Exponent: -(rscale + guard)}
	d.Coeff.Sqrt(&v)
	roundTo(d, d, rscale, apd.RoundHalfUp)
	return NumericDatum(d)
}
