// Tests of the TOAST table's index: every stored chunk gets an entry,
// values are read and deleted through it.

package heap

import (
	"strings"
	"testing"

	"github.com/gpostgres/gpostgres/lib/access/nbtree"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/smgr"
)

// withToastIndex gives b's test relation's TOAST table an index, built
// empty in a new file, and b's Env the B-tree access to keep it.
func withToastIndex(t *testing.T, c *cluster, b *backend) *nbtree.Index {
	t.Helper()
	loc := storage.RelFileLocator{Spc: storage.DefaultTablespace, DB: 5, Rel: 16386}
	m := smgr.New(c.dir, nil)
	if err := m.Create(loc, storage.MainFork, false); err != nil {
		t.Fatal(err)
	}
	m.CloseAll()
	b.env.Btree = &nbtree.Env{Pool: b.pool, Files: b.files, WAL: b.wal, Owner: b.owner}
	ix := ToastIndex(loc, 16386, "pg_toast_16384_index", b.rel.Toast.Name)
	build, err := nbtree.NewBuild(b.env.Btree, ix)
	if err != nil {
		t.Fatal(err)
	}
	if err := build.Finish(); err != nil {
		t.Fatal(err)
	}
	return ix
}

// indexEntries reads every entry of ix: (chunk_id, chunk_seq) by TID.
func indexEntries(t *testing.T, b *backend, ix *nbtree.Index) map[TID][2]int64 {
	t.Helper()
	sc, err := nbtree.BeginScan(b.env.Btree, ix, nil, nbtree.Forward)
	if err != nil {
		t.Fatal(err)
	}
	defer sc.Close()
	out := map[TID][2]int64{}
	for {
		tid, ok, err := sc.Next()
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			return out
		}
		vals, err := sc.Values()
		if err != nil {
			t.Fatal(err)
		}
		out[TID{Block: tid.Block, Offset: tid.Offset}] = [2]int64{vals[0].Int(), vals[1].Int()}
	}
}

func TestToastThroughIndex(t *testing.T) {
	c := newCluster(t)
	b := c.backend()
	ix := withToastIndex(t, c, b)
	b.rel.Toast.ChunkIndex = ix

	values := map[int]string{}
	tids := map[int]TID{}
	b.begin()
	for k, n := range []int{3000, 9000, 70000} {
		values[k] = randomText(n, uint64(k))
		tids[k] = b.insert(k, int64(n), values[k])
	}
	b.commit()

	// One entry per chunk, naming it.
	chunks := b.toastChunks(b.rel.Toast)
	entries := indexEntries(t, b, ix)
	n := 0
	for _, xmaxes := range chunks {
		n += len(xmaxes)
	}
	if len(chunks) != 3 || len(entries) != n {
		t.Fatalf("%d values in %d chunks, %d index entries", len(chunks), n, len(entries))
	}
	for tid, key := range entries {
		if _, ok := chunks[uint32(key[0])]; !ok {
			t.Fatalf("entry %v names value %d, not in the table", tid, key[0])
		}
	}
	b.begin()
	for _, r := range b.scanAll(b.snap()) {
		if r.s != values[r.k] {
			t.Fatalf("row %d reads back %d bytes, want %d", r.k, len(r.s), len(values[r.k]))
		}
	}
	b.commit()

	// A value whose chunks the index lacks cannot be read: values are
	// found through the index, not by scanning.
	b.rel.Toast.ChunkIndex = nil
	b.begin()
	b.insert(10, 1, randomText(20000, 10))
	b.commit()
	b.rel.Toast.ChunkIndex = ix
	b.begin()
	if _, err := scanRows(b.env, b.rel, b.snap()); err == nil || !strings.Contains(err.Error(), "missing chunk number 0") {
		t.Fatalf("value without index entries read: %v", err)
	}
	b.commit()

	// DELETE finds the chunks to delete through the index: all of one
	// value's, no other's.
	b.begin()
	before := b.toastChunks(b.rel.Toast)
	if res, _, err := Delete(ctx(), b.env, b.rel, tids[1], b.cur(), b.xid, b.cid, nil, true); err != nil || res != TMOk {
		t.Fatal(res, err)
	}
	xid := b.xid
	b.commit()
	var freed []uint32
	for id, xmaxes := range b.toastChunks(b.rel.Toast) {
		for i, xmax := range xmaxes {
			switch {
			case xmax == uint32(xid):
				if i == 0 {
					freed = append(freed, id)
				}
			case xmax != before[id][i]:
				t.Fatalf("value %d's chunk %d changed xmax to %d", id, i, xmax)
			case i > 0 && len(freed) > 0 && freed[len(freed)-1] == id:
				t.Fatalf("value %d only partly deleted", id)
			}
		}
	}
	if len(freed) != 1 {
		t.Fatalf("values deleted with row 1: %v", freed)
	}
}
