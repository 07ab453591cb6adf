// What statements see of their session: the sql.Env implementation.

package backend

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/gpostgres/gpostgres/lib/config"
	"github.com/gpostgres/gpostgres/lib/datadir"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
	"golang.org/x/sys/unix"
)

func (s *session) CurrentUser() string         { return s.user }
func (s *session) SessionUser() string         { return s.user }
func (s *session) CurrentDatabase() string     { return s.database }
func (s *session) BackendPID() int32           { return int32(unix.Getpid()) }
func (s *session) TransactionStart() time.Time { return s.xact.Start() }

// Random is the session's random(), seeded by setseed().
func (s *session) Random() *expr.PRNG        { return &s.random }
func (s *session) StatementStart() time.Time { return s.stmtStart }

func (s *session) GetConfig(name string, missingOK bool) (string, bool, error) {
	v, err := s.child.Settings.Show(name)
	if err != nil {
		if missingOK && pgerr.CodeOf(err) == pgerr.UndefinedObject {
			return "", false, nil
		}
		return "", false, err
	}
	return v, true, nil
}

func (s *session) SetConfig(name, value string, isLocal bool) (string, error) {
	s.settingsChanged()
	st := s.child.Settings
	var err error
	if isLocal {
		if !s.xact.Open() {
			return st.Show(name)
		}
		err = st.SetLocal(name, value, s.setContext())
	} else {
		err = st.Set(name, value, s.setContext(), config.SourceSession)
	}
	if err != nil {
		return "", err
	}
	s.afterSet(name)
	return st.Show(name)
}

// CheckSetting validates a routine's SET clause (sql.Env).
func (s *session) CheckSetting(name, value string) (string, error) {
	st := s.child.Settings
	if _, err := st.Change(name, &value, s.setContext(), config.SourceSession, config.ActionSave, false); err != nil {
		return "", err
	}
	if p, ok := st.Lookup(name); ok {
		return p.Name, nil
	}
	return name, nil
}

// RunWithSettings runs fn under a routine's SET clauses (sql.Env).
func (s *session) RunWithSettings(settings []string, fn func() error) error {
	st := s.child.Settings
	s.settingsChanged()
	level := st.NewNestLevel()
	var err error
	for _, item := range settings {
		name, value, _ := strings.Cut(item, "=")
		if _, err = st.Change(name, &value, s.setContext(), config.SourceSession, config.ActionSave, true); err != nil {
			break
		}
		s.afterSet(name)
	}
	if err == nil {
		err = fn()
	}
	// A failure ends the level as an abort does: what fn set goes too.
	st.AtEndOfNestLevel(err == nil, level)
	s.settingsChanged()
	for _, item := range settings {
		name, _, _ := strings.Cut(item, "=")
		s.afterSet(name)
	}
	return err
}

// PostmasterStartTime is pg_postmaster_start_time().
func (s *session) PostmasterStartTime() time.Time { return s.child.PostmasterStartTime() }

// CurrentQuery is current_query(): the query string running.
func (s *session) CurrentQuery() string { return s.debugQuery }

// ConfLoadTime is pg_conf_load_time().
func (s *session) ConfLoadTime() time.Time { return s.child.ConfLoadTime() }

// ReloadConfig is pg_reload_conf(): signal the postmaster, which re-reads
// the files and passes SIGHUP on to every child.
func (s *session) ReloadConfig() error {
	if !s.superuser {
		return pgerr.New(pgerr.InsufficientPrivilege, "permission denied for function pg_reload_conf")
	}
	if err := unix.Kill(s.child.PostmasterPID, syscall.SIGHUP); err != nil {
		s.notice(pgerr.Newf(pgerr.Warning, "failed to send signal to postmaster: %v", err).WithSeverity(pgerr.SeverityWarning))
	}
	return nil
}

// RotateLogfile is pg_rotate_logfile(): with the logging collector
// running, ask the postmaster to have it switch to a new file, as
// gpctl logrotate does (the signal file, then SIGUSR1); without it, a
// WARNING and false.
func (s *session) RotateLogfile() (bool, error) {
	if !s.superuser {
		return false, pgerr.New(pgerr.InsufficientPrivilege, "permission denied for function pg_rotate_logfile")
	}
	if !s.child.Settings.Bool("logging_collector") {
		s.notice(pgerr.New(pgerr.Warning, "rotation not possible because log collection not active").WithSeverity(pgerr.SeverityWarning))
		return false, nil
	}
	if err := os.WriteFile(filepath.Join(s.child.DataDir, datadir.LogRotateSignalFile), nil, 0o600); err != nil {
		return false, pgerr.Newf(pgerr.CodeForFileAccess(err), "could not create file \"%s\": %s", datadir.LogRotateSignalFile, datadir.Strerror(err))
	}
	if err := unix.Kill(s.child.PostmasterPID, syscall.SIGUSR1); err != nil {
		s.notice(pgerr.Newf(pgerr.Warning, "failed to send signal to postmaster: %v", err).WithSeverity(pgerr.SeverityWarning))
	}
	return true, nil
}

// Location is the TimeZone setting as a *time.Location, loaded once per
// distinct setting: loading reads zoneinfo files.
func (s *session) Location() *time.Location {
	name := s.child.Settings.String("TimeZone")
	if s.loc == nil || name != s.locName {
		loc, err := config.LoadLocation(name)
		if err != nil {
			loc = time.UTC
		}
		s.loc, s.locName = loc, name
	}
	return s.loc
}

// VirtualRelation serves the relations the session computes from process
// state that are no views of pg_catalog: PostgreSQL 16's pg_stat_io, and
// pg_settings for EXPLAIN (SETTINGS). The views of PostgreSQL 15
// (pg_settings, pg_stat_activity, pg_locks, ...) are real views over
// functions that read the same rows (ProcessStateRows).
func (s *session) VirtualRelation(schema, name string) (sql.Relation, bool) {
	if schema != "" && schema != "pg_catalog" {
		return sql.Relation{}, false
	}
	switch strings.ToLower(name) {
	case "pg_settings":
		return s.pgSettings(), true
	case "pg_stat_io":
		return s.pgStatIO(), true
	}
	return sql.Relation{}, false
}

// pgTimezoneNames is pg_timezone_names: each zone of the tz database
// with its abbreviation, offset and daylight-saving flag at the
// transaction start.
func (s *session) pgTimezoneNames() sql.Relation {
	cols := []sql.Column{textColumn("name"), textColumn("abbrev"),
		{Name: "utc_offset", TypeOID: types.OidInterval, TypeLen: 16, TypeMod: -1},
		{Name: "is_dst", TypeOID: types.OidBool, TypeLen: 1, TypeMod: -1}}
	return sql.Relation{Columns: cols, Rows: func() ([][]types.Datum, error) {
		now := s.xact.Start()
		var rows [][]types.Datum
		for _, name := range config.ZoneNames() {
			loc, err := time.LoadLocation(name)
			if err != nil {
				continue // as pg_tzenumerate_next, a zone that does not load
			}
			t := now.In(loc)
			abbrev, offset := t.Zone()
			rows = append(rows, []types.Datum{types.Text(name), types.Text(abbrev),
				types.IntervalDatum(types.Interval{Micros: int64(offset) * types.UsecsPerSec}), types.Bool(t.IsDST())})
		}
		return rows, nil
	}}
}

func (s *session) pgSettings() sql.Relation {
	names := []string{"name", "setting", "unit", "category", "short_desc", "extra_desc", "context", "vartype",
		"source", "min_val", "max_val", "enumvals", "boot_val", "reset_val", "sourcefile", "sourceline", "pending_restart"}
	cols := make([]sql.Column, len(names))
	for i, n := range names {
		cols[i] = textColumn(n)
	}
	cols[11].TypeOID = types.OidTextArray
	cols[15].TypeOID, cols[15].TypeLen = types.OidInt4, 4
	cols[16].TypeOID, cols[16].TypeLen = types.OidBool, 1
	return sql.Relation{Columns: cols, Rows: func() ([][]types.Datum, error) {
		var rows [][]types.Datum
		for _, r := range s.child.Settings.PgSettingsRows() {
			rows = append(rows, pgSettingsRow(r))
		}
		return rows, nil
	}}
}
