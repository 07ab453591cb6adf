// Tests of gpinitdb: the directory it builds and the messages it prints,
// compared with PostgreSQL 15's initdb output for the same situations.

package initdb

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/cli"
	"github.com/gpostgres/gpostgres/lib/datadir"
	"github.com/gpostgres/gpostgres/share"
)

type result struct {
	stdout, stderr string
	code           int
}

func runInitdb(t *testing.T, o Options) result {
	t.Helper()
	var out, errb bytes.Buffer
	o.Stdout, o.Stderr = &out, &errb
	o.Getenv = func(k string) string {
		switch k {
		case "LANG":
			return "C.UTF-8"
		case "TZ":
			return "Europe/Paris"
		}
		return ""
	}
	if o.Argv0 == "" {
		o.Argv0 = "gpinitdb"
	}
	err := Run(o)
	code := 0
	var ee *cli.ExitError
	if errors.As(err, &ee) {
		code = ee.Code
	} else if err != nil {
		t.Fatalf("unexpected error type: %v", err)
	}
	return result{out.String(), errb.String(), code}
}

func listTree(t *testing.T, root string) []string {
	t.Helper()
	var got []string
	filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(root, p)
		if rel == "." {
			return nil
		}
		got = append(got, rel+" "+info.Mode().String())
		return nil
	})
	sort.Strings(got)
	return got
}

func TestInitdbLayoutAndOutput(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	res := runInitdb(t, Options{DataDir: dir, NoSync: true, Username: "alice"})
	if res.code != 0 {
		t.Fatalf("exit %d: %s", res.code, res.stderr)
	}
	want := `The files belonging to this database system will be owned by user "` + mustUser(t) + `".
This user must also own the server process.

The database cluster will be initialized with locale "C.UTF-8".
The default database encoding has accordingly been set to "UTF8".
The default text search configuration will be set to "english".

Data page checksums are disabled.

creating directory ` + dir + ` ... ok
creating subdirectories ... ok
selecting dynamic shared memory implementation ... posix
selecting default max_connections ... 100
selecting default shared_buffers ... 128MB
selecting default time zone ... Europe/Paris
creating configuration files ... ok
running bootstrap script ... ok
performing post-bootstrap initialization ... ok

Sync to disk skipped.
The data directory might become corrupt if the operating system crashes.


Success. You can now start the database server using:

    gpctl -D ` + dir + ` -l logfile start

`
	if res.stdout != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", res.stdout, want)
	}
	wantErr := `gpinitdb: warning: enabling "trust" authentication for local connections
gpinitdb: hint: You can change this by editing pg_hba.conf or using the option -A, or --auth-local and --auth-host, the next time you run gpinitdb.
`
	if res.stderr != wantErr {
		t.Errorf("stderr:\n%s\nwant:\n%s", res.stderr, wantErr)
	}

	// The tree PostgreSQL 15's initdb makes, minus its WAL, statistics
	// and its catalogs' indexes and TOAST tables. The catalogs' heap
	// files are checked after.
	wantTree := []string{
		"PG_VERSION -rw-------", "base drwx------", "base/1 drwx------", "base/1/PG_VERSION -rw-------",
		"base/1/pg_filenode.map -rw-------",
		"base/4 drwx------", "base/4/PG_VERSION -rw-------", "base/4/pg_filenode.map -rw-------",
		"base/5 drwx------", "base/5/PG_VERSION -rw-------", "base/5/pg_filenode.map -rw-------",
		"global drwx------", "global/pg_control -rw-------", "global/pg_filenode.map -rw-------",
		"pg_commit_ts drwx------", "pg_dynshmem drwx------", "pg_hba.conf -rw-------", "pg_ident.conf -rw-------",
		"pg_logical drwx------", "pg_logical/mappings drwx------", "pg_logical/snapshots drwx------",
		"pg_multixact drwx------", "pg_multixact/members drwx------", "pg_multixact/offsets drwx------",
		"pg_notify drwx------", "pg_replslot drwx------", "pg_serial drwx------", "pg_snapshots drwx------",
		"pg_stat drwx------", "pg_stat_tmp drwx------", "pg_subtrans drwx------", "pg_tblspc drwx------",
		"pg_twophase drwx------", "pg_wal drwx------", "pg_wal/archive_status drwx------", "pg_xact drwx------",
		"postgresql.auto.conf -rw-------", "postgresql.conf -rw-------",
	}
	var tree []string
	catalogFiles := map[string]bool{}
	for _, f := range listTree(t, dir) {
		if name, mode, _ := strings.Cut(f, " "); mode[0] == '-' && strings.Trim(filepath.Base(name), "0123456789") == "" {
			catalogFiles[name] = mode == "-rw-------"
			continue
		}
		tree = append(tree, f)
	}
	for _, c := range catalog.Definitions() {
		for _, db := range []uint32{1, 4, 5} {
			if c.Shared && db != 1 {
				continue
			}
			p := catalog.CatalogPath(&c, db)
			if !catalogFiles[p] {
				t.Errorf("catalog file %s missing or with the wrong mode", p)
			}
			delete(catalogFiles, p)
		}
	}
	// information_schema's tables (sql_features, ...) in each database.
	for _, tb := range catalog.InfoSchemaTables() {
		for _, db := range []int{1, 4, 5} {
			p := fmt.Sprintf("base/%d/%d", db, tb.OID)
			if !catalogFiles[p] {
				t.Errorf("table file %s missing or with the wrong mode", p)
			}
			delete(catalogFiles, p)
		}
	}
	// The first WAL segment, commit-log page, pg_subtrans page and
	// pg_multixact pages, as PostgreSQL's bootstrap.
	for _, p := range []string{"pg_wal/000000010000000000000001", "pg_xact/0000", "pg_subtrans/0000", "pg_multixact/offsets/0000", "pg_multixact/members/0000"} {
		if !catalogFiles[p] {
			t.Errorf("%s missing or with the wrong mode", p)
		}
		delete(catalogFiles, p)
	}
	if len(catalogFiles) != 0 {
		t.Errorf("unexpected files %v", catalogFiles)
	}
	if got := tree; strings.Join(got, "\n") != strings.Join(wantTree, "\n") {
		t.Errorf("tree:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantTree, "\n"))
	}
	if st, _ := os.Stat(dir); st.Mode().Perm() != 0o700 {
		t.Errorf("data directory mode %v", st.Mode())
	}

	if b, _ := os.ReadFile(filepath.Join(dir, "PG_VERSION")); string(b) != "15\n" {
		t.Errorf("PG_VERSION %q", b)
	}
	if _, err := datadir.CheckDataDir(dir); err != nil {
		t.Errorf("CheckDataDir: %v", err)
	}
	cf, err := datadir.ReadControlFile(dir)
	if err != nil || cf.State != datadir.DBShutdowned || cf.DataChecksumVersion != 0 || cf.MaxConnections != 100 {
		t.Errorf("control file %+v %v", cf, err)
	}
	if r, ok, err := catalog.RoleByName(dir, "alice"); err != nil || !ok || r.OID != 10 || !r.Superuser || !r.CanLogin {
		t.Errorf("superuser %+v %v", r, err)
	}
	if d, ok, err := catalog.DatabaseByName(dir, "postgres"); err != nil || !ok || d.OID != 5 || d.Encoding != "UTF8" || d.Collate != "C.UTF-8" {
		t.Errorf("postgres database %+v %v", d, err)
	}
	if d, ok, err := catalog.DatabaseByName(dir, "template0"); err != nil || !ok || d.OID != 4 || d.AllowConn || !d.IsTemplate {
		t.Errorf("template0 database %+v %v", d, err)
	}

	conf, _ := os.ReadFile(filepath.Join(dir, "postgresql.conf"))
	for _, line := range []string{
		"max_connections = 100\t\t\t# (change requires restart)\n",
		"shared_buffers = 128MB\t\t\t# min 128kB\n",
		"dynamic_shared_memory_type = posix\t# the default is usually the first option\n",
		"max_wal_size = 1GB\n", "min_wal_size = 80MB\n",
		"log_timezone = 'Europe/Paris'\n", "timezone = 'Europe/Paris'\n",
		"datestyle = 'iso, mdy'\n",
		"lc_messages = 'C.UTF-8'\t\t\t# locale for system error message\n",
		"lc_time = 'C.UTF-8'\t\t\t\t# locale for time formatting\n",
		"default_text_search_config = 'pg_catalog.english'\n",
		"#unix_socket_directories = '/tmp'\t# comma-separated list of directories\n",
		"#password_encryption = scram-sha-256\t# scram-sha-256 or md5\n",
	} {
		if !strings.Contains(string(conf), line) {
			t.Errorf("postgresql.conf lacks %q", line)
		}
	}
	hba, _ := os.ReadFile(filepath.Join(dir, "pg_hba.conf"))
	for _, line := range []string{
		"# CAUTION: Configuring the system for local \"trust\" authentication\n",
		"\nlocal   all             all                                     trust\n",
		"\nhost    all             all             127.0.0.1/32            trust\n",
		"\nhost    replication     all             ::1/128                 trust\n",
	} {
		if !strings.Contains(string(hba), line) {
			t.Errorf("pg_hba.conf lacks %q", line)
		}
	}
	if strings.Contains(string(hba), "@auth") || strings.Contains(string(hba), "@remove") {
		t.Error("pg_hba.conf has unreplaced tokens")
	}
}

func mustUser(t *testing.T) string {
	u, err := osUser()
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestInitdbRefusesNonEmptyDirectory(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "file"), nil, 0o600)
	res := runInitdb(t, Options{DataDir: dir, NoSync: true})
	if res.code != 1 {
		t.Fatalf("exit code %d", res.code)
	}
	// PostgreSQL 15's exact texts, with gpinitdb for initdb.
	want := `gpinitdb: error: directory "` + dir + `" exists but is not empty
gpinitdb: hint: If you want to create a new database system, either remove or empty the directory "` + dir + `" or run gpinitdb with an argument other than "` + dir + `".
`
	if res.stderr != want {
		t.Errorf("stderr:\n%s\nwant:\n%s", res.stderr, want)
	}
	if _, err := os.Stat(filepath.Join(dir, "file")); err != nil {
		t.Error("the existing content was touched")
	}
	if !strings.HasSuffix(res.stdout, "Data page checksums are disabled.\n\n") {
		t.Errorf("stdout ends %q", res.stdout)
	}
}

func TestInitdbFixesPermissionsAndCleansUp(t *testing.T) {
	dir := t.TempDir() // exists, empty, mode 0755
	res := runInitdb(t, Options{DataDir: dir, NoSync: true, DataChecksums: true, Auth: "scram-sha-256", PwFile: writePw(t)})
	if res.code != 0 {
		t.Fatalf("exit %d: %s", res.code, res.stderr)
	}
	if !strings.Contains(res.stdout, "fixing permissions on existing directory "+dir+" ... ok\n") ||
		!strings.Contains(res.stdout, "Data page checksums are enabled.\n") {
		t.Errorf("stdout:\n%s", res.stdout)
	}
	if st, _ := os.Stat(dir); st.Mode().Perm() != 0o700 {
		t.Errorf("mode %v", st.Mode())
	}
	if cf, _ := datadir.ReadControlFile(dir); cf.DataChecksumVersion != 1 {
		t.Error("checksums not recorded")
	}
	// The catalogs carry checksums, which the reader verifies.
	if dbs, err := catalog.Databases(dir); err != nil || len(dbs) != 3 {
		t.Errorf("databases %v %v", dbs, err)
	}
	hba, _ := os.ReadFile(filepath.Join(dir, "pg_hba.conf"))
	if strings.Contains(string(hba), "CAUTION") || !strings.Contains(string(hba), "127.0.0.1/32            scram-sha-256\n") {
		t.Error("pg_hba.conf auth methods")
	}

	// A failure after creating the directory removes it again.
	dir2 := filepath.Join(t.TempDir(), "new")
	res = runInitdb(t, Options{DataDir: dir2, NoSync: true, WALDir: "relative"})
	if res.code != 1 || res.stderr != "gpinitdb: error: WAL directory location must be an absolute path\ngpinitdb: removing data directory \""+dir2+"\"\n" {
		t.Errorf("exit %d, stderr %q", res.code, res.stderr)
	}
	if _, err := os.Stat(dir2); !os.IsNotExist(err) {
		t.Error("data directory not removed")
	}
	res = runInitdb(t, Options{DataDir: dir2, NoSync: true, WALDir: "relative", NoClean: true})
	if !strings.Contains(res.stderr, "gpinitdb: data directory \""+dir2+"\" not removed at user's request\n") {
		t.Errorf("stderr %q", res.stderr)
	}
}

func writePw(t *testing.T) string {
	p := filepath.Join(t.TempDir(), "pw")
	os.WriteFile(p, []byte("secret\n"), 0o600)
	return p
}

func TestInitdbOptionErrors(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "d")
	cases := []struct {
		o    Options
		want string
	}{
		{Options{}, "gpinitdb: error: no data directory specified\ngpinitdb: hint: You must identify the directory where the data for this database system will reside.  Do this with either the invocation option -D or the environment variable PGDATA.\n"},
		{Options{DataDir: dir, Auth: "md5"}, "gpinitdb: error: must specify a password for the superuser to enable password authentication\n"},
		{Options{DataDir: dir, AuthLocal: "foo"}, "gpinitdb: error: invalid authentication method \"foo\" for \"local\" connections\n"},
		{Options{DataDir: dir, WALSegSize: "3"}, "gpinitdb: error: argument of --wal-segsize must be a power of 2 between 1 and 1024\n"},
		{Options{DataDir: dir, Username: "pg_x"}, "gpinitdb: error: superuser name \"pg_x\" is disallowed; role names cannot begin with \"pg_\"\n"},
		{Options{DataDir: dir, Encoding: "FOO"}, "gpinitdb: error: \"FOO\" is not a valid server encoding name\n"},
		{Options{DataDir: dir, PwPrompt: true, PwFile: "x"}, "gpinitdb: error: password prompt and password file cannot be specified together\n"},
	}
	for _, c := range cases {
		res := runInitdb(t, c.o)
		if res.code != 1 || res.stderr != c.want {
			t.Errorf("%+v: exit %d, stderr %q, want %q", c.o, res.code, res.stderr, c.want)
		}
	}
}

func TestShellQuoteAndStartCommand(t *testing.T) {
	for in, want := range map[string]string{"data": "data", "/a/b-c_d.e:f": "/a/b-c_d.e:f", "sp ace": "'sp ace'", "it's": `'it'"'"'s'`, "": "''"} {
		if got := ShellQuote(in); got != want {
			t.Errorf("ShellQuote(%q) = %q, want %q", in, got, want)
		}
	}
	for argv0, want := range map[string]string{
		"gpinitdb": "gpctl -D d -l logfile start", "./gpinitdb": "gpctl -D d -l logfile start",
		"/usr/local/bin/gpinitdb": "/usr/local/bin/gpctl -D d -l logfile start",
	} {
		r := &run{o: Options{Argv0: argv0}, pgdataNative: "d"}
		if got := r.startCommand(); got != want {
			t.Errorf("argv0 %s: %q, want %q", argv0, got, want)
		}
	}
}

func TestLocaleHelpers(t *testing.T) {
	if matchingTSConfig("de_DE.UTF-8") != "german" || matchingTSConfig("C.UTF-8") != "english" || matchingTSConfig("xx_YY") != "" {
		t.Error("matchingTSConfig")
	}
	if dateOrder("C.UTF-8") != "mdy" || dateOrder("en_US.UTF-8") != "mdy" || dateOrder("en_GB.UTF-8") != "dmy" || dateOrder("ja_JP.UTF-8") != "ymd" {
		t.Error("dateOrder")
	}
	if normalizeEncoding("utf-8") != "UTF8" || normalizeEncoding("Unicode") != "UTF8" || normalizeEncoding("latin1") != "LATIN1" || normalizeEncoding("x") != "" {
		t.Error("normalizeEncoding")
	}
	if canonicalizePath("a//b/./c/") != "a/b/c" || canonicalizePath("/x/") != "/x" || canonicalizePath("./d") != "d" {
		t.Error("canonicalizePath")
	}
}

// TestMonetaryLocaleWritten checks that postgresql.conf gets the
// cluster's lc_monetary only when the server honours it (the C
// locale's spellings), and C otherwise, so that the server starts.
func TestMonetaryLocaleWritten(t *testing.T) {
	sample, err := readSample("", share.PostgresqlConfSample)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ locale, want string }{
		{"C.UTF-8", "lc_monetary = 'C.UTF-8'"}, {"POSIX", "lc_monetary = 'POSIX'"},
		{"de_DE.UTF-8", "lc_monetary = 'C'"}, {"en_US.utf8", "lc_monetary = 'C'"},
	} {
		conf := postgresqlConf(sample, confSettings{locale: localeSettings{Monetary: c.locale, Messages: "C", Numeric: "C", Time: "C"}})
		if !strings.Contains(conf, "\n"+c.want) {
			t.Errorf("lc_monetary %s: postgresql.conf lacks %q", c.locale, c.want)
		}
	}
}
