package tuple

import (
	"math/rand"
	"strings"
	"testing"

	"github.com/gpostgres/gpostgres/lib/types"
)

// TestDeformerNeed decodes random tuples whole and with random sets of
// needed attributes: every needed attribute must read as in the whole
// decoding, every other one as NULL, with NULLs, dropped columns, short
// and long variable-length values and tuples written before columns
// were added.
func TestDeformerNeed(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	kinds := []uint32{types.OidInt2, types.OidInt4, types.OidInt8, types.OidText, types.OidBool,
		types.OidFloat8, types.OidName, types.OidOid, types.OidFloat4}
	value := func(oid uint32) types.Datum {
		switch oid {
		case types.OidText:
			return types.Text(strings.Repeat("x", rng.Intn(300)))
		case types.OidName:
			return types.Text("nm" + strings.Repeat("y", rng.Intn(10)))
		case types.OidBool:
			return types.Bool(rng.Intn(2) == 1)
		case types.OidFloat8:
			return types.Float8(rng.Float64())
		case types.OidFloat4:
			return types.Float4(rng.Float32())
		case types.OidInt2:
			return types.Int(int64(int16(rng.Int())))
		case types.OidOid:
			return types.Int(int64(rng.Uint32()))
		case types.OidInt4:
			return types.Int(int64(int32(rng.Int())))
		}
		return types.Int(rng.Int63() - rng.Int63())
	}
	for round := 0; round < 2000; round++ {
		n := 1 + rng.Intn(9)
		desc := &Desc{}
		for i := 0; i < n; i++ {
			a := AttrFor("c", kinds[rng.Intn(len(kinds))], -1)
			a.Dropped = rng.Intn(10) == 0
			desc.Attrs = append(desc.Attrs, a)
		}
		// Some tuples were written when the table had fewer columns.
		written := &Desc{Attrs: desc.Attrs[:n-rng.Intn(2)*rng.Intn(n)]}
		vals := make([]types.Datum, len(written.Attrs))
		for i, a := range written.Attrs {
			if !a.Dropped && rng.Intn(4) != 0 {
				vals[i] = value(a.TypeOID)
			}
		}
		tup, err := Form(written, vals)
		if err != nil {
			t.Fatal(err)
		}
		whole := make([]types.Datum, n)
		if err := Deform(desc, tup, whole); err != nil {
			t.Fatal(err)
		}
		for i := range whole {
			if i < len(vals) && !desc.Attrs[i].Dropped && !sameDatum(desc.Attrs[i].TypeOID, whole[i], vals[i]) {
				t.Fatalf("round %d: attribute %d reads %v, stored %v", round, i, whole[i], vals[i])
			}
		}
		need := make([]bool, n)
		for i := range need {
			need[i] = rng.Intn(2) == 0
		}
		got := make([]types.Datum, n)
		for i := range got {
			got[i] = types.Int(99) // stale values must be overwritten
		}
		var arena Arena
		var toasted []Toasted
		if err := NewDeformer(desc, need).Copy(tup, got, &arena, &toasted); err != nil {
			t.Fatal(err)
		}
		for i := range got {
			want := types.Null
			if need[i] {
				want = whole[i]
			}
			if !sameDatum(desc.Attrs[i].TypeOID, got[i], want) {
				t.Fatalf("round %d: need %v: attribute %d reads %v, want %v", round, need, i, got[i], want)
			}
		}
	}
}

// sameDatum compares two values of the test's types.
func sameDatum(oid uint32, a, b types.Datum) bool {
	if a.IsNull() || b.IsNull() {
		return a.IsNull() == b.IsNull()
	}
	switch oid {
	case types.OidText, types.OidName:
		return a.Text() == b.Text()
	}
	return a.Int() == b.Int()
}
