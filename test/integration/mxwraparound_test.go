package integration

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// TestMultiXactWraparound moves the multixact counter near its
// wraparound (the test hook that does what pg_resetwal -m does) and
// shows PostgreSQL's protection: past the warning limit each new
// multixact warns, naming the database with the oldest datminmxid; past
// the stop limit none is created (54000); VACUUM FREEZE of every
// database (template0 by anti-wraparound autovacuum) moves datminmxid,
// after which multixacts are created again, the old segments of
// pg_multixact are truncated, and a crash after that truncation
// recovers. Rows locked through multixacts or plain xids stay locked
// through the freezing.
func TestMultiXactWraparound(t *testing.T) {
	c := newCluster(t, "autovacuum = off", "autovacuum_naptime = 1s", "log_autovacuum_min_duration = 0")
	c.start()
	ctx := context.Background()
	conn := c.connect()
	mustExec(t, conn, "CREATE TABLE mw (id int PRIMARY KEY, v text)")
	mustExec(t, conn, "INSERT INTO mw SELECT g, 'old ' || g FROM generate_series(1, 100) g")
	// Old multixacts: two sharers of row 1; a key-sharer of row 3 beside
	// an update of its other column.
	shareTogether(t, c, 1, true)
	a, b := c.connect(), c.connect()
	mustExec(t, a, "BEGIN")
	mustExec(t, b, "BEGIN")
	mustExec(t, a, "SELECT id FROM mw WHERE id = 3 FOR KEY SHARE")
	mustExec(t, b, "UPDATE mw SET v = 'updated 3' WHERE id = 3")
	mustExec(t, a, "COMMIT")
	mustExec(t, b, "COMMIT")
	var relmin int64
	if err := conn.QueryRow(ctx, "SELECT relminmxid::text::bigint FROM pg_class WHERE relname = 'mw'").Scan(&relmin); err != nil || relmin != 1 {
		t.Fatalf("relminmxid of a new table: %d %v", relmin, err)
	}
	c.stop("fast")

	// 20 million before wraparound of the oldest datminmxid (1): past
	// the warning limit (40 million before).
	t.Setenv("GPOSTGRES_TEST_NEXT_MULTI", "2127483648")
	c.start()
	conn = c.connect()
	warnings := shareTogether(t, c, 40, false)
	if len(warnings) != 1 || warnings[0] != `WARNING database "template1" must be vacuumed before 20000000 more MultiXactIds are used` {
		t.Fatalf("warnings: %q", warnings)
	}
	// Row 40 stays locked by two running sharers through VACUUM FREEZE:
	// the multixact cutoff never passes a running member's multixact.
	if _, err := conn.Exec(ctx, "VACUUM FREEZE mw"); err != nil {
		t.Fatal(err)
	}
	other := c.connect()
	_, err := other.Exec(ctx, "SELECT id FROM mw WHERE id = 40 FOR UPDATE NOWAIT")
	if pgErr(t, err, "55P03") == nil {
		t.Fatal("row 40 lost its share locks")
	}
	for _, s := range sharers {
		mustExec(t, s, "COMMIT")
	}
	sharers = nil
	mustExec(t, other, "SELECT id FROM mw WHERE id = 40 FOR UPDATE NOWAIT")
	if err := conn.QueryRow(ctx, "SELECT relminmxid::text::bigint FROM pg_class WHERE relname = 'mw'").Scan(&relmin); err != nil || relmin < 2127483648 {
		t.Fatalf("relminmxid after VACUUM FREEZE: %d %v", relmin, err)
	}
	c.stop("fast")

	// Past the stop limit (3 million before wraparound).
	t.Setenv("GPOSTGRES_TEST_NEXT_MULTI", "2145483648")
	c.start()
	conn = c.connect()
	refused := func(db string) {
		t.Helper()
		a, b := c.connect(), c.connect()
		mustExec(t, a, "BEGIN")
		mustExec(t, b, "BEGIN")
		mustExec(t, a, "SELECT id FROM mw WHERE id = 50 FOR SHARE")
		_, err := b.Exec(ctx, "SELECT id FROM mw WHERE id = 50 FOR SHARE")
		pe := pgErr(t, err, "54000")
		want := `database is not accepting commands that generate new MultiXactIds to avoid wraparound data loss in database "` + db + `"`
		if pe == nil || pe.Message != want || !strings.HasPrefix(pe.Hint, "Execute a database-wide VACUUM in that database.") {
			t.Fatalf("past the stop limit: %v", err)
		}
		mustExec(t, a, "ROLLBACK")
		mustExec(t, b, "ROLLBACK")
	}
	refused("template1")
	// A row locked by one transaction only (no multixact) stays locked
	// through the vacuums below.
	locker := c.connect()
	mustExec(t, locker, "BEGIN")
	mustExec(t, locker, "SELECT id FROM mw WHERE id = 30 FOR UPDATE")
	// VACUUM FREEZE of the databases that accept connections: template0
	// is then the oldest, and still holds the limit.
	mustExec(t, conn, "VACUUM FREEZE")
	t1 := c.connect("dbname=template1")
	mustExec(t, t1, "VACUUM FREEZE")
	refused("template0")

	// Anti-wraparound autovacuum, turned on, vacuums template0 too.
	conf := filepath.Join(c.dataDir, "postgresql.conf")
	cb, _ := os.ReadFile(conf)
	os.WriteFile(conf, append(cb, "\nautovacuum = on\n"...), 0o600)
	mustExec(t, conn, "SELECT pg_reload_conf()")
	deadline := time.Now().Add(90 * time.Second)
	for {
		err := tryShareTogether(c, 60)
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("multixacts still refused after anti-wraparound autovacuum: %v\nlog:\n%s", err, c.log())
		}
		time.Sleep(500 * time.Millisecond)
	}
	var old int64
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM pg_database WHERE datminmxid::text::bigint < 2145483648 OR mxid_age(datminmxid) > 100").Scan(&old); err != nil || old != 0 {
		t.Fatalf("databases with an old datminmxid: %d %v", old, err)
	}
	// The multixacts before the oldest datminmxid are gone from disk.
	seg0 := filepath.Join(c.dataDir, "pg_multixact", "offsets", "0000")
	for deadline := time.Now().Add(30 * time.Second); ; {
		if _, err := os.Stat(seg0); os.IsNotExist(err) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s still there after every datminmxid moved", seg0)
		}
		time.Sleep(200 * time.Millisecond)
	}
	// The data, the rewritten xmax of the old rows, and the single lock.
	expectCount(t, conn, "SELECT count(*) FROM mw", 100)
	expectCount(t, conn, "SELECT count(*) FROM mw WHERE v = 'updated 3'", 1)
	mustExec(t, conn, "UPDATE mw SET v = 'again' WHERE id IN (1, 3)")
	expectCount(t, conn, "SELECT count(*) FROM mw WHERE v = 'again'", 2)
	other = c.connect()
	_, err = other.Exec(ctx, "SELECT id FROM mw WHERE id = 30 FOR UPDATE NOWAIT")
	if pgErr(t, err, "55P03") == nil {
		t.Fatal("row 30 lost its lock")
	}
	mustExec(t, locker, "COMMIT")

	// A crash after the truncation: recovery replays it and the server
	// goes on creating multixacts.
	c.stop("immediate")
	c.start()
	conn = c.connect()
	if _, err := os.Stat(seg0); !os.IsNotExist(err) {
		t.Fatalf("%s after recovery: %v", seg0, err)
	}
	if err := tryShareTogether(c, 70); err != nil {
		t.Fatalf("a multixact after recovery: %v", err)
	}
	expectCount(t, conn, "SELECT count(*) FROM mw", 100)
}

// sharers are the open transactions shareTogether leaves when asked.
var sharers []*pgx.Conn

// shareTogether share-locks row id of mw from two sessions at once (a
// multixact), committing both (done) or leaving them open in sharers.
// It returns the warnings the second session received.
func shareTogether(t *testing.T, c *cluster, id int, done bool) []string {
	t.Helper()
	var warnings []string
	cfg, err := pgx.ParseConfig(c.connString(""))
	if err != nil {
		t.Fatal(err)
	}
	cfg.OnNotice = func(_ *pgconn.PgConn, n *pgconn.Notice) { warnings = append(warnings, n.Severity+" "+n.Message) }
	b, err := pgx.ConnectConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close(context.Background()) })
	a := c.connect()
	mustExec(t, a, "BEGIN")
	mustExec(t, b, "BEGIN")
	mustExec(t, a, "SELECT id FROM mw WHERE id = $1 FOR SHARE", id)
	mustExec(t, b, "SELECT id FROM mw WHERE id = $1 FOR SHARE", id)
	if done {
		mustExec(t, a, "COMMIT")
		mustExec(t, b, "COMMIT")
	} else {
		sharers = append(sharers, a, b)
	}
	return warnings
}

// tryShareTogether is shareTogether reporting the second locker's error.
func tryShareTogether(c *cluster, id int) error {
	ctx := context.Background()
	a, err := pgx.Connect(ctx, c.connString(""))
	if err != nil {
		return err
	}
	defer a.Close(ctx)
	b, err := pgx.Connect(ctx, c.connString(""))
	if err != nil {
		return err
	}
	defer b.Close(ctx)
	for _, q := range []string{"BEGIN", "SELECT id FROM mw WHERE id = 60 FOR SHARE"} {
		if _, err := a.Exec(ctx, strings.Replace(q, "60", itoa(id), 1)); err != nil {
			return err
		}
		if _, err := b.Exec(ctx, strings.Replace(q, "60", itoa(id), 1)); err != nil {
			return err
		}
	}
	var pe *pgconn.PgError
	if _, err := a.Exec(ctx, "COMMIT"); err != nil && !errors.As(err, &pe) {
		return err
	}
	_, err = b.Exec(ctx, "COMMIT")
	return err
}
