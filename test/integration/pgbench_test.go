package integration

// pgbench as users run it: initialization with the default steps and with
// server-side generation and foreign keys, then every built-in script and
// a custom script with \set, random(), \gset and \if, under each query
// mode (simple, extended, prepared), with several clients. No transaction
// may fail. After the TPC-B-like and custom scripts the balances agree:
// sum(abalance) = sum(bbalance) = sum(tbalance) = sum(delta); after
// simple-update, which leaves tellers and branches alone, sum(abalance) =
// sum(delta) still. Run with and without data checksums, with a small and
// the default shared_buffers.

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// pgbenchCustomScript is the TPC-B-like transaction written with the
// meta-commands a custom script uses: the branch taken depends on a value
// read back with \gset, and both branches keep the balances equal (and
// update in the same order, so that clients cannot deadlock).
const pgbenchCustomScript = `\set aid random(1, 100000 * :scale)
\set bid random(1, 1 * :scale)
\set tid random(1, 10 * :scale)
\set delta random(-5000, 5000)
BEGIN;
UPDATE pgbench_accounts SET abalance = abalance + :delta WHERE aid = :aid;
SELECT abalance AS bal FROM pgbench_accounts WHERE aid = :aid \gset
\if :bal > 0
UPDATE pgbench_tellers SET tbalance = tbalance + :delta WHERE tid = :tid;
UPDATE pgbench_branches SET bbalance = bbalance + :delta WHERE bid = :bid;
\else
UPDATE pgbench_tellers SET tbalance = tbalance - :delta + :delta + :delta WHERE tid = :tid;
UPDATE pgbench_branches SET bbalance = bbalance + :delta WHERE bid = :bid;
\endif
INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (:tid, :bid, :aid, :delta, CURRENT_TIMESTAMP);
END;
`

func TestPgbench(t *testing.T) {
	if _, err := exec.LookPath("pgbench"); err != nil {
		t.Fatal("pgbench is not installed: `make deps` (part of `make test`) installs postgresql-client-15")
	}
	t.Run("default", func(t *testing.T) { pgbenchModes(t, nil) })
	t.Run("checksums_small_buffers", func(t *testing.T) { pgbenchModes(t, []string{"-k"}, "shared_buffers = 1MB") })
}

func pgbenchModes(t *testing.T, initArgs []string, conf ...string) {
	c := newClusterArgs(t, initArgs, conf...)
	c.start()
	script := filepath.Join(t.TempDir(), "custom.sql")
	if err := os.WriteFile(script, []byte(pgbenchCustomScript), 0o644); err != nil {
		t.Fatal(err)
	}
	pgbench := func(args ...string) string {
		t.Helper()
		all := append([]string{"-h", c.sockDir, "-p", strconv.Itoa(c.port), "-U", c.user}, args...)
		out, err := exec.Command("pgbench", append(all, "postgres")...).CombinedOutput()
		if err != nil {
			t.Fatalf("pgbench %s: %v\n%s\nlog:\n%s", strings.Join(args, " "), err, out, c.log())
		}
		return string(out)
	}
	// Client-side generation with every default step (dtgvp).
	out := pgbench("-i", "-s", "2", "-q")
	if !strings.Contains(out, "done in") || !strings.Contains(out, "vacuum") || !strings.Contains(out, "primary keys") {
		t.Fatalf("pgbench -i:\n%s", out)
	}
	checkPgbenchTables(t, c, 200000)
	// Server-side generation and foreign keys.
	out = pgbench("-i", "-s", "1", "-I", "dtGvpf")
	if !strings.Contains(out, "server-side generate") || !strings.Contains(out, "foreign keys") {
		t.Fatalf("pgbench -i -I dtGvpf:\n%s", out)
	}
	checkPgbenchTables(t, c, 100000)
	psqlOut, err := c.psql("-Atc", "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text LIKE 'pgbench_%'")
	if err != nil || strings.TrimSpace(psqlOut) != "5" {
		t.Fatalf("foreign keys: %q %v", psqlOut, err)
	}

	failed := regexp.MustCompile(`number of failed transactions: (\d+)`)
	processed := regexp.MustCompile(`number of transactions actually processed: (\d+)/(\d+)`)
	run := func(mode string, script ...string) {
		t.Helper()
		args := append([]string{"-n", "-M", mode, "-c", "4", "-j", "2", "-t", "60"}, script...)
		out := pgbench(args...)
		m := failed.FindStringSubmatch(out)
		p := processed.FindStringSubmatch(out)
		if m == nil || m[1] != "0" || p == nil || p[1] != p[2] || p[1] != "240" {
			t.Fatalf("pgbench %s: failures or missing transactions:\n%s", strings.Join(args, " "), out)
		}
	}
	sums := func() []string {
		t.Helper()
		out, err := c.psql("-Atc", `SELECT (SELECT sum(abalance) FROM pgbench_accounts), (SELECT sum(bbalance) FROM pgbench_branches),
			(SELECT sum(tbalance) FROM pgbench_tellers), (SELECT sum(delta) FROM pgbench_history), (SELECT count(*) FROM pgbench_history)`)
		if err != nil {
			t.Fatal(err)
		}
		return strings.Split(strings.TrimSpace(out), "|")
	}
	modes := []string{"simple", "extended", "prepared"}
	for _, mode := range modes {
		run(mode, "-b", "tpcb-like")
		run(mode, "-f", script)
		run(mode, "-b", "select-only")
	}
	// 3 modes x 2 writing scripts x 240 transactions.
	if f := sums(); len(f) != 5 || f[0] != f[1] || f[1] != f[2] || f[2] != f[3] || f[4] != "1440" {
		t.Fatalf("balances disagree (accounts|branches|tellers|history deltas|history rows): %v", f)
	}
	// simple-update changes only the accounts and the history.
	before := sums()
	for _, mode := range modes {
		run(mode, "-b", "simple-update")
	}
	if f := sums(); f[0] != f[3] || f[1] != before[1] || f[2] != before[2] || f[4] != "2160" {
		t.Fatalf("after simple-update (accounts|branches|tellers|history deltas|history rows): %v, before %v", f, before)
	}
}

// checkPgbenchTables checks the row counts pgbench -i made.
func checkPgbenchTables(t *testing.T, c *cluster, accounts int) {
	t.Helper()
	out, err := c.psql("-Atc", "SELECT (SELECT count(*) FROM pgbench_accounts), (SELECT count(*) FROM pgbench_branches), (SELECT count(*) FROM pgbench_tellers), (SELECT count(*) FROM pgbench_history)")
	if err != nil {
		t.Fatal(err)
	}
	want := strconv.Itoa(accounts) + "|" + strconv.Itoa(accounts/100000) + "|" + strconv.Itoa(accounts/10000) + "|0"
	if strings.TrimSpace(out) != want {
		t.Fatalf("pgbench tables: %q, want %q", out, want)
	}
}
