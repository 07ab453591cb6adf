// Package tablesample is PostgreSQL 15's access/tablesample: the SYSTEM
// and BERNOULLI sampling methods of TABLESAMPLE. Both decide by hashing
// (hash_any) the block number, or the block number and tuple offset,
// together with the seed, and keeping what hashes below a cutoff that is
// the sample fraction of 2^32. The choice depends on nothing but the
// tuple's location and the seed, so a REPEATABLE sample of a table with
// the same layout holds exactly the rows PostgreSQL's does.
package tablesample

import (
	"math"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// Method is a sampling method.
type Method int8

// Sampling methods (tsm_system_handler, tsm_bernoulli_handler).
const (
	// System keeps whole blocks.
	System Method = iota
	// Bernoulli keeps single tuples.
	Bernoulli
)

// Sampler chooses the blocks and tuple offsets a sample scan returns
// (among the tuples visible to its snapshot).
type Sampler struct {
	method Method
	cutoff uint64
	seed   uint32
}

// New is BeginSampleScan: percent is the method's float4 argument, seed
// the hash of REPEATABLE's value or a random number.
func New(method Method, percent float32, seed uint32) (*Sampler, error) {
	p := float64(percent)
	if p < 0 || p > 100 || math.IsNaN(p) {
		return nil, pgerr.New(pgerr.InvalidTablesampleArgument, "sample percentage must be between 0 and 100")
	}
	// The probability times 2^32, rounded as rint does: exact at 0 and
	// 100 percent.
	cutoff := uint64(math.RoundToEven((float64(math.MaxUint32) + 1) * p / 100))
	return &Sampler{method: method, cutoff: cutoff, seed: seed}, nil
}

// Block reports whether the scan reads block blk (NextSampleBlock);
// BERNOULLI reads every block.
func (s *Sampler) Block(blk uint32) bool {
	if s.method != System {
		return true
	}
	return uint64(types.HashUint32s(blk, s.seed)) < s.cutoff
}

// Tuple reports whether the tuple at offset off of block blk is in the
// sample (NextSampleTuple); SYSTEM keeps every tuple of its blocks.
func (s *Sampler) Tuple(blk uint32, off uint16) bool {
	if s.method != Bernoulli {
		return true
	}
	return uint64(types.HashUint32s(blk, uint32(off), s.seed)) < s.cutoff
}
