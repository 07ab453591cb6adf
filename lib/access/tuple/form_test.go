package tuple

import (
	"encoding/hex"
	"strings"
	"testing"

	"github.com/gpostgres/gpostgres/lib/types"
)

func testDesc() *Desc {
	return &Desc{Attrs: []Attr{
		AttrFor("a", types.OidInt2, -1), AttrFor("b", types.OidInt4, -1), AttrFor("c", types.OidInt8, -1),
		AttrFor("d", types.OidText, -1), AttrFor("e", types.OidBool, -1), AttrFor("f", types.OidFloat8, -1),
		AttrFor("g", types.OidName, -1), AttrFor("h", types.OidVarchar, 304), AttrFor("i", types.OidDate, -1),
		AttrFor("j", types.OidTimestamptz, -1), AttrFor("k", types.OidFloat4, -1),
	}}
}

func parse(t *testing.T, oid uint32, s string) types.Datum {
	d, err := types.ParseText(oid, -1, s, types.DefaultFormatOptions())
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// The expected bytes are what PostgreSQL 15 stored for the same rows
// (pageinspect's heap_page_items: t_infomask, t_hoff, t_bits, t_data).
func TestFormMatchesPostgreSQL(t *testing.T) {
	desc := testDesc()
	row1 := []types.Datum{
		types.Int(-2), types.Int(70000), types.Int(-5), types.Text("hello"), types.Bool(true), types.Float8(1.5),
		types.Text("nm"), types.Text(strings.Repeat("x", 200)), parse(t, types.OidDate, "2026-01-02"),
		parse(t, types.OidTimestamptz, "2026-01-02 03:04:05+00"), types.Float4(2.5),
	}
	want1 := "feff000070110100fbffffffffffffff0d68656c6c6f0100000000000000f83f6e6d00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000003003000078787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878781a250000401315bb5dea020000002040"
	check(t, desc, row1, 2050&^0x0800, 24, want1)

	row2 := []types.Datum{types.Null, types.Int(1), types.Null, types.Null, types.Bool(false), types.Null, types.Null, types.Text("short"), types.Null, types.Null, types.Null}
	check(t, desc, row2, 2051&^0x0800, 32, "01000000000d73686f7274")
}

func check(t *testing.T, desc *Desc, row []types.Datum, infomask uint16, hoff int, wantData string) {
	t.Helper()
	tup, err := Form(desc, row)
	if err != nil {
		t.Fatal(err)
	}
	h := Header(tup)
	// PostgreSQL's rows also carry hint bits (XMAX_INVALID) set at insert.
	if h.Infomask() != infomask || h.Hoff() != hoff || h.NAttrs() != len(desc.Attrs) {
		t.Fatalf("header: infomask %#x hoff %d natts %d; want %#x %d %d", h.Infomask(), h.Hoff(), h.NAttrs(), infomask, hoff, len(desc.Attrs))
	}
	if got := hex.EncodeToString(tup[hoff:]); got != wantData {
		t.Fatalf("data:\n got %s\nwant %s", got, wantData)
	}
	back := make([]types.Datum, len(desc.Attrs))
	if err := Deform(desc, tup, back); err != nil {
		t.Fatal(err)
	}
	for i, a := range desc.Attrs {
		g := types.FormatText(a.TypeOID, back[i], types.DefaultFormatOptions())
		w := types.FormatText(a.TypeOID, row[i], types.DefaultFormatOptions())
		if back[i].IsNull() != row[i].IsNull() || (!row[i].IsNull() && g != w) {
			t.Errorf("attribute %s: got %q want %q", a.Name, g, w)
		}
	}
}

func TestRoundTripOtherTypes(t *testing.T) {
	desc := &Desc{Attrs: []Attr{
		AttrFor("n", types.OidNumeric, -1), AttrFor("iv", types.OidInterval, -1), AttrFor("arr", types.OidInt4Array, -1),
		AttrFor("b", types.OidBytea, -1), AttrFor("long", types.OidText, -1),
	}}
	row := []types.Datum{
		parse(t, types.OidNumeric, "-123456789.0012"), parse(t, types.OidInterval, "1 year 2 days 03:04:05.5"),
		parse(t, types.OidInt4Array, "{1,NULL,3}"), parse(t, types.OidBytea, `\x00ff10`), types.Text(strings.Repeat("y", 5000)),
	}
	tup, err := Form(desc, row)
	if err != nil {
		t.Fatal(err)
	}
	back := make([]types.Datum, len(row))
	if err := Deform(desc, tup, back); err != nil {
		t.Fatal(err)
	}
	for i, a := range desc.Attrs {
		g := types.FormatText(a.TypeOID, back[i], types.DefaultFormatOptions())
		w := types.FormatText(a.TypeOID, row[i], types.DefaultFormatOptions())
		if g != w {
			t.Errorf("%s: got %q want %q", a.Name, g, w)
		}
	}
	// A shorter (older) tuple reads its missing trailing columns as NULL.
	short := &Desc{Attrs: desc.Attrs[:2]}
	tup2, _ := Form(short, row[:2])
	if err := Deform(desc, tup2, back); err != nil || !back[4].IsNull() || back[0].IsNull() {
		t.Fatalf("missing attributes: %v", err)
	}
}

// benchDesc and benchTuple are the benchmark table's rows: (id int, k
// int, v int, s text) with a 32-character s.
func benchTuple(b *testing.B) (*Desc, []byte) {
	desc := &Desc{Attrs: []Attr{AttrFor("id", types.OidInt4, -1), AttrFor("k", types.OidInt4, -1),
		AttrFor("v", types.OidInt4, -1), AttrFor("s", types.OidText, -1)}}
	tup, err := Form(desc, []types.Datum{types.Int(1), types.Int(2), types.Int(3), types.Text("8155bc545f84d9652f1012ef2bdfb6eb")})
	if err != nil {
		b.Fatal(err)
	}
	return desc, tup
}

func BenchmarkDeformCopyAll(b *testing.B) {
	desc, tup := benchTuple(b)
	dst := make([]types.Datum, 4)
	var arena Arena
	var toasted []Toasted
	d := NewDeformer(desc, nil)
	for i := 0; i < b.N; i++ {
		if err := d.Copy(tup, dst, &arena, &toasted); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDeformCopyThird(b *testing.B) {
	desc, tup := benchTuple(b)
	dst := make([]types.Datum, 4)
	need := []bool{false, false, true, false}
	var arena Arena
	var toasted []Toasted
	d := NewDeformer(desc, need)
	for i := 0; i < b.N; i++ {
		if err := d.Copy(tup, dst, &arena, &toasted); err != nil {
			b.Fatal(err)
		}
	}
}
