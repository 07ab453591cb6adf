// Tests of postmaster.pid and socket lock files: the exact file format
// PostgreSQL writes, in-place line updates, and the stale/live rules.

package datadir

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gpostgres/gpostgres/lib/pgerr"
)

// deadPID returns the PID of a process that has exited.
func deadPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}

// livePID starts a process that outlives the test's checks.
func livePID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command("sleep", "60")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return cmd.Process.Pid
}

func readString(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestPidFileFormatAndUpdates(t *testing.T) {
	dir := tempDataDir(t)
	pid := os.Getpid()
	info := PidInfo{PID: pid, DataDir: dir, StartTime: 1795240860, Port: 5493}
	if err := CreatePidFile(dir, info); err != nil {
		t.Fatal(err)
	}
	path := PidFilePath(dir)
	// PostgreSQL's CreateLockFile writes five lines, the fifth empty.
	want := fmt.Sprintf("%d\n%s\n1795240860\n5493\n\n", pid, dir)
	if got := readString(t, path); got != want {
		t.Fatalf("initial content %q, want %q", got, want)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", st.Mode())
	}

	// The postmaster adds lines as it goes; an out-of-order add pads.
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(SetPidStatus(dir, StatusStarting))
	want = fmt.Sprintf("%d\n%s\n1795240860\n5493\n\n\n\nstarting\n", pid, dir)
	if got := readString(t, path); got != want {
		t.Fatalf("after status %q, want %q", got, want)
	}
	must(AddPidLine(dir, PidLineSocketDir, "/tmp"))
	must(AddPidLine(dir, PidLineListenAddr, "localhost"))
	must(AddPidLine(dir, PidLineShmemKey, "  9979245        54"))
	must(SetPidStatus(dir, StatusReady))
	// Byte for byte what PostgreSQL 15 left in a running cluster's file.
	want = fmt.Sprintf("%d\n%s\n1795240860\n5493\n/tmp\nlocalhost\n  9979245        54\nready   \n", pid, dir)
	if got := readString(t, path); got != want {
		t.Fatalf("final content %q, want %q", got, want)
	}

	got, err := ReadPidFile(dir)
	if err != nil {
		t.Fatal(err)
	}
	wantInfo := PidInfo{PID: pid, DataDir: dir, StartTime: 1795240860, Port: 5493, SocketDir: "/tmp",
		ListenAddr: "localhost", ShmemKey: "  9979245        54", Status: StatusReady}
	if *got != wantInfo || !got.IsReady() {
		t.Errorf("ReadPidFile = %+v", got)
	}
	if !RecheckPidFile(dir, pid) || RecheckPidFile(dir, pid+1) {
		t.Error("RecheckPidFile")
	}

	must(RemovePidFile(dir))
	if _, err := ReadPidFile(dir); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("after remove: %v", err)
	}
	if RecheckPidFile(dir, pid) {
		t.Error("RecheckPidFile true without a file")
	}
	must(RemovePidFile(dir)) // idempotent
}

func TestPidFileCreateWithAllLines(t *testing.T) {
	dir := tempDataDir(t)
	err := CreatePidFile(dir, PidInfo{PID: 42, DataDir: dir, StartTime: 7, Port: 5432, Status: StatusStarting})
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("42\n%s\n7\n5432\n\n\n\nstarting\n", dir)
	if got := readString(t, PidFilePath(dir)); got != want {
		t.Errorf("content %q, want %q", got, want)
	}
}

func TestPidFileLiveRefusedStaleReplaced(t *testing.T) {
	dir := tempDataDir(t)
	live := livePID(t)
	os.WriteFile(PidFilePath(dir), []byte(fmt.Sprintf("%d\n%s\n1\n5432\n\n", live, dir)), 0o600)

	err := CreatePidFile(dir, PidInfo{PID: os.Getpid(), DataDir: dir})
	pe := pgerr.As(err)
	if pe == nil {
		t.Fatal("live lock file was not refused")
	}
	if pe.Severity != pgerr.SeverityFatal || pe.Code != pgerr.LockFileExists ||
		pe.Message != `lock file "postmaster.pid" already exists` ||
		pe.Hint != fmt.Sprintf(`Is another postmaster (PID %d) running in data directory "%s"?`, live, dir) {
		t.Errorf("got %s %s %q hint %q", pe.Severity, pe.Code, pe.Message, pe.Hint)
	}

	// A single-user backend's file has a negative PID.
	os.WriteFile(PidFilePath(dir), []byte(fmt.Sprintf("-%d\n%s\n", live, dir)), 0o600)
	pe = pgerr.As(CreatePidFile(dir, PidInfo{PID: os.Getpid(), DataDir: dir}))
	if pe == nil || !strings.HasPrefix(pe.Hint, "Is another postgres (PID") {
		t.Errorf("single-user hint: %v", pe)
	}

	stale := deadPID(t)
	os.WriteFile(PidFilePath(dir), []byte(fmt.Sprintf("%d\n%s\n1\n5432\n\n\n\nready   \n", stale, dir)), 0o600)
	if err := CreatePidFile(dir, PidInfo{PID: os.Getpid(), DataDir: dir, StartTime: 9, Port: 1}); err != nil {
		t.Fatalf("stale lock file not replaced: %v", err)
	}
	if info, _ := ReadPidFile(dir); info.PID != os.Getpid() || info.Status != "" {
		t.Errorf("after replacement: %+v", info)
	}

	// A file naming ourselves is stale too (PID reuse after a reboot).
	if err := CreatePidFile(dir, PidInfo{PID: os.Getpid(), DataDir: dir}); err != nil {
		t.Errorf("own PID not treated as stale: %v", err)
	}
	// So is one naming the grandparent pg_ctl tells us about.
	t.Setenv("PG_GRANDPARENT_PID", fmt.Sprint(live))
	os.WriteFile(PidFilePath(dir), []byte(fmt.Sprintf("%d\n", live)), 0o600)
	if err := CreatePidFile(dir, PidInfo{PID: os.Getpid(), DataDir: dir}); err != nil {
		t.Errorf("grandparent PID not treated as stale: %v", err)
	}
}

func TestPidFileEmptyAndBogus(t *testing.T) {
	dir := tempDataDir(t)
	os.WriteFile(PidFilePath(dir), nil, 0o600)
	pe := pgerr.As(CreatePidFile(dir, PidInfo{PID: os.Getpid()}))
	if pe == nil || pe.Message != `lock file "postmaster.pid" is empty` ||
		pe.Hint != "Either another server is starting, or the lock file is the remnant of a previous server startup crash." {
		t.Errorf("empty: %+v", pe)
	}
	if _, err := ReadPidFile(dir); !errors.Is(err, ErrPidFileEmpty) {
		t.Errorf("ReadPidFile empty: %v", err)
	}
	os.WriteFile(PidFilePath(dir), []byte("abc\n"), 0o600)
	pe = pgerr.As(CreatePidFile(dir, PidInfo{PID: os.Getpid()}))
	if pe == nil || pe.Message != "bogus data in lock file \"postmaster.pid\": \"abc\n\"" {
		t.Errorf("bogus: %+v", pe)
	}
	if _, err := ReadPidFile(dir); !errors.Is(err, ErrPidFileInvalid) {
		t.Errorf("ReadPidFile invalid: %v", err)
	}
}

func TestSocketLock(t *testing.T) {
	sockDir := t.TempDir()
	dataDir := tempDataDir(t)
	lock := SocketLockPath(sockDir, 5499)
	if filepath.Base(lock) != ".s.PGSQL.5499.lock" {
		t.Fatalf("SocketLockPath = %s", lock)
	}
	if err := CreateSocketLock(lock, PidInfo{PID: os.Getpid(), DataDir: dataDir, StartTime: 5}); err != nil {
		t.Fatal(err)
	}
	// Five lines, as PostgreSQL's socket lock files.
	want := fmt.Sprintf("%d\n%s\n5\n5499\n%s\n", os.Getpid(), dataDir, sockDir)
	if got := readString(t, lock); got != want {
		t.Errorf("content %q, want %q", got, want)
	}

	live := livePID(t)
	os.WriteFile(lock, []byte(fmt.Sprintf("%d\n/elsewhere\n1\n5499\n%s\n", live, sockDir)), 0o600)
	pe := pgerr.As(CreateSocketLock(lock, PidInfo{PID: os.Getpid(), DataDir: dataDir}))
	if pe == nil || pe.Message != fmt.Sprintf(`lock file "%s" already exists`, lock) ||
		pe.Hint != fmt.Sprintf(`Is another postmaster (PID %d) using socket file "%s"?`, live, filepath.Join(sockDir, ".s.PGSQL.5499")) {
		t.Errorf("live socket lock: %+v", pe)
	}

	os.WriteFile(lock, []byte(fmt.Sprintf("%d\n/elsewhere\n1\n5499\n%s\n", deadPID(t), sockDir)), 0o600)
	if err := CreateSocketLock(lock, PidInfo{PID: os.Getpid(), DataDir: dataDir}); err != nil {
		t.Errorf("stale socket lock not replaced: %v", err)
	}
	if info, err := ReadLockFile(lock); err != nil || info.PID != os.Getpid() || info.Port != 5499 {
		t.Errorf("after replacement: %+v %v", info, err)
	}
	if err := TouchSocketLock(lock); err != nil {
		t.Error(err)
	}
	if err := RemoveSocketLock(lock); err != nil {
		t.Error(err)
	}
	if _, err := os.Stat(lock); !errors.Is(err, fs.ErrNotExist) {
		t.Error("lock still there")
	}
}
