// Benchmarks: parallel inserts, and commits (insert + flush) showing how
// many commits share an fsync.

package xlog

import (
	"sync/atomic"
	"testing"
)

// BenchmarkInsert measures inserting 100-byte records (no flush) from
// parallel handles.
func BenchmarkInsert(b *testing.B) {
	c := newCluster(b, "wal_init_zero", "off", "fsync", "off")
	c.start()
	payload := make([]byte, 100)
	var n atomic.Int32
	ws := make([]*WAL, 64)
	for i := range ws {
		ws[i] = c.open(nil)
	}
	b.SetBytes(int64(len(payload) + RecordHeaderSize + 2))
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		w := ws[n.Add(1)-1]
		rb := NewRecord(RmgrXLOG, InfoNoop)
		for pb.Next() {
			rb.Reset(RmgrXLOG, InfoNoop)
			rb.SetMainData(payload)
			if _, err := w.Insert(rb); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkCommit measures insert + Flush (fdatasync) from parallel
// handles: the group commit path.
func BenchmarkCommit(b *testing.B) {
	c := newCluster(b, "wal_init_zero", "off")
	c.start()
	payload := make([]byte, 100)
	var n atomic.Int32
	ws := make([]*WAL, 256)
	for i := range ws {
		ws[i] = c.open(nil)
	}
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		w := ws[n.Add(1)-1]
		rb := NewRecord(RmgrXLOG, InfoNoop)
		for pb.Next() {
			rb.Reset(RmgrXLOG, InfoNoop)
			rb.SetMainData(payload)
			end, err := w.Insert(rb)
			if err != nil {
				b.Fatal(err)
			}
			if err := w.Flush(end); err != nil {
				b.Fatal(err)
			}
		}
	})
	st := ws[0].Stats()
	b.ReportMetric(float64(st.Sync)/float64(b.N), "fsyncs/op")
}
