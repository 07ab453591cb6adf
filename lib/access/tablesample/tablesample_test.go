package tablesample

import (
	"errors"
	"math"
	"testing"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/types"
)

func TestPercentageRange(t *testing.T) {
	for _, p := range []float32{-1, 100.01, float32(math.NaN())} {
		_, err := New(System, p, 0)
		var pe *pgerr.Error
		if !errors.As(err, &pe) || pe.Code != pgerr.InvalidTablesampleArgument {
			t.Errorf("New(%v): %v", p, err)
		}
	}
	none, _ := New(Bernoulli, 0, 1)
	all, _ := New(System, 100, 1)
	for blk := uint32(0); blk < 1000; blk++ {
		if none.Tuple(blk, 1) || !all.Block(blk) {
			t.Fatalf("0%% or 100%% chose wrongly at block %d", blk)
		}
	}
}

// PostgreSQL 15 answers SELECT ctid FROM t TABLESAMPLE BERNOULLI (3)
// REPEATABLE (42) over a table of 200 rows, 34 a block, with (0,7),
// (0,15), (1,5), (2,5), (3,9).
func TestBernoulliMatchesPostgreSQL(t *testing.T) {
	s, err := New(Bernoulli, 3, types.HashFloat8(42))
	if err != nil {
		t.Fatal(err)
	}
	want := map[[2]uint32]bool{{0, 7}: true, {0, 15}: true, {1, 5}: true, {2, 5}: true, {3, 9}: true}
	for row := uint32(0); row < 200; row++ {
		blk, off := row/34, uint16(row%34+1)
		if got := s.Block(blk) && s.Tuple(blk, off); got != want[[2]uint32{blk, uint32(off)}] {
			t.Errorf("(%d,%d): chosen %v", blk, off, got)
		}
	}
}
