package async

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/shmem"
)

// testRing and testMax are the queue's sizes in tests: a ring eight times
// smaller than the queue, so that a lagging listener reads most of what
// it missed back from pg_notify/.
const testRing, testMax = 1 << 20, 8 << 20

func newQueue(t *testing.T, nprocs int) *Queue {
	t.Helper()
	_, _, total := layout(nprocs, testRing)
	seg, err := shmem.Create(int64(total) + 4096)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { seg.Close() })
	q, err := create(seg, nprocs, t.TempDir(), testRing, testMax)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func owner(pid int32) *shmem.Owner { return &shmem.Owner{Pid: pid} }

// received reads everything s has for its channels.
func received(t *testing.T, s *Session) []string {
	t.Helper()
	var got []string
	if err := s.Receive(func(n Notification) error {
		got = append(got, fmt.Sprintf("%s:%s:%d", n.Channel, n.Payload, n.SenderPid))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return got
}

// commit runs a session's commit protocol as lib/backend does.
func commit(t *testing.T, s *Session) ([]int32, error) {
	t.Helper()
	return commitWarned(t, s, nil)
}

func commitWarned(t *testing.T, s *Session, warn func(*pgerr.Error)) ([]int32, error) {
	t.Helper()
	if err := s.PreCommit(warn); err != nil {
		s.AtEnd()
		return nil, err
	}
	wake := s.AtCommit()
	s.AtEnd()
	return wake, nil
}

func mustCommit(t *testing.T, s *Session) []int32 {
	t.Helper()
	wake, err := commit(t, s)
	if err != nil {
		t.Fatal(err)
	}
	return wake
}

func TestDeliveryDedupAndWakeups(t *testing.T) {
	q := newQueue(t, 4)
	a := NewSession(q, owner(100), 0, 5)
	b := NewSession(q, owner(101), 1, 5)
	foreign := NewSession(q, owner(102), 2, 6)

	a.Listen("c")
	foreign.Listen("c")
	mustCommit(t, a)
	mustCommit(t, foreign)

	// Duplicates within a transaction are dropped; order is kept.
	for _, p := range []string{"x", "y", "x", "x", "z", "y"} {
		if err := b.Notify("c", p); err != nil {
			t.Fatal(err)
		}
	}
	b.Notify("unheard", "w")
	wake := mustCommit(t, b)
	// a is woken; the listener of database 6, which had read
	// everything, is moved past the entries instead.
	if !slices.Equal(wake, []int32{100}) {
		t.Errorf("woken %v, want [100]", wake)
	}
	if foreign.HasIncoming() {
		t.Error("a listener of another database has entries to read")
	}
	if got, want := received(t, a), []string{"c:x:101", "c:y:101", "c:z:101"}; !slices.Equal(got, want) {
		t.Errorf("received %v, want %v", got, want)
	}
	if a.HasIncoming() || a.Usage() != 0 {
		t.Errorf("after reading: incoming %v, usage %g", a.HasIncoming(), a.Usage())
	}

	// A rolled-back transaction queues nothing; a savepoint rollback
	// forgets what came after its mark, and the duplicate check with it.
	b.Notify("c", "gone")
	b.AtEnd()
	b.Notify("c", "kept")
	m := b.Mark()
	b.Notify("c", "sub")
	b.Listen("c")
	b.RollbackTo(m)
	b.Notify("c", "sub")
	mustCommit(t, b)
	if got, want := received(t, a), []string{"c:kept:101", "c:sub:101"}; !slices.Equal(got, want) {
		t.Errorf("received %v, want %v", got, want)
	}
	if len(b.Channels()) != 0 {
		t.Errorf("a rolled-back LISTEN took effect: %v", b.Channels())
	}

	// The sender listening to the channel reads its own notification.
	b.Listen("c")
	b.Notify("c", "self")
	mustCommit(t, b)
	if got := received(t, b); !slices.Equal(got, []string{"c:self:101"}) {
		t.Errorf("sender received %v", got)
	}
	received(t, a)

	// UNLISTEN *: nothing more arrives, and the backend leaves the queue.
	a.UnlistenAll()
	mustCommit(t, a)
	b.Notify("c", "after")
	mustCommit(t, b)
	if got := received(t, a); len(got) != 0 || a.registered {
		t.Errorf("after UNLISTEN *: received %v, registered %v", got, a.registered)
	}
	received(t, b)
	if u := a.Usage(); u != 0 {
		t.Errorf("usage %g after every listener read", u)
	}
}

func TestQueueFullWrapAndDetach(t *testing.T) {
	q := newQueue(t, 3)
	reader := NewSession(q, owner(200), 0, 5)
	lagging := NewSession(q, owner(201), 1, 5)
	sender := NewSession(q, owner(202), 2, 5)
	reader.Listen("c")
	lagging.Listen("c")
	mustCommit(t, reader)
	mustCommit(t, lagging)

	payload := strings.Repeat("p", MaxPayload)
	perEntry := EntrySize("c", payload)
	perTxn := 100
	fits := testMax / (perEntry * uint64(perTxn))
	sent := 0
	var warnings []*pgerr.Error
	for round := 0; ; round++ {
		for i := 0; i < perTxn; i++ {
			sender.Notify("c", fmt.Sprintf("%d.%d.%s", round, i, payload[:MaxPayload-10]))
		}
		_, err := commitWarned(t, sender, func(e *pgerr.Error) { warnings = append(warnings, e) })
		if err != nil {
			if e := pgerr.As(err); e.Code != pgerr.ProgramLimitExceeded || e.Message != "too many notifications in the NOTIFY queue" {
				t.Fatalf("queue full: %v", err)
			}
			break
		}
		sent++
		// reader keeps up; lagging does not read.
		if got := received(t, reader); len(got) != perTxn {
			t.Fatalf("round %d: reader got %d", round, len(got))
		}
		if round > 100 {
			t.Fatal("the queue never filled")
		}
	}
	if uint64(sent) != fits {
		t.Errorf("%d transactions fit, want %d", sent, fits)
	}
	// Past half full, one WARNING (the next would come 5 s later) names
	// the listener holding the queue back.
	if len(warnings) != 1 {
		t.Fatalf("%d fill warnings, want 1", len(warnings))
	}
	if w := warnings[0]; w.Severity != pgerr.SeverityWarning || w.Message != "NOTIFY queue is 57% full" ||
		w.Detail != "The server process with PID 201 is among those with the oldest transactions." ||
		w.Hint != "The NOTIFY queue cannot be emptied until that process ends its current transaction." {
		t.Errorf("fill warning %+v", w)
	}
	if u := sender.Usage(); u < 0.9 || u > 1 {
		t.Errorf("usage %g when full", u)
	}
	// The lagging listener still reads everything, in order: most of it
	// back from pg_notify/, where it went as the ring wrapped.
	if files, _ := os.ReadDir(q.dir); len(files) == 0 {
		t.Fatal("nothing spilled to pg_notify/")
	}
	if got := received(t, lagging); len(got) != sent*perTxn || !strings.HasPrefix(got[len(got)-1], fmt.Sprintf("c:%d.%d.", sent-1, perTxn-1)) {
		t.Fatalf("lagging listener got %d", len(got))
	}
	if q.hdr.head < testRing {
		t.Fatalf("head %d: the ring never wrapped", q.hdr.head)
	}
	for round := 0; round < 3; round++ {
		for i := 0; i < perTxn; i++ {
			sender.Notify("c", fmt.Sprintf("w%d.%d.%s", round, i, payload[:MaxPayload-10]))
		}
		mustCommit(t, sender)
		for _, s := range []*Session{reader, lagging} {
			got := received(t, s)
			if len(got) != perTxn || !strings.HasPrefix(got[perTxn-1], fmt.Sprintf("c:w%d.%d.", round, perTxn-1)) || !strings.HasSuffix(got[perTxn-1], "p:202") {
				t.Fatalf("after the wrap: %d, last %q", len(got), got[len(got)-1])
			}
		}
	}

	// A listener that is detached (exited or died) no longer holds the
	// queue back.
	sender.Notify("c", payload)
	mustCommit(t, sender)
	received(t, reader)
	if sender.Usage() == 0 {
		t.Fatal("the lagging listener does not hold the queue")
	}
	q.Detach(owner(1), 1)
	if u := sender.Usage(); u != 0 {
		t.Errorf("usage %g after the lagging listener was detached", u)
	}
	// Nobody needs the spilled segments any more: they are removed.
	if files, _ := os.ReadDir(q.dir); len(files) > 1 {
		t.Errorf("%d pg_notify/ segments left after every listener read them", len(files))
	}
}

func TestNotifyLimits(t *testing.T) {
	q := newQueue(t, 1)
	s := NewSession(q, owner(300), 0, 5)
	for _, c := range []struct{ channel, payload, err string }{
		{"", "", "channel name cannot be empty"},
		{strings.Repeat("c", 64), "", "channel name too long"},
		{"c", strings.Repeat("p", 8000), "payload string too long"},
		{strings.Repeat("c", 63), strings.Repeat("p", 7999), ""},
	} {
		err := s.Notify(c.channel, c.payload)
		got := ""
		if err != nil {
			e := pgerr.As(err)
			if e.Code != pgerr.InvalidParameterValue {
				t.Errorf("%s: SQLSTATE %s", e.Message, e.Code)
			}
			got = e.Message
		}
		if got != c.err {
			t.Errorf("Notify(%d bytes, %d bytes): %q, want %q", len(c.channel), len(c.payload), got, c.err)
		}
	}
}
