package sql_test

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/gpostgres/gpostgres/lib/sql/internal/sqltest"
)

// TestTopNKeepsItsValues: a bounded sort over a heap scan lets the scan
// reuse the memory of its values page after page (LendValues), so the
// rows it keeps must own their bytes; the first 100 of 20,000 bytea
// values by byte order, spread over many pages, come out intact.
func TestTopNKeepsItsValues(t *testing.T) {
	c := sqltest.NewCluster(t)
	a := c.NewSession(t)
	a.MustRun(`CREATE TABLE lt (id int, b bytea, pad text);
		INSERT INTO lt SELECT g, decode(md5(g::text), 'hex'), repeat('p', 100) FROM generate_series(1, 20000) g`)
	type row struct {
		id  int
		sum []byte
	}
	rows := make([]row, 20000)
	for i := range rows {
		s := md5.Sum([]byte(fmt.Sprint(i + 1)))
		rows[i] = row{i + 1, s[:]}
	}
	sort.SliceStable(rows, func(i, j int) bool { return bytes.Compare(rows[i].sum, rows[j].sum) < 0 })
	var want strings.Builder
	want.WriteString("id:integer|b:bytea\n")
	for _, r := range rows[:100] {
		fmt.Fprintf(&want, "%d|\\x%s\n", r.id, hex.EncodeToString(r.sum))
	}
	want.WriteString("(SELECT 100)")
	expect(t, a, "SELECT id, b FROM lt ORDER BY b LIMIT 100", want.String())
	// The late fetch's form (keys and locations sorted, rows read again).
	expect(t, a, "SELECT * FROM (SELECT id, b FROM lt ORDER BY b LIMIT 100) s", want.String())
}
