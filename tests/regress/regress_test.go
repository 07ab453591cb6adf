package regress

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// psqlPath is PostgreSQL 15's psql, the client both sides are recorded and
// checked with (make deps installs it).
const psqlPath = "/usr/lib/postgresql/15/bin/psql"

// fileTimeout bounds one file's run: a hung statement fails the file
// instead of the whole package.
const fileTimeout = 2 * time.Minute

var pendingFlag = flag.Bool("pending", false, "fail when a pending file differs from its expected output (also REGRESS_PENDING_FAIL=1)")

var binDir string

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "gpostgres-regress-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	build := exec.Command("go", "build", "-o", dir+"/", "../../cmd/gpinitdb", "../../cmd/gpctl", "../../cmd/gpostgres")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building binaries:", err)
		if err := os.RemoveAll(dir); err != nil {
			fmt.Fprintln(os.Stderr, err)
		}
		os.Exit(1)
	}
	binDir = dir
	// A test that runs into go test's -timeout panics without running
	// cleanups: stop the servers shortly before that happens.
	if f := flag.Lookup("test.timeout"); f != nil {
		if d, err := time.ParseDuration(f.Value.String()); err == nil && d > 30*time.Second {
			time.AfterFunc(d-15*time.Second, stopAll)
		}
	}
	code := m.Run()
	if err := os.RemoveAll(dir); err != nil {
		fmt.Fprintln(os.Stderr, err)
		code = 1
	}
	os.Exit(code)
}

// TestSchedule checks the lists: every sql/ file is in exactly one of
// schedule and pending, every listed area has its sql and expected file,
// and every area in deliberate exists.
func TestSchedule(t *testing.T) {
	sched := readList(t, "schedule")
	pend := readList(t, "pending")
	where := map[string]string{}
	for _, l := range []struct {
		name  string
		areas []string
	}{{"schedule", sched}, {"pending", pend}} {
		for _, a := range l.areas {
			if prev, ok := where[a]; ok {
				t.Errorf("%s is listed in %s and again in %s", a, prev, l.name)
			}
			where[a] = l.name
			for _, f := range []string{"sql/" + a + ".sql", "expected/" + a + ".out"} {
				if _, err := os.Stat(f); err != nil {
					t.Errorf("%s lists %s: %v", l.name, a, err)
				}
			}
		}
	}
	files, err := filepath.Glob("sql/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		a := strings.TrimSuffix(filepath.Base(f), ".sql")
		if _, ok := where[a]; !ok {
			t.Errorf("%s is in neither schedule nor pending", f)
		}
	}
	for _, m := range readDeliberate(t) {
		if _, ok := where[m.area]; !ok {
			t.Errorf("deliberate names %s, which is in neither schedule nor pending", m.area)
		}
	}
	outs, err := filepath.Glob("expected/*.out")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range outs {
		a := strings.TrimSuffix(filepath.Base(f), ".out")
		if _, err := os.Stat("sql/" + a + ".sql"); err != nil {
			t.Errorf("%s has no sql file: %v", f, err)
		}
	}
}

// TestRegress runs every scheduled file against one gpostgres cluster and
// fails each file whose output differs from PostgreSQL 15's.
func TestRegress(t *testing.T) {
	t.Parallel()
	areas := readList(t, "schedule")
	masks := readDeliberate(t)
	c := newCluster(t)
	for _, area := range areas {
		t.Run(area, func(t *testing.T) {
			diff, n := c.check(t, area, masks)
			if n > 0 {
				t.Errorf("sql/%s.sql: %d lines differ from expected/%s.out\n%s", area, n, area, diff)
			}
			c.waitReady(t)
			if left := c.leftovers(t); left != "" {
				t.Errorf("sql/%s.sql leaves tables behind, which later files would see: %s", area, left)
				c.dropLeftovers(t)
			}
		})
	}
}

// TestPending runs the pending files, features gpostgres lacks, on a
// cluster of their own and logs how far each is from PostgreSQL's output.
// With -pending or REGRESS_PENDING_FAIL=1 a difference fails the test.
func TestPending(t *testing.T) {
	t.Parallel()
	areas := readList(t, "pending")
	masks := readDeliberate(t)
	strict := *pendingFlag || os.Getenv("REGRESS_PENDING_FAIL") == "1"
	c := newCluster(t)
	total := 0
	for _, area := range areas {
		t.Run(area, func(t *testing.T) {
			diff, n := c.check(t, area, masks)
			total += n
			switch {
			case n == 0:
				t.Logf("sql/%s.sql matches PostgreSQL: move it from pending to schedule", area)
			case strict:
				t.Errorf("sql/%s.sql: %d lines differ from expected/%s.out\n%s", area, n, area, diff)
			default:
				t.Logf("sql/%s.sql: %d lines differ (pending)", area, n)
			}
			// A pending file may stop half-way and leave tables behind:
			// remove them so the next pending file starts clean.
			c.waitReady(t)
			c.dropLeftovers(t)
		})
	}
	t.Logf("pending: %d files, %d differing lines in all", len(areas), total)
}

// readList reads a schedule file: one area a line, # comments.
func readList(t *testing.T, name string) []string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, l := range strings.Split(string(b), "\n") {
		if i := strings.IndexByte(l, '#'); i >= 0 {
			l = l[:i]
		}
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// mask is one deliberate difference: in area's output, text matching re is
// replaced on both sides before they are compared.
type mask struct {
	area string
	re   *regexp.Regexp
}

// readDeliberate reads the file "deliberate", the one list of deliberate
// differences: lines "area<TAB>regexp", # comments.
func readDeliberate(t *testing.T) []mask {
	t.Helper()
	b, err := os.ReadFile("deliberate")
	if err != nil {
		t.Fatal(err)
	}
	var out []mask
	for i, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "#") || strings.TrimSpace(l) == "" {
			continue
		}
		area, expr, ok := strings.Cut(l, "\t")
		if !ok {
			t.Fatalf("deliberate:%d: want area<TAB>regexp, got %q", i+1, l)
		}
		re, err := regexp.Compile(expr)
		if err != nil {
			t.Fatalf("deliberate:%d: %v", i+1, err)
		}
		out = append(out, mask{area, re})
	}
	return out
}

func applyMasks(area string, masks []mask, s []byte) []byte {
	for _, m := range masks {
		if m.area == area {
			s = m.re.ReplaceAll(s, []byte("<deliberate difference>"))
		}
	}
	return s
}

// psqlEnv is the whole environment psql runs with: psql.env and the
// connection settings, nothing inherited (record.sh does the same).
func psqlEnv(t *testing.T, c *cluster) []string {
	t.Helper()
	f, err := os.Open("psql.env")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	env := []string{
		"PATH=/usr/bin:/bin",
		"PGHOST=" + c.sockDir,
		"PGPORT=" + strconv.Itoa(c.port),
		"PGUSER=postgres",
		"PGDATABASE=postgres",
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := sc.Text()
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		if !strings.Contains(l, "=") {
			t.Fatalf("psql.env: %q is not KEY=VALUE", l)
		}
		env = append(env, l)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return env
}

var (
	clustersMu sync.Mutex
	clusters   []*cluster
)

// stopAll stops every server still running and removes what the package
// created, for the timeout path only (the tests fail from then on).
func stopAll() {
	clustersMu.Lock()
	defer clustersMu.Unlock()
	for _, c := range clusters {
		fmt.Fprintf(os.Stderr, "regress: test timeout near, stopping the server in %s\n", c.dataDir)
		if out, err := c.gpctl("-m", "immediate", "-w", "-t", "10", "stop"); err != nil {
			fmt.Fprintf(os.Stderr, "gpctl stop: %v\n%s", err, out)
		}
		// dataDir is <t.TempDir()>/data, and t.TempDir() is <base>/001.
		for _, dir := range []string{c.sockDir, filepath.Dir(filepath.Dir(c.dataDir))} {
			if err := os.RemoveAll(dir); err != nil {
				fmt.Fprintln(os.Stderr, err)
			}
		}
	}
	if err := os.RemoveAll(binDir); err != nil {
		fmt.Fprintln(os.Stderr, err)
	}
}

type cluster struct {
	dataDir string
	sockDir string
	logFile string
	port    int
	env     []string
	// suspect is set when a psql run failed: the server may be
	// restarting after a crash, so the next run waits until it answers.
	suspect bool
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// newCluster initializes a data directory owned by user postgres and
// starts a server on it that listens only on a Unix socket; the test's
// cleanup stops it and removes everything.
func newCluster(t *testing.T) *cluster {
	t.Helper()
	if _, err := os.Stat(psqlPath); err != nil {
		t.Fatalf("PostgreSQL 15's psql is needed (make deps installs it): %v", err)
	}
	base := t.TempDir()
	// Unix socket paths are limited to 107 bytes: keep the directory short.
	sockDir, err := os.MkdirTemp("/tmp", "gpr")
	if err != nil {
		t.Fatal(err)
	}
	c := &cluster{
		dataDir: filepath.Join(base, "data"),
		sockDir: sockDir,
		logFile: filepath.Join(base, "server.log"),
		port:    freePort(t),
	}
	t.Cleanup(func() { c.cleanup(t) })
	clustersMu.Lock()
	clusters = append(clusters, c)
	clustersMu.Unlock()
	c.env = psqlEnv(t, c)
	out, err := exec.Command(filepath.Join(binDir, "gpinitdb"), "-D", c.dataDir, "-U", "postgres", "--locale=C.UTF-8", "-E", "UTF8").CombinedOutput()
	if err != nil {
		t.Fatalf("gpinitdb: %v\n%s", err, out)
	}
	conf := fmt.Sprintf("\n# regression suite (durability is not what it tests)\nport = %d\nunix_socket_directories = '%s'\nlisten_addresses = ''\nfsync = off\nsynchronous_commit = off\n", c.port, c.sockDir)
	f, err := os.OpenFile(filepath.Join(c.dataDir, "postgresql.conf"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(conf); err != nil {
		f.Close()
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if out, err := c.gpctl("-l", c.logFile, "-w", "-t", "30", "start"); err != nil {
		t.Fatalf("gpctl start: %v\n%s\nlog:\n%s", err, out, c.log())
	}
	return c
}

func (c *cluster) gpctl(args ...string) (string, error) {
	out, err := exec.Command(filepath.Join(binDir, "gpctl"), append([]string{"-D", c.dataDir}, args...)...).CombinedOutput()
	return string(out), err
}

func (c *cluster) log() string {
	b, err := os.ReadFile(c.logFile)
	if err != nil {
		return err.Error()
	}
	return string(b)
}

func (c *cluster) logSize() int64 {
	fi, err := os.Stat(c.logFile)
	if err != nil {
		return 0
	}
	return fi.Size()
}

// runPsql runs psql with the suite's environment and stdin as its input,
// and returns standard output and standard error as one stream, as
// pg_regress does, with psql's exit error (nil when it exited 0).
func (c *cluster) runPsql(t *testing.T, stdin []byte, args ...string) ([]byte, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), fileTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, psqlPath, args...)
	cmd.Env = c.env
	cmd.Stdin = bytes.NewReader(stdin)
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	err := cmd.Run()
	if err != nil {
		c.suspect = true
	}
	if ctx.Err() != nil {
		return out.Bytes(), fmt.Errorf("did not finish within %v: %w", fileTimeout, err)
	}
	return out.Bytes(), err
}

// psql is runPsql for the runner's own queries, which must succeed.
func (c *cluster) psql(t *testing.T, stdin []byte, args ...string) []byte {
	t.Helper()
	out, err := c.runPsql(t, stdin, args...)
	if err != nil {
		t.Errorf("psql %v: %v\n%s", args, err, out)
	}
	return out
}

// waitReady waits, after a failed psql run, until the server accepts a
// connection and answers, so that a file that crashed a backend (which
// makes the postmaster restart every process) does not take the next file
// with it.
func (c *cluster) waitReady(t *testing.T) {
	t.Helper()
	if !c.suspect {
		return
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		out, err := c.runPsql(t, nil, "-X", "-A", "-t", "-c", "SELECT 1")
		if err == nil && strings.TrimSpace(string(out)) == "1" {
			c.suspect = false
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server does not answer: %v\n%s\nlog:\n%s", err, out, unusualLog(c.log()))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// check runs sql/<area>.sql and returns the unified diff from expected
// output and the number of differing lines (0: the same).
func (c *cluster) check(t *testing.T, area string, masks []mask) (string, int) {
	t.Helper()
	in, err := os.ReadFile(filepath.Join("sql", area+".sql"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join("expected", area+".out"))
	if err != nil {
		t.Fatal(err)
	}
	c.waitReady(t)
	logStart := c.logSize()
	// psql exits non-zero when the server ends the session (a crash):
	// the output then differs and the diff shows it, the status is noted.
	got, runErr := c.runPsql(t, in, "-X", "-a", "-q")
	want, got = applyMasks(area, masks, want), applyMasks(area, masks, got)
	if bytes.Equal(want, got) {
		if runErr != nil {
			t.Errorf("psql: %v, though its output matches", runErr)
		}
		return "", 0
	}
	diff, n := unifiedDiff(t, area, want, got)
	if runErr != nil {
		diff += fmt.Sprintf("\npsql: %v\n", runErr)
	}
	if b, err := os.ReadFile(c.logFile); err != nil {
		t.Errorf("reading the server log: %v", err)
	} else if int64(len(b)) > logStart {
		if l := unusualLog(string(b[logStart:])); l != "" {
			diff += "\nserver log while the file ran (statement errors left out):\n" + l
		}
	}
	return diff, n
}

// unusualLog drops the log lines that every failing statement writes
// (ERROR, STATEMENT, DETAIL, HINT and the like), keeping what points at a
// server fault: FATAL, PANIC, LOG lines, Go panics and stack traces.
func unusualLog(log string) string {
	var keep []string
	for _, l := range strings.Split(log, "\n") {
		routine := false
		for _, lvl := range []string{"] ERROR:  ", "] STATEMENT:  ", "] DETAIL:  ", "] HINT:  ", "] NOTICE:  ", "] CONTEXT:  "} {
			if strings.Contains(l, lvl) {
				routine = true
				break
			}
		}
		if !routine && strings.TrimSpace(l) != "" {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}

// unifiedDiff runs diff -u over the two outputs and counts the lines that
// differ.
func unifiedDiff(t *testing.T, area string, want, got []byte) (string, int) {
	t.Helper()
	dir, err := os.MkdirTemp("", "gpostgres-regress-diff-")
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := os.RemoveAll(dir); err != nil {
			t.Error(err)
		}
	}()
	wf, gf := filepath.Join(dir, "expected"), filepath.Join(dir, "results")
	if err := os.WriteFile(wf, want, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(gf, got, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("diff", "-u", "--label", "expected/"+area+".out", "--label", "results/"+area+".out", wf, gf).Output()
	var ee *exec.ExitError
	if err == nil || !errors.As(err, &ee) || ee.ExitCode() != 1 {
		t.Fatalf("diff: %v (outputs differ but diff found no difference or failed)", err)
	}
	n := 0
	for _, l := range strings.Split(string(out), "\n") {
		if (strings.HasPrefix(l, "+") && !strings.HasPrefix(l, "+++ ")) ||
			(strings.HasPrefix(l, "-") && !strings.HasPrefix(l, "--- ")) {
			n++
		}
	}
	return string(out), n
}

const leftoverQuery = `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 1`

// leftovers names the tables left in schema public, "" when none.
func (c *cluster) leftovers(t *testing.T) string {
	t.Helper()
	out := c.psql(t, nil, "-X", "-A", "-t", "-c", leftoverQuery)
	return strings.Join(strings.Fields(string(out)), ", ")
}

// dropLeftovers drops every table left in schema public.
func (c *cluster) dropLeftovers(t *testing.T) {
	t.Helper()
	left := strings.Fields(string(c.psql(t, nil, "-X", "-A", "-t", "-c", leftoverQuery)))
	sort.Strings(left)
	for _, rel := range left {
		c.psql(t, nil, "-X", "-q", "-c", `DROP TABLE IF EXISTS "`+rel+`"`)
	}
}

// processes lists the pids running this test's gpostgres for this cluster.
func (c *cluster) processes() []int {
	var pids []int
	ents, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	exe := filepath.Join(binDir, "gpostgres")
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		target, err := os.Readlink(fmt.Sprintf("/proc/%d/exe", pid))
		if err != nil || strings.TrimSuffix(target, " (deleted)") != exe {
			continue
		}
		env, _ := os.ReadFile(fmt.Sprintf("/proc/%d/environ", pid))
		cmdline, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
		if bytes.Contains(env, []byte(c.dataDir)) || bytes.Contains(cmdline, []byte(c.dataDir)) {
			pids = append(pids, pid)
		}
	}
	return pids
}

// cleanup stops the server (immediate mode: nothing of it is kept), kills
// whatever survives and removes the socket directory; the data directory
// goes with t.TempDir.
func (c *cluster) cleanup(t *testing.T) {
	clustersMu.Lock()
	for i, o := range clusters {
		if o == c {
			clusters = append(clusters[:i], clusters[i+1:]...)
			break
		}
	}
	clustersMu.Unlock()
	if _, err := os.Stat(filepath.Join(c.dataDir, "postmaster.pid")); err == nil {
		if out, err := c.gpctl("-m", "immediate", "-w", "-t", "10", "stop"); err != nil {
			t.Errorf("gpctl stop: %v\n%s", err, out)
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	left := c.processes()
	for len(left) > 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
		left = c.processes()
	}
	for _, pid := range left {
		if err := syscall.Kill(pid, syscall.SIGKILL); err != nil && !errors.Is(err, syscall.ESRCH) {
			t.Errorf("kill %d: %v", pid, err)
		}
	}
	if len(left) > 0 {
		t.Errorf("gpostgres processes left running after the test: %v", left)
	}
	if err := os.RemoveAll(c.sockDir); err != nil {
		t.Error(err)
	}
}
