package relmap

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/gpostgres/gpostgres/lib/access/xlog"
)

// The testdata maps were read from a PostgreSQL 15 cluster
// (pg_read_binary_file): the shared map, and a database's after
// VACUUM FULL pg_class moved pg_class (1259) to file 22743.
func TestDecodesPostgreSQLMaps(t *testing.T) {
	for _, tc := range []struct {
		file     string
		n        int
		oid, has uint32
	}{
		{"pg15_global.map", 48, 1262, 1262},
		{"pg15_db.map", 17, 1259, 22743},
	} {
		b, err := os.ReadFile(filepath.Join("testdata", tc.file))
		if err != nil {
			t.Fatal(err)
		}
		m, err := Decode(b)
		if err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		if len(m.Mappings) != tc.n || m.Lookup(tc.oid) != tc.has {
			t.Errorf("%s: %d mappings, %d maps to %d", tc.file, len(m.Mappings), tc.oid, m.Lookup(tc.oid))
		}
		if !bytes.Equal(m.Encode(), b) {
			t.Errorf("%s: encoding the decoded map does not give the file back", tc.file)
		}
		bad := append([]byte(nil), b...)
		bad[12] ^= 1
		if _, err := Decode(bad); err != errChecksum {
			t.Errorf("%s with a flipped bit: %v", tc.file, err)
		}
	}
}

func TestSetLimits(t *testing.T) {
	m := &Map{}
	for i := uint32(0); i < MaxMappings; i++ {
		if err := m.Set(1000+i, 1000+i); err != nil {
			t.Fatal(err)
		}
	}
	if err := m.Set(1000, 5000); err != nil || m.Lookup(1000) != 5000 {
		t.Fatalf("replacing an entry of a full map: %v", err)
	}
	if err := m.Set(9999, 1); err == nil {
		t.Fatal("a 63rd mapping was accepted")
	}
}

type fakeWAL struct{ recs []*xlog.RecordBuilder }

func (w *fakeWAL) Insert(b *xlog.RecordBuilder) (xlog.LSN, error) {
	w.recs = append(w.recs, b)
	return xlog.LSN(len(w.recs)), nil
}
func (w *fakeWAL) Flush(xlog.LSN) error { return nil }

// Update merges into the map on disk, so that two transactions' changes
// to different catalogs both survive, and logs the whole new file.
func TestUpdateMergesAndLogs(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{"global", "base/5"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	initial := &Map{Mappings: []Mapping{{1259, 1259}, {1249, 1249}}}
	for _, db := range []uint32{0, 5} {
		if err := Write(dir, db, initial); err != nil {
			t.Fatal(err)
		}
	}
	w := &fakeWAL{}
	if err := Update(dir, w, 700, 5, 1663, []Mapping{{1259, 20000}}); err != nil {
		t.Fatal(err)
	}
	if err := Update(dir, w, 700, 5, 1663, []Mapping{{1249, 20001}}); err != nil {
		t.Fatal(err)
	}
	m, err := Read(dir, 5)
	if err != nil {
		t.Fatal(err)
	}
	if m.Lookup(1259) != 20000 || m.Lookup(1249) != 20001 {
		t.Fatalf("map after two updates: %+v", m.Mappings)
	}
	if g, _ := Read(dir, 0); g.Lookup(1259) != 1259 {
		t.Fatalf("the shared map changed: %+v", g.Mappings)
	}
	if len(w.recs) != 2 {
		t.Fatalf("%d records logged", len(w.recs))
	}
	db, tsid, data, err := decodeUpdate(encodeUpdate(5, 1663, m.Encode()))
	if err != nil || db != 5 || tsid != 1663 || !bytes.Equal(data, m.Encode()) {
		t.Fatalf("record round trip: %d %d %v", db, tsid, err)
	}
}
