// Benchmarks of insertion and scanning.

package nbtree

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/gpostgres/gpostgres/lib/types"
)

// BenchmarkInsertRandomInt: one random int4 key per insertion.
func BenchmarkInsertRandomInt(b *testing.B) {
	c := newCluster(b)
	be := c.backend()
	ix := intIndex(testLocs[0], false, false)
	createEmpty(b, be.env, ix)
	rng := rand.New(rand.NewPCG(1, 1))
	vals := []types.Datum{types.Null}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		vals[0] = types.Int(int64(rng.IntN(1 << 30)))
		if err := Insert(be.env, ix, vals, tidOf(i), nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkInsertText: two-column keys with text.
func BenchmarkInsertText(b *testing.B) {
	c := newCluster(b)
	be := c.backend()
	ix := pairIndex(testLocs[0])
	createEmpty(b, be.env, ix)
	rng := rand.New(rand.NewPCG(1, 1))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		vals := []types.Datum{types.Int(int64(rng.IntN(1000))), types.Text(fmt.Sprintf("value %d", rng.IntN(1<<20)))}
		if err := Insert(be.env, ix, vals, tidOf(i), nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkScanRange: range scans of 100 entries.
func BenchmarkScanRange(b *testing.B) {
	c := newCluster(b)
	be := c.backend()
	ix := intIndex(testLocs[0], false, false)
	var es []entry
	for i := 0; i < 100000; i++ {
		es = append(es, entry{vals: []types.Datum{types.Int(int64(i))}, tid: tidOf(i)})
	}
	buildFrom(b, be.env, ix, es)
	rng := rand.New(rand.NewPCG(1, 1))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		lo := int64(rng.IntN(99900))
		n := len(scanTIDs(b, be.env, ix, []ScanKey{{0, GreaterEqual, types.Int(lo)}, {0, Less, types.Int(lo + 100)}}, Forward))
		if n != 100 {
			b.Fatalf("%d entries", n)
		}
	}
}
