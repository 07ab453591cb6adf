package exec

import "github.com/gpostgres/gpostgres/lib/sql/expr"

// radixCheckEvery is how many items a radix sort handles between checks
// for cancellation.
const radixCheckEvery = 1 << 16

// radixSort sorts s stably on key, an unsigned 64-bit sort key of each
// element, by least significant digit first radix sort: one pass over s
// counts all eight bytes' digits, then one scatter pass through scratch
// (at least as long as s) per byte whose digit is not the same in every
// element. Keys of integers in a narrow range (most sorts) take two or
// three passes, each a sequential read and a scatter, against the
// n log n comparisons of a comparison sort. On cancellation s holds its
// elements in some order.
func radixSort[T any](ec *expr.EvalContext, s, scratch []T, key func(*T) uint64) error {
	n := len(s)
	if n < 2 {
		return nil
	}
	var counts [8][256]int
	for i := range s {
		if i%radixCheckEvery == radixCheckEvery-1 {
			if err := ec.CheckCancel(); err != nil {
				return err
			}
		}
		k := key(&s[i])
		counts[0][byte(k)]++
		counts[1][byte(k>>8)]++
		counts[2][byte(k>>16)]++
		counts[3][byte(k>>24)]++
		counts[4][byte(k>>32)]++
		counts[5][byte(k>>40)]++
		counts[6][byte(k>>48)]++
		counts[7][byte(k>>56)]++
	}
	first := key(&s[0])
	src, dst := s, scratch[:n]
	for b := 0; b < 8; b++ {
		shift := uint(8 * b)
		c := &counts[b]
		if c[byte(first>>shift)] == n {
			continue // every element has this digit
		}
		var next [256]int
		sum := 0
		for d := range c {
			next[d] = sum
			sum += c[d]
		}
		for i := range src {
			if i%radixCheckEvery == radixCheckEvery-1 {
				if err := ec.CheckCancel(); err != nil {
					if &src[0] != &s[0] {
						copy(s, src)
					}
					return err
				}
			}
			d := byte(key(&src[i]) >> shift)
			dst[next[d]] = src[i]
			next[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &s[0] {
		copy(s, src)
	}
	return nil
}

// orderedKey maps a signed integer to an unsigned one of the same order,
// reversed for a descending key, for radixSort.
func orderedKey(v int64, desc bool) uint64 {
	u := uint64(v) ^ 1<<63
	if desc {
		u = ^u
	}
	return u
}

// keyValue inverts orderedKey.
func keyValue(u uint64, desc bool) int64 {
	if desc {
		u = ^u
	}
	return int64(u ^ 1<<63)
}
