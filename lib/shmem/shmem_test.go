package shmem

import (
	"sync"
	"testing"
)

func TestRegions(t *testing.T) {
	s, err := Create(1 << 16)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	a, err := s.Alloc("a", 100)
	if err != nil {
		t.Fatal(err)
	}
	a[0] = 7
	if _, err := s.Alloc("a", 10); err == nil {
		t.Fatal("duplicate region name accepted")
	}
	if _, err := s.Alloc("huge", 1<<20); err == nil {
		t.Fatal("allocation beyond the segment accepted")
	}
	// A second mapping of the same memfd sees the same bytes.
	f2, err := dupFile(s)
	if err != nil {
		t.Fatal(err)
	}
	s2, err := Attach(f2)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	b, ok := s2.Lookup("a")
	if !ok || b[0] != 7 || len(b) != 100 {
		t.Fatalf("lookup through second mapping: ok=%v len=%d", ok, len(b))
	}
	s.Reset()
	if _, ok := s2.Lookup("a"); ok {
		t.Fatal("region survived Reset")
	}
	if s2.Generation() != 1 {
		t.Fatalf("generation %d after one reset", s2.Generation())
	}
}

func TestLWLockCounts(t *testing.T) {
	s, err := Create(4096)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r, _ := s.Alloc("lock", 64)
	l := At[LWLock](r, 0)
	counter := At[int64](r, 8)
	owners := make([]Owner, 4)
	var wg sync.WaitGroup
	for i := range owners {
		wg.Add(1)
		go func(o *Owner) {
			defer wg.Done()
			for j := 0; j < 20000; j++ {
				l.Lock(o)
				*counter++
				l.Unlock(o)
			}
		}(&owners[i])
	}
	wg.Wait()
	if *counter != 80000 {
		t.Fatalf("lost updates: counter %d", *counter)
	}
	for _, o := range owners {
		if o.LocksHeld != 0 {
			t.Fatalf("owner still counts %d locks", o.LocksHeld)
		}
	}
	var o Owner
	l.Lock(&o)
	if !o.InCriticalState() || l.TryLock(&Owner{}) {
		t.Fatal("held lock not visible")
	}
	l.Unlock(&o)
}

func TestRWLock(t *testing.T) {
	s, err := Create(4096)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r, _ := s.Alloc("rw", 64)
	l := At[RWLock](r, 0)
	a, b := At[int64](r, 16), At[int64](r, 24)
	var wg sync.WaitGroup
	owners := make([]Owner, 6)
	for i := range owners {
		wg.Add(1)
		go func(i int, o *Owner) {
			defer wg.Done()
			for j := 0; j < 5000; j++ {
				if i%2 == 0 {
					l.Lock(o)
					*a++
					*b++
					l.Unlock(o)
				} else {
					l.RLock(o)
					if *a != *b {
						panic("reader saw a torn update")
					}
					l.RUnlock(o)
				}
			}
		}(i, &owners[i])
	}
	wg.Wait()
	if *a != 15000 || *b != 15000 {
		t.Fatalf("lost updates: %d %d", *a, *b)
	}
	for _, o := range owners {
		if o.LocksHeld != 0 {
			t.Fatal("lock count not back to zero")
		}
	}
}
