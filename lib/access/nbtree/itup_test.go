package nbtree

import (
	"bytes"
	"math"
	"testing"

	"github.com/gpostgres/gpostgres/lib/access/tuple"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/page"
	"github.com/gpostgres/gpostgres/lib/types"
)

// TestByValTupleMatchesGeneral forms entries of fixed-width by-value
// keys both ways, the short way and through the heap tuple format, and
// checks the bytes are the same: every width and alignment, mixed in
// one key, negative values and the extremes; a NULL or a variable-width
// column takes the general way.
func TestByValTupleMatchesGeneral(t *testing.T) {
	keys := [][]uint32{
		{types.OidInt4},
		{types.OidInt8},
		{types.OidInt2, types.OidInt8},
		{types.OidBool, types.OidInt4, types.OidInt2, types.OidFloat8},
		{types.OidDate, types.OidTimestamp, types.OidOid},
		{types.OidChar, types.OidInt8, types.OidFloat4},
	}
	ints := []int64{0, 1, -1, math.MaxInt32, math.MinInt32, 1 << 40, math.MinInt64, math.MaxInt64}
	for _, typs := range keys {
		desc := &tuple.Desc{}
		for _, oid := range typs {
			desc.Attrs = append(desc.Attrs, tuple.AttrFor("k", oid, -1))
		}
		ix := &Index{Name: "i", HeapName: "t", Desc: desc}
		for n, v := range ints {
			vals := make([]types.Datum, len(typs))
			for i, oid := range typs {
				switch oid {
				case types.OidBool:
					vals[i] = types.Bool(v%2 != 0)
				case types.OidFloat8:
					vals[i] = types.Float8(float64(v) / 3)
				case types.OidFloat4:
					vals[i] = types.Float4(float32(v) / 3)
				case types.OidInt2:
					vals[i] = types.Int(int64(int16(v)))
				case types.OidInt4, types.OidDate, types.OidChar:
					vals[i] = types.Int(int64(int32(v)))
				case types.OidOid:
					vals[i] = types.Int(int64(uint32(v)))
				default:
					vals[i] = types.Int(v)
				}
			}
			tid := TID{Block: storage.BlockNumber(n * 1000), Offset: page.OffsetNumber(n + 1)}
			short, ok := ix.formByValTuple(nil, vals, tid)
			if !ok {
				t.Fatalf("%v: not formed the short way", typs)
			}
			general, err := ix.formGeneralTuple(nil, nil, vals, tid)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(short, general) {
				t.Fatalf("%v %d: short way %x, general way %x", typs, v, short, general)
			}
		}
		// A NULL key is not for the short way.
		vals := make([]types.Datum, len(typs))
		for i := range vals {
			vals[i] = types.Int(1)
		}
		vals[len(vals)-1] = types.Null
		if _, ok := ix.formByValTuple(nil, vals, TID{}); ok {
			t.Fatalf("%v: NULL formed the short way", typs)
		}
	}
	text := &Index{Name: "i", HeapName: "t", Desc: &tuple.Desc{Attrs: []tuple.Attr{tuple.AttrFor("s", types.OidText, -1)}}}
	if _, ok := text.formByValTuple(nil, []types.Datum{types.Text("x")}, TID{}); ok {
		t.Fatal("text formed the short way")
	}
}
