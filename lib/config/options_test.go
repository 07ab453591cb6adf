// options_test.go tests start-up packet options, the hand-over of settings
// to child processes, accessors and reload rules that scripts do not cover.

package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// Expected results were obtained with PGOPTIONS=... psql against the
// reference (the error texts are the FATAL messages it returned).
func TestParseOptionsString(t *testing.T) {
	tests := []struct {
		in   string
		want []NameValue
		err  string
	}{
		{in: `-c work_mem=8MB --enable-seqscan=off -c search_path=a\ b`,
			want: []NameValue{{"work_mem", "8MB"}, {"enable_seqscan", "off"}, {"search_path", "a b"}}},
		{in: `-c work_mem`, err: `-c work_mem requires a value`},
		{in: `--work-mem`, err: `--work-mem requires a value`},
		{in: `-B 100`, want: []NameValue{{"shared_buffers", "100"}}},
		{in: `foo`, err: `invalid command-line argument for server process: foo`},
		{in: `-e -fs -te`, want: []NameValue{{"datestyle", "euro"}, {"enable_seqscan", "false"}, {"log_executor_stats", "true"}}},
		{in: `-cwork_mem=9MB`, want: []NameValue{{"work_mem", "9MB"}}},
		{in: `-d 2`, want: []NameValue{{"log_min_messages", "debug2"}, {"log_statement", "all"}}},
		{in: `-c`, err: `invalid command-line argument for server process: -c`},
		{in: `-x`, err: `invalid command-line argument for server process: -x`},
		{in: `  -c  a.b=x\\y\ z  `, want: []NameValue{{"a.b", `x\y z`}}},
		{in: `-Fi`, want: []NameValue{{"fsync", "false"}, {"listen_addresses", "*"}}},
		{in: ``},
	}
	for _, tc := range tests {
		got, err := ParseOptionsString(tc.in)
		if tc.err != "" {
			if err == nil || err.Error() != tc.err {
				t.Errorf("%q: error %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: got %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	// Applied as a client's options: -e then DateStyle is "ISO, DMY" and
	// -B fails as the reference's FATAL said.
	s := New()
	opts, _ := ParseOptionsString("-e -B 100")
	if err := s.Set(opts[0].Name, opts[0].Value, ContextSuperuserBackend, SourceClient); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Show("DateStyle"); got != "ISO, DMY" {
		t.Errorf("DateStyle after -e: %q", got)
	}
	err := s.Set(opts[1].Name, opts[1].Value, ContextSuperuserBackend, SourceClient)
	if err == nil || err.Error() != `parameter "shared_buffers" cannot be changed without restarting the server` {
		t.Errorf("-B from a client: %v", err)
	}
}

func TestChildInheritsPostmasterSettings(t *testing.T) {
	dir := t.TempDir()
	conf := filepath.Join(dir, "postgresql.conf")
	if err := os.WriteFile(conf, []byte("work_mem = 8MB\nshared_buffers = 256MB\nmyext.knob = 'x'\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	pm := New()
	for _, nv := range []NameValue{{"port", "6000"}, {"work_mem", "16MB"}} {
		if err := pm.Set(nv.Name, nv.Value, ContextPostmaster, SourceCommandLine); err != nil {
			t.Fatal(err)
		}
	}
	if msgs, err := pm.SelectConfigFiles(dir); err != nil {
		t.Fatal(msgs, err)
	}

	// Full state, as EXEC_BACKEND's config_exec_params.
	child := New()
	child.SetUnderPostmaster(true)
	exported, err := DecodeExport(EncodeExport(pm.Export()))
	if err != nil {
		t.Fatal(err)
	}
	if err := child.Import(exported); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(child.PgSettingsRows(), pm.PgSettingsRows()) {
		t.Errorf("child's pg_settings differ from the postmaster's")
	}
	if got, _ := child.Show("myext.knob"); got != "x" {
		t.Errorf("placeholder not inherited: %q", got)
	}
	// Command-line options only, applied over the file in the child.
	opts, err := DecodeOptions(EncodeOptions(pm.CommandLineOptions()))
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]string{}
	for _, o := range opts {
		names[o.Name] = o.Value
	}
	for _, n := range []string{"port", "work_mem", "config_file", "data_directory", "hba_file", "transaction_isolation"} {
		if _, ok := names[n]; !ok {
			t.Errorf("CommandLineOptions lacks %s: %v", n, opts)
		}
	}
	if _, ok := names["shared_buffers"]; ok {
		t.Errorf("CommandLineOptions includes a file setting")
	}
	c2 := New()
	if err := c2.ApplyOptions(opts, SourceCommandLine); err != nil {
		t.Fatal(err)
	}
	if _, err := c2.LoadConfigFile(conf, ContextPostmaster); err != nil {
		t.Fatal(err)
	}
	if c2.Int("work_mem") != 16384 || c2.Int("port") != 6000 || c2.Int("shared_buffers") != 32768 {
		t.Errorf("child: work_mem %d port %d shared_buffers %d", c2.Int("work_mem"), c2.Int("port"), c2.Int("shared_buffers"))
	}
	// A reload that asks for restart-only changes, one of them to a
	// parameter still at its default: the child inherits pending_restart.
	if err := os.WriteFile(conf, []byte("work_mem = 8MB\nshared_buffers = 512MB\nmax_connections = 50\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := pm.LoadConfigFile(conf, ContextSighup); err != nil {
		t.Fatal(err)
	}
	if !pm.PendingRestart("shared_buffers") || !pm.PendingRestart("max_connections") {
		t.Fatal("the reload did not mark the restart-only changes pending")
	}
	child = New()
	child.SetUnderPostmaster(true)
	if exported, err = DecodeExport(EncodeExport(pm.Export())); err != nil {
		t.Fatal(err)
	}
	if err := child.Import(exported); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(child.PgSettingsRows(), pm.PgSettingsRows()) {
		t.Errorf("after a reload, the child's pg_settings differ from the postmaster's")
	}
	if !child.PendingRestart("max_connections") || child.Int("max_connections") != pm.Int("max_connections") {
		t.Errorf("child: max_connections %d pending %v", child.Int("max_connections"), child.PendingRestart("max_connections"))
	}

}

// The session/reload interplay was checked on the reference: SET work_mem,
// edit the file, pg_reload_conf(), SHOW (the SET value), RESET (the new
// file value); log_connections stays as it was in the existing session.
func TestReloadRespectsSessionAndChild(t *testing.T) {
	dir := t.TempDir()
	conf := filepath.Join(dir, "postgresql.conf")
	write := func(s string) {
		if err := os.WriteFile(conf, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("work_mem = 8MB\nlog_connections = off\n")
	s := New()
	s.SetUnderPostmaster(true)
	if _, err := s.LoadConfigFile(conf, ContextPostmaster); err != nil {
		t.Fatal(err)
	}
	// A session SET beats the file, but RESET returns to the new file value.
	if err := s.Set("work_mem", "1MB", ContextUser, SourceSession); err != nil {
		t.Fatal(err)
	}
	write("work_mem = 32MB\nlog_connections = on\n")
	msgs, err := s.LoadConfigFile(conf, ContextSighup)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		if strings.Contains(m.Message, "changed to") {
			t.Errorf("a child logged %q", m.Message)
		}
	}
	if got, _ := s.Show("work_mem"); got != "1MB" {
		t.Errorf("work_mem after reload = %s, want the session's 1MB", got)
	}
	// An existing backend keeps the connection-time value.
	if s.Bool("log_connections") {
		t.Errorf("log_connections changed in an existing backend")
	}
	if err := s.Reset("work_mem", ContextUser); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Show("work_mem"); got != "32MB" {
		t.Errorf("work_mem after RESET = %s, want the file's 32MB", got)
	}
	// The postmaster itself does take the backend parameter.
	pm := New()
	write("log_connections = off\n")
	pm.LoadConfigFile(conf, ContextPostmaster)
	write("log_connections = on\n")
	pm.LoadConfigFile(conf, ContextSighup)
	if !pm.Bool("log_connections") {
		t.Errorf("postmaster did not take log_connections on reload")
	}
}

func TestAccessors(t *testing.T) {
	s := New()
	must := func(name, val string) {
		t.Helper()
		if err := s.Set(name, val, ContextPostmaster, SourceCommandLine); err != nil {
			t.Fatal(err)
		}
	}
	must("shared_buffers", "1GB")
	must("checkpoint_timeout", "10min")
	must("wal_writer_delay", "150ms")
	must("vacuum_cost_delay", "1.5ms")
	must("log_rotation_age", "2h")
	must("max_wal_size", "2GB")
	must("autovacuum_work_mem", "-1")
	checks := []struct {
		got, want any
	}{
		{s.Int("shared_buffers"), int64(131072)},
		{s.Bytes("shared_buffers"), int64(1 << 30)},
		{s.Bytes("work_mem"), int64(4 << 20)},
		{s.Bytes("max_wal_size"), int64(2 << 30)},
		{s.Bytes("wal_segment_size"), int64(16 << 20)},
		{s.Bytes("autovacuum_work_mem"), int64(-1024)},
		{s.Duration("checkpoint_timeout"), 10 * time.Minute},
		{s.Duration("wal_writer_delay"), 150 * time.Millisecond},
		{s.Duration("vacuum_cost_delay"), 1500 * time.Microsecond},
		{s.Duration("log_rotation_age"), 2 * time.Hour},
		{s.Duration("statement_timeout"), time.Duration(0)},
		{s.Real("cpu_tuple_cost"), 0.01},
		{s.Bool("fsync"), true},
		{s.Enum("wal_level"), "replica"},
		{s.String("DateStyle"), "ISO, MDY"},
		{s.String("port"), "5432"},
		{s.String("data_directory"), ""},
		{s.Source("shared_buffers"), SourceCommandLine},
	}
	for i, c := range checks {
		if c.got != c.want {
			t.Errorf("check %d: got %v, want %v", i, c.got, c.want)
		}
	}
	for _, bad := range []func(){
		func() { s.Int("no_such_parameter") },
		func() { s.Bool("work_mem") },
		func() { s.Duration("work_mem") },
		func() { s.Bytes("statement_timeout") },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("no panic")
				}
			}()
			bad()
		}()
	}
}

func TestChangedReportableFirstCall(t *testing.T) {
	s := New()
	got := s.ChangedReportable()
	var names []string
	for _, nv := range got {
		names = append(names, nv.Name)
	}
	want := []string{"application_name", "client_encoding", "DateStyle", "default_transaction_read_only",
		"in_hot_standby", "integer_datetimes", "IntervalStyle", "is_superuser", "server_encoding",
		"server_version", "session_authorization", "standard_conforming_strings", "TimeZone"}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("first report %v", names)
	}
	if len(s.ChangedReportable()) != 0 {
		t.Errorf("second report not empty")
	}
	if err := s.Set("TimeZone", "utc", ContextUser, SourceSession); err != nil {
		t.Fatal(err)
	}
	if got := s.ChangedReportable(); !reflect.DeepEqual(got, []NameValue{{"TimeZone", "UTC"}}) {
		t.Errorf("after SET TimeZone: %v", got)
	}
}

func TestParamTable(t *testing.T) {
	ps := Params()
	if len(ps) != 360 {
		t.Errorf("%d parameters, want PostgreSQL 15's 354 visible + 6 hidden", len(ps))
	}
	for i := 1; i < len(ps); i++ {
		if compareNames(ps[i-1].Name, ps[i].Name) >= 0 {
			t.Errorf("table not sorted at %s", ps[i].Name)
		}
	}
	for _, p := range ps {
		if q, ok := Lookup(strings.ToUpper(p.Name)); !ok || q != p {
			t.Errorf("Lookup(%s) failed", p.Name)
		}
	}
	if p, ok := Lookup("sort_mem"); !ok || p.Name != "work_mem" {
		t.Errorf("sort_mem does not map to work_mem")
	}
	if _, ok := Lookup("nonexistent"); ok {
		t.Errorf("Lookup(nonexistent) succeeded")
	}
}

func TestSplitIdentifierString(t *testing.T) {
	tests := []struct {
		in   string
		want []string
		ok   bool
	}{
		{"", nil, true},
		{"  ", nil, true},
		{`"$user", public`, []string{"$user", "public"}, true},
		{` A , "B C"  , d$1`, []string{"a", "B C", "d$1"}, true},
		{`"a""b",c`, []string{`a"b`, "c"}, true},
		{`a,,b`, nil, false},
		{`a,`, nil, false},
		{`"a`, nil, false},
		{`a b`, nil, false},
		{`""`, []string{""}, true},
		{strings.Repeat("x", 70), []string{strings.Repeat("x", 63)}, true},
	}
	for _, tc := range tests {
		got, ok := SplitIdentifierString(tc.in, ',')
		if ok != tc.ok || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: %q %v, want %q %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestFunctionSetClauseAndValidation(t *testing.T) {
	s := New()
	s.BeginTransaction()
	if err := s.Set("work_mem", "2MB", ContextUser, SourceSession); err != nil {
		t.Fatal(err)
	}
	// A function with SET work_mem = '3MB': its own nest level, always
	// undone when the function returns, even on success.
	level := s.NewNestLevel()
	val := "3MB"
	if _, err := s.Change("work_mem", &val, ContextUser, SourceSession, ActionSave, true); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Show("work_mem"); got != "3MB" {
		t.Errorf("inside function: %s", got)
	}
	s.AtEndOfNestLevel(true, level)
	if got, _ := s.Show("work_mem"); got != "2MB" {
		t.Errorf("after function: %s", got)
	}
	s.AtTransactionEnd(true)
	if got, _ := s.Show("work_mem"); got != "2MB" {
		t.Errorf("after commit: %s", got)
	}

	// apply=false only validates.
	val = "abc"
	if _, err := s.Change("work_mem", &val, ContextUser, SourceTest, ActionSet, false); err == nil {
		t.Errorf("invalid value validated")
	}
	val = "64MB"
	if _, err := s.Change("work_mem", &val, ContextUser, SourceTest, ActionSet, false); err != nil {
		t.Error(err)
	}
	if got, _ := s.Show("work_mem"); got != "2MB" {
		t.Errorf("validation changed the value: %s", got)
	}
	// A lower source than the current one is valid but not applied.
	val = "5MB"
	if o, err := s.Change("work_mem", &val, ContextPostmaster, SourceFile, ActionSet, true); err != nil || o != NotApplied {
		t.Errorf("file over session: %v %v", o, err)
	}
	if got := s.ResetString("work_mem"); got != "5120" {
		t.Errorf("reset value after a file change: %s", got)
	}
}

func TestNotices(t *testing.T) {
	s := New()
	var got []LogMessage
	s.OnNotice = func(m LogMessage) { got = append(got, m) }
	long := strings.Repeat("é", 40) // 80 bytes: cut at 62 to keep whole characters
	if err := s.Set("application_name", long, ContextUser, SourceSession); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Code != "42622" || !strings.Contains(got[0].Message, "will be truncated to") {
		t.Errorf("notices %v", got)
	}
	// Non-ASCII bytes then become '?', as PostgreSQL 15 does.
	if v := s.String("application_name"); v != strings.Repeat("?", 62) {
		t.Errorf("application_name %q", v)
	}
	got = nil
	err := s.Set("primary_slot_name", "Bad-Name", ContextPostmaster, SourceFile)
	if err == nil || len(got) != 1 || !strings.Contains(got[0].Message, "contains invalid character") {
		t.Errorf("primary_slot_name: %v %v", err, got)
	}
}

func TestLoadLocation(t *testing.T) {
	at := time.Date(2024, 7, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		setting string
		offset  int // seconds east of UTC on 2024-07-01
	}{
		{"utc", 0}, {"GMT", 0}, {"europe/berlin", 7200}, {"America/New_York", -4 * 3600},
		{"-8", -8 * 3600}, {"5.5", 19800}, {"<+05>-05", 5 * 3600}, {"UTC+3", -3 * 3600},
		{"EST5EDT", -4 * 3600}, {"interval '+02:00'", 7200},
	}
	for _, tc := range tests {
		loc, err := LoadLocation(tc.setting)
		if err != nil {
			t.Errorf("%s: %v", tc.setting, err)
			continue
		}
		if _, off := at.In(loc).Zone(); off != tc.offset {
			t.Errorf("%s: offset %d, want %d", tc.setting, off, tc.offset)
		}
	}
	if _, err := LoadLocation("Foo"); err == nil {
		t.Errorf("Foo accepted")
	}
}
