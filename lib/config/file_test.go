// file_test.go runs the data-driven configuration file scripts in
// testdata/file/. Their expected output was taken from the reference
// server's log: `postgres -C` with a config_file for start-up, and
// pg_ctl reload for SIGHUP (see the comments in each script). Paths print
// with the test's directory replaced by $DIR.

package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func parseContext(t *testing.T, c *testCase) Context {
	v, _ := c.Arg("ctx")
	switch v {
	case "", "postmaster":
		return ContextPostmaster
	case "sighup":
		return ContextSighup
	case "backend":
		return ContextBackend
	case "superuser":
		return ContextSuperuser
	case "user":
		return ContextUser
	}
	t.Fatalf("%s: bad ctx %q", c.Pos, v)
	return 0
}

func parseSource(t *testing.T, c *testCase) Source {
	v, _ := c.Arg("src")
	for s := SourceDefault; s <= SourceSession; s++ {
		if strings.ReplaceAll(s.String(), " ", "-") == v {
			return s
		}
	}
	if v == "" {
		return SourceSession
	}
	t.Fatalf("%s: bad src %q", c.Pos, v)
	return 0
}

func formatMsgs(msgs []LogMessage) []string {
	var out []string
	for _, m := range msgs {
		out = append(out, fmt.Sprintf("%s: %s", m.Severity, m.Message))
		if m.Detail != "" {
			out = append(out, "DETAIL: "+m.Detail)
		}
		if m.Hint != "" {
			out = append(out, "HINT: "+m.Hint)
		}
	}
	return out
}

type fileEnv struct {
	dir string
	s   *Settings
}

func (e *fileEnv) reset() {
	e.s = New()
	if err := e.s.Set("data_directory", e.dir, ContextPostmaster, SourceOverride); err != nil {
		panic(err)
	}
}

func (e *fileEnv) run(t *testing.T, c *testCase) string {
	var out []string
	lines := func() []string {
		if c.Input == "" {
			return nil
		}
		return strings.Split(c.Input, "\n")
	}
	switch c.Cmd {
	case "new":
		e.reset()
		if c.HasArg("child") {
			e.s.SetUnderPostmaster(true)
		}
	case "file":
		path := filepath.Join(e.dir, c.Args[0])
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		data := c.Input
		if !c.HasArg("nonl") {
			data += "\n"
		}
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	case "load":
		msgs, err := e.s.LoadConfigFile(filepath.Join(e.dir, c.Args[0]), parseContext(t, c))
		out = formatMsgs(msgs)
		if err != nil {
			out = append(out, "FATAL: "+err.Error())
		}
	case "parse":
		items, err := ParseConfigFile(filepath.Join(e.dir, c.Args[0]))
		for _, it := range items {
			if it.Err != "" {
				out = append(out, fmt.Sprintf("%s:%d error: %s", it.File, it.Line, it.Err))
			} else {
				out = append(out, fmt.Sprintf("%s:%d %s = %q", it.File, it.Line, it.Name, it.Value))
			}
		}
		if err != nil {
			out = append(out, "error: "+err.Error())
		}
	case "set":
		for _, l := range lines() {
			name, val, _ := strings.Cut(l, "=")
			if err := e.s.Set(strings.TrimSpace(name), val, parseContext(t, c), parseSource(t, c)); err != nil {
				out = append(out, formatErr(err))
			} else {
				out = append(out, "ok")
			}
		}
	case "reset":
		for _, l := range lines() {
			if err := e.s.Reset(strings.TrimSpace(l), ContextSuperuser); err != nil {
				out = append(out, formatErr(err))
			} else {
				out = append(out, "ok")
			}
		}
	case "settings":
		// name | setting | source | sourcefile:line | pending_restart
		for _, l := range lines() {
			v, err := e.s.find(strings.TrimSpace(l), false)
			if err != nil {
				out = append(out, formatErr(err))
				continue
			}
			r := e.s.pgSettingRow(v, true)
			loc := ""
			if r.SourceFile != nil {
				loc = *r.SourceFile + ":" + *r.SourceLine
			}
			out = append(out, fmt.Sprintf("%s | %s | %s | %s | %v", r.Name, e.s.display(v, true), r.Source, loc, r.PendingRestart))
		}
	case "file-settings":
		for _, it := range e.s.FileSettings(filepath.Join(e.dir, c.Args[0])) {
			status := "applied"
			if it.Err != "" {
				status = "error: " + it.Err
			} else if !it.Applied {
				status = "not applied"
			}
			out = append(out, fmt.Sprintf("%s:%d %s = %q %s", it.File, it.Line, it.Name, it.Value, status))
		}
	default:
		t.Fatalf("%s: unknown command %q", c.Pos, c.Cmd)
	}
	return strings.ReplaceAll(strings.Join(out, "\n"), e.dir, "$DIR")
}

func TestConfigFileScripts(t *testing.T) {
	files, err := filepath.Glob("testdata/file/*")
	if err != nil || len(files) == 0 {
		t.Fatalf("no file scripts: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			dir, err := filepath.EvalSymlinks(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			// initdb creates an empty postgresql.auto.conf.
			if err := os.WriteFile(filepath.Join(dir, AutoConfFile), nil, 0o600); err != nil {
				t.Fatal(err)
			}
			e := &fileEnv{dir: dir}
			e.reset()
			runDataDriven(t, f, *rewrite, e.run)
		})
	}
}
