// Package stats computes the per-column statistics ANALYZE stores in
// pg_statistic, as PostgreSQL 15's commands/analyze.c does
// (compute_scalar_stats, compute_distinct_stats, compute_trivial_stats,
// analyze_mcv_list), and holds the random sampling that chooses the rows
// (utils/misc/sampling.c: the block sampler, Knuth's algorithm S, and
// Vitter's reservoir, algorithm Z). It knows nothing of storage: the
// caller reads the blocks the sampler chooses and hands over the values.
package stats

import (
	"math"

	"github.com/gpostgres/gpostgres/lib/sql/expr"
)

// randomFract is sampler_random_fract: uniform in (0, 1), PostgreSQL's
// pg_prng_double with 0 rejected.
func randomFract(rng *expr.PRNG) float64 {
	for {
		if r := rng.Float64(); r != 0 {
			return r
		}
	}
}

// BlockSampler chooses n of N blocks in increasing order, each set of n
// equally likely (Knuth's algorithm S; BlockSamplerData).
type BlockSampler struct {
	total    uint32 // N: blocks in the relation
	want     int    // n: blocks to sample
	seen     uint32 // t: blocks passed so far
	selected int    // m: blocks chosen so far
	rng      expr.PRNG
}

// NewBlockSampler is BlockSampler_Init: it samples samplesize of nblocks
// blocks, drawing from a generator seeded with seed.
func NewBlockSampler(nblocks uint32, samplesize int, seed uint32) *BlockSampler {
	bs := &BlockSampler{total: nblocks, want: samplesize}
	bs.rng.Seed(uint64(seed))
	return bs
}

// HasMore reports whether Next has another block.
func (bs *BlockSampler) HasMore() bool {
	return bs.seen < bs.total && bs.selected < bs.want
}

// Next returns the next chosen block; HasMore must be true.
func (bs *BlockSampler) Next() uint32 {
	K := bs.total - bs.seen    // remaining blocks
	k := bs.want - bs.selected // blocks still to sample
	if uint32(k) >= K {
		// need all the rest
		bs.selected++
		bs.seen++
		return bs.seen - 1
	}
	V := randomFract(&bs.rng)
	p := 1.0 - float64(k)/float64(K)
	for V < p {
		// skip
		bs.seen++
		K--
		p *= 1.0 - float64(k)/float64(K)
	}
	bs.selected++
	bs.seen++
	return bs.seen - 1
}

// Selected is the number of blocks chosen so far (bs.m).
func (bs *BlockSampler) Selected() int { return bs.selected }

// Reservoir is Vitter's reservoir sampling state (ReservoirStateData):
// after the first n rows fill the reservoir, NextSkip says how many rows
// to pass over before the next one replaces a random member.
type Reservoir struct {
	w   float64
	rng expr.PRNG
}

// NewReservoir is reservoir_init_selection_state for a reservoir of n
// rows, drawing from a generator seeded with seed.
func NewReservoir(n int, seed uint32) *Reservoir {
	r := &Reservoir{}
	r.rng.Seed(uint64(seed))
	r.w = math.Exp(-math.Log(randomFract(&r.rng)) / float64(n))
	return r
}

// RandomFract draws from the reservoir's generator, uniform in (0, 1):
// which member a chosen row replaces.
func (r *Reservoir) RandomFract() float64 { return randomFract(&r.rng) }

// NextSkip is reservoir_get_next_S: given that t rows were read into a
// reservoir of n, the number of rows to skip before the next is taken.
func (r *Reservoir) NextSkip(t float64, n int) float64 {
	nf := float64(n)
	if t <= 22.0*nf {
		// Algorithm X until t is large enough.
		V := randomFract(&r.rng)
		S := 0.0
		t++
		quot := (t - nf) / t
		for quot > V {
			S++
			t++
			quot *= (t - nf) / t
		}
		return S
	}
	// Algorithm Z.
	W := r.w
	term := t - nf + 1
	var S float64
	for {
		U := randomFract(&r.rng)
		X := t * (W - 1.0)
		S = math.Floor(X)
		tmp := (t + 1) / term
		lhs := math.Exp(math.Log(((U*tmp*tmp)*(term+S))/(t+X)) / nf)
		rhs := (((t + X) / (term + S)) * term) / t
		if lhs <= rhs {
			W = rhs / lhs
			break
		}
		y := (((U * (t + 1)) / term) * (t + S + 1)) / (t + X)
		var denom, numerLim float64
		if nf < S {
			denom, numerLim = t, term+S
		} else {
			denom, numerLim = t-nf+S, t+1
		}
		for numer := t + S; numer >= numerLim; numer-- {
			y *= numer / denom
			denom--
		}
		W = math.Exp(-math.Log(randomFract(&r.rng)) / nf)
		if math.Exp(math.Log(y)/nf) <= (t+X)/t {
			break
		}
	}
	r.w = W
	return S
}
