package backend

import (
	"bytes"
	"errors"
	"io"
	"net"
	"path/filepath"
	"testing"
	"time"
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
