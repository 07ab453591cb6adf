// Unit tests: the generated definitions, the derived rows against the
// bki's own rows for the bootstrap catalogs, the vector encoders, and
// Bootstrap's files read back with the direct reader.

package catalog

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gpostgres/gpostgres/lib/access/tuple"
	"github.com/gpostgres/gpostgres/lib/datadir"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/page"
	"github.com/gpostgres/gpostgres/lib/types"
)

const bkiPath = "/usr/share/postgresql/15/postgres.bki"

func TestDefinitions(t *testing.T) {
	defs := Definitions()
	if len(defs) != 64 {
		t.Fatalf("%d catalogs, want 64", len(defs))
	}
	rows, shared := 0, 0
	for i := range defs {
		c := &defs[i]
		rows += len(c.InitialRows())
		if c.Shared {
			shared++
		}
		if Lookup(c.Name) != c || ByOID(c.OID) != c {
			t.Errorf("%s: lookups do not return it", c.Name)
		}
		if c.RowType == 0 || c.ArrayType == 0 {
			t.Errorf("%s: no row or array type", c.Name)
		}
		if len(c.Desc().Attrs) != len(c.Columns) {
			t.Errorf("%s: descriptor has %d attributes", c.Name, len(c.Desc().Attrs))
		}
	}
	// postgres.bki's 10404 rows, postbootstrap.bki's 24,
	// system_views.bki's 1276, infoschema_views.bki's 1242 and
	// infoschema_tables.bki's 61.
	if rows != 13088 || shared != 11 {
		t.Errorf("%d rows, %d shared catalogs; want 13088 and 11", rows, shared)
	}
	for _, tc := range []struct {
		name           string
		oid, rowtype   uint32
		shared, boot   bool
		natts          int
		col            string
		typ            uint32
		len            int16
		align, storage byte
		notNull        bool
		coll           uint32
	}{
		{"pg_proc", 1255, 81, false, true, 30, "proargtypes", 30, -1, 'i', 'p', true, 0},
		{"pg_proc", 1255, 81, false, true, 30, "proname", 19, 64, 'c', 'p', true, 950},
		{"pg_proc", 1255, 81, false, true, 30, "proallargtypes", 1028, -1, 'i', 'x', false, 0},
		{"pg_class", 1259, 83, false, true, 33, "relfrozenxid", 28, 4, 'i', 'p', true, 0},
		{"pg_database", 1262, 1248, true, false, 16, "datcollate", 25, -1, 'i', 'x', true, 950},
		{"pg_database", 1262, 1248, true, false, 16, "daticulocale", 25, -1, 'i', 'x', false, 950},
		{"pg_authid", 1260, 2842, true, false, 12, "rolconnlimit", 23, 4, 'i', 'p', true, 0},
		{"pg_authid", 1260, 2842, true, false, 12, "rolvaliduntil", 1184, 8, 'd', 'p', false, 0},
		{"pg_namespace", 2615, 10047, false, false, 4, "nspacl", 1034, -1, 'i', 'x', false, 0},
		{"pg_index", 2610, 10007, false, false, 21, "indkey", 22, -1, 'i', 'p', true, 0},
		{"pg_statistic_ext_data", 3429, 10033, false, false, 6, "stxdexpr", 10028, -1, 'd', 'x', false, 0},
	} {
		c := Lookup(tc.name)
		if c == nil {
			t.Fatalf("no %s", tc.name)
		}
		if c.OID != tc.oid || c.RowType != tc.rowtype || c.Shared != tc.shared || c.Bootstrap != tc.boot || len(c.Columns) != tc.natts {
			t.Errorf("%s: %d %d %v %v %d", c.Name, c.OID, c.RowType, c.Shared, c.Bootstrap, len(c.Columns))
		}
		i := c.Column(tc.col)
		if i < 0 {
			t.Fatalf("%s has no %s", tc.name, tc.col)
		}
		col := c.Columns[i]
		if col.Type != tc.typ || col.Len != tc.len || col.Align != tc.align || col.Storage != tc.storage ||
			col.NotNull != tc.notNull || col.Collation != tc.coll {
			t.Errorf("%s.%s: %+v", tc.name, tc.col, col)
		}
	}
	if Lookup("pg_nothing") != nil || ByOID(1) != nil {
		t.Error("lookup of a missing catalog")
	}
	if d := IndexDecls(); len(d) != 122 || d[0].Name != "pg_proc_oid_index" || !d[0].Unique ||
		!reflect.DeepEqual(d[0].Keys, []IndexKey{{"oid", "oid_ops"}}) {
		t.Errorf("index declarations: %d, first %+v", len(d), d[0])
	}
	if tt := Lookup("pg_proc").Toast; tt == nil || tt.ToastOID != 2836 || tt.IndexOID != 2837 {
		t.Errorf("pg_proc toast %+v", tt)
	}
}

// The bki carries the pg_class, pg_attribute and pg_type rows of the four
// bootstrap catalogs; what this package derives for the other catalogs
// must produce exactly those rows for these four.
func TestDerivedRowsMatchBKI(t *testing.T) {
	find := func(cat string, match func(r []string) bool) [][]string {
		c := Lookup(cat)
		var out [][]string
		for _, r := range c.InitialRows() {
			if match(r) {
				out = append(out, r)
			}
		}
		return out
	}
	for i := range catalogs {
		c := &catalogs[i]
		if !c.Bootstrap {
			continue
		}
		oid := itoa(c.OID)
		pc := Lookup("pg_class")
		want := find("pg_class", func(r []string) bool { return r[0] == oid })
		got := classRow(c)
		got[pc.Column("relfilenode")] = "0" // the bki has the mapper's 0
		if len(want) != 1 || !reflect.DeepEqual(got, want[0]) {
			t.Errorf("%s pg_class row:\n got %q\nwant %q", c.Name, got, want)
		}
		want = find("pg_attribute", func(r []string) bool { return r[0] == oid })
		if got := attributeRows(c); !reflect.DeepEqual(got, want) {
			t.Errorf("%s pg_attribute rows:\n got %q\nwant %q", c.Name, got, want)
		}
		want = find("pg_type", func(r []string) bool { return r[0] == itoa(c.RowType) || r[0] == itoa(c.ArrayType) })
		if got := typeRows(c); !reflect.DeepEqual(got, want) {
			t.Errorf("%s pg_type rows:\n got %q\nwant %q", c.Name, got, want)
		}
	}
}

func TestVectors(t *testing.T) {
	// oidvectorin('16 16') and int2vectorin('1 2 3') as PostgreSQL stores
	// them, varlena header excluded.
	want := "01000000" + "00000000" + "1a000000" + "02000000" + "00000000" + "10000000" + "10000000"
	if got := hex.EncodeToString(EncodeOidVector([]uint32{16, 16})); got != want {
		t.Errorf("oidvector %s, want %s", got, want)
	}
	want = "01000000" + "00000000" + "15000000" + "03000000" + "00000000" + "0100" + "0200" + "0300"
	if got := hex.EncodeToString(EncodeInt2Vector([]int16{1, 2, 3})); got != want {
		t.Errorf("int2vector %s, want %s", got, want)
	}
	if got := hex.EncodeToString(EncodeOidVector(nil)); got != "0100000000000000"+"1a000000"+"0000000000000000" {
		t.Errorf("empty oidvector %s", got)
	}
	v, err := DecodeOidVector(EncodeOidVector([]uint32{1, 4294967295}))
	if err != nil || !reflect.DeepEqual(v, []uint32{1, 4294967295}) {
		t.Errorf("oidvector round trip %v %v", v, err)
	}
	w, err := DecodeInt2Vector(EncodeInt2Vector([]int16{-1, 7}))
	if err != nil || !reflect.DeepEqual(w, []int16{-1, 7}) {
		t.Errorf("int2vector round trip %v %v", w, err)
	}
	if _, err := DecodeOidVector(EncodeInt2Vector([]int16{1})); err == nil {
		t.Error("int2vector decoded as oidvector")
	}
	if _, err := DecodeOidVector([]byte{1, 2}); err == nil {
		t.Error("short vector accepted")
	}
}

func TestParseValues(t *testing.T) {
	pp := Lookup("pg_proc")
	procs := newProcResolver(pp.InitialRows())
	col := func(cat, name string) *Column { c := Lookup(cat); return &c.Columns[c.Column(name)] }
	for _, tc := range []struct {
		col  *Column
		in   string
		want string
	}{
		{col("pg_type", "typinput"), "boolin", "1242"},
		{col("pg_type", "typinput"), "-", "0"},
		{col("pg_type", "typinput"), "1243", "1243"},
		{col("pg_class", "relfrozenxid"), "4294967295", "4294967295"},
		{col("pg_proc", "proargtypes"), "", ""},
		{col("pg_proc", "proargtypes"), "25 25", "25 25"},
		{col("pg_proc", "proallargtypes"), "{1034,26}", "{1034,26}"},
		{col("pg_proc", "proargmodes"), "{i,o}", "{i,o}"},
		{col("pg_attribute", "attcompression"), "", ""},
		{col("pg_class", "reltuples"), "-1", "-1"},
		{col("pg_proc", "procost"), "0.5", "0.5"},
		{col("pg_database", "daticulocale"), NullValue, `\N`},
		{col("pg_namespace", "nspacl"), "{6171=UC/6171,=U/6171}", "{6171=UC/6171,=U/6171}"},
		{col("pg_namespace", "nspacl"), "{}", "{}"},
	} {
		d, err := parseValue(tc.col, tc.in, procs)
		if err != nil {
			t.Errorf("%s %q: %v", tc.col.Name, tc.in, err)
			continue
		}
		if got := FormatValue(tc.col, d); got != tc.want {
			t.Errorf("%s %q: got %q want %q", tc.col.Name, tc.in, got, tc.want)
		}
	}
	for _, tc := range []struct {
		col *Column
		in  string
	}{
		{col("pg_type", "typinput"), "no_such_function"},
		{col("pg_type", "typinput"), "abs"}, // overloaded: regprocin refuses
		{col("pg_proc", "proargtypes"), "1 x"},
		{col("pg_proc", "proargtypes"), NullValue}, // FORCE NOT NULL
		{col("pg_namespace", "nspacl"), "{=U/x}"},  // roles are OIDs here
		{col("pg_namespace", "nspacl"), "{=Q/10}"}, // no such privilege
		{col("pg_namespace", "nspacl"), "=U/10"},
		{col("pg_class", "relpages"), "many"},
	} {
		if _, err := parseValue(tc.col, tc.in, procs); err == nil {
			t.Errorf("%s %q accepted", tc.col.Name, tc.in)
		}
	}
	if _, err := Lookup("pg_type").ParseRow([]string{"1"}); err == nil {
		t.Error("short row accepted")
	}
}

var testParams = BootstrapParams{Superuser: "postgres", Encoding: "UTF8", Collate: "C.UTF-8", Ctype: "C.UTF-8", NoSync: true}

// bootstrapDir makes a data directory with pg_control and the catalogs.
func bootstrapDir(t *testing.T, p BootstrapParams) string {
	t.Helper()
	dir := t.TempDir()
	for _, d := range []string{"global", "base/1"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	cf, err := datadir.NewControlFile(time.Now(), p.DataChecksums)
	if err != nil {
		t.Fatal(err)
	}
	if err := datadir.WriteControlFile(dir, cf); err != nil {
		t.Fatal(err)
	}
	if err := Bootstrap(dir, p); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestBootstrapFiles(t *testing.T) {
	p := testParams
	p.Superuser = "o'brien"
	p.FileMode = 0o640
	p.NoSync = false
	dir := bootstrapDir(t, p)
	files, err := BuildFiles(p)
	if err != nil {
		t.Fatal(err)
	}
	for i := range catalogs {
		c := &catalogs[i]
		dbs := []uint32{1, 4, 5}
		if c.Shared {
			dbs = []uint32{0}
		}
		for _, db := range dbs {
			path := filepath.Join(dir, CatalogPath(c, db))
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b, files[i]) {
				t.Errorf("%s differs from BuildFiles", path)
			}
			if st, _ := os.Stat(path); st.Mode().Perm() != 0o640 {
				t.Errorf("%s mode %v", path, st.Mode())
			}
		}
		if !c.Shared {
			if _, err := os.Stat(filepath.Join(dir, "global", itoa(c.OID))); err == nil {
				t.Errorf("%s also in global/", c.Name)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "base", "1", "1262")); err == nil {
		t.Error("shared pg_database in base/1")
	}

	// Every tuple is frozen, points at itself and deforms.
	n := 0
	for i := range catalogs {
		c := &catalogs[i]
		tups, err := ReadCatalog(dir, 1, c, ScanOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, tp := range tups {
			h := tp.Header
			blk, off := h.Ctid()
			if h.Xmin() != FrozenXid || h.Xmax() != 0 || h.Infomask()&(tuple.XminFrozen|tuple.XmaxInvalid) != tuple.XminFrozen|tuple.XmaxInvalid ||
				blk != tp.Block || off != tp.Offset || h.NAttrs() != len(c.Columns) || tp.KnownDead() {
				t.Fatalf("%s (%d,%d): header xmin %d xmax %d infomask %#x ctid (%d,%d)", c.Name, tp.Block, tp.Offset,
					h.Xmin(), h.Xmax(), h.Infomask(), blk, off)
			}
		}
		n += len(tups)
	}
	if n < 10404+64 {
		t.Errorf("%d tuples", n)
	}

	roles, err := Roles(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(roles) != 13 || roles[0] != (Role{OID: 10, Name: "o'brien", Superuser: true, Inherit: true, CreateRole: true,
		CreateDB: true, CanLogin: true, Replication: true, BypassRLS: true, ConnLimit: -1}) {
		t.Errorf("roles %+v", roles)
	}
	if r, ok, err := RoleByName(dir, "pg_monitor"); err != nil || !ok || r.OID != 3373 || r.CanLogin || r.Superuser {
		t.Errorf("pg_monitor %+v %v %v", r, ok, err)
	}
	if _, ok, err := RoleByName(dir, "nobody"); ok || err != nil {
		t.Errorf("nobody %v %v", ok, err)
	}
	dbs, err := Databases(dir)
	if err != nil {
		t.Fatal(err)
	}
	mk := func(oid uint32, name string, allow, tmpl bool) Database {
		return Database{OID: oid, Name: name, Owner: 10, Encoding: "UTF8", Collate: "C.UTF-8", Ctype: "C.UTF-8",
			AllowConn: allow, IsTemplate: tmpl, ConnLimit: -1, Tablespace: 1663, FrozenXid: 3, MinMxid: 1}
	}
	want := []Database{mk(1, "template1", true, true), mk(4, "template0", false, true), mk(5, "postgres", true, false)}
	if !reflect.DeepEqual(dbs, want) {
		t.Errorf("databases\n got %+v\nwant %+v", dbs, want)
	}
	if d, ok, err := DatabaseByName(dir, "template0"); err != nil || !ok || d.AllowConn {
		t.Errorf("template0 %+v %v %v", d, ok, err)
	}

	// The files exist now: a second bootstrap must not overwrite them.
	if err := Bootstrap(dir, p); err == nil || !strings.Contains(err.Error(), "could not create file") {
		t.Errorf("second bootstrap: %v", err)
	}
}

func TestBootstrapParams(t *testing.T) {
	if _, err := BuildFiles(BootstrapParams{Superuser: "x", Encoding: "KLINGON"}); err == nil {
		t.Error("unknown encoding accepted")
	}
	if _, err := BuildFiles(BootstrapParams{Encoding: "UTF8"}); err == nil {
		t.Error("no superuser accepted")
	}
	p := testParams
	p.Encoding, p.Collate, p.Ctype = "LATIN1", "de_DE", "fr_FR"
	dir := bootstrapDir(t, p)
	d, ok, err := DatabaseByName(dir, "postgres")
	if err != nil || !ok || d.Encoding != "LATIN1" || d.Collate != "de_DE" || d.Ctype != "fr_FR" {
		t.Errorf("postgres %+v %v %v", d, ok, err)
	}
}

func TestChecksums(t *testing.T) {
	p := testParams
	p.DataChecksums = true
	dir := bootstrapDir(t, p)
	path := filepath.Join(dir, CatalogPath(Lookup("pg_proc"), 1))
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for blk := 0; blk < len(b)/page.Size; blk++ {
		pg := page.Page(b[blk*page.Size : (blk+1)*page.Size])
		if pg.StoredChecksum() == 0 {
			t.Fatalf("block %d has no checksum", blk)
		}
		if ok, w := pg.Verify(uint32ToBlock(blk), page.VerifyChecksums); !ok || w != nil {
			t.Fatalf("block %d does not verify: %v", blk, w)
		}
	}
	// The reader verifies them (Roles reads pg_control to know it must).
	if _, err := Roles(dir); err != nil {
		t.Fatal(err)
	}
	authid := filepath.Join(dir, CatalogPath(Lookup("pg_authid"), 0))
	a, _ := os.ReadFile(authid)
	a[page.Size-10] ^= 0x40
	if err := os.WriteFile(authid, a, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Roles(dir); err == nil || !strings.Contains(err.Error(), "invalid page in block 0") {
		t.Errorf("corrupt page: %v", err)
	}
	// Without checksums the same flip goes unnoticed by the page check.
	plain := bootstrapDir(t, testParams)
	b, _ = os.ReadFile(filepath.Join(plain, CatalogPath(Lookup("pg_class"), 1)))
	if binary.LittleEndian.Uint16(b[8:]) != 0 {
		t.Error("checksum set without data checksums")
	}
}

func TestScanFileErrors(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f")
	os.WriteFile(path, make([]byte, 100), 0o600)
	desc := Lookup("pg_namespace").Desc()
	if err := ScanFile(path, desc, ScanOptions{}, func(*StoredTuple) error { return nil }); err == nil ||
		!strings.Contains(err.Error(), "read only 100 of 8192 bytes") {
		t.Errorf("partial page: %v", err)
	}
	// A zeroed page (left by a crash during extension) is skipped.
	os.WriteFile(path, make([]byte, page.Size), 0o600)
	if err := ScanFile(path, desc, ScanOptions{VerifyChecksums: true}, func(*StoredTuple) error { return nil }); err != nil {
		t.Errorf("zero page: %v", err)
	}
	if err := ScanFile(filepath.Join(dir, "missing"), desc, ScanOptions{}, nil); err == nil ||
		!strings.Contains(err.Error(), "No such file or directory") {
		t.Errorf("missing file: %v", err)
	}
	if _, err := Roles(dir); err == nil {
		t.Error("Roles without pg_control")
	}
}

// The generated files are what gen_catalog.go makes from the bki file of
// the installed PostgreSQL 15.
func TestGeneratedUpToDate(t *testing.T) {
	if _, err := os.Stat(bkiPath); err != nil {
		t.Skipf("%s: %v", bkiPath, err)
	}
	if testing.Short() {
		t.Skip("runs the generator")
	}
	out := t.TempDir()
	cmd := exec.Command("go", "run", "gen_catalog.go", "-bki", bkiPath, "-out", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, b)
	}
	for _, f := range []string{"catalogs_gen.go", "rows_gen.go"} {
		want, _ := os.ReadFile(filepath.Join(out, f))
		got, _ := os.ReadFile(f)
		if !bytes.Equal(got, want) {
			t.Errorf("%s is stale: run go generate ./lib/catalog/", f)
		}
	}
}

func TestFormatValue(t *testing.T) {
	c := Lookup("pg_proc")
	col := &c.Columns[c.Column("proargtypes")]
	if got := FormatValue(col, types.Bytes([]byte{1})); !strings.HasPrefix(got, "<") {
		t.Errorf("bad vector formatted as %q", got)
	}
}

func uint32ToBlock(i int) storage.BlockNumber { return storage.BlockNumber(i) }
