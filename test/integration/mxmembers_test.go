package integration

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestMultiXactMemberSpaceAutovacuum: when multixact member space fills
// (the test hook does what pg_resetwal -O does), autovacuum freezes
// multixacts far younger than autovacuum_multixact_freeze_max_age, as
// PostgreSQL's MultiXactMemberFreezeThreshold makes it: past three
// quarters of member space every multixact counts as too old. The
// freezing lets datminmxid move, the old member segments are truncated,
// and the data and later row locks are unharmed.
func TestMultiXactMemberSpaceAutovacuum(t *testing.T) {
	c := newCluster(t, "autovacuum = off", "autovacuum_naptime = 1s", "log_autovacuum_min_duration = 0")
	c.start()
	ctx := context.Background()
	conn := c.connect()
	mustExec(t, conn, "CREATE TABLE mw (id int PRIMARY KEY, v text)")
	mustExec(t, conn, "INSERT INTO mw SELECT g, 'row ' || g FROM generate_series(1, 100) g")
	shareTogether(t, c, 1, true)
	shareTogether(t, c, 2, true)
	// Nothing else for autovacuum to do with mw: no dead rows, fewer
	// inserts than autovacuum_vacuum_insert_threshold, analyzed.
	mustExec(t, conn, "ANALYZE mw")
	var relmin int64
	if err := conn.QueryRow(ctx, "SELECT relminmxid::text::bigint FROM pg_class WHERE relname = 'mw'").Scan(&relmin); err != nil || relmin != 1 {
		t.Fatalf("relminmxid before: %d %v", relmin, err)
	}
	c.stop("fast")

	// Just past three quarters of member space, on a page boundary.
	const membersPerPage = 1636
	offset := (uint64(3)<<30/membersPerPage + 1) * membersPerPage
	t.Setenv("GPOSTGRES_TEST_NEXT_MULTI_OFFSET", fmt.Sprint(offset))
	conf := filepath.Join(c.dataDir, "postgresql.conf")
	cb, _ := os.ReadFile(conf)
	os.WriteFile(conf, append(cb, "\nautovacuum = on\n"...), 0o600)
	c.start()
	conn = c.connect()
	deadline := time.Now().Add(60 * time.Second)
	for {
		var frozen bool
		if err := conn.QueryRow(ctx, "SELECT relminmxid::text::bigint > 2 FROM pg_class WHERE relname = 'mw'").Scan(&frozen); err != nil {
			t.Fatal(err)
		}
		if frozen {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("autovacuum never froze mw's multixacts with member space three quarters full\nlog:\n%s", c.log())
		}
		time.Sleep(200 * time.Millisecond)
	}
	if !strings.Contains(c.log(), `automatic aggressive vacuum to prevent wraparound of table "postgres.public.mw"`) {
		t.Fatalf("mw's vacuum was not logged as an anti-wraparound one\nlog:\n%s", c.log())
	}
	// Once every database's datminmxid moved, the members before the
	// jump are truncated away.
	seg0 := filepath.Join(c.dataDir, "pg_multixact", "members", "0000")
	for deadline := time.Now().Add(60 * time.Second); ; {
		if _, err := os.Stat(seg0); os.IsNotExist(err) {
			break
		}
		if time.Now().After(deadline) {
			rows, _ := conn.Query(ctx, "SELECT datname || ' ' || datminmxid::text FROM pg_database")
			var dbs []string
			for rows.Next() {
				var s string
				rows.Scan(&s)
				dbs = append(dbs, s)
			}
			t.Fatalf("%s still there; %q", seg0, dbs)
		}
		time.Sleep(200 * time.Millisecond)
	}
	expectCount(t, conn, "SELECT count(*) FROM mw", 100)
	if err := tryShareTogether(c, 3); err != nil {
		t.Fatalf("a multixact after the truncation: %v", err)
	}
	mustExec(t, conn, "UPDATE mw SET v = 'again' WHERE id IN (1, 2, 3)")
	expectCount(t, conn, "SELECT count(*) FROM mw WHERE v = 'again'", 3)
}
