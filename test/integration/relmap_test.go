// VACUUM FULL of system catalogs: the mapped ones (pg_class,
// pg_attribute, the shared catalogs) move to new files through the
// relation map, the others through pg_class.relfilenode. Other sessions
// keep working on the new files, and a crash right after the rewrite
// replays the map change.

package integration

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

func TestVacuumFullCatalogs(t *testing.T) {
	bothChecksumModes(t, vacuumFullCatalogs)
}

// catalogFiles returns pg_relation_filenode and pg_relation_size of each
// catalog as conn sees them.
func catalogFiles(t *testing.T, conn *pgx.Conn, names ...string) (nodes, sizes map[string]int64) {
	t.Helper()
	nodes, sizes = map[string]int64{}, map[string]int64{}
	for _, n := range names {
		var node, size int64
		if err := conn.QueryRow(context.Background(),
			"SELECT pg_relation_filenode($1::regclass)::int8, pg_relation_size($1::regclass)", n).Scan(&node, &size); err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		nodes[n], sizes[n] = node, size
	}
	return nodes, sizes
}

func vacuumFullCatalogs(t *testing.T, initArgs []string) {
	c := newClusterArgs(t, initArgs)
	c.start()
	ctx := context.Background()
	a, b := c.connect(), c.connect()
	mustExec(t, b, "CREATE TABLE kept (id int PRIMARY KEY, v text)")
	mustExec(t, b, "INSERT INTO kept SELECT g, 'v' || g FROM generate_series(1, 500) g")
	// Bloat pg_class, pg_attribute, pg_type and pg_depend: each temporary
	// table leaves dead rows in them.
	for i := 0; i < 150; i++ {
		mustExec(t, a, fmt.Sprintf("CREATE TEMP TABLE churn%d (a int, b text, c int, d int)", i))
		mustExec(t, a, fmt.Sprintf("DROP TABLE churn%d", i))
	}
	cats := []string{"pg_class", "pg_attribute", "pg_type", "pg_depend"}
	nodes0, sizes0 := catalogFiles(t, a, cats...)
	mustExec(t, a, "VACUUM FULL pg_class")
	mustExec(t, a, "VACUUM (FULL) pg_attribute, pg_type, pg_depend")
	nodes1, sizes1 := catalogFiles(t, a, cats...)
	for _, n := range cats {
		if nodes1[n] == nodes0[n] {
			t.Errorf("%s kept its file %d", n, nodes0[n])
		}
		if sizes1[n] >= sizes0[n] {
			t.Errorf("%s did not shrink: %d bytes, then %d", n, sizes0[n], sizes1[n])
		}
	}
	// The mapped catalogs keep relfilenode 0; pg_depend's is its file.
	var classNode, dependNode int64
	a.QueryRow(ctx, "SELECT relfilenode::int8 FROM pg_class WHERE oid = 'pg_class'::regclass").Scan(&classNode)
	a.QueryRow(ctx, "SELECT relfilenode::int8 FROM pg_class WHERE oid = 'pg_depend'::regclass").Scan(&dependNode)
	if classNode != 0 || dependNode != nodes1["pg_depend"] {
		t.Errorf("pg_class.relfilenode: pg_class %d (want 0), pg_depend %d (want %d)", classNode, dependNode, nodes1["pg_depend"])
	}
	// The other session, open all along, now reads and writes the new
	// files: its new table is seen by a third session and by a.
	nodesB, _ := catalogFiles(t, b, cats...)
	for _, n := range cats {
		if nodesB[n] != nodes1[n] {
			t.Errorf("the other session sees %s in file %d, not %d", n, nodesB[n], nodes1[n])
		}
	}
	mustExec(t, b, "CREATE TABLE made_after (x int, y text)")
	mustExec(t, b, "INSERT INTO made_after VALUES (1, 'one')")
	if n := count(t, a, "SELECT count(*) FROM pg_attribute WHERE attrelid = 'made_after'::regclass AND attnum > 0"); n != 2 {
		t.Fatalf("made_after has %d columns in pg_attribute", n)
	}
	if n := count(t, c.connect(), "SELECT count(*) FROM made_after"); n != 1 {
		t.Fatalf("made_after: %d rows", n)
	}
	if n := count(t, b, "SELECT count(*) FROM kept"); n != 500 {
		t.Fatalf("kept: %d rows", n)
	}

	// Catalog changes made while VACUUM FULL rewrites the catalogs wait
	// for it (RowExclusiveLock) and none is lost.
	const concurrent = 40
	done := make(chan error, 1)
	go func() {
		for i := 0; i < concurrent; i++ {
			if _, err := b.Exec(ctx, fmt.Sprintf("CREATE TABLE conc%d (a int, b text)", i)); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	for i := 0; i < 6; i++ {
		mustExec(t, a, "VACUUM FULL pg_class, pg_attribute, pg_type, pg_depend")
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if n := count(t, a, "SELECT count(*) FROM pg_class WHERE relname ~ '^conc[0-9]+$'"); n != concurrent {
		t.Fatalf("%d of the %d tables made during the rewrites are in pg_class", n, concurrent)
	}
	if n := count(t, a, "SELECT count(*) FROM pg_attribute a JOIN pg_class c ON c.oid = attrelid WHERE relname ~ '^conc[0-9]+$' AND attnum > 0"); n != 2*concurrent {
		t.Fatalf("%d pg_attribute rows of the %d tables made during the rewrites", n, concurrent)
	}

	// The shared catalogs, then the whole database: new connections
	// still authenticate (the postmaster reads pg_authid and
	// pg_database through the shared map).
	mustExec(t, a, "VACUUM FULL pg_authid, pg_database")
	mustExec(t, a, "VACUUM FULL")
	if err := readEveryRelation(c); err != nil {
		t.Fatal(err)
	}
	var sharedPath string
	a.QueryRow(ctx, "SELECT pg_relation_filepath('pg_authid')").Scan(&sharedPath)
	if sharedPath == "global/1260" || !strings.HasPrefix(sharedPath, "global/") {
		t.Errorf("pg_authid is in %s after VACUUM FULL", sharedPath)
	}
	if n := count(t, c.connect("dbname=template1"), "SELECT count(*) FROM pg_class WHERE relname = 'pg_class'"); n != 1 {
		t.Fatalf("template1: %d pg_class rows named pg_class", n)
	}

	// A crash right after a VACUUM FULL of pg_class: replay rewrites the
	// map and every relation is readable.
	// The map as it was before is put back after the kill, as if the
	// write of the new one had not reached the disk: replay must write it
	// again from the WAL.
	mapPath := filepath.Join(c.dataDir, "base", "5", "pg_filenode.map")
	oldMap, err := os.ReadFile(mapPath)
	if err != nil {
		t.Fatal(err)
	}
	mustExec(t, a, "VACUUM FULL pg_class")
	before, _ := catalogFiles(t, a, "pg_class", "pg_attribute", "pg_authid")
	pm := c.postmasterPID()
	for _, pid := range append([]int{pm}, c.processes()...) {
		syscall.Kill(pid, syscall.SIGKILL)
	}
	if left := c.waitNoProcesses(5 * time.Second); len(left) > 0 {
		t.Fatalf("processes survived SIGKILL: %v", left)
	}
	waitGone(t, pm)
	if err := os.WriteFile(mapPath, oldMap, 0o600); err != nil {
		t.Fatal(err)
	}
	c.start()
	if !strings.Contains(c.log(), "redo starts at") {
		t.Errorf("no redo after the crash:\n%s", c.log())
	}
	check := func(when string) {
		conn := c.connect()
		after, _ := catalogFiles(t, conn, "pg_class", "pg_attribute", "pg_authid")
		for n, node := range before {
			if after[n] != node {
				t.Errorf("%s: %s in file %d, was %d", when, n, after[n], node)
			}
		}
		if err := readEveryRelation(c); err != nil {
			t.Fatalf("%s: %v\n%s", when, err, c.log())
		}
		if n := count(t, conn, "SELECT count(*) FROM kept JOIN made_after ON id = x"); n != 1 {
			t.Fatalf("%s: join gives %d rows", when, n)
		}
		mustExec(t, conn, "CREATE TABLE after_"+strings.ReplaceAll(when, " ", "_")+" (z int)")
	}
	check("after crash")
	c.stop("fast")
	c.start()
	check("after restart")
	c.stop("fast")
	if bad := verifyDataPages(t, c.dataDir, len(initArgs) > 0); len(bad) > 0 {
		t.Errorf("pages that do not verify: %v", bad)
	}
	waldumpRelmap(t, c.dataDir)
}

// waldumpRelmap checks, when PostgreSQL 15's pg_waldump is installed,
// that it decodes the map updates as its own: "RelMap ... UPDATE
// database 5 tablespace 1663 size 512".
func waldumpRelmap(t *testing.T, dataDir string) {
	const waldump = "/usr/lib/postgresql/15/bin/pg_waldump"
	if _, err := os.Stat(waldump); err != nil {
		t.Log("pg_waldump 15 not installed: WAL decoding not checked")
		return
	}
	segs, _ := filepath.Glob(filepath.Join(dataDir, "pg_wal", "0*"))
	found := map[string]bool{}
	for _, seg := range segs {
		out, _ := exec.Command(waldump, "--rmgr=RelMap", seg).CombinedOutput()
		for _, line := range strings.Split(string(out), "\n") {
			if strings.Contains(line, "rmgr: RelMap") {
				if i := strings.Index(line, "desc: "); i >= 0 {
					found[line[i+len("desc: "):]] = true
				}
			}
		}
	}
	for _, want := range []string{"UPDATE database 5 tablespace 1663 size 512", "UPDATE database 0 tablespace 1664 size 512"} {
		if !found[want] {
			t.Errorf("pg_waldump shows no %q; it shows %v", want, found)
		}
	}
}

// TestDataDirectoryWithoutRelationMap: a data directory made by a
// gpostgres older than the relation mapper is refused at start, with
// PostgreSQL's "incompatible" message, instead of failing every
// connection.
func TestDataDirectoryWithoutRelationMap(t *testing.T) {
	c := newCluster(t)
	if err := os.Remove(filepath.Join(c.dataDir, "global", "pg_filenode.map")); err != nil {
		t.Fatal(err)
	}
	if out, err := c.gpctl("-l", c.logFile, "-w", "-t", "30", "start"); err == nil {
		t.Fatalf("the server started without global/pg_filenode.map:\n%s", out)
	}
	if log := c.log(); !strings.Contains(log, "FATAL:  database files are incompatible with server") ||
		!strings.Contains(log, "HINT:  It looks like you need to initdb.") {
		t.Fatalf("log:\n%s", log)
	}
}
