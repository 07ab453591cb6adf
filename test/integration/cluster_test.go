// The test cluster harness.

package integration

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

	"github.com/jackc/pgx/v5"
)

var binDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "gpostgres-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	build := exec.Command("go", "build", "-o", dir+"/", "../../cmd/gpinitdb", "../../cmd/gpctl", "../../cmd/gpostgres", "../../cmd/gpsql")
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

type cluster struct {
	t       *testing.T
	dataDir string
	sockDir string
	port    int
	user    string
	logFile string
}

func freePort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// newCluster initializes a data directory with extra postgresql.conf lines.
func newCluster(t *testing.T, conf ...string) *cluster {
	t.Helper()
	return newClusterArgs(t, nil, conf...)
}

// newClusterArgs is newCluster with extra gpinitdb arguments.
func newClusterArgs(t *testing.T, initArgs []string, conf ...string) *cluster {
	t.Helper()
	base := t.TempDir()
	// Unix socket paths are limited to 107 bytes: keep the socket
	// directory short.
	sockDir, err := os.MkdirTemp("/tmp", "gps")
	if err != nil {
		t.Fatal(err)
	}
	c := &cluster{t: t, dataDir: filepath.Join(base, "data"), sockDir: sockDir, port: freePort(t), user: "gpadmin"}
	c.logFile = filepath.Join(base, "server.log")
	out, err := exec.Command(filepath.Join(binDir, "gpinitdb"), append([]string{"-D", c.dataDir, "-U", c.user}, initArgs...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("gpinitdb: %v\n%s", err, out)
	}
	lines := append([]string{
		"port = " + strconv.Itoa(c.port),
		"unix_socket_directories = '" + sockDir + "'",
		"listen_addresses = '127.0.0.1'",
	}, conf...)
	f, err := os.OpenFile(filepath.Join(c.dataDir, "postgresql.conf"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintln(f, "\n# test settings\n"+strings.Join(lines, "\n"))
	f.Close()
	t.Cleanup(c.cleanup)
	return c
}

func (c *cluster) gpctl(args ...string) (string, error) {
	all := append([]string{"-D", c.dataDir}, args...)
	out, err := exec.Command(filepath.Join(binDir, "gpctl"), all...).CombinedOutput()
	return string(out), err
}

func (c *cluster) start() {
	c.t.Helper()
	out, err := c.gpctl("-l", c.logFile, "-w", "-t", "30", "start")
	if err != nil {
		c.t.Fatalf("gpctl start: %v\n%s\nlog:\n%s", err, out, c.log())
	}
}

func (c *cluster) stop(mode string) {
	c.t.Helper()
	out, err := c.gpctl("-m", mode, "-w", "-t", "30", "stop")
	if err != nil {
		c.t.Fatalf("gpctl stop -m %s: %v\n%s\nlog:\n%s", mode, err, out, c.log())
	}
}

func (c *cluster) log() string {
	b, _ := os.ReadFile(c.logFile)
	return string(b)
}

// postmasterPID reads line 1 of postmaster.pid, 0 when absent.
func (c *cluster) postmasterPID() int {
	b, err := os.ReadFile(filepath.Join(c.dataDir, "postmaster.pid"))
	if err != nil {
		return 0
	}
	pid, _ := strconv.Atoi(strings.SplitN(string(b), "\n", 2)[0])
	return pid
}

func (c *cluster) connString(extra string) string {
	return fmt.Sprintf("host=127.0.0.1 port=%d user=%s dbname=postgres sslmode=disable %s", c.port, c.user, extra)
}

func (c *cluster) connect(extra ...string) *pgx.Conn {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, c.connString(strings.Join(extra, " ")))
	if err != nil {
		c.t.Fatalf("connect: %v\nlog:\n%s", err, c.log())
	}
	c.t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// psql runs the real psql against the cluster's Unix socket.
func (c *cluster) psql(args ...string) (string, error) {
	return c.runClient("psql", args...)
}

// runClient runs psql or this build's gpsql against the cluster's Unix
// socket, without reading a start-up file.
func (c *cluster) runClient(tool string, args ...string) (string, error) {
	all := append([]string{"-X", "-h", c.sockDir, "-p", strconv.Itoa(c.port), "-U", c.user, "-d", "postgres"}, args...)
	if tool == "gpsql" {
		tool = filepath.Join(binDir, "gpsql")
	}
	cmd := exec.Command(tool, all...)
	cmd.Env = append(os.Environ(), "PGCONNECT_TIMEOUT=10")
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// processes lists the pids whose executable is this test's gpostgres and
// whose environment or command line belongs to this cluster.
func (c *cluster) processes() []int {
	var pids []int
	ents, _ := os.ReadDir("/proc")
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
		if strings.Contains(string(env), c.dataDir) || strings.Contains(string(cmdline), c.dataDir) {
			pids = append(pids, pid)
		}
	}
	return pids
}

// waitNoProcesses waits up to d for every process of the cluster to exit.
func (c *cluster) waitNoProcesses(d time.Duration) []int {
	deadline := time.Now().Add(d)
	for {
		left := c.processes()
		if len(left) == 0 || time.Now().After(deadline) {
			return left
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (c *cluster) cleanup() {
	if pid := c.postmasterPID(); pid != 0 && syscall.Kill(pid, 0) == nil {
		c.gpctl("-m", "immediate", "-w", "-t", "10", "stop")
	}
	left := c.waitNoProcesses(5 * time.Second)
	for _, pid := range left {
		syscall.Kill(pid, syscall.SIGKILL)
	}
	os.RemoveAll(c.sockDir)
	if len(left) > 0 {
		c.t.Errorf("gpostgres processes left running after the test: %v", left)
	}
}

// cmdline returns a process's argv joined by spaces, as ps shows it.
func cmdline(pid int) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	if err != nil {
		return ""
	}
	return strings.TrimRight(strings.ReplaceAll(string(b), "\x00", " "), " ")
}

// childrenOf lists the pids whose parent is ppid.
func childrenOf(ppid int) []int {
	var out []int
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			continue
		}
		s := string(b)
		fields := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
		if len(fields) > 1 {
			if p, _ := strconv.Atoi(fields[1]); p == ppid {
				out = append(out, pid)
			}
		}
	}
	return out
}
