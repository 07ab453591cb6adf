// Compatibility with PostgreSQL 15 itself: it replays WAL this package
// appended to a real cluster and prints the same recovery messages.

package xlog

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gpostgres/gpostgres/lib/datadir"
	"github.com/gpostgres/gpostgres/lib/elog"
	"github.com/gpostgres/gpostgres/lib/shmem"
	"github.com/gpostgres/gpostgres/lib/storage"
)

// asPostgres runs a PostgreSQL tool, as the postgres user when we are root.
func asPostgres(t *testing.T, tool string, args ...string) *exec.Cmd {
	t.Helper()
	bin := needTool(t, tool)
	if os.Geteuid() == 0 {
		return exec.Command("runuser", append([]string{"-u", "postgres", "--", bin}, args...)...)
	}
	return exec.Command(bin, args...)
}

// pgCluster runs initdb in a fresh directory.
func pgCluster(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("runs initdb")
	}
	needTool(t, "initdb")
	dir := t.TempDir()
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			t.Skip("running as root without a postgres user")
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		os.Chmod(dir, 0o755)
		os.Chmod(filepath.Dir(dir), 0o755)
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Skip(err)
		}
	}
	pgdata := filepath.Join(dir, "pgdata")
	if out, err := asPostgres(t, "initdb", "-D", pgdata, "-N", "-A", "trust", "-E", "UTF8", "--locale=C").CombinedOutput(); err != nil {
		t.Skipf("initdb failed: %v\n%s", err, out)
	}
	return pgdata
}

func chownPostgres(t *testing.T, dir string) {
	t.Helper()
	if os.Geteuid() != 0 {
		return
	}
	if out, err := exec.Command("chown", "-R", "postgres:postgres", dir).CombinedOutput(); err != nil {
		t.Fatalf("chown: %v %s", err, out)
	}
}

// recoveryLines extracts the LSN-bearing recovery messages of a log.
var recoveryLine = regexp.MustCompile(`(?m)(?:LOG:  )(redo starts at \S+|invalid record length at \S+ wanted 24, got 0|redo done at \S+|database system was interrupted; last known up at|database system was not properly shut down; automatic recovery in progress)`)

func recoveryLines(log string) []string {
	var out []string
	for _, m := range recoveryLine.FindAllStringSubmatch(log, -1) {
		out = append(out, m[1])
	}
	return out
}

// TestPostgresReplaysOurWAL appends records to a real PostgreSQL 15
// cluster's WAL with this package (NOOPs, a multi-page record, a
// full-page image of a real catalog page, an online checkpoint), crashes,
// and lets PostgreSQL itself recover: it must replay our records from our
// checkpoint's redo point, with the same recovery messages we print for
// the same WAL, and come up.
func TestPostgresReplaysOurWAL(t *testing.T) {
	pgdata := pgCluster(t)
	needTool(t, "pg_ctl")
	settings := testSettings(t, "wal_buffers", "64kB")
	seg, err := shmem.Create(int64(ShmemSize(settings)) + 1<<16)
	if err != nil {
		t.Fatal(err)
	}
	defer seg.Close()
	sh, err := CreateShared(seg, settings)
	if err != nil {
		t.Fatal(err)
	}
	w := sh.Open(Options{DataDir: pgdata, Owner: &shmem.Owner{Pid: 1}, Settings: settings})
	if _, err := w.Recover(context.Background()); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 10; i++ {
		if _, err := w.Insert(noopRecord(tagged(0, i, 100))); err != nil {
			t.Fatal(err)
		}
	}
	redo := w.BeginCheckpoint()
	if _, err := w.Insert(noopRecord(tagged(0, 10, 30000))); err != nil {
		t.Fatal(err)
	}
	// pg_class's first page, logged as it is on disk.
	page := make([]byte, BlockSize)
	f, err := os.Open(filepath.Join(pgdata, "base", "5", "1259"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.ReadAt(page, 0); err != nil {
		t.Fatal(err)
	}
	f.Close()
	fpi := NewRecord(RmgrXLOG, InfoFPI)
	fpi.RegisterBuffer(0, storage.RelFileLocator{Spc: 1663, DB: 5, Rel: 1259}, storage.MainFork, 0, page, RegBufStandard|RegBufForceImage)
	if _, err := w.Insert(fpi); err != nil {
		t.Fatal(err)
	}
	ckLSN, err := w.LogCheckpoint(CheckpointOnline, datadir.CheckPoint{
		Redo: datadir.LSN(redo), NextXID: w.ControlFile().CheckPointCopy.NextXID, NextOID: w.ControlFile().CheckPointCopy.NextOID,
		NextMulti: 1, OldestXID: w.ControlFile().CheckPointCopy.OldestXID, OldestXIDDB: 1, OldestMulti: 1, OldestMultiDB: 1,
	})
	if err != nil {
		t.Fatal(err)
	}
	end, err := w.Insert(noopRecord(tagged(0, 11, 5000)))
	if err != nil {
		t.Fatal(err)
	}
	last := w.LastRecPtr()
	if err := w.Flush(end); err != nil {
		t.Fatal(err)
	}
	w.Close()

	// Our own recovery of a copy, for comparison.
	cp := t.TempDir()
	if out, err := exec.Command("cp", "-a", pgdata+"/.", cp).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v %s", err, out)
	}
	var ourLog bytes.Buffer
	lg := elog.New(&ourLog)
	lg.Configure("", elog.Log, time.UTC)
	seg2, _ := shmem.Create(int64(ShmemSize(settings)) + 1<<16)
	defer seg2.Close()
	sh2, _ := CreateShared(seg2, settings)
	w2 := sh2.Open(Options{DataDir: cp, Owner: &shmem.Owner{Pid: 2}, Settings: settings, Logger: lg, Rmgrs: NewRmgrTable()})
	res, err := w2.Recover(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	w2.Close()
	if res.CheckpointLSN != ckLSN || res.RedoStart != redo || res.LastRecord != last || res.EndOfLog != end {
		t.Fatalf("our recovery: %+v", res)
	}

	// PostgreSQL's recovery of the original.
	chownPostgres(t, filepath.Dir(pgdata))
	logFile := filepath.Join(filepath.Dir(pgdata), "server.log")
	sock := filepath.Dir(pgdata)
	start := asPostgres(t, "pg_ctl", "-D", pgdata, "-l", logFile, "-w", "-t", "60",
		"-o", "-c listen_addresses= -k "+sock+" -p 54329", "start")
	if out, err := start.CombinedOutput(); err != nil {
		b, _ := os.ReadFile(logFile)
		t.Fatalf("postgres did not start: %v\n%s\n%s", err, out, b)
	}
	asPostgres(t, "pg_ctl", "-D", pgdata, "-w", "-m", "fast", "stop").CombinedOutput()
	pgLogBytes, _ := os.ReadFile(logFile)
	pgLog := string(pgLogBytes)
	if !strings.Contains(pgLog, "database system is ready to accept connections") {
		t.Fatalf("postgres log:\n%s", pgLog)
	}
	ours, theirs := recoveryLines(ourLog.String()), recoveryLines(pgLog)
	if strings.Join(ours, "\n") != strings.Join(theirs, "\n") || len(ours) != 5 {
		t.Fatalf("recovery messages differ:\nours:\n  %s\npostgres:\n  %s\n\nfull postgres log:\n%s",
			strings.Join(ours, "\n  "), strings.Join(theirs, "\n  "), pgLog)
	}
	if !strings.Contains(pgLog, "redo starts at "+redo.String()) || !strings.Contains(pgLog, "redo done at "+last.String()) {
		t.Fatalf("postgres did not replay our records:\n%s", pgLog)
	}
	t.Logf("postgres replayed %s..%s:\n  %s", redo, last, strings.Join(theirs, "\n  "))
}
