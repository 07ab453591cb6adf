// Reading the configuration at start, in children, and on reload.

package postmaster

import (
	"path/filepath"
	"time"

	"github.com/gpostgres/gpostgres/lib/config"
	"github.com/gpostgres/gpostgres/lib/datadir"
	"github.com/gpostgres/gpostgres/lib/elog"
	"github.com/gpostgres/gpostgres/lib/proc"
)

// configFile is postgresql.conf's path; PostgreSQL reads
// postgresql.auto.conf (ALTER SYSTEM) as if included at its end.
func configFile(dataDir string) string { return filepath.Join(dataDir, "postgresql.conf") }

// loadSettings builds a process's settings: defaults, then the settings the
// postmaster was given on its command line (so the file cannot override
// them), then the configuration file. The postmaster passes its own
// command-line settings; a child passes those the postmaster handed down.
func loadSettings(dataDir string, opts []proc.Setting) (*config.Settings, []config.LogMessage, error) {
	s := config.New()
	ctx := config.ContextPostmaster
	for _, o := range opts {
		if err := s.Set(o.Name, o.Value, ctx, config.Source(o.Source)); err != nil {
			return nil, nil, err
		}
	}
	for name, value := range map[string]string{
		"data_directory": dataDir,
		"config_file":    configFile(dataDir),
		"hba_file":       filepath.Join(dataDir, "pg_hba.conf"),
		"ident_file":     filepath.Join(dataDir, "pg_ident.conf"),
	} {
		if err := s.Set(name, value, config.ContextPostmaster, config.SourceOverride); err != nil {
			return nil, nil, err
		}
	}
	// data_checksums is pg_control's: on when gpinitdb -k made the
	// cluster (a missing or unreadable control file is reported by the
	// server's start, not here).
	if cf, err := datadir.ReadControlFile(dataDir); err == nil && cf.DataChecksumVersion != 0 {
		if err := s.Set("data_checksums", "on", config.ContextInternal, config.SourceDynamicDefault); err != nil {
			return nil, nil, err
		}
	}
	msgs, err := s.LoadConfigFile(configFile(dataDir), ctx)
	if err != nil {
		return nil, msgs, err
	}
	return s, msgs, nil
}

// reloadSettings re-reads the file on SIGHUP.
func reloadSettings(s *config.Settings, dataDir string) ([]config.LogMessage, error) {
	return s.LoadConfigFile(configFile(dataDir), config.ContextSighup)
}

// configureLogger applies log_line_prefix, log_min_messages, log_timezone.
func configureLogger(l *elog.Logger, s *config.Settings) {
	level, ok := elog.ParseLevel(s.String("log_min_messages"))
	if !ok {
		level = elog.Warning
	}
	loc, err := time.LoadLocation(s.String("log_timezone"))
	if err != nil {
		loc = time.UTC
	}
	l.Configure(s.String("log_line_prefix"), level, loc)
	l.SetTerse(s.Enum("log_error_verbosity") == "terse")
}

// ShowSetting is gpostgres -C: the value a parameter would have at start.
func ShowSetting(dataDir string, opts []proc.Setting, name string) (string, error) {
	s, _, err := loadSettings(dataDir, opts)
	if err != nil {
		return "", err
	}
	return s.Show(name)
}
