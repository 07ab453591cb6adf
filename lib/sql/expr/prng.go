package expr

import (
	crand "crypto/rand"
	"encoding/binary"
	"math"
	"math/bits"
)

// PRNG is PostgreSQL's pg_prng, xoroshiro128** seeded through splitmix64:
// a session's random() draws from it and setseed() seeds it, so that a
// seeded session repeats PostgreSQL's sequence exactly. The zero value is
// unseeded; its first draw seeds it from the operating system's entropy
// as PostgreSQL does.
type PRNG struct {
	s0, s1 uint64
	seeded bool
}

func splitmix64(state *uint64) uint64 {
	*state += 0x9E3779B97F4A7C15
	v := *state
	v = (v ^ (v >> 30)) * 0xBF58476D1CE4E5B9
	v = (v ^ (v >> 27)) * 0x94D049BB133111EB
	return v ^ (v >> 31)
}

// Seed is pg_prng_seed.
func (p *PRNG) Seed(seed uint64) {
	p.s0 = splitmix64(&seed)
	p.s1 = splitmix64(&seed)
	if p.s0 == 0 && p.s1 == 0 {
		// The generator must never be all zeroes.
		p.s0, p.s1 = 0x5851F42D4C957F2D, 0x14057B7EF767814F
	}
	p.seeded = true
}

// SeedFloat is pg_prng_fseed, setseed()'s seeding from a value in [-1, 1]:
// about 52 mantissa bits, the sign contributing too.
func (p *PRNG) SeedFloat(f float64) {
	p.Seed(uint64(int64(float64(uint64(1)<<52-1) * f)))
}

func (p *PRNG) next() uint64 {
	if !p.seeded {
		var b [8]byte
		_, _ = crand.Read(b[:]) // never fails on Linux; a zero seed is still a valid one
		p.Seed(binary.LittleEndian.Uint64(b[:]))
	}
	s0 := p.s0
	sx := p.s1 ^ s0
	v := bits.RotateLeft64(s0*5, 7) * 9
	p.s0 = bits.RotateLeft64(s0, 24) ^ sx ^ (sx << 16)
	p.s1 = bits.RotateLeft64(sx, 37)
	return v
}

// Float64 is pg_prng_double: uniform in [0, 1) with 52 random bits.
func (p *PRNG) Float64() float64 {
	return math.Ldexp(float64(p.next()>>(64-52)), -52)
}
