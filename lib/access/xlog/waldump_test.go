// Compatibility with PostgreSQL 15's tools: pg_waldump decodes our WAL as
// we do, and we decode a real initdb's WAL as pg_waldump does. Skipped
// when the tools are not installed.

package xlog

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/gpostgres/gpostgres/lib/datadir"
)

const pgBin = "/usr/lib/postgresql/15/bin"

func needTool(t *testing.T, name string) string {
	t.Helper()
	p := filepath.Join(pgBin, name)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("%s not installed", p)
	}
	return p
}

var waldumpLine = regexp.MustCompile(`^rmgr: (\S+)\s+len \(rec/tot\):\s+(\d+)/\s*(\d+), tx:\s+(\d+), lsn: ([0-9A-F]+)/([0-9A-F]+), prev ([0-9A-F]+)/([0-9A-F]+), desc: (.*)$`)

type dumpRecord struct {
	rmgr      string
	totLen    int
	xid       uint32
	lsn, prev LSN
	desc      string
}

func parseLSN(hi, lo string) LSN {
	h, _ := strconv.ParseUint(hi, 16, 32)
	l, _ := strconv.ParseUint(lo, 16, 32)
	return LSN(h<<32 | l)
}

// waldump runs pg_waldump and returns its records and its final error line.
func waldump(t *testing.T, walDir string, start LSN, extra ...string) ([]dumpRecord, string) {
	t.Helper()
	bin := needTool(t, "pg_waldump")
	args := append([]string{"-p", walDir, "-s", start.String()}, extra...)
	cmd := exec.Command(bin, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.Run() // exits 1 at the end of valid WAL
	var recs []dumpRecord
	sc := bufio.NewScanner(&stdout)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		m := waldumpLine.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		tot, _ := strconv.Atoi(m[3])
		xid, _ := strconv.ParseUint(m[4], 10, 32)
		recs = append(recs, dumpRecord{rmgr: m[1], totLen: tot, xid: uint32(xid), lsn: parseLSN(m[5], m[6]), prev: parseLSN(m[7], m[8]), desc: m[9]})
	}
	return recs, strings.TrimSpace(stderr.String())
}

func TestPgWaldumpReadsOurWAL(t *testing.T) {
	needTool(t, "pg_waldump")
	c := newCluster(t, "wal_buffers", "64kB")
	w, res := c.start()
	insert := func(b *RecordBuilder) LSN {
		t.Helper()
		if _, err := w.Insert(b); err != nil {
			t.Fatal(err)
		}
		return w.LastRecPtr()
	}
	for i := 0; i < 20; i++ {
		insert(noopRecord(tagged(0, i, 10+i*37)))
	}
	insert(noopRecord(tagged(0, 20, 20000))) // spans three pages
	fpi := NewRecord(RmgrXLOG, InfoFPI)
	fpi.RegisterBuffer(0, testRel, 0, 7, testPage(0, 120, 8000, 3), RegBufStandard)
	fpi.RegisterBuffer(1, testRel, 0, 9, testPage(0, 120, 8000, 4), RegBufStandard)
	fpi.RegisterBuffer(2, testRel, 1, 2, testPage(0, 120, 8000, 5), 0)
	fpiLSN := insert(fpi)
	oid := NewRecord(RmgrXLOG, InfoNextOID)
	oid.SetMainData(binary.LittleEndian.AppendUint32(nil, 24576))
	insert(oid)
	redo := w.BeginCheckpoint()
	insert(noopRecord(tagged(0, 21, 100)))
	cp := c.sh.Open(Options{DataDir: c.dir}).ControlFile().CheckPointCopy
	cp.Redo = datadir.LSN(redo)
	ckLSN, err := w.LogCheckpoint(CheckpointOnline, cp)
	if err != nil {
		t.Fatal(err)
	}
	switchLSN := insert(NewRecord(RmgrXLOG, InfoSwitch))
	afterSwitch := insert(noopRecord(tagged(0, 22, 100)))
	if afterSwitch != SegmentStart(2)+LongPageHeaderSize {
		t.Fatalf("record after the switch at %s", afterSwitch)
	}
	shutLSN, err := w.LogCheckpoint(CheckpointShutdown, w.ControlFile().CheckPointCopy)
	if err != nil {
		t.Fatal(err)
	}

	ours, rerr := readAll(t, c.dir, res.CheckpointLSN)
	dump, tail := waldump(t, c.walDir(), res.CheckpointLSN)
	if len(dump) != len(ours) {
		t.Fatalf("pg_waldump shows %d records, we read %d; pg_waldump said %s", len(dump), len(ours), tail)
	}
	for i, d := range dump {
		o := ours[i]
		if d.lsn != o.LSN || d.prev != o.Header.Prev || d.totLen != int(o.Header.TotLen) || d.rmgr != "XLOG" {
			t.Fatalf("record %d: pg_waldump %+v, ours at %s prev %s len %d", i, d, o.LSN, o.Header.Prev, o.Header.TotLen)
		}
	}
	byLSN := map[LSN]string{}
	for _, d := range dump {
		byLSN[d.lsn] = d.desc
	}
	checks := map[LSN]string{
		res.CheckpointLSN: "CHECKPOINT_SHUTDOWN redo 0/1000028; tli 1; prev tli 1; fpw true; xid 0:3; oid 16384",
		fpiLSN:            "FPI , blkref #0: rel 1663/5/16384 blk 7 FPW, blkref #1: rel 1663/5/16384 blk 9 FPW, blkref #2: rel 1663/5/16384 fork fsm blk 2 FPW",
		ckLSN:             "CHECKPOINT_ONLINE redo " + redo.String() + ";",
		switchLSN:         "SWITCH",
		shutLSN:           "CHECKPOINT_SHUTDOWN redo " + shutLSN.String() + ";",
	}
	for lsn, want := range checks {
		if !strings.HasPrefix(byLSN[lsn], want) {
			t.Errorf("at %s pg_waldump says %q, want prefix %q", lsn, byLSN[lsn], want)
		}
	}
	if !strings.HasSuffix(byLSN[ckLSN], "; online") || !strings.HasSuffix(byLSN[shutLSN], "; shutdown") {
		t.Errorf("checkpoint descs: %q, %q", byLSN[ckLSN], byLSN[shutLSN])
	}
	last := ours[len(ours)-1]
	var ie *InvalidRecordError
	if !errors.As(rerr, &ie) {
		t.Fatalf("our reader ended with %v", rerr)
	}
	wantTail := fmt.Sprintf("pg_waldump: error: error in WAL record at %s: %s", last.LSN, ie.Message)
	if tail != wantTail {
		t.Fatalf("pg_waldump ended with\n  %s\nwe ended with\n  %s", tail, wantTail)
	}
	// Block details with hole sizes, and the statistics summary.
	out, _ := exec.Command(filepath.Join(pgBin, "pg_waldump"), "-p", c.walDir(), "-s", fpiLSN.String(), "-n", "1", "-b").CombinedOutput()
	for _, want := range []string{
		"blkref #0: rel 1663/5/16384 fork main blk 7 (FPW); hole: offset: 120, length: 7880",
		"blkref #2: rel 1663/5/16384 fork fsm blk 2 (FPW); hole: offset: 0, length: 0",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("pg_waldump -b lacks %q:\n%s", want, out)
		}
	}
}

// TestReadPostgresWAL reads the WAL a real PostgreSQL 15 initdb writes
// (thousands of records of every kind, full-page images with holes) and
// checks that we decode exactly what pg_waldump decodes.
func TestReadPostgresWAL(t *testing.T) {
	if testing.Short() {
		t.Skip("runs initdb")
	}
	initdb := needTool(t, "initdb")
	needTool(t, "pg_waldump")
	dir := t.TempDir()
	pgdata := filepath.Join(dir, "pgdata")
	var cmd *exec.Cmd
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
		cmd = exec.Command("runuser", "-u", "postgres", "--", initdb, "-D", pgdata, "-N", "-A", "trust", "-E", "UTF8", "--locale=C")
	} else {
		cmd = exec.Command(initdb, "-D", pgdata, "-N", "-A", "trust", "-E", "UTF8", "--locale=C")
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Skipf("initdb failed: %v\n%s", err, out)
	}
	walDir := filepath.Join(pgdata, "pg_wal")
	ours, rerr := readAll(t, pgdata, FirstCheckpointLSN)
	dump, tail := waldump(t, walDir, FirstCheckpointLSN)
	if len(ours) < 1000 || len(dump) != len(ours) {
		t.Fatalf("we read %d records (%v), pg_waldump %d (%s)", len(ours), rerr, len(dump), tail)
	}
	images := 0
	page := make([]byte, BlockSize)
	for i, d := range dump {
		o := ours[i]
		if d.lsn != o.LSN || d.prev != o.Header.Prev || d.totLen != int(o.Header.TotLen) || d.xid != o.Header.XID {
			t.Fatalf("record %d differs: pg_waldump %+v, ours %s %+v", i, d, o.LSN, o.Header)
		}
		if d.rmgr != NewRmgrTable().RmgrName(o.Header.Rmid) {
			t.Fatalf("record %d: rmgr %s vs %s", i, d.rmgr, NewRmgrTable().RmgrName(o.Header.Rmid))
		}
		for j := range o.Blocks {
			b := &o.Blocks[j]
			if b.InUse && b.HasImage {
				if err := RestoreBlockImage(b, page); err != nil {
					t.Fatalf("record at %s block %d: %v", o.LSN, j, err)
				}
				images++
			}
		}
	}
	var ie *InvalidRecordError
	if !errors.As(rerr, &ie) || tail != fmt.Sprintf("pg_waldump: error: error in WAL record at %s: %s", ours[len(ours)-1].LSN, ie.Message) {
		t.Fatalf("ends differ: ours %v, pg_waldump %s", rerr, tail)
	}
	t.Logf("%d records, %d full-page images read from PostgreSQL's initdb WAL", len(ours), images)
	// Reading starting from pg_control's checkpoint works as recovery does.
	cf, err := datadir.ReadControlFile(pgdata)
	if err != nil {
		t.Fatal(err)
	}
	r := NewReader(walDir, LSN(cf.CheckPoint), ReaderOptions{SystemID: cf.SystemIdentifier})
	defer r.Close()
	rec, err := r.ReadRecord()
	if err != nil || rec.Header.Rmid != RmgrXLOG || rec.Header.Info != InfoCheckpointShutdown {
		t.Fatalf("checkpoint record: %v", err)
	}
	cp, _ := UnmarshalCheckPoint(rec.MainData)
	if cp != cf.CheckPointCopy {
		t.Fatalf("checkpoint record %+v, pg_control copy %+v", cp, cf.CheckPointCopy)
	}
	bad := NewReader(walDir, LSN(cf.CheckPoint), ReaderOptions{SystemID: cf.SystemIdentifier + 1})
	defer bad.Close()
	if _, err := bad.ReadRecord(); err == nil || !strings.Contains(err.Error(), "WAL file is from different database system") {
		t.Fatalf("foreign sysid accepted: %v", err)
	}
}
