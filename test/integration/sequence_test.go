package integration

import (
	"context"
	"testing"
)

// TestSequencesSurviveCrash: values a sequence handed out before a crash
// are never handed out again after recovery, whether they were logged
// ahead before or after the last checkpoint, with and without data
// checksums; serial columns follow their sequences.
func TestSequencesSurviveCrash(t *testing.T) {
	bothChecksumModes(t, sequencesSurviveCrash)
}

func sequencesSurviveCrash(t *testing.T, initArgs []string) {
	c := newClusterArgs(t, initArgs)
	c.start()
	conn := c.connect()
	ctx := context.Background()
	mustExec(t, conn, "CREATE SEQUENCE s")
	mustExec(t, conn, "CREATE SEQUENCE sc CACHE 7 INCREMENT 3")
	mustExec(t, conn, "CREATE TABLE items (id serial, note text)")
	var max, maxc int64
	next := func() {
		t.Helper()
		var v, vc int64
		if err := conn.QueryRow(ctx, "SELECT nextval('s'), nextval('sc')").Scan(&v, &vc); err != nil {
			t.Fatal(err)
		}
		if v <= max || vc <= maxc {
			t.Fatalf("nextval went back: %d after %d, %d after %d", v, max, vc, maxc)
		}
		max, maxc = v, vc
	}
	for i := 0; i < 45; i++ {
		next()
	}
	mustExec(t, conn, "INSERT INTO items (note) SELECT 'before ' || g FROM generate_series(1, 40) g")
	// After a checkpoint the next change is logged again even though
	// values logged ahead remain.
	mustExec(t, conn, "CHECKPOINT")
	for i := 0; i < 3; i++ {
		next()
	}
	mustExec(t, conn, "INSERT INTO items (note) VALUES ('after checkpoint')")
	// A rolled-back transaction's values stay used.
	mustExec(t, conn, "BEGIN")
	next()
	mustExec(t, conn, "ROLLBACK")
	maxID := count(t, conn, "SELECT max(id) FROM items")
	conn.Close(ctx)

	c.stop("immediate")
	c.start()
	conn = c.connect()
	next()
	if got := count(t, conn, "SELECT count(*) FROM items"); got != 41 {
		t.Fatalf("%d rows after recovery, want 41", got)
	}
	var id int
	if err := conn.QueryRow(ctx, "INSERT INTO items (note) VALUES ('after crash') RETURNING id").Scan(&id); err != nil {
		t.Fatal(err)
	}
	if id <= maxID {
		t.Fatalf("serial handed out %d again after the crash (max before %d)", id, maxID)
	}
	var last int64
	var called bool
	if err := conn.QueryRow(ctx, "SELECT last_value, is_called FROM s").Scan(&last, &called); err != nil {
		t.Fatal(err)
	}
	if !called || last < max {
		t.Fatalf("sequence row after recovery: last_value %d is_called %v, nextval returned %d", last, called, max)
	}
	// Clean restart keeps the state too.
	conn.Close(ctx)
	c.stop("fast")
	c.start()
	conn = c.connect()
	next()
	conn.Close(ctx)
}
