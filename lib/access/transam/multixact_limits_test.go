// Multixact wraparound limits: where warnings and the refusal start, the
// test hook's jump keeping older multixacts readable, and redo of a
// truncation record removing the segments and moving the oldest
// multixact in a server that crashed before truncating.

package transam

import (
	"errors"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestMultiXactLimits(t *testing.T) {
	e, _ := newMultiEnv(t, "")
	o, _ := e.backend(t)
	old := []MultiXactMember{{Xid: 100, Status: MultiXactStatusForShare}, {Xid: 101, Status: MultiXactStatusForShare}}
	first, err := e.m.MultiXactIdCreate(o, 100, old)
	if err != nil {
		t.Fatal(err)
	}
	if st := e.m.MultiXactWraparound(o); st != (MultiWraparoundState{}) {
		t.Fatalf("limits not set yet, state %+v", st)
	}
	e.m.SetMultiXactIdLimit(o, 1, 5, 10000)
	const wrap = 1 << 31 // oldest 1 + 2^31 - 1
	for _, c := range []struct {
		next            MultiXactId
		vac, warn, stop bool
		remaining       uint32
	}{
		{9000, false, false, false, 0},
		{10001, true, false, false, wrap - 10001},
		{wrap - 40000001, true, false, false, 40000001},
		{wrap - 40000000, true, true, false, 40000000},
		{wrap - 3000001, true, true, false, 3000001},
		{wrap - 3000000, true, true, true, 3000000},
	} {
		if _, err := e.m.SetNextMultiXactIdForTest(o, c.next); err != nil {
			t.Fatal(err)
		}
		st := e.m.MultiXactWraparound(o)
		if st.VacuumDue != c.vac || st.Warn != c.warn || st.Stop != c.stop || (c.vac && st.Remaining != c.remaining) || (c.vac && st.Database != 5) {
			t.Errorf("next %d: %+v, want vac %v warn %v stop %v remaining %d", c.next, st, c.vac, c.warn, c.stop, c.remaining)
		}
	}
	// Past the stop limit nothing is created; the multixact made before
	// the jumps still reads back.
	if _, err := e.m.MultiXactIdCreate(o, 200, []MultiXactMember{{Xid: 200, Status: MultiXactStatusForShare}, {Xid: 201, Status: MultiXactStatusForShare}}); err == nil ||
		!strings.Contains(err.Error(), "not accepting commands that generate new MultiXactIds") {
		t.Fatalf("past the stop limit: %v", err)
	}
	if got, err := AttachShared(e.seg).GetMultiXactIdMembers(o, first); err != nil || !slices.Equal(got, old) {
		t.Fatalf("multixact from before the jump: %v %v", got, err)
	}
	// A newer oldest datminmxid lifts the limits.
	e.m.SetMultiXactIdLimit(o, wrap-3000000, 5, 10000)
	if st := e.m.MultiXactWraparound(o); st.Stop || st.Warn || st.VacuumDue {
		t.Fatalf("after the oldest moved: %+v", st)
	}
	if _, err := e.m.MultiXactIdCreate(o, 200, []MultiXactMember{{Xid: 200, Status: MultiXactStatusForShare}, {Xid: 201, Status: MultiXactStatusForShare}}); err != nil {
		t.Fatal(err)
	}
	w := MultiWraparoundState{Remaining: 1}.WarnError(`database "d"`)
	if w.Message != `database "d" must be vacuumed before 1 more MultiXactId is used` {
		t.Fatalf("singular warning: %q", w.Message)
	}
}

// TestMultiXactTruncateRedo: a truncation logged and then lost with the
// server (the files still there) is done again by redo.
func TestMultiXactTruncateRedo(t *testing.T) {
	dir := t.TempDir()
	e, _ := newMultiEnv(t, dir)
	o, _ := e.backend(t)
	sets := memberSets(70000) // offsets pages 0..34: segment 0000 and 0001
	for _, s := range sets {
		if _, err := e.m.MultiXactIdCreate(o, s[0].Xid, s); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.m.CheckPointMultiXact(o); err != nil {
		t.Fatal(err)
	}
	seg0 := filepath.Join(dir, "pg_multixact", "offsets", "0000")
	if _, err := os.Stat(seg0); err != nil {
		t.Fatal(err)
	}
	// The record as TruncateMultiXact would log it, replayed into a
	// restarted server's view of the same directory.
	endOff, err := e.m.multiOffsetOf(o, 69000)
	if err != nil {
		t.Fatal(err)
	}
	rec := multiTruncate{oldestMultiDB: 5, startOff: 1, endOff: 69000, startMemb: 1, endMemb: endOff}
	r, _ := newMultiEnv(t, dir)
	ro, _ := r.backend(t)
	// As the engine's recovery: the SLRUs started before the counters
	// are known.
	if err := r.m.StartupMultiXact(ro); err != nil {
		t.Fatal(err)
	}
	r.m.SetInRecovery(true)
	if err := r.m.RedoMultiXact(ro, XLogMultiXactTruncateID, rec.encode()); err != nil {
		t.Fatal(err)
	}
	r.m.SetInRecovery(false)
	next, nextOff := e.m.ReadNextMultiXactId(o)
	r.m.MultiXactAdvanceNextMXact(ro, next, nextOff)
	if oldest, db := r.m.OldestMultiXact(ro); oldest != 69000 || db != 5 {
		t.Fatalf("oldest after redo: %d %d", oldest, db)
	}
	if _, err := os.Stat(seg0); !os.IsNotExist(err) {
		t.Fatalf("offsets segment 0000 after redo: %v", err)
	}
	if _, err := r.m.GetMultiXactIdMembers(ro, 100); err == nil {
		t.Fatal("a truncated multixact was read after redo")
	}
	if got, err := r.m.GetMultiXactIdMembers(ro, 69999); err != nil || !slices.Equal(got, sets[69998]) {
		t.Fatalf("kept multixact after redo: %v %v", got, err)
	}
}

// TestMultiXactMembersLimit: member space ends a segment before the
// oldest kept multixact's members; a multixact that would reach it is
// refused with PostgreSQL's message, a smaller one still fits.
func TestMultiXactMembersLimit(t *testing.T) {
	e, _ := newMultiEnv(t, "")
	o, _ := e.backend(t)
	two := []MultiXactMember{{Xid: 100, Status: MultiXactStatusForShare}, {Xid: 101, Status: MultiXactStatusForShare}}
	if _, err := e.m.MultiXactIdCreate(o, 100, two); err != nil {
		t.Fatal(err)
	}
	if w := e.m.MultiXactMembersWarning(o, 2); w != nil {
		t.Fatalf("members warning with the space unknown: %v", w)
	}
	// The oldest multixact's members start at offset 1: member space
	// ends a segment before offset 0's segment, wrapping around.
	var zero MultiXactOffset
	stop := zero - membersPerSegment
	e.m.SetMultiXactState(o, 2, stop-4, 1, 5)
	if err := e.m.zeroMultiPage(o, e.m.mxMembers, 0, XLogMultiXactZeroMemPage, offsetToMemberPage(stop-4)); err != nil {
		t.Fatal(err)
	}
	e.m.SetMultiXactIdLimit(o, 1, 5, 10000)
	if w := e.m.MultiXactMembersWarning(o, 3); w == nil || w.Message != "database with OID 5 must be vacuumed before 7 more multixact members are used" {
		t.Fatalf("members warning near the end: %v", w)
	}
	if _, err := e.m.MultiXactIdCreate(o, 102, []MultiXactMember{{Xid: 102, Status: MultiXactStatusForShare}, {Xid: 103, Status: MultiXactStatusForShare}, {Xid: 104, Status: MultiXactStatusForShare}}); err != nil {
		t.Fatalf("three members with four left: %v", err)
	}
	_, err := e.m.MultiXactIdCreate(o, 105, []MultiXactMember{{Xid: 105, Status: MultiXactStatusForShare}, {Xid: 106, Status: MultiXactStatusForShare}})
	var pe *pgerr.Error
	if !errors.As(err, &pe) || pe.Code != pgerr.ProgramLimitExceeded || pe.Message != `multixact "members" limit exceeded` ||
		pe.Detail != "This command would create a multixact with 2 members, but the remaining space is only enough for 0 members." {
		t.Fatalf("past member space: %v (%+v)", err, pe)
	}
}

// TestGetOldestMultiXactId: a transaction's first snapshot or xid
// records the next multixact; the oldest recorded holds VACUUM's oldest
// multixact back until the transaction ends (or, without an xid, its
// snapshot is released).
func TestGetOldestMultiXactId(t *testing.T) {
	e, _ := newMultiEnv(t, "")
	o, _ := e.backend(t)
	_, reader := e.backend(t)
	_, writer := e.backend(t)
	mk := func(x TransactionId) MultiXactId {
		t.Helper()
		id, err := e.m.MultiXactIdCreate(o, x, []MultiXactMember{{Xid: x, Status: MultiXactStatusForShare}, {Xid: x + 1, Status: MultiXactStatusForShare}})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	mk(100)
	if got, next := e.m.GetOldestMultiXactId(), MultiXactId(2); got != next {
		t.Fatalf("no transaction: %d, want next %d", got, next)
	}
	e.m.GetSnapshot(o, reader) // records 2
	xid, err := e.m.AssignTransactionId(o, writer)
	if err != nil {
		t.Fatal(err)
	}
	mk(200)
	mk(300)
	if got := e.m.GetOldestMultiXactId(); got != 2 {
		t.Fatalf("with a reader and a writer from multixact 2 on: %d", got)
	}
	e.m.ResetXmin(reader)
	if got := e.m.GetOldestMultiXactId(); got != 2 {
		t.Fatalf("the writer alone: %d", got)
	}
	e.m.ResetXmin(writer) // an xid keeps it
	if got := e.m.GetOldestMultiXactId(); got != 2 {
		t.Fatalf("the writer without snapshot: %d", got)
	}
	e.m.EndTransaction(o, writer, xid, true)
	if got := e.m.GetOldestMultiXactId(); got != 4 {
		t.Fatalf("after the writer ended: %d, want next 4", got)
	}
}
