// Tests of the storage manager's file operations: create, read, write,
// extend, segments, truncate, unlink, recovery behaviour, the descriptor
// cache and I/O errors.

package smgr

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/storage"
)

func fileSize(t *testing.T, m *Manager, rel string) int64 {
	t.Helper()
	st, err := os.Stat(filepath.Join(m.dataDir, rel))
	if err != nil {
		t.Fatal(err)
	}
	return st.Size()
}

func TestCreateReadWriteExtend(t *testing.T) {
	m, _ := newTestManager(t)
	if err := m.Create(testRel, storage.MainFork, false); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(filepath.Join(m.dataDir, "base/5")); err != nil || !st.IsDir() || st.Mode().Perm() != 0o700 {
		t.Fatalf("database directory: %v %v", st, err)
	}
	if st, _ := os.Stat(filepath.Join(m.dataDir, "base/5/16384")); st.Mode().Perm() != 0o600 {
		t.Fatalf("file mode %v", st.Mode())
	}
	for i := 0; i < 3; i++ {
		if err := m.Extend(testRel, storage.MainFork, storage.BlockNumber(i), block(byte('a'+i)), false); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := m.NBlocks(testRel, storage.MainFork); n != 3 || err != nil {
		t.Fatalf("NBlocks %d %v", n, err)
	}
	if err := m.Write(testRel, storage.MainFork, 1, block('x'), false); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, blockSize)
	for i, want := range []byte{'a', 'x', 'c'} {
		if err := m.Read(testRel, storage.MainFork, storage.BlockNumber(i), buf); err != nil || !bytes.Equal(buf, block(want)) {
			t.Fatalf("block %d: %v %q", i, err, buf[:4])
		}
	}
	err := m.Read(testRel, storage.MainFork, 3, buf)
	wantErr(t, err, pgerr.DataCorrupted, pgerr.SeverityError,
		`could not read block 3 in file "base/5/16384": read only 0 of 8192 bytes`)

	wantErr(t, m.Create(testRel, storage.MainFork, false), pgerr.DuplicateFile, pgerr.SeverityError,
		`could not create file "base/5/16384": File exists`)
	if err := m.Create(testRel, storage.MainFork, true); err != nil {
		t.Fatalf("create in redo over an existing file: %v", err)
	}
	m.CloseAll()
	if err := m.Create(testRel, storage.MainFork, true); err != nil {
		t.Fatalf("create in redo, not open: %v", err)
	}
	if n, _ := m.NBlocks(testRel, storage.MainFork); n != 3 {
		t.Fatalf("redo create changed the file: %d blocks", n)
	}

	if ok, err := m.Exists(testRel, storage.MainFork); !ok || err != nil {
		t.Fatalf("Exists main %v %v", ok, err)
	}
	if ok, err := m.Exists(testRel, storage.FSMFork); ok || err != nil {
		t.Fatalf("Exists fsm %v %v", ok, err)
	}
	_, err = m.NBlocks(testRel, storage.FSMFork)
	wantErr(t, err, pgerr.UndefinedFile, pgerr.SeverityError,
		`could not open file "base/5/16384_fsm": No such file or directory`)

	// A global relation lives in global/.
	g := storage.RelFileLocator{Spc: storage.GlobalTablespace, Rel: 1262}
	if err := m.Create(g, storage.MainFork, false); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(m.dataDir, "global/1262")); err != nil {
		t.Fatal(err)
	}
}

func TestExtendRules(t *testing.T) {
	m, _ := newTestManager(t)
	if err := m.Create(testRel, storage.MainFork, false); err != nil {
		t.Fatal(err)
	}
	wantErr(t, m.Extend(testRel, storage.MainFork, 1, block(1), false), pgerr.InternalError, pgerr.SeverityError,
		`could not extend file "base/5/16384" at block 1: it has 0 blocks`)
	wantErr(t, m.Extend(testRel, storage.MainFork, storage.InvalidBlock, block(1), false), pgerr.ProgramLimitExceeded,
		pgerr.SeverityError, `cannot extend file "base/5/16384" beyond 4294967295 blocks`)
	// Zero blocks in the middle read back as they are.
	if err := m.Extend(testRel, storage.MainFork, 0, block(1), false); err != nil {
		t.Fatal(err)
	}
	if err := m.ZeroExtend(testRel, storage.MainFork, 1, 2, false); err != nil {
		t.Fatal(err)
	}
	if err := m.Extend(testRel, storage.MainFork, 3, block(3), false); err != nil {
		t.Fatal(err)
	}
	buf := block(0xFF)
	if err := m.Read(testRel, storage.MainFork, 2, buf); err != nil || !bytes.Equal(buf, block(0)) {
		t.Fatalf("zero block: %v", err)
	}
	if fileSize(t, m, "base/5/16384") != 4*blockSize {
		t.Fatal("size after ZeroExtend")
	}
}

// makeFullSegment makes segment 0 exactly 1 GB without writing it (a
// sparse file), so that segment tests need no gigabyte of disk.
func makeFullSegment(t *testing.T, m *Manager) {
	t.Helper()
	if err := m.Create(testRel, storage.MainFork, false); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(filepath.Join(m.dataDir, "base/5/16384"), int64(segmentBlocks)*blockSize); err != nil {
		t.Fatal(err)
	}
}

func TestSegments(t *testing.T) {
	m, _ := newTestManager(t)
	makeFullSegment(t, m)
	if n, err := m.NBlocks(testRel, storage.MainFork); n != segmentBlocks || err != nil {
		t.Fatalf("NBlocks %d %v", n, err)
	}
	// The next block goes into base/5/16384.1.
	if err := m.Extend(testRel, storage.MainFork, segmentBlocks, block('s'), false); err != nil {
		t.Fatal(err)
	}
	if fileSize(t, m, "base/5/16384.1") != blockSize {
		t.Fatal("segment 1 not created with one block")
	}
	if n, _ := m.NBlocks(testRel, storage.MainFork); n != segmentBlocks+1 {
		t.Fatalf("NBlocks %d", n)
	}
	buf := make([]byte, blockSize)
	if err := m.Read(testRel, storage.MainFork, segmentBlocks, buf); err != nil || buf[0] != 's' {
		t.Fatalf("read in segment 1: %v", err)
	}
	// A fresh manager (another process) finds the segments by itself.
	m2 := New(m.dataDir, nil)
	defer m2.CloseAll()
	if n, _ := m2.NBlocks(testRel, storage.MainFork); n != segmentBlocks+1 {
		t.Fatalf("second manager NBlocks %d", n)
	}
	if err := m2.Read(testRel, storage.MainFork, segmentBlocks, buf); err != nil || buf[0] != 's' {
		t.Fatalf("second manager read: %v", err)
	}
	wantErr(t, m2.Read(testRel, storage.MainFork, segmentBlocks+1, buf), pgerr.DataCorrupted, pgerr.SeverityError,
		`could not read block 131073 in file "base/5/16384.1": read only 0 of 8192 bytes`)
	wantErr(t, m2.Read(testRel, storage.MainFork, 2*segmentBlocks+5, buf), pgerr.InternalError, pgerr.SeverityError,
		`could not open file "base/5/16384.2" (target block 262149): previous segment is only 1 blocks`)

	// Truncate into segment 0: segment 1 stays, empty.
	if err := m.Truncate(testRel, storage.MainFork, 10); err != nil {
		t.Fatal(err)
	}
	if fileSize(t, m, "base/5/16384.1") != 0 || fileSize(t, m, "base/5/16384") != 10*blockSize {
		t.Fatal("truncate sizes")
	}
	m2.Close(testRel) // what an smgr invalidation does
	for _, mm := range []*Manager{m, m2} {
		if n, _ := mm.NBlocks(testRel, storage.MainFork); n != 10 {
			t.Fatalf("NBlocks after truncate %d", n)
		}
	}
	wantErr(t, m.Truncate(testRel, storage.MainFork, 11), pgerr.InternalError, pgerr.SeverityError,
		`could not truncate file "base/5/16384" to 11 blocks: it's only 10 blocks now`)
	if err := m.Truncate(testRel, storage.MainFork, 10); err != nil {
		t.Fatal("truncate to the same size:", err)
	}
	if err := m.Extend(testRel, storage.MainFork, 10, block('t'), false); err != nil {
		t.Fatal(err)
	}

	// Truncate at exactly a segment boundary keeps segment 1, empty.
	m.Close(testRel)
	makeFullSegmentAgain(t, m)
	if err := m.Extend(testRel, storage.MainFork, segmentBlocks, block('u'), false); err != nil {
		t.Fatal(err)
	}
	if err := m.Truncate(testRel, storage.MainFork, segmentBlocks); err != nil {
		t.Fatal(err)
	}
	if n, _ := m.NBlocks(testRel, storage.MainFork); n != segmentBlocks || fileSize(t, m, "base/5/16384.1") != 0 {
		t.Fatalf("NBlocks %d", n)
	}
}

func makeFullSegmentAgain(t *testing.T, m *Manager) {
	t.Helper()
	if err := os.Truncate(filepath.Join(m.dataDir, "base/5/16384"), int64(segmentBlocks)*blockSize); err != nil {
		t.Fatal(err)
	}
}

func TestUnlink(t *testing.T) {
	m, _ := newTestManager(t)
	makeFullSegment(t, m)
	if err := m.Extend(testRel, storage.MainFork, segmentBlocks, block('s'), false); err != nil {
		t.Fatal(err)
	}
	for _, f := range []storage.ForkNumber{storage.FSMFork, storage.VisibilityMapFork} {
		if err := m.Create(testRel, f, false); err != nil {
			t.Fatal(err)
		}
		if err := m.Extend(testRel, f, 0, block('f'), false); err != nil {
			t.Fatal(err)
		}
	}
	p := m.Pending()
	p.PreCheckpoint() // a checkpoint starts before the drop...
	if w := m.Unlink(testRel, AllForks, false); w != nil {
		t.Fatal(w)
	}
	exists := func(rel string) bool {
		_, err := os.Stat(filepath.Join(m.dataDir, rel))
		return err == nil
	}
	if !exists("base/5/16384") || fileSize(t, m, "base/5/16384") != 0 {
		t.Fatal("main fork's first segment must stay, empty, until the next checkpoint")
	}
	for _, gone := range []string{"base/5/16384.1", "base/5/16384_fsm", "base/5/16384_vm"} {
		if exists(gone) {
			t.Fatalf("%s not removed", gone)
		}
	}
	// ...so the unlink waits for the checkpoint after it.
	if err := p.SyncAll(m); err != nil {
		t.Fatal(err)
	}
	p.PostCheckpoint(m)
	if !exists("base/5/16384") {
		t.Fatal("removed by the checkpoint that began before the drop")
	}
	p.PreCheckpoint()
	if err := p.SyncAll(m); err != nil {
		t.Fatal(err)
	}
	if w := p.PostCheckpoint(m); w != nil || exists("base/5/16384") {
		t.Fatalf("not removed after the next checkpoint: %v", w)
	}
	if ok, _ := m.Exists(testRel, storage.MainFork); ok {
		t.Fatal("Exists after removal")
	}

	// In redo everything goes at once; missing files are no error.
	r := storage.RelFileLocator{Spc: storage.DefaultTablespace, DB: 5, Rel: 777}
	if err := m.Create(r, storage.MainFork, false); err != nil {
		t.Fatal(err)
	}
	if w := m.Unlink(r, AllForks, true); w != nil || exists("base/5/777") {
		t.Fatalf("redo unlink: %v", w)
	}
	if w := m.Unlink(r, storage.MainFork, true); w != nil {
		t.Fatal(w)
	}
}

func TestRecoveryMode(t *testing.T) {
	m, _ := newTestManager(t)
	if err := m.Create(testRel, storage.MainFork, false); err != nil {
		t.Fatal(err)
	}
	if err := m.Extend(testRel, storage.MainFork, 0, block('a'), false); err != nil {
		t.Fatal(err)
	}
	m.SetInRecovery(true)
	buf := block(0xFF)
	if err := m.Read(testRel, storage.MainFork, 5, buf); err != nil || !bytes.Equal(buf, block(0)) {
		t.Fatalf("read past EOF in recovery: %v", err)
	}
	if err := m.Truncate(testRel, storage.MainFork, 9); err != nil {
		t.Fatalf("truncate beyond EOF in recovery: %v", err)
	}
	// A write into a segment that does not exist creates it, padding the
	// segments before it to full size.
	if err := m.Write(testRel, storage.MainFork, segmentBlocks+2, block('w'), false); err != nil {
		t.Fatal(err)
	}
	if fileSize(t, m, "base/5/16384") != int64(segmentBlocks)*blockSize || fileSize(t, m, "base/5/16384.1") != 3*blockSize {
		t.Fatal("padding in recovery")
	}
	m.SetInRecovery(false)
	if n, _ := m.NBlocks(testRel, storage.MainFork); n != segmentBlocks+3 {
		t.Fatalf("NBlocks %d", n)
	}
	if err := m.Read(testRel, storage.MainFork, segmentBlocks+2, buf); err != nil || buf[0] != 'w' {
		t.Fatal(err)
	}
}

func TestDescriptorCache(t *testing.T) {
	m, fs := newTestManager(t)
	m.SetMaxOpenFiles(2)
	var rels []storage.RelFileLocator
	for i := 0; i < 6; i++ {
		r := storage.RelFileLocator{Spc: storage.DefaultTablespace, DB: 5, Rel: uint32(20000 + i)}
		rels = append(rels, r)
		if err := m.Create(r, storage.MainFork, false); err != nil {
			t.Fatal(err)
		}
		if err := m.Extend(r, storage.MainFork, 0, block(byte(i)), false); err != nil {
			t.Fatal(err)
		}
		if m.OpenFiles() > 2 {
			t.Fatalf("%d descriptors open", m.OpenFiles())
		}
	}
	buf := make([]byte, blockSize)
	for round := 0; round < 3; round++ {
		for i, r := range rels {
			if err := m.Read(r, storage.MainFork, 0, buf); err != nil || buf[0] != byte(i) {
				t.Fatalf("rel %d: %v", i, err)
			}
		}
	}
	if m.OpenFiles() > 2 || fs.opens < 6+3*6 {
		t.Fatalf("open %d, opens %d", m.OpenFiles(), fs.opens)
	}
	m.CloseAll()
	if m.OpenFiles() != 0 || len(fs.paths) != 0 {
		t.Fatalf("CloseAll left %d open", m.OpenFiles())
	}
}

func TestConcurrentIO(t *testing.T) {
	m, _ := newTestManager(t)
	m.SetMaxOpenFiles(3)
	const nrel, nblk = 5, 8
	for r := 0; r < nrel; r++ {
		rel := storage.RelFileLocator{Spc: storage.DefaultTablespace, DB: 5, Rel: uint32(30000 + r)}
		if err := m.Create(rel, storage.MainFork, false); err != nil {
			t.Fatal(err)
		}
		if err := m.ZeroExtend(rel, storage.MainFork, 0, nblk, false); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			buf := make([]byte, blockSize)
			for i := 0; i < 200; i++ {
				rel := storage.RelFileLocator{Spc: storage.DefaultTablespace, DB: 5, Rel: uint32(30000 + (g+i)%nrel)}
				blk := storage.BlockNumber(g % nblk) // each goroutine owns a block number
				want := byte(g*31 + i)
				if err := m.Write(rel, storage.MainFork, blk, block(want), false); err != nil {
					errs <- err
					return
				}
				if err := m.Read(rel, storage.MainFork, blk, buf); err != nil || buf[0] != want || buf[blockSize-1] != want {
					errs <- fmt.Errorf("goroutine %d: read back %v %d want %d", g, err, buf[0], want)
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if err := m.Pending().SyncAll(m); err != nil {
		t.Fatal(err)
	}
}

func TestInjectedIOErrors(t *testing.T) {
	m, fs := newTestManager(t)
	if err := m.Create(testRel, storage.MainFork, false); err != nil {
		t.Fatal(err)
	}
	if err := m.Extend(testRel, storage.MainFork, 0, block('a'), false); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, blockSize)

	fs.onPread = func(string, []byte, int64) (int, error, bool) { return 0, syscall.EIO, true }
	wantErr(t, m.Read(testRel, storage.MainFork, 0, buf), pgerr.IoError, pgerr.SeverityError,
		`could not read block 0 in file "base/5/16384": Input/output error`)
	fs.onPread = func(_ string, p []byte, _ int64) (int, error, bool) { return 100, nil, true }
	wantErr(t, m.Read(testRel, storage.MainFork, 0, buf), pgerr.DataCorrupted, pgerr.SeverityError,
		`could not read block 0 in file "base/5/16384": read only 100 of 8192 bytes`)
	fs.onPread = nil

	// Short writes and ENOSPC.
	fs.onPwrite = func(string, []byte, int64) (int, error, bool) { return 4096, nil, true }
	pe := wantErr(t, m.Write(testRel, storage.MainFork, 0, block('b'), false), pgerr.DiskFull, pgerr.SeverityError,
		`could not write block 0 in file "base/5/16384": wrote only 4096 of 8192 bytes`)
	if pe.Hint != "Check free disk space." {
		t.Fatalf("hint %q", pe.Hint)
	}
	fs.onPwrite = func(string, []byte, int64) (int, error, bool) { return 0, syscall.EIO, true }
	pe = wantErr(t, m.Write(testRel, storage.MainFork, 0, block('b'), false), pgerr.IoError, pgerr.SeverityError,
		`could not write block 0 in file "base/5/16384": Input/output error`)
	if pe.Hint != "" {
		t.Fatalf("hint %q on a write error", pe.Hint)
	}

	// A half-written extension is cut back.
	fs.onPwrite = func(path string, p []byte, off int64) (int, error, bool) {
		n, err := fs.osOps.pwrite(mustOpen(t, m, path), p[:4096], off)
		return n, err, true
	}
	pe = wantErr(t, m.Extend(testRel, storage.MainFork, 1, block('c'), false), pgerr.DiskFull, pgerr.SeverityError,
		`could not extend file "base/5/16384": wrote only 4096 of 8192 bytes at block 1`)
	if pe.Hint != "Check free disk space." || fileSize(t, m, "base/5/16384") != blockSize {
		t.Fatalf("hint %q size %d", pe.Hint, fileSize(t, m, "base/5/16384"))
	}
	fs.onPwrite = func(string, []byte, int64) (int, error, bool) { return 0, syscall.ENOSPC, true }
	pe = wantErr(t, m.Extend(testRel, storage.MainFork, 1, block('c'), false), pgerr.DiskFull, pgerr.SeverityError,
		`could not extend file "base/5/16384": No space left on device`)
	if pe.Hint != "Check free disk space." {
		t.Fatal(pe.Hint)
	}
	fs.onPwrite = nil
	if n, _ := m.NBlocks(testRel, storage.MainFork); n != 1 {
		t.Fatalf("NBlocks %d after failed extensions", n)
	}
	if err := m.Extend(testRel, storage.MainFork, 1, block('c'), false); err != nil {
		t.Fatal(err)
	}

	// ImmediateSync: an fsync failure is a PANIC.
	fs.onFsync = func(string) (error, bool) { return syscall.EIO, true }
	wantErr(t, m.ImmediateSync(testRel, storage.MainFork), pgerr.IoError, pgerr.SeverityPanic,
		`could not fsync file "base/5/16384": Input/output error`)
	fs.onFsync = nil
	if err := m.ImmediateSync(testRel, storage.MainFork); err != nil {
		t.Fatal(err)
	}
}

// mustOpen opens a data file for a hook that writes through to it.
func mustOpen(t *testing.T, m *Manager, rel string) int {
	f, err := os.OpenFile(filepath.Join(m.dataDir, rel), os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return int(f.Fd())
}

func TestCreateDirectoryErrors(t *testing.T) {
	m, _ := newTestManager(t)
	// base/6 is a file: not a directory.
	if err := os.WriteFile(filepath.Join(m.dataDir, "base/6"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	r := storage.RelFileLocator{Spc: storage.DefaultTablespace, DB: 6, Rel: 1}
	wantErr(t, m.Create(r, storage.MainFork, false), pgerr.WrongObjectType, pgerr.SeverityError,
		`"base/6" exists but is not a directory`)
	// Without base/ only redo creates the whole path.
	if err := os.RemoveAll(filepath.Join(m.dataDir, "base")); err != nil {
		t.Fatal(err)
	}
	wantErr(t, m.Create(testRel, storage.MainFork, false), pgerr.UndefinedFile, pgerr.SeverityError,
		`could not create directory "base/5": No such file or directory`)
	if err := m.Create(testRel, storage.MainFork, true); err != nil {
		t.Fatal(err)
	}
}

func TestGroupAccessModes(t *testing.T) {
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o750); err != nil {
		t.Fatal(err)
	}
	if err := mkdirAll(filepath.Join(dir, "base")); err != nil {
		t.Fatal(err)
	}
	m := New(dir, nil)
	defer m.CloseAll()
	if err := m.Create(testRel, storage.MainFork, false); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(filepath.Join(dir, "base/5/16384"))
	dst, _ := os.Stat(filepath.Join(dir, "base/5"))
	if st.Mode().Perm() != 0o640 || dst.Mode().Perm() != 0o750 {
		t.Fatalf("modes %v %v", st.Mode(), dst.Mode())
	}
}
