// Tests of gpctl: status exit codes and messages without a server, and a
// start/status/reload/restart/stop cycle against a stand-in server script
// that follows the postmaster.pid protocol.

package pgctl

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gpostgres/gpostgres/lib/cli"
	"github.com/gpostgres/gpostgres/lib/datadir"
)

type result struct {
	stdout, stderr string
	code           int
}

func gpctl(t *testing.T, o Options) result {
	t.Helper()
	var out, errb bytes.Buffer
	o.Stdout, o.Stderr = &out, &errb
	o.Getenv = func(string) string { return "" }
	err := Run(o)
	code := 0
	var ee *cli.ExitError
	var ue *cli.UsageError
	switch {
	case errors.As(err, &ee):
		code = ee.Code
	case errors.As(err, &ue):
		code = -1
		errb.WriteString(ue.Msg)
	case err != nil:
		t.Fatalf("unexpected error %v", err)
	}
	return result{out.String(), errb.String(), code}
}

// newCluster makes the minimum gpctl recognizes as a data directory.
func newCluster(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	os.Chmod(dir, 0o700)
	if err := datadir.WriteVersionFile(dir, 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestStatusExitCodes(t *testing.T) {
	dir := newCluster(t)
	missing := filepath.Join(dir, "nothere")
	empty := t.TempDir()

	cases := []struct {
		name   string
		dir    string
		setup  func()
		code   int
		stdout string
		stderr string
	}{
		{"no pid file", dir, nil, 3, "gpctl: no server running\n", ""},
		{"missing dir", missing, nil, 4, "", `gpctl: directory "` + missing + `" does not exist` + "\n"},
		{"not a cluster", empty, nil, 4, "", `gpctl: directory "` + empty + `" is not a database cluster directory` + "\n"},
		{"stale pid", dir, func() { os.WriteFile(filepath.Join(dir, "postmaster.pid"), []byte("999999999\n"), 0o600) }, 3, "gpctl: no server running\n", ""},
		{"empty pid file", dir, func() { os.WriteFile(filepath.Join(dir, "postmaster.pid"), nil, 0o600) }, 1, "",
			`gpctl: the PID file "` + dir + `/postmaster.pid" is empty` + "\n"},
		{"bad pid file", dir, func() { os.WriteFile(filepath.Join(dir, "postmaster.pid"), []byte("x\n"), 0o600) }, 1, "",
			`gpctl: invalid data in PID file "` + dir + `/postmaster.pid"` + "\n"},
	}
	for _, c := range cases {
		if c.setup != nil {
			c.setup()
		}
		r := gpctl(t, Options{Command: "status", DataDir: c.dir})
		if r.code != c.code || r.stdout != c.stdout || r.stderr != c.stderr {
			t.Errorf("%s: got %d %q %q, want %d %q %q", c.name, r.code, r.stdout, r.stderr, c.code, c.stdout, c.stderr)
		}
	}

	// A live process named in the file: running, and the recorded command
	// line is printed.
	live := startSleep(t)
	os.WriteFile(filepath.Join(dir, "postmaster.pid"), []byte(fmt.Sprintf("%d\n%s\n", live, dir)), 0o600)
	datadir.WritePostmasterOpts(dir, []string{"/usr/bin/gpostgres", "-D", dir})
	r := gpctl(t, Options{Command: "status", DataDir: dir})
	want := fmt.Sprintf("gpctl: server is running (PID: %d)\n/usr/bin/gpostgres \"-D\" \"%s\"\n", live, dir)
	if r.code != 0 || r.stdout != want {
		t.Errorf("running: %d %q, want %q", r.code, r.stdout, want)
	}
}

func startSleep(t *testing.T) int {
	t.Helper()
	p, err := os.StartProcess("/bin/sleep", []string{"sleep", "60"}, &os.ProcAttr{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Kill(); p.Wait() })
	return p.Pid
}

func TestCommandErrors(t *testing.T) {
	dir := newCluster(t)
	cases := []struct {
		o      Options
		code   int
		stderr string
	}{
		{Options{}, -1, "no operation specified"},
		{Options{Command: "frob", DataDir: dir}, -1, `unrecognized operation mode "frob"`},
		{Options{Command: "stop", DataDir: dir, Mode: "bogus"}, -1, `unrecognized shutdown mode "bogus"`},
		{Options{Command: "status"}, -1, "no database directory specified and environment variable PGDATA unset"},
		{Options{Command: "stop", DataDir: dir}, 1, "gpctl: PID file \"" + dir + "/postmaster.pid\" does not exist\nIs server running?\n"},
		{Options{Command: "reload", DataDir: dir}, 1, "gpctl: PID file \"" + dir + "/postmaster.pid\" does not exist\nIs server running?\n"},
		{Options{Command: "kill", KillSignal: "FOO", KillPID: "1"}, -1, `unrecognized signal name "FOO"`},
		{Options{Command: "kill", KillSignal: "HUP", KillPID: "abc"}, 1, "gpctl: invalid PID \"abc\"\n"},
	}
	for _, c := range cases {
		r := gpctl(t, c.o)
		if r.code != c.code || r.stderr != c.stderr {
			t.Errorf("%+v: got %d %q, want %d %q", c.o, r.code, r.stderr, c.code, c.stderr)
		}
	}
}

// fakeServer is a shell script playing gpostgres: it records its command
// line, writes postmaster.pid the way the postmaster does (status
// "starting", then "ready   "), and removes it when told to stop, after
// noting the signal: gpctl returns as soon as the file is gone.
const fakeServer = `#!/bin/sh
D="$PGDATA"
trap 'echo "stopped by $SIG" >> "$D/signals"; rm -f "$D/postmaster.pid"; exit 0' INT TERM QUIT
trap 'echo HUP >> "$D/signals"' HUP
trap 'echo USR1 >> "$D/signals"' USR1
printf '%s' "$0" > "$D/postmaster.opts"
for a in "$@"; do printf ' "%s"' "$a" >> "$D/postmaster.opts"; done
echo >> "$D/postmaster.opts"
printf '%s\n%s\n%s\n5432\n/tmp\nlocalhost\n        0         0\nstarting\n' $$ "$D" $(date +%s) > "$D/postmaster.pid"
sleep 0.3
sed -i 's/^starting$/ready   /' "$D/postmaster.pid"
while :; do sleep 0.05; done
`

func TestStartStopCycle(t *testing.T) {
	dir := newCluster(t)
	bin := filepath.Join(t.TempDir(), "gpostgres")
	if err := os.WriteFile(bin, []byte(fakeServer), 0o755); err != nil {
		t.Fatal(err)
	}
	log := filepath.Join(dir, "log")
	waited := regexp.MustCompile(`^waiting for server to start\.\.\.\.+ done\nserver started\n$`)

	r := gpctl(t, Options{Command: "start", DataDir: dir, ExecPath: bin, LogFile: log, PostOpts: []string{"-p 5499", "-c 'a=b c'"}})
	if r.code != 0 || !waited.MatchString(r.stdout) || r.stderr != "" {
		t.Fatalf("start: %d %q %q", r.code, r.stdout, r.stderr)
	}
	info, err := datadir.ReadPidFile(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Remove(filepath.Join(dir, "postmaster.pid")); syscallKill(info.PID) })
	opts, _ := os.ReadFile(filepath.Join(dir, "postmaster.opts"))
	if want := bin + ` "-D" "` + dir + `" "-p" "5499" "-c" "a=b c"` + "\n"; string(opts) != want {
		t.Errorf("server got %q, want %q", opts, want)
	}

	r = gpctl(t, Options{Command: "status", DataDir: dir})
	if r.code != 0 || !strings.HasPrefix(r.stdout, fmt.Sprintf("gpctl: server is running (PID: %d)\n", info.PID)) {
		t.Errorf("status: %d %q", r.code, r.stdout)
	}
	r = gpctl(t, Options{Command: "start", DataDir: dir, ExecPath: "/nonexistent/gpostgres"})
	if r.code != 1 || r.stderr != "gpctl: another server might be running; trying to start server anyway\ngpctl: could not start server: No such file or directory\n" {
		t.Errorf("second start: %d %q", r.code, r.stderr)
	}

	r = gpctl(t, Options{Command: "reload", DataDir: dir})
	if r.code != 0 || r.stdout != "server signaled\n" {
		t.Errorf("reload: %d %q %q", r.code, r.stdout, r.stderr)
	}

	// Restart without -o reuses postmaster.opts, program included.
	r = gpctl(t, Options{Command: "restart", DataDir: dir, LogFile: log, Mode: "smart"})
	if r.code != 0 || !regexp.MustCompile(`^waiting for server to shut down\.+ done\nserver stopped\nwaiting for server to start\.+ done\nserver started\n$`).MatchString(r.stdout) {
		t.Fatalf("restart: %d %q %q", r.code, r.stdout, r.stderr)
	}
	info2, _ := datadir.ReadPidFile(dir)
	t.Cleanup(func() { syscallKill(info2.PID) })
	opts, _ = os.ReadFile(filepath.Join(dir, "postmaster.opts"))
	if want := bin + ` "-D" "` + dir + `" "-p" "5499" "-c" "a=b c"` + "\n"; string(opts) != want {
		t.Errorf("restarted server got %q, want %q", opts, want)
	}

	r = gpctl(t, Options{Command: "stop", DataDir: dir, Mode: "immediate"})
	if r.code != 0 || !regexp.MustCompile(`^waiting for server to shut down\.+ done\nserver stopped\n$`).MatchString(r.stdout) {
		t.Errorf("stop: %d %q %q", r.code, r.stdout, r.stderr)
	}
	// One reload and two stops (restart, stop) reached the server.
	if sigs, _ := os.ReadFile(filepath.Join(dir, "signals")); strings.Count(string(sigs), "HUP\n") != 1 || strings.Count(string(sigs), "stopped") != 2 {
		t.Errorf("signals the server saw: %q", sigs)
	}
	r = gpctl(t, Options{Command: "status", DataDir: dir})
	if r.code != 3 {
		t.Errorf("status after stop: %d %q", r.code, r.stdout)
	}

	// A server that exits during start-up.
	failing := filepath.Join(t.TempDir(), "gpostgres")
	os.WriteFile(failing, []byte("#!/bin/sh\necho 'FATAL:  bad' >&2\nexit 1\n"), 0o755)
	r = gpctl(t, Options{Command: "start", DataDir: dir, ExecPath: failing, LogFile: log})
	if r.code != 1 || !strings.HasSuffix(r.stdout, " stopped waiting\n") || r.stderr != "gpctl: could not start server\nExamine the log output.\n" {
		t.Errorf("failing start: %d %q %q", r.code, r.stdout, r.stderr)
	}
	if b, _ := os.ReadFile(log); !strings.Contains(string(b), "FATAL:  bad\n") {
		t.Errorf("log file %q", b)
	}
}

func syscallKill(pid int) {
	if p, err := os.FindProcess(pid); err == nil {
		p.Kill()
	}
}

func TestPromoteRequiresStandby(t *testing.T) {
	dir := newCluster(t)
	os.Mkdir(filepath.Join(dir, "global"), 0o700)
	cf, _ := datadir.NewControlFile(time.Now(), false)
	cf.State = datadir.DBInProduction
	datadir.WriteControlFile(dir, cf)
	live := startSleep(t)
	os.WriteFile(filepath.Join(dir, "postmaster.pid"), []byte(fmt.Sprintf("%d\n", live)), 0o600)
	r := gpctl(t, Options{Command: "promote", DataDir: dir})
	if r.code != 1 || r.stderr != "gpctl: cannot promote server; server is not in standby mode\n" {
		t.Errorf("promote: %d %q", r.code, r.stderr)
	}
	b := cf.Marshal()
	b[20] ^= 1
	os.WriteFile(filepath.Join(dir, datadir.ControlFilePath), b, 0o600)
	r = gpctl(t, Options{Command: "promote", DataDir: dir})
	if r.code != 1 || r.stderr != "gpctl: control file appears to be corrupt\n" {
		t.Errorf("promote corrupt: %d %q", r.code, r.stderr)
	}
}

func TestAtoi(t *testing.T) {
	for s, want := range map[string]int{"60": 60, " 5x": 5, "abc": 0, "-5": -5, "": 0} {
		if got := atoi(s); got != want {
			t.Errorf("atoi(%q) = %d", s, got)
		}
	}
}
