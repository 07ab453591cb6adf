package builtins

import (
	"testing"

	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/types"
)

// memReader serves users' catalog rows from memory.
type memReader map[string][][]types.Datum

func (m memReader) ScanCatalog(c *catalog.Catalog, fn func([]types.Datum) (bool, error)) error {
	for _, r := range m[c.Name] {
		if more, err := fn(r); err != nil || !more {
			return err
		}
	}
	return nil
}

func (m memReader) ScanCatalogFrom(c *catalog.Catalog, _ uint32, fn func([]types.Datum) (bool, error)) error {
	return m.ScanCatalog(c, fn)
}

// row makes a row of catalog name with the given attributes set, every
// other column NULL.
func row(name string, vals map[int]types.Datum) []types.Datum {
	r := make([]types.Datum, len(catalog.Lookup(name).Columns))
	for att, v := range vals {
		r[att-1] = v
	}
	return r
}

func oid(v uint32) types.Datum { return types.Int(int64(v)) }

// Functions, operators, casts and aggregates users create come back from
// the lookups beside the built-in ones, made the same way.
func TestUserRows(t *testing.T) {
	proc := func(o uint32, name string, kind byte, ret uint32, args ...uint32) []types.Datum {
		return row("pg_proc", map[int]types.Datum{
			catalog.AnumPgProcOid: oid(o), catalog.AnumPgProcProname: types.Text(name),
			catalog.AnumPgProcPronamespace: oid(catalog.PublicNamespace), catalog.AnumPgProcProlang: oid(catalog.LangSQL),
			catalog.AnumPgProcProkind: types.Int(int64(kind)), catalog.AnumPgProcProisstrict: types.Bool(true),
			catalog.AnumPgProcProretset: types.Bool(false), catalog.AnumPgProcProvolatile: types.Int('i'),
			catalog.AnumPgProcProrettype: oid(ret), catalog.AnumPgProcProargtypes: types.Bytes(catalog.EncodeOidVector(args)),
			catalog.AnumPgProcProsrc: types.Text("SELECT 1")})
	}
	r := memReader{
		"pg_proc": {
			proc(16390, "length", 'f', types.OidInt4, types.OidInt4),
			proc(16391, "int_date", 'f', types.OidDate, types.OidInt4),
			proc(16392, "my_sum", 'a', types.OidInt8, types.OidInt4),
		},
		"pg_operator": {row("pg_operator", map[int]types.Datum{
			catalog.AnumPgOperatorOid: oid(16393), catalog.AnumPgOperatorOprname: types.Text("==="),
			catalog.AnumPgOperatorOprkind: types.Int('b'), catalog.AnumPgOperatorOprleft: oid(types.OidInt4),
			catalog.AnumPgOperatorOprright: oid(types.OidInt4), catalog.AnumPgOperatorOprresult: oid(types.OidDate),
			catalog.AnumPgOperatorOprcode: oid(16391)})},
		"pg_cast": {row("pg_cast", map[int]types.Datum{
			catalog.AnumPgCastOid: oid(16394), catalog.AnumPgCastCastsource: oid(types.OidInt4),
			catalog.AnumPgCastCasttarget: oid(types.OidDate), catalog.AnumPgCastCastfunc: oid(16391),
			catalog.AnumPgCastCastcontext: types.Int('e'), catalog.AnumPgCastCastmethod: types.Int('f')})},
		"pg_aggregate": {row("pg_aggregate", map[int]types.Datum{
			catalog.AnumPgAggregateAggfnoid: oid(16392), catalog.AnumPgAggregateAggkind: types.Int('n'),
			catalog.AnumPgAggregateAggtransfn: oid(463), catalog.AnumPgAggregateAggtranstype: oid(types.OidInt8)})},
	}
	sc := catalog.NewCache(5, nil).Syscache(r)

	fs, err := Funcs(sc, "length")
	if err != nil {
		t.Fatal(err)
	}
	builtin, _ := Funcs(catalog.Syscache{}, "length")
	if last := fs[len(fs)-1]; len(fs) != len(builtin)+1 || last.OID != 16390 || !last.SQL || last.Args[0] != types.OidInt4 {
		t.Errorf("length: %d overloads, last %+v", len(fs), fs[len(fs)-1])
	}
	ops, err := Operators(sc, "===")
	if err != nil || len(ops) != 1 || ops[0].Func.OID != 16391 || ops[0].Result != types.OidDate {
		t.Errorf("===: %+v %v", ops, err)
	}
	if op, _ := LookupOperator(sc, "===", types.OidInt4, types.OidInt4); op == nil {
		t.Error("=== (int4, int4) not found")
	}
	if c, err := LookupCast(sc, types.OidInt4, types.OidDate); err != nil || c == nil || c.Func.OID != 16391 || c.Context != 'e' {
		t.Errorf("int4 -> date: %+v %v", c, err)
	}
	aggs, err := Aggregates(sc, "my_sum")
	if err != nil || len(aggs) != 1 || aggs[0].Agg == nil || aggs[0].Agg.TransFn != "int8pl" {
		t.Errorf("my_sum: %+v %v", aggs, err)
	}
	// Without storage only the built-in rows are seen.
	if ops, _ := Operators(catalog.Syscache{}, "==="); len(ops) != 0 {
		t.Errorf("=== without storage: %+v", ops)
	}
}
