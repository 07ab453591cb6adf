// gpctl, gpsql, the logging collector and command-line settings.

package integration

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestGpctlStatus(t *testing.T) {
	c := newCluster(t)
	out, err := c.gpctl("status")
	if code := exitCode(err); code != 3 || !strings.Contains(out, "gpctl: no server running") {
		t.Fatalf("status of a stopped server: exit %d, %q", code, out)
	}
	c.start()
	out, err = c.gpctl("status")
	pid := strconv.Itoa(c.postmasterPID())
	if exitCode(err) != 0 || !strings.Contains(out, "gpctl: server is running (PID: "+pid+")") || !strings.Contains(out, "gpostgres") {
		t.Fatalf("status of a running server: %v %q", err, out)
	}
	missing, err := exec.Command(filepath.Join(binDir, "gpctl"), "-D", filepath.Join(t.TempDir(), "nope"), "status").CombinedOutput()
	if exitCode(err) != 4 {
		t.Fatalf("status of a missing directory: %v %q", err, missing)
	}
}

func exitCode(err error) int {
	if err == nil {
		return 0
	}
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	return -1
}

func TestGpsqlCommand(t *testing.T) {
	c := newCluster(t)
	c.start()
	out, err := exec.Command(filepath.Join(binDir, "gpsql"), "-h", c.sockDir, "-p", strconv.Itoa(c.port), "-U", c.user, "-d", "postgres",
		"-c", "SELECT 1 AS one, 'x' || 'y' AS s").CombinedOutput()
	want := " one | s  \n-----+----\n   1 | xy\n(1 row)\n\n"
	if err != nil || string(out) != want {
		t.Fatalf("gpsql -c: %v\n got %q\nwant %q", err, out, want)
	}
	// The same output as the real psql for an error.
	args := []string{"-h", c.sockDir, "-p", strconv.Itoa(c.port), "-U", c.user, "-d", "postgres", "-c", "SELECT 1 +"}
	gp, gerr := exec.Command(filepath.Join(binDir, "gpsql"), args...).CombinedOutput()
	ps, perr := exec.Command("psql", append([]string{"-X"}, args...)...).CombinedOutput()
	if string(gp) != string(ps) || exitCode(gerr) != exitCode(perr) {
		t.Fatalf("gpsql and psql differ:\ngpsql (%d): %q\npsql  (%d): %q", exitCode(gerr), gp, exitCode(perr), ps)
	}
}

func TestLoggingCollector(t *testing.T) {
	c := newCluster(t, "logging_collector = on", "log_directory = 'pg_log'", "log_filename = 'server-%Y.log'")
	c.start()
	pm := c.postmasterPID()
	var logger int
	for _, pid := range childrenOf(pm) {
		if cmdline(pid) == "gpostgres: logger" {
			logger = pid
		}
	}
	if logger == 0 {
		t.Fatalf("no logger process; children: %v", childrenOf(pm))
	}
	if !strings.Contains(c.log(), "redirecting log output to logging collector process") {
		t.Errorf("stderr log lacks the redirect notice:\n%s", c.log())
	}
	c.psql("-c", "SELECT 1/0")
	name := filepath.Join(c.dataDir, "pg_log", "server-"+strconv.Itoa(time.Now().Year())+".log")
	deadline := time.Now().Add(5 * time.Second)
	for {
		b, _ := os.ReadFile(name)
		if strings.Contains(string(b), "ERROR:  division by zero") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("collector file %s lacks the error:\n%s", name, b)
		}
		time.Sleep(50 * time.Millisecond)
	}
	cur, _ := os.ReadFile(filepath.Join(c.dataDir, "current_logfiles"))
	if !strings.HasPrefix(string(cur), "stderr pg_log/server-") {
		t.Errorf("current_logfiles = %q", cur)
	}
	c.stop("fast")
	b, _ := os.ReadFile(name)
	if !strings.Contains(string(b), "database system is shut down") {
		t.Errorf("the last lines did not reach the log file:\n%s", b)
	}
}

func TestServerOptions(t *testing.T) {
	c := newCluster(t)
	// -o passes options through gpctl to gpostgres; -c beats the file.
	out, err := c.gpctl("-l", c.logFile, "-w", "-o", "-c work_mem=12MB -c application_name=fromcmd", "start")
	if err != nil {
		t.Fatalf("start with -o: %v %s", err, out)
	}
	conn := c.connect()
	var wm string
	conn.QueryRow(context.Background(), "SELECT current_setting('work_mem')").Scan(&wm)
	if wm != "12MB" {
		t.Fatalf("work_mem from -c = %q", wm)
	}
	// A reload keeps the command-line value over the file's.
	appendConf(t, c, "work_mem = '1MB'")
	c.gpctl("reload")
	time.Sleep(300 * time.Millisecond)
	conn.QueryRow(context.Background(), "SELECT current_setting('work_mem')").Scan(&wm)
	if wm != "12MB" {
		t.Fatalf("after reload, work_mem = %q; the -c value must win", wm)
	}
	// restart reuses postmaster.opts.
	if out, err := c.gpctl("-l", c.logFile, "-w", "restart"); err != nil {
		t.Fatalf("restart: %v %s", err, out)
	}
	conn2 := c.connect()
	conn2.QueryRow(context.Background(), "SHOW work_mem").Scan(&wm)
	if wm != "12MB" {
		t.Fatalf("after restart, work_mem = %q", wm)
	}
}

func TestPgStatActivityAndSettings(t *testing.T) {
	c := newCluster(t)
	c.start()
	// The background processes register as they start, which may be just
	// after the server accepts connections.
	deadline := time.Now().Add(10 * time.Second)
	for {
		out, err := c.psql("-At", "-c", "SELECT backend_type FROM pg_stat_activity ORDER BY backend_type")
		if err != nil {
			t.Fatal(err, out)
		}
		var missing []string
		for _, want := range []string{"autovacuum launcher", "background writer", "checkpointer", "client backend", "walwriter"} {
			if !strings.Contains(out, want) {
				missing = append(missing, want)
			}
		}
		if len(missing) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("pg_stat_activity lacks %q:\n%s", missing, out)
		}
		time.Sleep(100 * time.Millisecond)
	}
	out, _ := c.psql("-At", "-c", "SELECT state, query FROM pg_stat_activity WHERE pid = pg_backend_pid()")
	if strings.TrimSpace(out) != "active|SELECT state, query FROM pg_stat_activity WHERE pid = pg_backend_pid()" {
		t.Errorf("own row: %q", out)
	}
	out, _ = c.psql("-At", "-c", "SELECT setting, unit, context FROM pg_settings WHERE name = 'shared_buffers'")
	if strings.TrimSpace(out) != "16384|8kB|postmaster" {
		t.Errorf("pg_settings shared_buffers: %q", out)
	}
}
