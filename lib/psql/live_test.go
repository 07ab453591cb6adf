// Live comparison with psql: scripts, standard input, ON_ERROR_STOP, COPY
// and connection failures run through both psql and gpsql against the same
// server, outputs compared after replacing the program name. Skipped
// unless GPSQL_LIVE=1; point PGHOST/PGPORT/PGUSER/PGDATABASE at a
// PostgreSQL 15 (or, later, gpostgres) server.

package psql

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gpostgres/gpostgres/lib/client"
)

type liveCase struct {
	name    string
	args    []string // psql arguments (without -X)
	opts    func(o *Options)
	script  string // written to $DIR/script.sql, or given as stdin
	stdin   bool
	envHost string // overrides PGHOST for connection failure cases
}

func TestLive(t *testing.T) {
	if os.Getenv("GPSQL_LIVE") == "" {
		t.Skip("set GPSQL_LIVE=1 and PGHOST/PGPORT/PGUSER/PGDATABASE to compare with psql on a live server")
	}
	dir := t.TempDir()
	script := filepath.Join(dir, "script.sql")
	const errScript = "select 1;\n\nselect x\n  from y;\nselect 2; select z;\n-- comment\n  /* c */ select 3\n"
	const mixed = "select 'a;b' as x, $$c;d$$ as y, $f$ e ; $$ f $f$ as z, E'it\\'s;' as w -- c;\n;\n" +
		"/* a /* nested ; */ comment */ select (1\n;\n2);\nselect\n\n1 as blank_line_dropped,\n   \n2 as spaces_kept, nosuch;\n" +
		"select 'end without semicolon'"
	const copyScript = "create temp table c(a int, b text);\ncopy c from stdin;\n1\tx\n2\ty\n\\.\nselect * from c;\ncopy c to stdout;\nselect 'after';\n"
	fileOpts := func(name string, vars map[string]string) func(o *Options) {
		return func(o *Options) {
			o.Actions = []Action{{ActionFile, name}}
			for k, v := range vars {
				o.Vars[k] = v
			}
		}
	}
	cases := []liveCase{
		{name: "file_errors", args: []string{"-f", script}, opts: fileOpts(script, nil), script: errScript},
		{name: "file_on_error_stop", args: []string{"-v", "ON_ERROR_STOP=1", "-f", script}, opts: fileOpts(script, map[string]string{"ON_ERROR_STOP": "1"}), script: errScript},
		{name: "stdin_errors", opts: func(o *Options) {}, script: errScript, stdin: true},
		{name: "stdin_on_error_stop", args: []string{"-v", "ON_ERROR_STOP=1"}, opts: func(o *Options) { o.Vars["ON_ERROR_STOP"] = "on" }, script: errScript, stdin: true},
		{name: "file_mixed_quoting", args: []string{"-f", script}, opts: fileOpts(script, nil), script: mixed},
		{name: "file_invalid_backslash", args: []string{"-f", script}, opts: fileOpts(script, nil), script: "select 1;\n\\foo bar\n\\q\nselect 2;\n"},
		{name: "file_copy", args: []string{"-f", script}, opts: fileOpts(script, nil), script: copyScript},
		{name: "stdin_copy", opts: func(o *Options) {}, script: copyScript, stdin: true},
		{name: "missing_file", args: []string{"-f", filepath.Join(dir, "nope.sql")}, opts: fileOpts(filepath.Join(dir, "nope.sql"), nil)},
		{name: "commands_continue", args: []string{"-c", "select 1", "-c", "select x", "-c", "select 3"}, opts: func(o *Options) {
			o.Actions = []Action{{ActionCommand, "select 1"}, {ActionCommand, "select x"}, {ActionCommand, "select 3"}}
		}},
		{name: "commands_last_fails", args: []string{"-c", "select 1", "-c", "select x"}, opts: func(o *Options) {
			o.Actions = []Action{{ActionCommand, "select 1"}, {ActionCommand, "select x"}}
		}},
		{name: "commands_stop", args: []string{"-v", "ON_ERROR_STOP=1", "-c", "select 1", "-c", "select x", "-c", "select 3"}, opts: func(o *Options) {
			o.Vars["ON_ERROR_STOP"] = "1"
			o.Actions = []Action{{ActionCommand, "select 1"}, {ActionCommand, "select x"}, {ActionCommand, "select 3"}}
		}},
		{name: "command_then_file", args: []string{"-c", "select 0", "-f", script}, opts: func(o *Options) {
			o.Actions = []Action{{ActionCommand, "select 0"}, {ActionFile, script}}
		}, script: "select 1;\n"},
		{name: "backslash_command", args: []string{"-c", `\echo hello world`}, opts: func(o *Options) { o.Actions = []Action{{ActionCommand, `\echo hello world`}} }},
		{name: "no_socket", args: []string{"-p", "5999", "-c", "select 1"}, opts: func(o *Options) {
			o.Conn.Port = "5999"
			o.Actions = []Action{{ActionCommand, "select 1"}}
		}},
		{name: "tcp_refused", args: []string{"-h", "127.0.0.1", "-p", "5999", "-c", "select 1"}, opts: func(o *Options) {
			o.Conn.Host, o.Conn.Port = "127.0.0.1", "5999"
			o.Actions = []Action{{ActionCommand, "select 1"}}
		}},
		{name: "no_database", args: []string{"-d", "nosuchdb", "-c", "select 1"}, opts: func(o *Options) {
			o.Conn.DBName = "nosuchdb"
			o.Actions = []Action{{ActionCommand, "select 1"}}
		}},
		{name: "no_role", args: []string{"-U", "nosuchrole", "-c", "select 1"}, opts: func(o *Options) {
			o.Conn.User = "nosuchrole"
			o.Actions = []Action{{ActionCommand, "select 1"}}
		}},
		{name: "conninfo_dbname", args: []string{"-d", "dbname=nosuchdb2", "-c", "select 1"}, opts: func(o *Options) {
			o.Conn.DBName = "dbname=nosuchdb2"
			o.Actions = []Action{{ActionCommand, "select 1"}}
		}},
	}
	progPrefix := regexp.MustCompile(`(?m)^gpsql([:])`)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.script != "" {
				os.WriteFile(script, []byte(c.script), 0o644)
			}
			// psql
			cmd := exec.Command("psql", append([]string{"-X"}, c.args...)...)
			var pout, perr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &pout, &perr
			if c.stdin {
				cmd.Stdin = strings.NewReader(c.script)
			}
			pexit := 0
			if err := cmd.Run(); err != nil {
				var ee *exec.ExitError
				if !errors.As(err, &ee) {
					t.Fatal(err)
				}
				pexit = ee.ExitCode()
			}
			// gpsql
			var gout, gerr bytes.Buffer
			o := Options{Print: DefaultPrintOptions(), Vars: map[string]string{}, Stdout: &gout, Stderr: &gerr,
				Stdin: strings.NewReader(c.script)}
			c.opts(&o)
			gexit := Run(context.Background(), o)

			gotErr := progPrefix.ReplaceAllString(gerr.String(), "psql$1")
			if gout.String() != pout.String() {
				t.Errorf("stdout:\n%s\npsql:\n%s", gout.String(), pout.String())
			}
			if gotErr != perr.String() {
				t.Errorf("stderr:\n%s\npsql:\n%s", gotErr, perr.String())
			}
			if gexit != pexit {
				t.Errorf("exit %d, psql %d", gexit, pexit)
			}
		})
	}
	_ = client.DefaultSocketDir
}
