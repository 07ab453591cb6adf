package catalog

import (
	"reflect"
	"testing"

	"github.com/gpostgres/gpostgres/lib/types"
)

// The built-in index reads the bootstrap text directly; heap rows are
// read from deformed tuples. Both decoders must agree on every row.
func TestSyscacheDecodersAgree(t *testing.T) {
	for _, tc := range []struct {
		cat    string
		decode func(fields) any
	}{
		{"pg_proc", func(f fields) any { p := new(Proc); procFrom(p, f); return p }},
		{"pg_operator", func(f fields) any { return operatorFrom(f) }},
		{"pg_cast", func(f fields) any { return castFrom(f) }},
		{"pg_aggregate", func(f fields) any { return aggregateFrom(f) }},
		{"pg_type", func(f fields) any { return typeFrom(f) }},
	} {
		c := Lookup(tc.cat)
		for _, r := range c.InitialRows() {
			row, err := c.ParseRow(r)
			if err != nil {
				t.Fatal(err)
			}
			fromText, fromDatums := tc.decode(textFields(r)), tc.decode(datumFields(row))
			if !reflect.DeepEqual(fromText, fromDatums) {
				t.Fatalf("%s row %v:\ntext   %+v\ndatums %+v", tc.cat, r[:2], fromText, fromDatums)
			}
		}
	}
}

func TestSyscacheBuiltins(t *testing.T) {
	var s Syscache
	ps, _ := s.Procs("length")
	found := false
	for _, p := range ps {
		found = found || (p.OID == 1317 && p.Src == "textlen" && reflect.DeepEqual(p.ArgTypes, []uint32{25}))
	}
	if !found {
		t.Errorf("length(text) is not textlen: %+v", ps)
	}
	if p, _ := s.ProcByOID(1299); p == nil || p.Name != "now" || p.Volatile != 's' {
		t.Errorf("now(): %+v", p)
	}
	var plus *Operator
	ops, _ := s.Operators("+")
	for _, o := range ops {
		if o.Left == 23 && o.Right == 23 {
			plus = o
		}
	}
	if plus == nil || plus.Code != 177 || plus.Result != 23 {
		t.Errorf("int4 + int4: %+v", plus)
	}
	if c, _ := s.Cast(23, 20); c == nil || c.Context != 'i' || c.Method != 'f' || c.Func != 481 {
		t.Errorf("int4 -> int8: %+v", c)
	}
	if a, _ := s.Aggregate(2108); a == nil || a.TransFn != 1841 {
		t.Errorf("sum(int4): %+v", a)
	}
	if ty, _ := s.TypeByName(PgCatalogNamespace, "text"); ty == nil || ty.OID != 25 || !ty.Preferred || ty.Category != 'S' {
		t.Errorf("text: %+v", ty)
	}
	// A catalog's row type, which derive.go adds.
	if ty, _ := s.TypeByOID(Lookup("pg_cast").RowType); ty == nil || ty.Name != "pg_cast" {
		t.Errorf("pg_cast's row type: %+v", ty)
	}
	if ty, _ := s.TypeByName(PublicNamespace, "text"); ty != nil {
		t.Errorf("public.text without storage: %+v", ty)
	}
}

// Every built-in row is found by its keys through the generated sort
// orders.
func TestSyscacheBuiltinOrders(t *testing.T) {
	var s Syscache
	for row, r := range Lookup("pg_proc").InitialRows() {
		p := BuiltinProcAt(row)
		if BuiltinProcRow(p.OID) != row || p.Name != r[AnumPgProcProname-1] {
			t.Fatalf("pg_proc row %d (%s) not found by OID", row, p.Name)
		}
		found := false
		for _, q := range must(s.Procs(p.Name)) {
			found = found || q == p
		}
		if !found {
			t.Fatalf("%s not found by name", p.Name)
		}
	}
	for row := range Lookup("pg_operator").InitialRows() {
		o := BuiltinOperatorAt(row)
		if got, _ := s.OperatorByOID(o.OID); got != o {
			t.Fatalf("operator %d not found by OID", o.OID)
		}
		_, rows := BuiltinOperatorsNamed(o.Name)
		found := false
		for _, r := range rows {
			found = found || int(r) == row
		}
		if !found {
			t.Fatalf("operator %s not found by name", o.Name)
		}
	}
	for row := range Lookup("pg_cast").InitialRows() {
		c := BuiltinCastAt(row)
		if got, _ := s.Cast(c.Source, c.Target); got != c {
			t.Fatalf("cast %d -> %d not found", c.Source, c.Target)
		}
	}
	for _, r := range Lookup("pg_type").InitialRows() {
		ty := typeFrom(textFields(r))
		if ty.Namespace == InfoSchemaNamespace {
			// information_schema's domains and row types are found in
			// that schema only (through the catalog heaps), never in
			// pg_catalog. A pg_catalog type may have the same name (the
			// array type of view pg_user_mappings is _pg_user_mappings,
			// as information_schema's view _pg_user_mappings's row type).
			if got, _ := s.TypeByName(PgCatalogNamespace, ty.Name); got != nil && got.OID == ty.OID {
				t.Fatalf("type %s found in pg_catalog", ty.Name)
			}
			if got := BuiltinType(ty.OID); got == nil || got.Name != ty.Name {
				t.Fatalf("type %s not found by OID", ty.Name)
			}
			continue
		}
		if ty.Namespace != PgCatalogNamespace {
			t.Fatalf("type %s is not in pg_catalog", ty.Name)
		}
		if got, _ := s.TypeByName(PgCatalogNamespace, ty.Name); got == nil || got.OID != ty.OID {
			t.Fatalf("type %s not found by name", ty.Name)
		}
	}
	for _, r := range Lookup("pg_aggregate").InitialRows() {
		a := aggregateFrom(textFields(r))
		if got, _ := s.Aggregate(a.FnOID); got == nil || got.TransFn != a.TransFn {
			t.Fatalf("aggregate %d not found", a.FnOID)
		}
	}
	if ty, _ := s.TypeByOID(Lookup("pg_database").RowType); ty == nil || ty.Name != "pg_database" {
		t.Errorf("pg_database's row type: %+v", ty)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func BenchmarkSyscacheProcsByName(b *testing.B) {
	var s Syscache
	for i := 0; i < b.N; i++ {
		if ps, _ := s.Procs("length"); len(ps) == 0 {
			b.Fatal("no length")
		}
	}
}

func (r *fakeReader) addProc(oid uint32, name string, args ...uint32) {
	c := Lookup("pg_proc")
	row := make([]types.Datum, len(c.Columns))
	for i := range row {
		row[i] = types.Int(0)
	}
	row[AnumPgProcOid-1], row[AnumPgProcProname-1] = types.Int(int64(oid)), types.Text(name)
	row[AnumPgProcProargtypes-1] = types.Bytes(EncodeOidVector(args))
	row[AnumPgProcProsrc-1] = types.Text("select 1")
	for _, a := range []int{AnumPgProcProallargtypes, AnumPgProcProargmodes, AnumPgProcProargnames,
		AnumPgProcProargdefaults, AnumPgProcProsqlbody, AnumPgProcProconfig} {
		row[a-1] = types.Null
	}
	row[AnumPgProcProisstrict-1], row[AnumPgProcProretset-1] = types.Bool(false), types.Bool(false)
	r.rows["pg_proc"] = append(r.rows["pg_proc"], row)
}

func TestSyscacheUserRows(t *testing.T) {
	r := newFakeReader()
	c := NewCache(5, nil)
	s := c.Syscache(r)
	r.addProc(100, "length", 25) // a built-in row as stored: not read from the heap
	r.addProc(16384, "length", 16)
	ps, err := s.Procs("length")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := (Syscache{}).Procs("length")
	if n := len(ps); n != len(b)+1 || ps[n-1].OID != 16384 || !reflect.DeepEqual(ps[n-1].ArgTypes, []uint32{16}) {
		t.Fatalf("length overloads: %d, last %+v", n, ps[n-1])
	}
	if p, _ := s.ProcByOID(16384); p == nil || p.Name != "length" {
		t.Fatalf("by OID: %+v", p)
	}
	s.Procs("other")
	if r.scans["pg_proc"] != 1 {
		t.Errorf("%d scans of pg_proc, want 1", r.scans["pg_proc"])
	}
	r.addProc(16385, "other", 23)
	c.InvalidateProc(16385)
	c.CommandEnd()
	if ps, _ := s.Procs("other"); len(ps) != 1 || ps[0].OID != 16385 {
		t.Errorf("after the invalidation: %+v", ps)
	}
	if r.scans["pg_proc"] != 2 {
		t.Errorf("%d scans of pg_proc, want 2", r.scans["pg_proc"])
	}
	if ps, _ := (Syscache{}).Procs("other"); len(ps) != 0 {
		t.Errorf("without storage: %+v", ps)
	}
}

// lib/types' table of the types it implements agrees with pg_type, which
// overload resolution reads categories and preferred flags from.
func TestTypesAgreeWithPgType(t *testing.T) {
	for oid := uint32(0); oid < FirstNormalOID; oid++ {
		want := types.ByOID(oid)
		if want == nil {
			continue
		}
		got := BuiltinType(oid)
		if got == nil {
			t.Errorf("type %d (%s) is not in pg_type", oid, want.Name)
			continue
		}
		array := got.Array
		if types.ByOID(array) == nil {
			array = 0 // _cstring: not implemented
		}
		category := types.Category(got.Category)
		if oid == types.OidRecordArray {
			category = types.CatArray // lib/types treats _record as an array; pg_type says pseudo-type
		}
		if got.Name != want.Name || category != want.Category || got.Preferred != want.Preferred ||
			got.Elem != want.Elem || array != want.Array || got.Len != want.Len || got.ByVal != want.ByVal || got.Align != want.Align {
			t.Errorf("type %d: pg_type %+v, lib/types %+v", oid, *got, *want)
		}
	}
}
