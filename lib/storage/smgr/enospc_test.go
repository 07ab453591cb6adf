// A real full disk: a small tmpfs mounted for the test (root only; the
// test is skipped elsewhere). Extensions must fail with PostgreSQL's
// message, SQLSTATE 53100 and hint, and leave no partial block behind.

package smgr

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/storage"
)

// mountTmpfs mounts a tmpfs of size bytes on a fresh directory.
func mountTmpfs(t *testing.T, size string) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("mounting a tmpfs needs root")
	}
	dir := t.TempDir()
	if err := unix.Mount("tmpfs", dir, "tmpfs", 0, "size="+size+",mode=0700"); err != nil {
		t.Skipf("cannot mount a tmpfs: %v", err)
	}
	t.Cleanup(func() {
		if err := unix.Unmount(dir, 0); err != nil {
			t.Errorf("unmount %s: %v", dir, err)
		}
	})
	return dir
}

func TestFullDisk(t *testing.T) {
	dir := mountTmpfs(t, "256k")
	if err := os.Mkdir(filepath.Join(dir, "base"), 0o700); err != nil {
		t.Fatal(err)
	}
	m := New(dir, nil)
	defer m.CloseAll()
	if err := m.Create(testRel, storage.MainFork, false); err != nil {
		t.Fatal(err)
	}
	// Leave 4 kB free so that the failing extension writes half a block.
	filler := filepath.Join(dir, "filler")
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		t.Fatal(err)
	}
	free := int64(st.Bavail) * st.Bsize
	nblocks := free / blockSize
	if err := os.WriteFile(filler, make([]byte, free-nblocks*blockSize+(blockSize/2)), 0o600); err != nil && !strings.Contains(err.Error(), "no space") {
		t.Fatal(err)
	}
	var extendErr error
	var blk storage.BlockNumber
	for blk = 0; blk < 1000; blk++ {
		if extendErr = m.Extend(testRel, storage.MainFork, blk, block(byte(blk)), false); extendErr != nil {
			break
		}
	}
	pe, ok := extendErr.(*pgerr.Error)
	if !ok {
		t.Fatalf("extension never failed, or not with a *pgerr.Error: %v", extendErr)
	}
	wantShort := "could not extend file \"base/5/16384\": wrote only 4096 of 8192 bytes at block " + strconv.Itoa(int(blk))
	wantENOSPC := `could not extend file "base/5/16384": No space left on device`
	if pe.Code != pgerr.DiskFull || pe.Hint != "Check free disk space." || pe.Severity != pgerr.SeverityError ||
		(pe.Message != wantShort && pe.Message != wantENOSPC) {
		t.Fatalf("got %s %q hint %q", pe.Code, pe.Message, pe.Hint)
	}
	t.Logf("full after %d blocks: %s", blk, pe.Message)
	// Nothing partial stays: the file is exactly the blocks that made it.
	fi, err := os.Stat(filepath.Join(dir, "base/5/16384"))
	if err != nil || fi.Size() != int64(blk)*blockSize {
		t.Fatalf("file size %d after %d good blocks: %v", fi.Size(), blk, err)
	}
	if n, err := m.NBlocks(testRel, storage.MainFork); n != blk || err != nil {
		t.Fatalf("NBlocks %d %v", n, err)
	}
	// With no room at all the failure is ENOSPC itself.
	os.WriteFile(filepath.Join(dir, "filler2"), make([]byte, 64<<10), 0o600)
	err = m.Extend(testRel, storage.MainFork, blk, block(1), false)
	wantErr(t, err, pgerr.DiskFull, pgerr.SeverityError, wantENOSPC)
	// ZeroExtend rolls back all it wrote.
	os.Remove(filepath.Join(dir, "filler2"))
	os.Remove(filler)
	if err := m.ZeroExtend(testRel, storage.MainFork, blk, 1000, false); err == nil {
		t.Fatal("ZeroExtend of 8 MB on a 256 kB file system succeeded")
	} else if pgerr.CodeOf(err) != pgerr.DiskFull {
		t.Fatal(err)
	}
	if n, _ := m.NBlocks(testRel, storage.MainFork); n != blk {
		t.Fatalf("NBlocks %d after a failed ZeroExtend, want %d", n, blk)
	}
	if fi, _ := os.Stat(filepath.Join(dir, "base/5/16384")); fi.Size() != int64(blk)*blockSize {
		t.Fatalf("size %d after a failed ZeroExtend", fi.Size())
	}
	// Space freed: extension works again, and what was written reads back.
	if err := m.Extend(testRel, storage.MainFork, blk, block(7), false); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, blockSize)
	if err := m.Read(testRel, storage.MainFork, blk-1, buf); err != nil || buf[0] != byte(blk-1) {
		t.Fatal(err)
	}
	if err := m.Pending().SyncAll(m); err != nil {
		t.Fatal(err)
	}
}
