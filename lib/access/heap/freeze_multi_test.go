// Freezing a multixact xmax (FreezeMultiXactId's rules): a multixact
// older than the cutoff loses the members that no longer matter — to a
// smaller multixact, to its updater's plain xid, or to nothing — and a
// newer one is kept, holding back relfrozenxid and relminmxid.

package heap

import (
	"slices"
	"testing"

	"github.com/gpostgres/gpostgres/lib/access/transam"
	"github.com/gpostgres/gpostgres/lib/access/tuple"
	"github.com/gpostgres/gpostgres/lib/storage/page"
)

func TestFreezeMultiXact(t *testing.T) {
	c := newCluster(t)
	a, b, u, v := c.backend(), c.backend(), c.backend(), c.backend()
	a.begin()
	t1 := a.insert(1, 1, "x")
	t2 := a.insert(2, 2, "y")
	a.commit()

	// t1: a and b share-lock it; b ends, a still runs.
	a.begin()
	b.begin()
	for _, x := range []*backend{a, b} {
		if lr, err := x.lock(t1, LockTupleShare, LockWaitBlock); err != nil || lr.Result != TMOk {
			t.Fatalf("FOR SHARE: %+v %v", lr, err)
		}
	}
	b.commit()
	// t2: u key-share-locks it, v updates a non-key column (a multixact
	// of a locker and an updater); both commit.
	u.begin()
	v.begin()
	if lr, err := u.lock(t2, LockTupleKeyShare, LockWaitBlock); err != nil || lr.Result != TMOk {
		t.Fatalf("FOR KEY SHARE: %+v %v", lr, err)
	}
	v.rel.KeyAttrs = []int{0}
	res := <-v.updateAsync(ctx(), t2, []any{2, int64(3), "z"})
	if res.err != nil || res.res != TMOk {
		t.Fatalf("update beside the key-share lock: %+v", res)
	}
	updater := v.xid
	u.commit()
	v.commit()

	h1, h2 := a.headerAt(t1), a.headerAt(t2)
	m1 := transam.MultiXactId(h1.Xmax())
	if h1.Infomask()&tuple.XmaxIsMulti == 0 || h2.Infomask()&tuple.XmaxIsMulti == 0 {
		t.Fatalf("xmax not multixacts: %#x %#x", h1.Infomask(), h2.Infomask())
	}
	next, _ := a.xact.ReadNextMultiXactId(a.owner)
	horizon := a.xact.ReadNextFullTransactionId().Xid()
	env := a.env
	freeze := func(h tuple.Header, cut VacuumCutoffs) (freezePlan, bool, freezeTrack) {
		t.Helper()
		track := freezeTrack{xid: cut.Horizon, multi: cut.OldestMxact}
		plan, changed, _, err := env.prepareFreeze(h, page.FirstOffset, cut, &track)
		if err != nil {
			t.Fatal(err)
		}
		return plan, changed, track
	}

	// Cutoffs that keep both: nothing changes, and the multixacts and
	// their members' xids bound the new relminmxid and relfrozenxid.
	keep := VacuumCutoffs{Horizon: horizon, FreezeLimit: transam.FirstNormalTransactionId, MultiCutoff: transam.FirstMultiXactId, OldestMxact: next}
	if _, changed, track := freeze(h1, keep); changed || track.multi != m1 || track.xid != rawXmin(h1) {
		t.Fatalf("kept running multixact: changed %v, track %+v (multi %d, xmin %d)", changed, track, m1, rawXmin(h1))
	}
	// With the inserter's xid frozen, the members' are the oldest left.
	keepXmin := keep
	keepXmin.FreezeLimit = rawXmin(h1) + 1
	if _, _, track := freeze(h1, keepXmin); track.xid != a.xid {
		t.Fatalf("oldest xid kept with the multixact: %d, want member %d", track.xid, a.xid)
	}

	// Every multixact older than the cutoff. t1: a still runs, b is
	// over: a new multixact of a alone, still a share lock.
	all := VacuumCutoffs{Horizon: horizon, FreezeLimit: horizon, MultiCutoff: next, OldestMxact: next}
	plan, changed, _ := freeze(h1, all)
	if !changed || plan.infomask&tuple.XmaxIsMulti == 0 || transam.MultiXactId(plan.xmax) == m1 {
		t.Fatalf("t1 plan %+v changed %v", plan, changed)
	}
	got, err := a.xact.GetMultiXactIdMembers(a.owner, transam.MultiXactId(plan.xmax))
	if err != nil || !slices.Equal(got, []transam.MultiXactMember{{Xid: a.xid, Status: transam.MultiXactStatusForShare}}) {
		t.Fatalf("t1's new multixact: %v %v", got, err)
	}
	if plan.infomask&heapLockMask != heapXmaxShrLock || plan.infomask&tuple.XmaxLockOnly == 0 {
		t.Fatalf("t1's new infomask %#x", plan.infomask)
	}
	// t2's old version: the locker is over, the updater committed (after
	// the xid cutoff, else the version would be dead to all): its xid
	// alone, an update (no lock bits).
	upd := all
	upd.FreezeLimit = updater
	plan, changed, _ = freeze(h2, upd)
	if !changed || plan.infomask&tuple.XmaxIsMulti != 0 || transam.TransactionId(plan.xmax) != updater ||
		plan.infomask&(tuple.XmaxLockOnly|heapLockMask) != 0 {
		t.Fatalf("t2 plan %+v (updater %d)", plan, updater)
	}
	// An updater older than the xid cutoff that committed: the version
	// is dead to all and cannot be frozen (PostgreSQL's error).
	if _, _, _, err := env.prepareFreeze(h2, page.FirstOffset, all, &freezeTrack{xid: horizon, multi: next}); err == nil {
		t.Fatal("a committed updater before the cutoff was frozen")
	}
	// Once a is over too, t1's multixact is worth nothing: cleared.
	a.commit()
	plan, changed, _ = freeze(h1, all)
	if !changed || plan.xmax != 0 || plan.infomask&tuple.XmaxInvalid == 0 || plan.infomask&tuple.XmaxIsMulti != 0 {
		t.Fatalf("t1 plan after a ended %+v", plan)
	}
	// The same without the cutoff: a lock-only multixact whose lockers
	// are all over goes even when it is newer (as PostgreSQL's lookup
	// answers no members for it).
	if plan, changed, _ = freeze(h1, keep); !changed || plan.xmax != 0 {
		t.Fatalf("t1 plan with the low cutoff after a ended %+v", plan)
	}
}
