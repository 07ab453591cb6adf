// The client driver tests: one gpostgres cluster, and each driver's script
// (python/, node/, java/) run against it in turn.

package clients

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// knownGaps are the features the scripts use that gpostgres lacks yet;
// a script checks that gpostgres refuses each with 0A000 (so the test
// fails once the feature lands, and the entry must go). The reference
// server runs the scripts without it.
var knownGaps = []string{}

// clientScript is one driver's test: a command run from its folder.
type clientScript struct {
	name string
	dir  string
	argv []string
}

// debianPython is the interpreter the Debian python3-* packages are
// installed for (a python3 earlier on PATH may be another one).
const debianPython = "/usr/bin/python3"

var scripts = []clientScript{
	{"psycopg2", "python", []string{debianPython, "psycopg2_test.py"}},
	{"asyncpg", "python", []string{debianPython, "asyncpg_test.py"}},
	{"sqlalchemy", "python", []string{debianPython, "sqlalchemy_test.py"}},
	{"django", "python", []string{debianPython, "django_test.py"}},
	{"node-pg", "node", []string{"node", "pg_test.js"}},
	{"knex", "node", []string{"node", "knex_test.js"}},
	// The single-file source launcher compiles and runs JdbcTest.java,
	// with Debian's PostgreSQL JDBC driver; JDBC connects over TCP.
	{"jdbc", "java", []string{"java", "-cp", "/usr/share/java/postgresql.jar", "JdbcTest.java"}},
}

var binDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "gpostgres-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	build := exec.Command("go", "build", "-o", dir+"/", "../../cmd/gpinitdb", "../../cmd/gpctl", "../../cmd/gpostgres")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building binaries:", err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	binDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// TestClients runs every driver script, one after the other, and pgx's
// test against one cluster, and fails with the script's output.
//
// With GPOSTGRES_CLIENTS_REFERENCE=1 they run instead against the server
// the PG* environment variables name (PostgreSQL 15, to prove a test
// right), with no known gaps; PGTCPHOST is the host JDBC and pgx reach
// over TCP (localhost by default).
func TestClients(t *testing.T) {
	var env []string
	if os.Getenv("GPOSTGRES_CLIENTS_REFERENCE") != "" {
		env = append(os.Environ(), "GPOSTGRES_KNOWN_GAPS=")
	} else {
		c := startCluster(t)
		// gpostgres has one database (no CREATE DATABASE yet): the
		// scripts name their tables apart and drop them at the end.
		env = append(os.Environ(),
			"PGHOST="+c.sockDir, "PGPORT="+strconv.Itoa(c.port), "PGUSER="+c.user, "PGDATABASE=postgres",
			"PGTCPHOST=127.0.0.1", "PGSSLMODE=disable", "PGCONNECT_TIMEOUT=10",
			"GPOSTGRES_KNOWN_GAPS="+strings.Join(knownGaps, ","))
	}
	t.Run("pgx", func(t *testing.T) { testPgx(t, envConnString(env)) })
	for _, s := range scripts {
		t.Run(s.name, func(t *testing.T) {
			if _, err := exec.LookPath(s.argv[0]); err != nil {
				t.Fatalf("%s is not installed: `make clients-deps` (part of `make test`) installs it", s.argv[0])
			}
			ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, s.argv[0], s.argv[1:]...)
			cmd.Dir = s.dir
			cmd.Env = env
			start := time.Now()
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("%s: %v\n%s", strings.Join(s.argv, " "), err, out)
			}
			t.Logf("%s in %v: %s", s.name, time.Since(start).Round(time.Millisecond), strings.TrimSpace(string(out)))
		})
	}
}

// envConnString is a pgx connection string for the server env names
// (its last PGTCPHOST, PGPORT, PGUSER and PGDATABASE), over TCP.
func envConnString(env []string) string {
	vars := map[string]string{"PGTCPHOST": "localhost", "PGPORT": "5432", "PGUSER": "postgres", "PGDATABASE": "postgres"}
	for _, kv := range env {
		if k, v, ok := strings.Cut(kv, "="); ok {
			if _, want := vars[k]; want && v != "" {
				vars[k] = v
			}
		}
	}
	return fmt.Sprintf("host=%s port=%s user=%s dbname=%s sslmode=disable connect_timeout=10",
		vars["PGTCPHOST"], vars["PGPORT"], vars["PGUSER"], vars["PGDATABASE"])
}

// cluster is a gpostgres data directory and its running server.
type cluster struct {
	t       *testing.T
	dataDir string
	sockDir string
	port    int
	user    string
	logFile string
}

func (c *cluster) connString(db string) string {
	return fmt.Sprintf("host=127.0.0.1 port=%d user=%s dbname=%s sslmode=disable", c.port, c.user, db)
}

func (c *cluster) log() string {
	b, _ := os.ReadFile(c.logFile)
	return string(b)
}

func (c *cluster) gpctl(args ...string) (string, error) {
	out, err := exec.Command(filepath.Join(binDir, "gpctl"), append([]string{"-D", c.dataDir}, args...)...).CombinedOutput()
	return string(out), err
}

// startCluster initializes and starts a cluster listening on a free TCP
// port and a short Unix socket directory; the test's cleanup stops it.
func startCluster(t *testing.T) *cluster {
	t.Helper()
	base := t.TempDir()
	sockDir, err := os.MkdirTemp("/tmp", "gpc")
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	c := &cluster{t: t, dataDir: filepath.Join(base, "data"), sockDir: sockDir, port: port,
		user: "gpadmin", logFile: filepath.Join(base, "server.log")}
	if out, err := exec.Command(filepath.Join(binDir, "gpinitdb"), "-D", c.dataDir, "-U", c.user).CombinedOutput(); err != nil {
		t.Fatalf("gpinitdb: %v\n%s", err, out)
	}
	f, err := os.OpenFile(filepath.Join(c.dataDir, "postgresql.conf"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(f, "\n# test settings\nport = %d\nunix_socket_directories = '%s'\nlisten_addresses = '127.0.0.1'\n", port, sockDir)
	f.Close()
	t.Cleanup(c.stop)
	if out, err := c.gpctl("-l", c.logFile, "-w", "-t", "30", "start"); err != nil {
		t.Fatalf("gpctl start: %v\n%s\nlog:\n%s", err, out, c.log())
	}
	return c
}

// stop shuts the server down, immediately if a fast stop fails, and
// removes the socket directory.
func (c *cluster) stop() {
	if out, err := c.gpctl("-m", "fast", "-w", "-t", "30", "stop"); err != nil {
		c.t.Errorf("gpctl stop: %v\n%s", err, out)
		if b, err := os.ReadFile(filepath.Join(c.dataDir, "postmaster.pid")); err == nil {
			if pid, _ := strconv.Atoi(strings.SplitN(string(b), "\n", 2)[0]); pid > 0 {
				syscall.Kill(pid, syscall.SIGKILL)
			}
		}
	}
	os.RemoveAll(c.sockDir)
}
