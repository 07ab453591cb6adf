package sinval

import (
	"sync"
	"testing"
	"unsafe"

	"github.com/gpostgres/gpostgres/lib/config"
	"github.com/gpostgres/gpostgres/lib/shmem"
)

func newQueue(t *testing.T, nprocs int) (*shmem.Segment, *Queue) {
	t.Helper()
	_, _, total := layout(nprocs)
	seg, err := shmem.Create(int64(total) + 4096)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { seg.Close() })
	q, err := create(seg, nprocs)
	if err != nil {
		t.Fatal(err)
	}
	return seg, q
}

func owner(pid int32) *shmem.Owner { return &shmem.Owner{Pid: pid} }

func receiveAll(t *testing.T, b *Backend) ([]Message, bool) {
	t.Helper()
	var out []Message
	reset := false
	buf := make([]Message, 7)
	for {
		n, r := b.Receive(buf)
		if r {
			reset = true
			continue
		}
		if n == 0 {
			return out, reset
		}
		out = append(out, buf[:n]...)
	}
}

func TestMessageSize(t *testing.T) {
	if s := unsafe.Sizeof(Message{}); s != 16 {
		t.Fatalf("Message is %d bytes, want 16 (SharedInvalidationMessage)", s)
	}
}

func TestShmemSizeFitsCreate(t *testing.T) {
	s := config.New()
	if err := s.Set("max_connections", "7", config.ContextPostmaster, config.SourceCommandLine); err != nil {
		t.Fatal(err)
	}
	seg, err := shmem.Create(int64(ShmemSize(s)))
	if err != nil {
		t.Fatal(err)
	}
	defer seg.Close()
	q, err := CreateShared(seg, s)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(AttachShared(seg).procs); got != len(q.procs) || got != 7+3+8 { // backends, autovacuum workers, auxiliary processes
		t.Fatalf("attached %d reader slots, created %d", got, len(q.procs))
	}
}

func TestDeliveryInOrderToEveryReader(t *testing.T) {
	seg, q := newQueue(t, 4)
	a := q.Attach(owner(1), 0)
	b := AttachShared(seg).Attach(owner(2), 1)
	if a.HasMessages() {
		t.Fatal("a new reader has messages")
	}
	var sent []Message
	for i := 0; i < 150; i++ {
		sent = append(sent, Message{Kind: KindCatcache, DB: 5, ID: 1259, Hash: uint32(i)})
	}
	a.Insert(sent[:100])
	// A reader attached now sees only what comes after.
	c := q.Attach(owner(3), 2)
	b.Insert(sent[100:])
	for _, r := range []*Backend{a, b} {
		got, reset := receiveAll(t, r)
		if reset || len(got) != len(sent) {
			t.Fatalf("received %d messages (reset %v), want %d", len(got), reset, len(sent))
		}
		for i := range got {
			if got[i] != sent[i] {
				t.Fatalf("message %d: %+v, want %+v", i, got[i], sent[i])
			}
		}
		if r.HasMessages() {
			t.Fatal("HasMessages after reading everything")
		}
	}
	got, _ := receiveAll(t, c)
	if len(got) != 50 || got[0] != sent[100] {
		t.Fatalf("late reader got %d messages starting %+v", len(got), got)
	}
}

func TestOverflowResetsLaggingReader(t *testing.T) {
	_, q := newQueue(t, 3)
	writer := q.Attach(owner(1), 0)
	lagger := q.Attach(owner(2), 1)
	msg := Message{Kind: KindRelcache, DB: 5, ID: 16384}
	batch := make([]Message, 100)
	for i := range batch {
		batch[i] = msg
	}
	for i := 0; i < 2*MaxMessages/len(batch); i++ {
		writer.Insert(batch)
		// The writer keeps up; the lagger never reads.
		receiveAll(t, writer)
	}
	got, reset := receiveAll(t, lagger)
	if !reset {
		t.Fatalf("lagging reader was not reset (got %d messages)", len(got))
	}
	if q.Resets(owner(9)) == 0 {
		t.Fatal("reset not counted")
	}
	// After the reset it receives new messages normally.
	writer.Insert([]Message{{Kind: KindSmgr, ID: 7}})
	got, reset = receiveAll(t, lagger)
	if reset || len(got) != 1 || got[0].Kind != KindSmgr {
		t.Fatalf("after reset: %+v reset %v", got, reset)
	}
	// The writer that kept up was never reset.
	if _, reset := receiveAll(t, writer); reset {
		t.Fatal("an up-to-date reader was reset")
	}
}

func TestDetachedReaderDoesNotHoldQueue(t *testing.T) {
	_, q := newQueue(t, 2)
	w := q.Attach(owner(1), 0)
	gone := q.Attach(owner(2), 1)
	gone.Close()
	batch := make([]Message, MaxMessages/2)
	for i := 0; i < 5; i++ {
		w.Insert(batch)
		receiveAll(t, w)
	}
	if q.Resets(owner(1)) != 0 {
		t.Fatal("a detached reader was reset")
	}
	// Re-attaching the slot starts at the end.
	again := q.Attach(owner(3), 1)
	if again.HasMessages() {
		t.Fatal("re-attached reader sees old messages")
	}
}

func TestConcurrentWritersAndReaders(t *testing.T) {
	_, q := newQueue(t, 6)
	const writers, perWriter = 3, 3000
	var wg sync.WaitGroup
	readers := make([]*Backend, 3)
	for i := range readers {
		readers[i] = q.Attach(owner(int32(100+i)), 3+i)
	}
	counts := make([]map[uint32]int, len(readers))
	resets := make([]bool, len(readers))
	done := make(chan struct{})
	var rg sync.WaitGroup
	for i, r := range readers {
		counts[i] = map[uint32]int{}
		rg.Add(1)
		go func(i int, r *Backend) {
			defer rg.Done()
			buf := make([]Message, 50)
			last := map[uint32]uint32{}
			for {
				n, reset := r.Receive(buf)
				if reset {
					resets[i] = true
				}
				for _, m := range buf[:n] {
					// Per writer, messages arrive in order.
					if prev, ok := last[m.ID]; ok && m.Hash <= prev && !resets[i] {
						t.Errorf("reader %d: writer %d message %d after %d", i, m.ID, m.Hash, prev)
					}
					last[m.ID] = m.Hash
					counts[i][m.ID]++
				}
				if n == 0 && !reset {
					select {
					case <-done:
						if !r.HasMessages() {
							return
						}
					default:
					}
				}
			}
		}(i, r)
	}
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			b := q.Attach(owner(int32(w+1)), w)
			for i := 0; i < perWriter; i += 10 {
				var msgs []Message
				for j := i; j < i+10; j++ {
					msgs = append(msgs, Message{Kind: KindCatcache, ID: uint32(w), Hash: uint32(j)})
				}
				b.Insert(msgs)
			}
		}(w)
	}
	wg.Wait()
	close(done)
	rg.Wait()
	for i := range readers {
		for w := 0; w < writers; w++ {
			if !resets[i] && counts[i][uint32(w)] != perWriter {
				t.Errorf("reader %d got %d messages of writer %d, want %d", i, counts[i][uint32(w)], w, perWriter)
			}
		}
	}
}

// A pooled backend process suspends its reader between sessions and
// resumes it in another slot: it must get every message sent meanwhile,
// or a reset when the queue moved on without it.
func TestSuspendResume(t *testing.T) {
	_, q := newQueue(t, 3)
	w := q.Attach(owner(1), 0)
	r := q.Attach(owner(2), 1)
	w.Insert([]Message{{Kind: KindRelcache, ID: 1}})
	pos := r.Suspend()
	w.Insert([]Message{{Kind: KindRelcache, ID: 2}})
	r = q.Resume(owner(2), 2, pos)
	got, reset := receiveAll(t, r)
	if reset || len(got) != 2 || got[0].ID != 1 || got[1].ID != 2 {
		t.Fatalf("resumed reader got %+v reset %v, want messages 1 and 2", got, reset)
	}

	// Suspended while the queue overflows: resumed with a reset.
	pos = r.Suspend()
	batch := make([]Message, 100)
	for i := 0; i < 2*MaxMessages/len(batch); i++ {
		w.Insert(batch)
		receiveAll(t, w)
	}
	r = q.Resume(owner(2), 1, pos)
	if _, reset := receiveAll(t, r); !reset {
		t.Fatal("reader resumed after the queue wrapped was not reset")
	}
	// A lost position (the zero value) resets too.
	r.Suspend()
	r = q.Resume(owner(2), 1, Position{})
	if _, reset := receiveAll(t, r); !reset {
		t.Fatal("reader resumed from a lost position was not reset")
	}
}
