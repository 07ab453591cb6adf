package backend

import (
	"bytes"
	"errors"
	"io"
	"net"
	"path/filepath"
	"testing"
	"time"

	"github.com/gpostgres/gpostgres/lib/shmem"
	"github.com/gpostgres/gpostgres/lib/waitevent"
)

// socketPair returns both ends of a Unix-domain stream connection.
func socketPair(t *testing.T) (net.Conn, net.Conn) {
	t.Helper()
	l, err := net.Listen("unix", filepath.Join(t.TempDir(), "s"))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		c, _ := l.Accept()
		accepted <- c
	}()
	a, err := net.Dial("unix", l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	b := <-accepted
	t.Cleanup(func() { a.Close(); b.Close() })
	return a, b
}

// TestRawSocket: a write larger than the socket's buffer arrives whole
// (the socket is non-blocking: partial writes and waits for room), reads
// return what was written, a read deadline ends a waiting read with a
// timeout as net.Conn's does (the idle timeouts and SIGTERM rely on it),
// and the peer's close is io.EOF.
func TestRawSocket(t *testing.T) {
	a, b := socketPair(t)
	sa, sb := newRawSocket(a), newRawSocket(b)
	if sa.rc == nil {
		t.Fatal("no raw connection for a Unix socket")
	}
	want := bytes.Repeat([]byte("0123456789abcdef"), 1<<18) // 4 MB
	done := make(chan error, 1)
	go func() {
		n, err := sa.Write(want)
		if err == nil && n != len(want) {
			err = errors.New("short write")
		}
		done <- err
	}()
	got := make([]byte, 0, len(want))
	buf := make([]byte, 64<<10)
	b.SetReadDeadline(time.Now().Add(20 * time.Second)) // a failed write ends the test, not hangs it
	for len(got) < len(want) {
		n, err := sb.Read(buf)
		if err != nil {
			t.Fatalf("read after %d bytes: %v", len(got), err)
		}
		got = append(got, buf[:n]...)
		if len(got) < 1<<20 {
			time.Sleep(time.Millisecond) // a slow reader: the writer waits for room
		}
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("bytes differ")
	}
	b.SetReadDeadline(time.Time{})

	b.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
	_, err := sb.Read(buf)
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() {
		t.Fatalf("read past the deadline: %v, want a timeout", err)
	}
	b.SetReadDeadline(time.Time{})

	a.Close()
	if _, err := sb.Read(buf); err != io.EOF {
		t.Fatalf("read after the peer closed: %v, want EOF", err)
	}
}

// TestRawSocketClientWrite: a write that waits for the client to make
// room shows Client / ClientWrite, and puts back the event it replaced
// once done; a write that does not wait shows nothing.
func TestRawSocketClientWrite(t *testing.T) {
	a, b := socketPair(t)
	sa, sb := newRawSocket(a), newRawSocket(b)
	const outer = waitevent.ClientRead
	owner := &shmem.Owner{WaitEvent: uint32(outer)}
	sa.waitOwner = owner
	if _, err := sa.Write([]byte("small")); err != nil || waitevent.Current(owner) != outer {
		t.Fatalf("a write with room: %v, event %q", err, waitevent.Current(owner).Name())
	}
	want := bytes.Repeat([]byte("x"), 8<<20)
	done := make(chan error, 1)
	go func() {
		_, err := sa.Write(want)
		done <- err
	}()
	deadline := time.Now().Add(10 * time.Second)
	for waitevent.Current(owner) != waitevent.ClientWrite {
		if time.Now().After(deadline) {
			t.Fatalf("blocked writer shows %q", waitevent.Current(owner).Name())
		}
		time.Sleep(time.Millisecond)
	}
	buf := make([]byte, 1<<20)
	for got := 0; got < len(want)+len("small"); {
		n, err := sb.Read(buf)
		if err != nil {
			t.Fatal(err)
		}
		got += n
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if ev := waitevent.Current(owner); ev != outer {
		t.Fatalf("after the write: %q, want %q back", ev.Name(), outer.Name())
	}
}
