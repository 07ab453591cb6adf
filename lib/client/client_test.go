// Tests of connection parameter combination and libpq-style connection
// error messages (without a server: the errors come from refused dials).

package client

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestConfigDefaultsAndOverrides(t *testing.T) {
	// pgconn reads the real environment too; keep it out of the way.
	for _, k := range []string{"PGHOST", "PGHOSTADDR", "PGPORT", "PGUSER", "PGDATABASE", "PGSERVICE", "PGAPPNAME"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	cfg, err := Config(Params{AppName: "gpsql"}, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Host != DefaultSocketDir || cfg.Port != 5432 {
		t.Errorf("defaults: host %q port %d", cfg.Host, cfg.Port)
	}
	if cfg.RuntimeParams["application_name"] != "gpsql" {
		t.Errorf("application_name %q", cfg.RuntimeParams["application_name"])
	}
	if DatabaseName(cfg) != cfg.User {
		t.Errorf("default database %q, user %q", DatabaseName(cfg), cfg.User)
	}

	cfg, _ = Config(Params{Host: "/var/run/x", Port: "5493", User: "bob", DBName: "it's"}, env(nil))
	if cfg.Host != "/var/run/x" || cfg.Port != 5493 || cfg.User != "bob" || cfg.Database != "it's" {
		t.Errorf("options: %s %d %s %s", cfg.Host, cfg.Port, cfg.User, cfg.Database)
	}

	// A conninfo string as the database name overrides the options.
	cfg, _ = Config(Params{Port: "1", DBName: "port=2 dbname=d host=/h"}, env(nil))
	if cfg.Port != 2 || cfg.Database != "d" || cfg.Host != "/h" {
		t.Errorf("conninfo: %s %d %s", cfg.Host, cfg.Port, cfg.Database)
	}
	cfg, _ = Config(Params{User: "u", DBName: "postgresql://alice@/db?host=/sock&port=7"}, env(nil))
	if cfg.User != "alice" || cfg.Database != "db" || cfg.Host != "/sock" || cfg.Port != 7 {
		t.Errorf("URI: %s %d %s %s", cfg.Host, cfg.Port, cfg.User, cfg.Database)
	}

	// PGHOST suppresses the /tmp default.
	t.Setenv("PGHOST", "/pghost")
	cfg, _ = Config(Params{}, os.Getenv)
	if cfg.Host != "/pghost" {
		t.Errorf("PGHOST: %s", cfg.Host)
	}
}

func TestConnectErrorMessages(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	dir := t.TempDir()
	cfg, _ := Config(Params{Host: dir, Port: "5999", User: "u", DBName: "d"}, env(nil))
	_, err := Connect(ctx, cfg)
	want := `connection to server on socket "` + filepath.Join(dir, ".s.PGSQL.5999") + `" failed: No such file or directory
	Is the server running locally and accepting connections on that socket?`
	if got := ConnectErrorMessage(err); got != want {
		t.Errorf("socket:\n%s\nwant:\n%s", got, want)
	}

	cfg, _ = Config(Params{Host: "127.0.0.1", Port: "1", User: "u", DBName: "d"}, env(nil))
	_, err = Connect(ctx, cfg)
	want = `connection to server at "127.0.0.1", port 1 failed: Connection refused
	Is the server running on that host and accepting TCP/IP connections?`
	if got := ConnectErrorMessage(err); got != want {
		t.Errorf("tcp:\n%s\nwant:\n%s", got, want)
	}

	cfg, _ = Config(Params{Host: "localhost", Port: "1", User: "u", DBName: "d"}, env(nil))
	_, err = Connect(ctx, cfg)
	if got := ConnectErrorMessage(err); !strings.HasPrefix(got, `connection to server at "localhost" (`) ||
		!strings.Contains(got, "), port 1 failed: Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?") {
		t.Errorf("localhost:\n%s", got)
	}
}
