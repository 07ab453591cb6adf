// Benchmarks of the hot paths: insert (with WAL), sequential scan,
// update, on a pool large enough to hold the table.

package heap

import (
	"fmt"
	"testing"
)

func BenchmarkInsert(b *testing.B) {
	c := newCluster(b, "shared_buffers", "32MB")
	be := c.backend()
	be.begin()
	i := 0
	for b.Loop() {
		if _, err := Insert(be.env, be.rel, row(i, int64(i), "a short text value"), be.xid, be.cid); err != nil {
			b.Fatal(err)
		}
		i++
	}
	be.commit()
}

func BenchmarkScan(b *testing.B) {
	c := newCluster(b, "shared_buffers", "32MB")
	be := c.backend()
	be.begin()
	const n = 10000
	for i := 0; i < n; i++ {
		be.insert(i, int64(i), fmt.Sprintf("text value %d", i))
	}
	be.commit()
	be.begin()
	snap := be.snap()
	be.scanAll(snap) // set hint bits
	b.ResetTimer()
	for b.Loop() {
		s := BeginScan(be.env, be.rel, snap)
		for {
			_, _, ok, err := s.Next()
			if err != nil {
				b.Fatal(err)
			}
			if !ok {
				break
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/row")
	be.commit()
}

func BenchmarkUpdate(b *testing.B) {
	c := newCluster(b, "shared_buffers", "32MB")
	be := c.backend()
	be.begin()
	tid := be.insert(1, 0, "counter")
	be.commit()
	be.begin()
	i := int64(0)
	for b.Loop() {
		res, _, ntid, err := Update(ctx(), be.env, be.rel, tid, row(1, i, "counter"), be.cur(), be.xid, be.cid, nil, true)
		if err != nil || res != TMOk {
			b.Fatal(res, err)
		}
		tid = ntid
		i++
		be.next()
	}
	be.commit()
}
