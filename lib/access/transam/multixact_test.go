// Multixact SLRUs: PostgreSQL's byte layout of pg_multixact/offsets and
// members, member sets read back across page boundaries by another
// process's view, redo of the WAL records into an empty data directory,
// pg_waldump's descriptions, and the range checks.

package transam

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func newMultiEnv(t *testing.T, dir string) (*testEnv, *fakeWAL) {
	t.Helper()
	if dir == "" {
		dir = t.TempDir()
	}
	for _, sub := range []string{"pg_multixact/offsets", "pg_multixact/members"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	e := newEnv(t, dir)
	w := &fakeWAL{}
	e.m.SetWAL(w)
	return e, w
}

// memberSets makes n member sets of one to five members with every
// status, xids distinct within a set and at most one updater.
func memberSets(n int) [][]MultiXactMember {
	sets := make([][]MultiXactMember, n)
	for i := range sets {
		k := 1 + i%5
		for j := 0; j < k; j++ {
			st := MultiXactStatus((i + j) % 4)
			if j == 0 && i%3 == 0 {
				st = MultiXactStatusNoKeyUpdate + MultiXactStatus(i%2)
			}
			sets[i] = append(sets[i], MultiXactMember{Xid: TransactionId(100 + 7*i + j), Status: st})
		}
	}
	return sets
}

func TestMultiXactLayoutAndReadBack(t *testing.T) {
	e, w := newMultiEnv(t, "")
	o, _ := e.backend(t)
	sets := memberSets(2500) // more than an offsets page, several members pages
	ids := make([]MultiXactId, len(sets))
	for i, s := range sets {
		id, err := e.m.MultiXactIdCreate(o, s[0].Xid, s)
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = id
	}
	if ids[0] != FirstMultiXactId || ids[len(ids)-1] != MultiXactId(len(sets)) {
		t.Fatalf("ids %d..%d", ids[0], ids[len(ids)-1])
	}
	// The same set again is the same multixact (the process's cache).
	last := len(sets) - 1
	if id, err := e.m.MultiXactIdCreate(o, sets[last][0].Xid, sets[last]); err != nil || id != ids[last] {
		t.Fatalf("same members: %d %v, want %d", id, err, ids[last])
	}
	next, nextOff := e.m.ReadNextMultiXactId(o)
	total := 0
	for _, s := range sets {
		total += len(s)
	}
	if next != MultiXactId(len(sets)+1) || nextOff != MultiXactOffset(total+1) {
		t.Fatalf("next %d offset %d, want %d %d", next, nextOff, len(sets)+1, total+1)
	}
	// Another process's view (an empty cache) reads every set from the
	// SLRU pages.
	other := AttachShared(e.seg)
	for i, id := range ids {
		got, err := other.GetMultiXactIdMembers(o, id)
		if err != nil || !slices.Equal(got, sets[i]) {
			t.Fatalf("multixact %d: %v %v, want %v", id, got, err, sets[i])
		}
	}
	// On disk after a checkpoint: offsets are 4 bytes per id; members in
	// groups of 4 status bytes and 4 xids (20 bytes, 409 per page).
	if err := e.m.CheckPointMultiXact(o); err != nil {
		t.Fatal(err)
	}
	offs, err := os.ReadFile(filepath.Join(e.dir, "pg_multixact", "offsets", "0000"))
	if err != nil {
		t.Fatal(err)
	}
	mems, err := os.ReadFile(filepath.Join(e.dir, "pg_multixact", "members", "0000"))
	if err != nil {
		t.Fatal(err)
	}
	off := MultiXactOffset(1)
	for i, id := range ids {
		if got := MultiXactOffset(binary.LittleEndian.Uint32(offs[4*id:])); got != off {
			t.Fatalf("offset of %d on disk: %d, want %d", id, got, off)
		}
		for _, mb := range sets[i] {
			page := int(off) / MultiXactMembersPerPage
			group := int(off) / 4 % 409
			pos := page*8192 + group*20
			if s := MultiXactStatus(mems[pos+int(off)%4]); s != mb.Status {
				t.Fatalf("status of member %d on disk: %d, want %d", off, s, mb.Status)
			}
			if x := TransactionId(binary.LittleEndian.Uint32(mems[pos+4+4*(int(off)%4):])); x != mb.Xid {
				t.Fatalf("xid of member %d on disk: %d, want %d", off, x, mb.Xid)
			}
			off++
		}
	}
	// One CREATE_ID per multixact, ZERO_OFF_PAGE for pages 0 and 1, a
	// ZERO_MEM_PAGE per members page.
	var creates, zeroOff, zeroMem int
	for _, r := range w.records(RmgrMultiXact) {
		switch r.info {
		case XLogMultiXactCreateID:
			creates++
		case XLogMultiXactZeroOffPage:
			zeroOff++
		case XLogMultiXactZeroMemPage:
			zeroMem++
		}
	}
	if creates != len(sets) || zeroOff != 2 || zeroMem != total/MultiXactMembersPerPage+1 {
		t.Fatalf("records: %d CREATE_ID, %d ZERO_OFF_PAGE, %d ZERO_MEM_PAGE", creates, zeroOff, zeroMem)
	}

	// Redo into an empty data directory rebuilds the same state.
	r, _ := newMultiEnv(t, "")
	ro, _ := r.backend(t)
	r.m.SetInRecovery(true)
	for _, rec := range w.records(RmgrMultiXact) {
		if err := r.m.RedoMultiXact(ro, rec.info, rec.data); err != nil {
			t.Fatalf("redo %s: %v", IdentifyMultiXact(rec.info), err)
		}
	}
	r.m.SetInRecovery(false)
	if err := r.m.TrimMultiXact(ro); err != nil {
		t.Fatal(err)
	}
	if n, no := r.m.ReadNextMultiXactId(ro); n != next || no != nextOff {
		t.Fatalf("after redo next %d offset %d, want %d %d", n, no, next, nextOff)
	}
	for i, id := range ids {
		got, err := AttachShared(r.seg).GetMultiXactIdMembers(ro, id)
		if err != nil || !slices.Equal(got, sets[i]) {
			t.Fatalf("after redo, multixact %d: %v %v", id, got, err)
		}
	}
	// The next multixact after redo follows on.
	if id, err := r.m.MultiXactIdCreate(ro, 9, []MultiXactMember{{Xid: 9, Status: MultiXactStatusForShare}, {Xid: 10, Status: MultiXactStatusForShare}}); err != nil || id != next {
		t.Fatalf("first multixact after redo: %d %v, want %d", id, err, next)
	}
}

func TestMultiXactRangeErrors(t *testing.T) {
	e, _ := newMultiEnv(t, "")
	o, _ := e.backend(t)
	if _, err := e.m.GetMultiXactIdMembers(o, 5); err == nil || err.Error() != "MultiXactId 5 has not been created yet -- apparent wraparound" {
		t.Fatalf("not yet created: %v", err)
	}
	if m, err := e.m.GetMultiXactIdMembers(o, InvalidMultiXactId); err != nil || m != nil {
		t.Fatalf("invalid id: %v %v", m, err)
	}
	if _, err := e.m.MultiXactIdCreate(o, 3, []MultiXactMember{{Xid: 3, Status: MultiXactStatusUpdate}, {Xid: 4, Status: MultiXactStatusNoKeyUpdate}}); err == nil {
		t.Fatal("a multixact with two updaters was created")
	}
	if !MultiXactIdPrecedes(0xFFFFFFF0, 5) || MultiXactIdPrecedes(5, 0xFFFFFFF0) {
		t.Fatal("MultiXactIdPrecedes does not wrap around")
	}
}

func TestMultiXactTruncate(t *testing.T) {
	e, w := newMultiEnv(t, "")
	o, _ := e.backend(t)
	sets := memberSets(5000)
	for _, s := range sets {
		if _, err := e.m.MultiXactIdCreate(o, s[0].Xid, s); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.m.CheckPointMultiXact(o); err != nil {
		t.Fatal(err)
	}
	// Keep from 4500 on: offsets page 0 (ids below 2048) and the members
	// pages wholly before 4500's members go.
	if err := e.m.TruncateMultiXact(o, 4500, 5); err != nil {
		t.Fatal(err)
	}
	if oldest, db := e.m.OldestMultiXact(o); oldest != 4500 || db != 5 {
		t.Fatalf("oldest %d %d", oldest, db)
	}
	recs := w.records(RmgrMultiXact)
	last := recs[len(recs)-1]
	if last.info != XLogMultiXactTruncateID || DescribeMultiXact(last.info, last.data)[:23] != "offsets [1, 4500), memb" {
		t.Fatalf("truncate record: %s %s", IdentifyMultiXact(last.info), DescribeMultiXact(last.info, last.data))
	}
	// Segments are 32 pages: nothing is wholly before, files stay; the
	// kept multixacts read back, the removed ones are errors.
	other := AttachShared(e.seg)
	if got, err := other.GetMultiXactIdMembers(o, 4999); err != nil || !slices.Equal(got, sets[4998]) {
		t.Fatalf("kept multixact: %v %v", got, err)
	}
	if _, err := other.GetMultiXactIdMembers(o, 4499); err == nil {
		t.Fatal("a truncated multixact was read")
	}
}

func TestDescribeMultiXact(t *testing.T) {
	create := encodeMultiCreate(1, 1, []MultiXactMember{{Xid: 4, Status: MultiXactStatusForShare}, {Xid: 5, Status: MultiXactStatusNoKeyUpdate}})
	for _, c := range []struct {
		info       uint8
		data       []byte
		name, desc string
	}{
		{XLogMultiXactZeroOffPage, le32(3), "ZERO_OFF_PAGE", "3"},
		{XLogMultiXactZeroMemPage, le32(0), "ZERO_MEM_PAGE", "0"},
		{XLogMultiXactCreateID, create, "CREATE_ID", "1 offset 1 nmembers 2: 4 (sh) 5 (nokeyupd) "},
		{XLogMultiXactTruncateID, multiTruncate{oldestMultiDB: 5, startOff: 1, endOff: 10, startMemb: 1, endMemb: 30}.encode(), "TRUNCATE_ID", "offsets [1, 10), members [1, 30)"},
	} {
		if n, d := IdentifyMultiXact(c.info), DescribeMultiXact(c.info, c.data); n != c.name || d != c.desc {
			t.Errorf("%#x: %q %q, want %q %q", c.info, n, d, c.name, c.desc)
		}
	}
}
