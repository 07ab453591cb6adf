package rawsys

import (
	"bytes"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

func TestFileCalls(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "f"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fd := int(f.Fd())
	if n, err := Pwrite(fd, []byte("hello"), 8192); n != 5 || err != nil {
		t.Fatalf("Pwrite: %d, %v", n, err)
	}
	if size, err := FileSize(fd); size != 8197 || err != nil {
		t.Fatalf("FileSize: %d, %v", size, err)
	}
	buf := make([]byte, 10)
	if n, err := Pread(fd, buf, 8190); n != 7 || err != nil || !bytes.Equal(buf[:7], []byte("\x00\x00hello")) {
		t.Fatalf("Pread: %d, %v, %q", n, err, buf[:n])
	}
	if n, err := Pread(fd, buf, 9000); n != 0 || err != nil {
		t.Fatalf("Pread past the end: %d, %v", n, err)
	}
	if err := Fdatasync(fd); err != nil {
		t.Fatal(err)
	}
	if err := Fsync(fd); err != nil {
		t.Fatal(err)
	}
	// Errors come back as errno values, as the callers' messages expect.
	if _, err := Pread(-1, buf, 0); err != unix.EBADF {
		t.Fatalf("Pread of a bad descriptor: %v", err)
	}
	if err := Fdatasync(-1); err != unix.EBADF {
		t.Fatalf("Fdatasync of a bad descriptor: %v", err)
	}
}

func TestFutexWaitAndWake(t *testing.T) {
	var word uint32
	done := make(chan struct{})
	go func() {
		for atomic.LoadUint32(&word) == 0 {
			Futex(&word, futexWait, 0)
		}
		close(done)
	}()
	time.Sleep(10 * time.Millisecond)
	atomic.StoreUint32(&word, 1)
	Futex(&word, futexWake, 1)
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the waiter was not woken")
	}
	// A wait on a word that no longer holds the value returns at once.
	Futex(&word, futexWait, 0)
}

const futexWake = 1 // FUTEX_WAKE, shared between processes

// TestFutexWaitBounded: the bounded wait returns by itself, and at once
// when woken or when the word has changed.
func TestFutexWaitBounded(t *testing.T) {
	var word uint32
	// A signal (the Go runtime's preemption SIGURG among them) ends a
	// wait early, so one of a few tries must last about the bound.
	var longest time.Duration
	for try := 0; try < 5 && longest < waitBound/2; try++ {
		start := time.Now()
		FutexWaitBounded(&word, 0)
		d := time.Since(start)
		if d > 50*waitBound {
			t.Fatalf("an unwoken bounded wait took %v, bound %v", d, waitBound)
		}
		longest = max(longest, d)
	}
	if longest < waitBound/2 {
		t.Fatalf("unwoken bounded waits took at most %v, bound %v", longest, waitBound)
	}
	start := time.Now()
	FutexWaitBounded(&word, 1)
	if d := time.Since(start); d > waitBound/2 {
		t.Fatalf("a wait on a word that differs took %v", d)
	}
}
