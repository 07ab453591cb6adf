// Visibility across snapshots and within a transaction (command ids,
// combo command ids), and hint bits.

package heap

import (
	"fmt"
	"slices"
	"testing"

	"github.com/gpostgres/gpostgres/lib/access/tuple"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/buffer"
	"github.com/gpostgres/gpostgres/lib/storage/page"
)

// infomaskAt reads t_infomask of the tuple at tid from the shared buffer.
func (b *backend) infomaskAt(tid TID) uint16 {
	b.t.Helper()
	buf, err := b.pool.ReadBuffer(b.rel.Locator, storage.MainFork, tid.Block)
	if err != nil {
		b.t.Fatal(err)
	}
	b.pool.LockBuffer(buf, buffer.Share)
	defer b.pool.UnlockRelease(buf)
	return tuple.Header(page.Page(b.pool.Page(buf)).Item(tid.Offset)).Infomask()
}

func (b *backend) headerAt(tid TID) tuple.Header {
	b.t.Helper()
	buf, err := b.pool.ReadBuffer(b.rel.Locator, storage.MainFork, tid.Block)
	if err != nil {
		b.t.Fatal(err)
	}
	b.pool.LockBuffer(buf, buffer.Share)
	defer b.pool.UnlockRelease(buf)
	return slices.Clone(tuple.Header(page.Page(b.pool.Page(buf)).Item(tid.Offset)))
}

func TestInsertVisibilityAcrossSnapshots(t *testing.T) {
	c := newCluster(t)
	a, o := c.backend(), c.backend()

	a.begin()
	var tids []TID
	for i := 1; i <= 5; i++ {
		tids = append(tids, a.insert(i, int64(i*10), fmt.Sprintf("row %d", i)))
	}
	if tids[0] != (TID{0, 1}) || tids[4] != (TID{0, 5}) {
		t.Fatalf("tids %v", tids)
	}
	// Inserted by the current command: not yet visible to it.
	if rows := a.scanAll(a.snap()); len(rows) != 0 {
		t.Fatalf("own command sees its insertions: %v", rows)
	}
	a.next()
	if rows := a.scanAll(a.snap()); len(rows) != 5 || rows[2].v != 30 || rows[2].s != "row 3" {
		t.Fatalf("own later command: %v", rows)
	}
	// Another transaction sees nothing uncommitted.
	o.begin()
	before := o.snap()
	if rows := o.scanAll(before); len(rows) != 0 {
		t.Fatalf("uncommitted rows visible to others: %v", rows)
	}
	a.commit()
	// A snapshot taken before the commit still does not see them...
	if rows := o.scanAll(before); len(rows) != 0 {
		t.Fatalf("commit visible to an older snapshot: %v", rows)
	}
	// ...a later one does, and hints XMIN_COMMITTED.
	if rows := o.scanAll(o.snap()); len(rows) != 5 {
		t.Fatalf("committed rows not visible: %v", rows)
	}
	if m := o.infomaskAt(tids[0]); m&tuple.XminCommitted == 0 || m&tuple.XmaxInvalid == 0 {
		t.Fatalf("hint bits after scan: %#x", m)
	}
	o.commit()

	// An aborted insert is invisible and gets XMIN_INVALID.
	a.begin()
	tid := a.insert(99, 0, "aborted")
	a.abort()
	o.begin()
	if rows := o.scanAll(o.snap()); len(rows) != 5 {
		t.Fatalf("aborted row visible: %v", rows)
	}
	if m := o.infomaskAt(tid); m&(tuple.XminCommitted|tuple.XminInvalid) != tuple.XminInvalid {
		t.Fatalf("aborted xmin not hinted invalid: %#x", m)
	}
	if _, ok, err := Fetch(o.env, o.rel, tid, o.snap()); ok || err != nil {
		t.Fatalf("Fetch of aborted row: %v %v", ok, err)
	}
	if vals, ok, err := Fetch(o.env, o.rel, tids[1], o.snap()); !ok || err != nil || vals[1].Int() != 20 {
		t.Fatalf("Fetch: %v %v %v", vals, ok, err)
	}
	// A TID beyond the line pointers is simply not visible.
	if _, ok, err := Fetch(o.env, o.rel, TID{0, 200}, o.snap()); ok || err != nil {
		t.Fatalf("Fetch of a missing line pointer: %v %v", ok, err)
	}
	o.commit()
}

func TestOwnChangesByCommandId(t *testing.T) {
	c := newCluster(t)
	a, o := c.backend(), c.backend()
	a.begin()
	tid := a.insert(1, 1, "v1") // cid 0
	a.next()
	snap1 := a.snap() // cid 1: sees v1
	res, _, tid2, err := Update(ctx(), a.env, a.rel, tid, row(1, 2, "v2"), a.cur(), a.xid, a.cid, nil, true)
	if err != nil || res != TMOk {
		t.Fatalf("update: %v %v", res, err)
	}
	// The old version was inserted and deleted by us: a combo cid.
	h := a.headerAt(tid)
	if h.Infomask()&tuple.ComboCid == 0 || a.env.cmin(h) != 0 || a.env.cmax(h) != 1 {
		t.Fatalf("combo cid: infomask %#x cmin %d cmax %d", h.Infomask(), a.env.cmin(h), a.env.cmax(h))
	}
	if nh := a.headerAt(tid2); nh.Infomask()&tuple.Updated == 0 || ctid(h) != tid2 || ctid(nh) != tid2 {
		t.Fatalf("new version: infomask %#x old ctid %v new ctid %v", nh.Infomask(), ctid(h), ctid(nh))
	}
	// Command 1's snapshot still sees v1, not v2 (made by command 1).
	if rows := a.scanAll(snap1); len(rows) != 1 || rows[0].s != "v1" {
		t.Fatalf("cid 1 after its own update: %v", rows)
	}
	a.next()
	if rows := a.scanAll(a.snap()); len(rows) != 1 || rows[0].s != "v2" {
		t.Fatalf("cid 2: %v", rows)
	}
	// Updating v1 again in command 2: it was changed by an earlier
	// command of ours, so it is invisible to us now.
	if _, _, _, err := Update(ctx(), a.env, a.rel, tid, row(1, 3, "v3"), a.cur(), a.xid, a.cid, nil, true); err == nil ||
		err.Error() != "attempted to update invisible tuple" {
		t.Fatalf("update of own dead version: %v", err)
	}
	// v2 is invisible to the command that made it.
	if _, _, err := Delete(ctx(), a.env, a.rel, tid2, a.cur(), a.xid, 1, nil, true); err == nil ||
		err.Error() != "attempted to delete invisible tuple" {
		t.Fatalf("delete by the command that made it: %v", err)
	}
	res, _, err = Delete(ctx(), a.env, a.rel, tid2, a.cur(), a.xid, a.cid, nil, true)
	if err != nil || res != TMOk {
		t.Fatalf("delete: %v %v", res, err)
	}
	// Deleting it again in the same command: TMSelfModified, with the
	// command that deleted it.
	res, fd, err := Delete(ctx(), a.env, a.rel, tid2, a.cur(), a.xid, a.cid, nil, true)
	if err != nil || res != TMSelfModified || fd.Cmax != a.cid || fd.Xmax != a.xid {
		t.Fatalf("second delete: %v %+v %v", res, fd, err)
	}
	// The tuple was inserted and deleted by us in commands 1 and 2: a
	// second combo cid.
	if h := a.headerAt(tid2); h.Infomask()&tuple.ComboCid == 0 || a.env.cmin(h) != 1 || a.env.cmax(h) != 2 {
		t.Fatalf("combo cid of v2: %#x", h.Infomask())
	}
	if rows := a.scanAll(a.snap()); len(rows) != 1 {
		t.Fatalf("deleted by the current command but still visible to it? %v", rows)
	}
	a.next()
	if rows := a.scanAll(a.snap()); len(rows) != 0 {
		t.Fatalf("after delete: %v", rows)
	}
	o.begin()
	if rows := o.scanAll(o.snap()); len(rows) != 0 {
		t.Fatalf("other transaction: %v", rows)
	}
	a.commit()
	if rows := o.scanAll(o.snap()); len(rows) != 0 {
		t.Fatalf("after commit: %v", rows)
	}
	o.commit()
	if a.env.combo.pairs != nil && len(a.env.combo.pairs) != 0 {
		t.Fatal("combo cids survive the transaction")
	}
}

func TestDeleteVisibility(t *testing.T) {
	c := newCluster(t)
	a, o := c.backend(), c.backend()
	a.begin()
	tids := []TID{a.insert(1, 1, "a"), a.insert(2, 2, "b"), a.insert(3, 3, "c")}
	a.commit()

	a.begin()
	if res, _, err := Delete(ctx(), a.env, a.rel, tids[1], a.cur(), a.xid, a.cid, nil, true); err != nil || res != TMOk {
		t.Fatalf("delete: %v %v", res, err)
	}
	o.begin()
	old := o.snap()
	// A running deleter does not hide the row from others.
	if ks := keysOf(o.scanAll(old)); !slices.Equal(ks, []int{1, 2, 3}) {
		t.Fatalf("others during delete: %v", ks)
	}
	h := a.headerAt(tids[1])
	if rawXmax(h) != a.xid || h.Infomask()&tuple.XmaxInvalid != 0 || h.Infomask2()&tuple.KeysUpdated == 0 || ctid(h) != tids[1] {
		t.Fatalf("deleted header: xmax %d infomask %#x infomask2 %#x ctid %v", h.Xmax(), h.Infomask(), h.Infomask2(), ctid(h))
	}
	a.commit()
	if ks := keysOf(o.scanAll(old)); !slices.Equal(ks, []int{1, 2, 3}) {
		t.Fatalf("older snapshot after the delete committed: %v", ks)
	}
	if ks := keysOf(o.scanAll(o.snap())); !slices.Equal(ks, []int{1, 3}) {
		t.Fatalf("new snapshot: %v", ks)
	}
	if m := o.infomaskAt(tids[1]); m&tuple.XmaxCommitted == 0 {
		t.Fatalf("XMAX_COMMITTED not hinted: %#x", m)
	}
	o.commit()

	// A rolled back delete leaves the row, and hints XMAX_INVALID.
	a.begin()
	if res, _, err := Delete(ctx(), a.env, a.rel, tids[0], a.cur(), a.xid, a.cid, nil, true); err != nil || res != TMOk {
		t.Fatalf("delete: %v %v", res, err)
	}
	a.abort()
	o.begin()
	if ks := keysOf(o.scanAll(o.snap())); !slices.Equal(ks, []int{1, 3}) {
		t.Fatalf("after rolled back delete: %v", ks)
	}
	if m := o.infomaskAt(tids[0]); m&tuple.XmaxInvalid == 0 {
		t.Fatalf("XMAX_INVALID not hinted: %#x", m)
	}
	o.commit()
}

// With synchronous_commit off the commit record may not be flushed: a
// reader sees the row (the commit log says committed) but must not set
// XMIN_COMMITTED until WAL is flushed past the commit.
func TestHintBitsWaitForAsyncCommitFlush(t *testing.T) {
	c := newCluster(t)
	a, o := c.backend(), c.backend()
	a.begin()
	tid := a.insert(1, 1, "async")
	lsn, err := a.xact.CommitTransaction(a.owner, a.idx, a.xid, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	a.endXact()
	if !a.wal.NeedsFlush(lsn) {
		t.Skip("commit record already flushed")
	}
	o.begin()
	if rows := o.scanAll(o.snap()); len(rows) != 1 {
		t.Fatalf("async commit not visible: %v", rows)
	}
	if m := o.infomaskAt(tid); m&tuple.XminCommitted != 0 {
		t.Fatalf("XMIN_COMMITTED set before the commit record is flushed: %#x", m)
	}
	if err := o.wal.Flush(lsn); err != nil {
		t.Fatal(err)
	}
	if rows := o.scanAll(o.snap()); len(rows) != 1 {
		t.Fatalf("row lost: %v", rows)
	}
	if m := o.infomaskAt(tid); m&tuple.XminCommitted == 0 {
		t.Fatalf("XMIN_COMMITTED not set after the flush: %#x", m)
	}
	o.commit()
}

func TestManyRowsManyPages(t *testing.T) {
	c := newCluster(t)
	a := c.backend()
	a.begin()
	const n = 3000
	for i := 0; i < n; i++ {
		a.insert(i, int64(i), fmt.Sprintf("%0100d", i))
	}
	a.commit()
	nb, err := a.files.NBlocks(testLoc, storage.MainFork)
	if err != nil || nb < 40 {
		t.Fatalf("blocks %d %v", nb, err)
	}
	a.begin()
	rows := a.scanAll(a.snap())
	if len(rows) != n {
		t.Fatalf("%d rows", len(rows))
	}
	for i, r := range rows {
		if r.k != i || r.v != int64(i) || r.s != fmt.Sprintf("%0100d", i) {
			t.Fatalf("row %d: %v", i, r)
		}
	}
	// Update every row: the new versions go to other pages.
	for _, r := range rows {
		res, _, _, err := Update(ctx(), a.env, a.rel, r.tid, row(r.k, r.v+1, r.s), a.cur(), a.xid, a.cid, nil, true)
		if err != nil || res != TMOk {
			t.Fatalf("update %v: %v %v", r, res, err)
		}
	}
	a.commit()
	a.begin()
	rows = a.scanAll(a.snap())
	if len(rows) != n {
		t.Fatalf("%d rows after update", len(rows))
	}
	for i, r := range rows {
		if r.k != i || r.v != int64(i)+1 {
			t.Fatalf("row %d after update: %v", i, r)
		}
	}
	a.commit()
}

// Without a WAL (bootstrap) changes are made but not logged: pages keep
// LSN 0.
func TestWithoutWAL(t *testing.T) {
	c := newCluster(t)
	a := c.backend()
	a.env.WAL = nil
	start := c.wal.InsertEndLSN()
	a.begin()
	tid := a.insert(1, 1, "no wal")
	a.next()
	res, _, tid2, err := Update(ctx(), a.env, a.rel, tid, row(1, 2, randomText(30000, 5)), a.cur(), a.xid, a.cid, nil, true)
	if err != nil || res != TMOk {
		t.Fatal(res, err)
	}
	a.next()
	if rows := a.scanAll(a.snap()); len(rows) != 1 || rows[0].tid != tid2 || rows[0].v != 2 {
		t.Fatalf("rows %v", rows)
	}
	for _, p := range a.pages(testLoc) {
		if p.LSN() != 0 {
			t.Fatalf("page LSN %v without WAL", p.LSN())
		}
	}
	a.commit()
	// Only the commit (and OID) records were written, by transam.
	for _, rec := range readRecords(t, c.dir, start) {
		if rec.Rmid() == 10 {
			t.Fatalf("heap record %s written without a WAL", Identify(rec.Info()))
		}
	}
}

// TestAbortSpeculative: a row its own transaction takes back at once is
// seen by nobody, neither that transaction nor another, before or after
// the commit, and blocks no uniqueness check.
func TestAbortSpeculative(t *testing.T) {
	c := newCluster(t)
	a, o := c.backend(), c.backend()
	a.begin()
	keep := a.insert(1, 10, "kept")
	gone := a.insert(2, 20, "taken back")
	o.begin()
	if err := AbortSpeculative(o.env, o.rel, gone, o.cur(), o.xid, o.cid); err == nil {
		t.Fatal("another transaction took back a row it did not insert")
	}
	if err := AbortSpeculative(a.env, a.rel, gone, a.cur(), a.xid, a.cid); err != nil {
		t.Fatal(err)
	}
	a.next()
	if rows := a.scanAll(a.snap()); len(rows) != 1 || rows[0].k != 1 {
		t.Fatalf("own later command sees %v", rows)
	}
	if st, _, err := CheckUnique(o.env, o.rel, gone, o.cur(), nil); err != nil || st != UniqueDead {
		t.Fatalf("uniqueness check of the row taken back: %v %v", st, err)
	}
	if st, xid, err := CheckUnique(o.env, o.rel, keep, o.cur(), nil); err != nil || st != UniqueInProgress || xid != a.xid {
		t.Fatalf("uniqueness check of the row kept: %v %v %v", st, xid, err)
	}
	a.commit()
	o.commit()
	o.begin()
	if rows := o.scanAll(o.snap()); len(rows) != 1 || rows[0].k != 1 {
		t.Fatalf("after commit another transaction sees %v", rows)
	}
	o.commit()
}
