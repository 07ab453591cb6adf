package heap

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gpostgres/gpostgres/lib/types"
)

// TestNextIntoDatumsOutliveTheRow checks the promise of NextInto: one
// reused slice receives each row, and the Datums taken from it stay
// valid after later rows and pages were read, TOASTed ones included;
// Header is the header of the row returned last.
func TestNextIntoDatumsOutliveTheRow(t *testing.T) {
	c := newCluster(t, "shared_buffers", "1MB")
	b := c.backend()
	b.begin()
	const n = 3000 // many pages
	want := func(i int) string {
		if i%500 == 7 {
			return strings.Repeat(fmt.Sprintf("big %d ", i), 2000) // TOASTed
		}
		return fmt.Sprintf("value %d", i)
	}
	for i := 0; i < n; i++ {
		b.insert(i, int64(i)*3, want(i))
	}
	xid := b.xid
	b.commit()
	b.begin()
	s := BeginScan(b.env, b.rel, b.snap())
	defer s.Close()
	values := make([]types.Datum, len(b.rel.Desc.Attrs))
	var kept []types.Datum
	for {
		_, ok, err := s.NextInto(values)
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			break
		}
		if got := s.Header().Xmin(); got != uint32(xid) {
			t.Fatalf("Header().Xmin() = %d, want %d", got, xid)
		}
		kept = append(kept, values[0], values[2])
	}
	if len(kept) != 2*n {
		t.Fatalf("scan returned %d rows, want %d", len(kept)/2, n)
	}
	for r := 0; r < n; r++ {
		k := int(kept[2*r].Int())
		if got := kept[2*r+1].Text(); got != want(k) {
			t.Fatalf("row k=%d: text changed after later rows were read: %.40q", k, got)
		}
	}
	b.commit()
}
