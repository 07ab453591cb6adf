package sql

import (
	"testing"

	"github.com/gpostgres/gpostgres/lib/access/heap"
	"github.com/gpostgres/gpostgres/lib/types"
)

// TestStoredWidth compares the widths ANALYZE counts with what
// PostgreSQL 15's pg_column_size reports for the same values read from a
// table.
func TestStoredWidth(t *testing.T) {
	for _, c := range []struct {
		typ  uint32
		text string
		want int
	}{
		{types.OidNumeric, "0", 3},
		{types.OidNumeric, "1e-70", 7},
		{types.OidNumeric, "NaN", 3},
		{types.OidNumeric, "12345678901234567890.123", 15},
		{types.OidNumeric, "-0.000001", 5},
		{types.OidJSONB, "1", 17},
		{types.OidJSONB, `"x"`, 10},
		{types.OidJSONB, `{"a": [1, 2.5, null, true]}`, 55},
		{types.OidJSONB, "[]", 5},
		{types.OidJSONB, "{}", 5},
		{types.OidInt4Array, "{}", 13},
		{types.OidInt4Array, "{1,NULL,3}", 37},
		{types.OidInt4Array, "{{1,2},{3,4}}", 45},
		{types.OidInt4Array, "[0:1]={5,6}", 29},
		{types.OidTextArray, "{a}", 29},
		{types.OidTextArray, "{NULL,abc}", 37},
		{types.OidTextArray, "{}", 13},
		{types.OidTextArray, `{"hello world",xyz}`, 45},
		{types.OidInet, "10.1.2.3", 7},
		{types.OidInet, "::1", 19},
		{types.OidInet, "192.168.0.1/24", 7},
		{types.OidInet, "::ffff:1.2.3.4", 19},
		{types.OidCidr, "10.0.0.0/8", 7},
		{types.OidCidr, "2001:db8::/32", 19},
		{types.OidInt8Array, "{1,2}", 37},
		{types.OidInt8Array, "{}", 13},
		{types.OidInt8Array, "{1,NULL}", 37},
	} {
		d, err := types.ParseText(c.typ, -1, c.text, nil)
		if err != nil {
			t.Fatalf("%s %s: %v", types.FormatType(c.typ, -1), c.text, err)
		}
		if got := storedWidth(c.typ, d, heap.SampleValue{Stored: -1}); got != c.want {
			t.Errorf("%s %s: width %d, PostgreSQL's %d", types.FormatType(c.typ, -1), c.text, got, c.want)
		}
	}
}
