// Test fixtures: a bootstrapped data directory with the WAL in shared
// memory, tagged record payloads, standard test pages.

package xlog

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gpostgres/gpostgres/lib/config"
	"github.com/gpostgres/gpostgres/lib/datadir"
	"github.com/gpostgres/gpostgres/lib/elog"
	"github.com/gpostgres/gpostgres/lib/shmem"
	"github.com/gpostgres/gpostgres/lib/storage"
)

// testCluster is a data directory with a bootstrapped WAL and a shared
// memory segment holding the WAL's state.
type testCluster struct {
	t        testing.TB
	dir      string
	settings *config.Settings
	seg      *shmem.Segment
	sh       *Shared
	logBuf   *bytes.Buffer
	log      *elog.Logger
	owners   []*shmem.Owner
}

func testSettings(t testing.TB, kv ...string) *config.Settings {
	t.Helper()
	s := config.New()
	for i := 0; i+1 < len(kv); i += 2 {
		if err := s.Set(kv[i], kv[i+1], config.ContextPostmaster, config.SourceCommandLine); err != nil {
			t.Fatalf("set %s: %v", kv[i], err)
		}
	}
	return s
}

// newDataDir makes an empty data directory with global/ and pg_wal/ and
// bootstraps the WAL.
func newDataDir(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	for _, d := range []string{"global", "pg_wal"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	os.Chmod(dir, 0o700)
	cf, err := datadir.NewControlFile(time.Now(), false)
	if err != nil {
		t.Fatal(err)
	}
	if err := Bootstrap(dir, cf); err != nil {
		t.Fatal(err)
	}
	return dir
}

// newCluster bootstraps a data directory and creates shared memory, but
// does not recover.
func newCluster(t testing.TB, kv ...string) *testCluster {
	t.Helper()
	c := &testCluster{t: t, dir: newDataDir(t), settings: testSettings(t, kv...)}
	c.createShared()
	return c
}

func (c *testCluster) createShared() {
	c.t.Helper()
	if c.seg != nil {
		c.seg.Close()
	}
	seg, err := shmem.Create(int64(ShmemSize(c.settings)) + 1<<16)
	if err != nil {
		c.t.Fatal(err)
	}
	c.t.Cleanup(func() { seg.Close() })
	sh, err := CreateShared(seg, c.settings)
	if err != nil {
		c.t.Fatal(err)
	}
	c.seg, c.sh = seg, sh
	c.logBuf = &bytes.Buffer{}
	c.log = elog.New(c.logBuf)
	c.log.Configure("", elog.Debug5, time.UTC)
}

func (c *testCluster) open(rmgrs *RmgrTable) *WAL {
	o := &shmem.Owner{Pid: int32(1000 + len(c.owners))}
	c.owners = append(c.owners, o)
	w := c.sh.Open(Options{DataDir: c.dir, Owner: o, Settings: c.settings, Logger: c.log, Rmgrs: rmgrs})
	c.t.Cleanup(func() { w.Close() })
	return w
}

// start creates a handle and recovers.
func (c *testCluster) start() (*WAL, *RecoveryResult) {
	c.t.Helper()
	w := c.open(NewRmgrTable())
	res, err := w.Recover(context.Background())
	if err != nil {
		c.t.Fatalf("recover: %v\nlog:\n%s", err, c.logBuf)
	}
	return w, res
}

// checkOwnersClean fails if any handle still counts a held lock.
func (c *testCluster) checkOwnersClean() {
	c.t.Helper()
	for _, o := range c.owners {
		if o.LocksHeld != 0 || o.CritSections != 0 {
			c.t.Fatalf("owner %d still holds %d locks", o.Pid, o.LocksHeld)
		}
	}
}

func (c *testCluster) walDir() string { return filepath.Join(c.dir, "pg_wal") }

// readAll reads every valid record from start and returns them and the
// error that ended the reading.
func readAll(t testing.TB, dir string, start LSN) ([]*DecodedRecord, error) {
	t.Helper()
	r := NewReader(filepath.Join(dir, "pg_wal"), start, ReaderOptions{})
	defer r.Close()
	var out []*DecodedRecord
	for {
		rec, err := r.ReadRecord()
		if err != nil {
			return out, err
		}
		out = append(out, rec)
	}
}

// noopRecord is an XLOG NOOP carrying payload, as tests insert it.
func noopRecord(payload []byte) *RecordBuilder {
	b := NewRecord(RmgrXLOG, InfoNoop)
	b.SetMainData(payload)
	return b
}

// tagged builds a payload identifying writer and sequence, padded to n.
func tagged(writer, seq, n int) []byte {
	if n < 8 {
		n = 8
	}
	p := make([]byte, n)
	binary.LittleEndian.PutUint32(p[0:], uint32(writer))
	binary.LittleEndian.PutUint32(p[4:], uint32(seq))
	for i := 8; i < n; i++ {
		p[i] = byte(writer*31 + seq + i)
	}
	return p
}

func checkTagged(p []byte) (writer, seq int, err error) {
	if len(p) < 8 {
		return 0, 0, fmt.Errorf("payload of %d bytes", len(p))
	}
	writer = int(binary.LittleEndian.Uint32(p[0:]))
	seq = int(binary.LittleEndian.Uint32(p[4:]))
	for i := 8; i < len(p); i++ {
		if p[i] != byte(writer*31+seq+i) {
			return writer, seq, fmt.Errorf("payload of writer %d seq %d corrupt at byte %d", writer, seq, i)
		}
	}
	return writer, seq, nil
}

// testPage builds a standard heap-like page with pd_lsn lsn and a hole
// between lower and upper.
func testPage(lsn LSN, lower, upper int, fill byte) []byte {
	p := make([]byte, BlockSize)
	for i := range p {
		p[i] = fill + byte(i%7)
	}
	setPageLSN(p, lsn)
	binary.LittleEndian.PutUint16(p[12:], uint16(lower))
	binary.LittleEndian.PutUint16(p[14:], uint16(upper))
	clear(p[lower:upper])
	return p
}

var testRel = storage.RelFileLocator{Spc: 1663, DB: 5, Rel: 16384}
