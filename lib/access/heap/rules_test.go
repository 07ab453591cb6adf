// HeapTupleSatisfiesMVCC and HeapTupleSatisfiesUpdate on crafted tuple
// headers: every branch of the rules, with real committed, aborted and
// running transactions in the commit log and proc array.

package heap

import (
	"testing"

	"github.com/gpostgres/gpostgres/lib/access/transam"
	"github.com/gpostgres/gpostgres/lib/access/tuple"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/buffer"
	"github.com/gpostgres/gpostgres/lib/storage/page"
)

type craft struct {
	name       string
	xmin, xmax transam.TransactionId
	mask       uint16
	cid        CommandId
	combo      [2]CommandId // cmin, cmax when ComboCid is in mask
	updated    bool         // t_ctid points elsewhere
	visible    bool         // to the snapshot
	update     TMResult     // for the current command
	hint       uint16       // hint bits expected afterwards
}

func TestVisibilityRules(t *testing.T) {
	c := newCluster(t)
	me, other, runner := c.backend(), c.backend(), c.backend()

	xact := func(commit bool) transam.TransactionId {
		other.begin()
		x := other.xid
		if commit {
			other.commit()
		} else {
			other.abort()
		}
		return x
	}
	committed, aborted, committedLate := xact(true), xact(false), xact(true)
	runner.begin()
	running := runner.xid
	me.begin()
	me.cid = 5
	tid := me.insert(1, 1, "crafted")
	// The snapshot: committedLate and running were running when it was taken.
	snap := &Snapshot{
		Snapshot: &transam.Snapshot{Xmin: committedLate, Xmax: me.xid + 1, Xip: []transam.TransactionId{committedLate, running}},
		Cur:      me.cur(), CurCid: 5,
	}
	const (
		inv   = tuple.XmaxInvalid
		xminC = tuple.XminCommitted
		xmaxC = tuple.XmaxCommitted
		lock  = tuple.XmaxLockOnly | tuple.XmaxExclLock
	)
	frozen := transam.FrozenTransactionId
	cases := []craft{
		{name: "committed", xmin: committed, mask: inv, visible: true, update: TMOk, hint: xminC},
		{name: "aborted inserter", xmin: aborted, mask: inv, update: TMInvisible, hint: tuple.XminInvalid},
		{name: "running inserter", xmin: running, mask: inv, update: TMInvisible},
		{name: "committed after the snapshot", xmin: committedLate, mask: inv, update: TMOk},
		{name: "hinted but in the snapshot", xmin: committedLate, mask: inv | xminC, update: TMOk},
		{name: "frozen", xmin: frozen, mask: inv | tuple.XminFrozen, visible: true, update: TMOk},
		{name: "deleter running", xmin: committed, xmax: running, visible: true, update: TMBeingModified, hint: xminC},
		{name: "deleter committed", xmin: committed, xmax: committed, visible: false, update: TMDeleted, hint: xminC | xmaxC},
		{name: "updater committed", xmin: committed, xmax: committed, updated: true, update: TMUpdated, hint: xminC | xmaxC},
		{name: "deleter committed after the snapshot", xmin: committed, xmax: committedLate, visible: true, update: TMDeleted, hint: xminC},
		{name: "deleter hinted, in the snapshot", xmin: committed, xmax: committedLate, mask: xminC | xmaxC, visible: true, update: TMDeleted},
		{name: "deleter aborted", xmin: committed, xmax: aborted, visible: true, update: TMOk, hint: xminC | inv},
		{name: "locked by a running transaction", xmin: committed, xmax: running, mask: lock, visible: true, update: TMBeingModified, hint: xminC},
		{name: "locked by a committed transaction", xmin: committed, xmax: committed, mask: lock, visible: true, update: TMOk, hint: xminC},
		{name: "own, earlier command", xmin: me.xid, mask: inv, cid: 3, visible: true, update: TMOk},
		{name: "own, this command", xmin: me.xid, mask: inv, cid: 5, update: TMInvisible},
		{name: "own, later command", xmin: me.xid, mask: inv, cid: 7, update: TMInvisible},
		{name: "own, deleted by an earlier command", xmin: me.xid, xmax: me.xid, mask: tuple.ComboCid, combo: [2]CommandId{2, 4}, update: TMInvisible},
		{name: "own, deleted by this command", xmin: me.xid, xmax: me.xid, mask: tuple.ComboCid, combo: [2]CommandId{2, 5}, visible: true, update: TMSelfModified},
		{name: "own, deleted by a later command", xmin: me.xid, xmax: me.xid, mask: tuple.ComboCid, combo: [2]CommandId{2, 6}, visible: true, update: TMSelfModified},
		{name: "own, locked by us", xmin: me.xid, xmax: me.xid, mask: lock, cid: 1, visible: true, update: TMBeingModified},
		{name: "own, deleter not us", xmin: me.xid, xmax: aborted, cid: 1, visible: true, update: TMOk, hint: inv},
		{name: "committed, deleted by us earlier", xmin: committed, xmax: me.xid, mask: xminC, cid: 4, update: TMInvisible},
		{name: "committed, deleted by us now", xmin: committed, xmax: me.xid, mask: xminC, cid: 5, visible: true, update: TMSelfModified},
		{name: "committed, locked by us", xmin: committed, xmax: me.xid, mask: xminC | lock, visible: true, update: TMBeingModified},
	}
	buf, err := me.pool.ReadBuffer(testLoc, storage.MainFork, tid.Block)
	if err != nil {
		t.Fatal(err)
	}
	defer me.pool.Release(buf)
	p := page.Page(me.pool.Page(buf))
	h := tuple.Header(p.Item(tid.Offset))
	for _, tc := range cases {
		for _, check := range []string{"mvcc", "update"} {
			me.pool.LockBuffer(buf, buffer.Exclusive)
			h.SetXmin(uint32(tc.xmin))
			h.SetXmax(uint32(tc.xmax))
			h.SetInfomask(h.Infomask()&^heapXactMask | tc.mask)
			h.SetCid(uint32(tc.cid))
			if tc.mask&tuple.ComboCid != 0 {
				h.SetCid(uint32(me.env.combo.get(tc.combo[0], tc.combo[1])))
			}
			self := tid
			if tc.updated {
				setCtid(h, TID{Block: 7, Offset: 7})
			} else {
				setCtid(h, self)
			}
			me.pool.LockBuffer(buf, buffer.Unlock)
			me.pool.LockBuffer(buf, buffer.Share)
			if check == "mvcc" {
				visible, err := me.env.satisfiesMVCC(h, buf, snap)
				if err != nil || visible != tc.visible {
					t.Errorf("%s: visible %v, want %v (%v)", tc.name, visible, tc.visible, err)
				}
			} else {
				res, err := me.env.satisfiesUpdate(h, self, buf, me.cur(), 5)
				if err != nil || res != tc.update {
					t.Errorf("%s: satisfiesUpdate %v, want %v (%v)", tc.name, res, tc.update, err)
				}
			}
			const hints = tuple.XminCommitted | tuple.XminInvalid | tuple.XmaxCommitted | tuple.XmaxInvalid
			if got := h.Infomask() & hints &^ tc.mask; check == "mvcc" && got != tc.hint&^tc.mask {
				t.Errorf("%s: hint bits %#x, want %#x", tc.name, got, tc.hint&^tc.mask)
			}
			me.pool.LockBuffer(buf, buffer.Unlock)
		}
	}
	runner.commit()
}
