// Test helpers: a fault-injecting file system and small constructors.

package smgr

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/shmem"
	"github.com/gpostgres/gpostgres/lib/storage"
)

// faultSys wraps the real file system, remembers which path each
// descriptor is, counts fsyncs per path, and lets a test replace pwrite,
// pread and fsync results for chosen paths.
type faultSys struct {
	osOps
	dataDir string

	mu     sync.Mutex
	paths  map[int]string // fd -> path relative to dataDir
	fsyncs map[string]int
	opens  int

	// Hooks return handled=true to replace the call's result.
	onPwrite func(path string, p []byte, off int64) (n int, err error, handled bool)
	onPread  func(path string, p []byte, off int64) (n int, err error, handled bool)
	onFsync  func(path string) (err error, handled bool)
}

func newFaultSys(dataDir string) *faultSys {
	return &faultSys{dataDir: dataDir, paths: map[int]string{}, fsyncs: map[string]int{}}
}

func (f *faultSys) rel(abs string) string {
	r, err := filepath.Rel(f.dataDir, abs)
	if err != nil {
		return abs
	}
	return r
}

func (f *faultSys) pathOf(fd int) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.paths[fd]
}

func (f *faultSys) open(path string, flags int, mode uint32) (int, error) {
	fd, err := f.osOps.open(path, flags, mode)
	if err == nil {
		f.mu.Lock()
		f.paths[fd] = f.rel(path)
		f.opens++
		f.mu.Unlock()
	}
	return fd, err
}

func (f *faultSys) close(fd int) error {
	f.mu.Lock()
	delete(f.paths, fd)
	f.mu.Unlock()
	return f.osOps.close(fd)
}

func (f *faultSys) pwrite(fd int, p []byte, off int64) (int, error) {
	if f.onPwrite != nil {
		if n, err, ok := f.onPwrite(f.pathOf(fd), p, off); ok {
			return n, err
		}
	}
	return f.osOps.pwrite(fd, p, off)
}

func (f *faultSys) pread(fd int, p []byte, off int64) (int, error) {
	if f.onPread != nil {
		if n, err, ok := f.onPread(f.pathOf(fd), p, off); ok {
			return n, err
		}
	}
	return f.osOps.pread(fd, p, off)
}

func (f *faultSys) fsync(fd int) error {
	path := f.pathOf(fd)
	f.mu.Lock()
	f.fsyncs[path]++
	f.mu.Unlock()
	if f.onFsync != nil {
		if err, ok := f.onFsync(path); ok {
			return err
		}
	}
	return f.osOps.fsync(fd)
}

func (f *faultSys) fsyncCount(path string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.fsyncs[path]
}

var testRel = storage.RelFileLocator{Spc: storage.DefaultTablespace, DB: 5, Rel: 16384}

// newTestManager returns a standalone manager (private pending table) on
// a fresh data directory with base/ in it, and its fault file system.
func newTestManager(t *testing.T) (*Manager, *faultSys) {
	t.Helper()
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o700); err != nil { // a data directory without group access
		t.Fatal(err)
	}
	if err := mkdirAll(filepath.Join(dir, "base"), filepath.Join(dir, "global")); err != nil {
		t.Fatal(err)
	}
	m := New(dir, nil)
	fs := newFaultSys(dir)
	m.sys = fs
	t.Cleanup(m.CloseAll)
	return m, fs
}

// newTestQueue makes a shared segment holding a queue of the given capacity.
func newTestQueue(t *testing.T, capacity int) (*shmem.Segment, *SyncQueue) {
	t.Helper()
	seg, err := shmem.Create(int64(queueSize(capacity)) + 4096)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { seg.Close() })
	q, err := createQueue(seg, capacity)
	if err != nil {
		t.Fatal(err)
	}
	q.SetOwner(&shmem.Owner{Pid: 1})
	return seg, q
}

func block(fill byte) []byte { return bytes.Repeat([]byte{fill}, blockSize) }

// wantErr checks a *pgerr.Error's SQLSTATE, severity and message.
func wantErr(t *testing.T, err error, code string, sev pgerr.Severity, msg string) *pgerr.Error {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %s %q", code, msg)
	}
	pe, ok := err.(*pgerr.Error)
	if !ok {
		t.Fatalf("error %T %v is not a *pgerr.Error", err, err)
	}
	if pe.Code != code || pe.Severity != sev || pe.Message != msg {
		t.Fatalf("got %s %s %q, want %s %s %q", pe.Severity, pe.Code, pe.Message, sev, code, msg)
	}
	return pe
}

func wantPrefix(t *testing.T, err error, code string, prefix string) *pgerr.Error {
	t.Helper()
	pe, ok := err.(*pgerr.Error)
	if !ok || pe.Code != code || !strings.HasPrefix(pe.Message, prefix) {
		t.Fatalf("got %v (%T), want %s %q...", err, err, code, prefix)
	}
	return pe
}

func mkdirAll(paths ...string) error {
	for _, p := range paths {
		if err := os.MkdirAll(p, 0o700); err != nil {
			return err
		}
	}
	return nil
}
