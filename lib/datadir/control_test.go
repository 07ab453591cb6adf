// Tests of the control file: byte-compatibility with a pg_control written
// by PostgreSQL 15's initdb, CRC verification and PostgreSQL's messages.

package datadir

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gpostgres/gpostgres/lib/pgerr"
)

// testdata/pg15_pg_control was written by PostgreSQL 15.18's initdb on
// x86-64; pg_controldata reported the values checked below.
func TestControlFileReadsPostgreSQLFile(t *testing.T) {
	ref, err := os.ReadFile("testdata/pg15_pg_control")
	if err != nil {
		t.Fatal(err)
	}
	c, err := UnmarshalControlFile(ref)
	if err != nil {
		t.Fatalf("unmarshal: %v", err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"system identifier", c.SystemIdentifier, uint64(7710500146739860798)},
		{"version", c.ControlVersion, uint32(1300)},
		{"catversion", c.CatalogVersion, uint32(202209061)},
		{"state", c.State.String(), "shut down"},
		{"checkpoint", c.CheckPoint.String(), "0/1500710"},
		{"redo", c.CheckPointCopy.Redo.String(), "0/1500710"},
		{"tli", c.CheckPointCopy.ThisTimeLineID, uint32(1)},
		{"fpw", c.CheckPointCopy.FullPageWrites, true},
		{"nextxid", c.CheckPointCopy.NextXID, uint64(724)},
		{"unlogged", c.UnloggedLSN.String(), "0/3E8"},
		{"wal_level", c.WALLevel.String(), "replica"},
		{"max_connections", c.MaxConnections, int32(100)},
		{"max_wal_senders", c.MaxWALSenders, int32(10)},
		{"blcksz", c.BlockSize, uint32(8192)},
		{"seg size", c.WALSegmentSize, uint32(16777216)},
		{"toast chunk", c.ToastMaxChunkSize, uint32(1996)},
		{"float8byval", c.Float8ByVal, true},
		{"checksums", c.DataChecksumVersion, uint32(0)},
	}
	for _, ck := range checks {
		if ck.got != ck.want {
			t.Errorf("%s = %v, want %v", ck.name, ck.got, ck.want)
		}
	}
	// Re-encoding must reproduce PostgreSQL's bytes exactly, CRC included.
	if out := c.Marshal(); !bytes.Equal(out, ref) {
		for i := range out {
			if out[i] != ref[i] {
				t.Fatalf("re-encoded file differs at offset %d: %#x vs %#x", i, out[i], ref[i])
			}
		}
	}
}

func TestControlFileWriteRead(t *testing.T) {
	dir := tempDataDir(t)
	if err := os.Mkdir(filepath.Join(dir, "global"), 0o700); err != nil {
		t.Fatal(err)
	}
	now := time.Unix(1795240000, 123456000)
	c, err := NewControlFile(now, true)
	if err != nil {
		t.Fatal(err)
	}
	if c.SystemIdentifier>>32 != uint64(now.Unix()) {
		t.Errorf("system identifier %x does not start with the time", c.SystemIdentifier)
	}
	if err := WriteControlFile(dir, c); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(filepath.Join(dir, ControlFilePath))
	if err != nil || st.Size() != ControlFileSize || st.Mode().Perm() != 0o600 {
		t.Fatalf("control file stat: %v %v", st, err)
	}
	got, err := ReadControlFile(dir)
	if err != nil {
		t.Fatal(err)
	}
	if *got != *c {
		t.Errorf("read back %+v, wrote %+v", got, c)
	}
	if got.State != DBShutdowned || got.DataChecksumVersion != 1 || got.CheckPoint.String() != "0/1000028" {
		t.Errorf("unexpected initial values: %v %v %v", got.State, got.DataChecksumVersion, got.CheckPoint)
	}

	// Update in place.
	got.State = DBInProduction
	if err := WriteControlFile(dir, got); err != nil {
		t.Fatal(err)
	}
	again, err := ReadControlFile(dir)
	if err != nil || again.State != DBInProduction {
		t.Fatalf("after update: %v %v", again, err)
	}
}

func TestControlFileBadChecksum(t *testing.T) {
	dir := tempDataDir(t)
	os.Mkdir(filepath.Join(dir, "global"), 0o700)
	c, _ := NewControlFile(time.Now(), false)
	b := c.Marshal()
	b[100] ^= 0xff // inside the CRC-covered region
	if err := os.WriteFile(filepath.Join(dir, ControlFilePath), b, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := ReadControlFile(dir)
	if !errors.Is(err, ErrControlChecksum) {
		t.Fatalf("err = %v, want ErrControlChecksum", err)
	}
	pe := pgerr.As(err)
	if pe.Message != "incorrect checksum in control file" || pe.Severity != pgerr.SeverityFatal {
		t.Errorf("got %s: %s", pe.Severity, pe.Message)
	}
	// pg_ctl still reads the state, but knows not to trust it.
	cf, ok, err := ReadControlFileState(dir)
	if err != nil || ok || cf.State != DBShutdowned {
		t.Errorf("ReadControlFileState = %v, %v, %v", cf, ok, err)
	}
}

func TestControlFileErrors(t *testing.T) {
	dir := tempDataDir(t)
	_, err := ReadControlFile(dir)
	pe := pgerr.As(err)
	if pe == nil || pe.Message != `could not open file "global/pg_control": No such file or directory` {
		t.Fatalf("missing file: %v", err)
	}
	if pe.Code != pgerr.UndefinedFile {
		t.Errorf("code %s", pe.Code)
	}

	os.Mkdir(filepath.Join(dir, "global"), 0o700)
	c, _ := NewControlFile(time.Now(), false)
	c.ControlVersion = 1201
	os.WriteFile(filepath.Join(dir, ControlFilePath), c.Marshal(), 0o600)
	_, err = ReadControlFile(dir)
	pe = pgerr.As(err)
	if pe.Message != "database files are incompatible with server" ||
		pe.Detail != "The database cluster was initialized with PG_CONTROL_VERSION 1201, but the server was compiled with PG_CONTROL_VERSION 1300." {
		t.Errorf("version mismatch: %q / %q", pe.Message, pe.Detail)
	}

	c.ControlVersion = ControlVersion
	c.CatalogVersion = 201909212
	os.WriteFile(filepath.Join(dir, ControlFilePath), c.Marshal(), 0o600)
	_, err = ReadControlFile(dir)
	pe = pgerr.As(err)
	if pe.Detail != "The database cluster was initialized with CATALOG_VERSION_NO 201909212, but the server was compiled with CATALOG_VERSION_NO 202209061." {
		t.Errorf("catversion mismatch: %q", pe.Detail)
	}

	os.WriteFile(filepath.Join(dir, ControlFilePath), []byte("short"), 0o600)
	_, err = ReadControlFile(dir)
	if pe = pgerr.As(err); pe.Message != `could not read file "global/pg_control": read 5 of 8192` {
		t.Errorf("short file: %q", pe.Message)
	}
}

func TestDBStateStrings(t *testing.T) {
	want := []string{"starting up", "shut down", "shut down in recovery", "shutting down",
		"in crash recovery", "in archive recovery", "in production", "unrecognized status code"}
	for i, w := range want {
		if got := DBState(i).String(); got != w {
			t.Errorf("DBState(%d) = %q, want %q", i, got, w)
		}
	}
}
