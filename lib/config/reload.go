// reload.go applies configuration files as guc-file.l's
// ProcessConfigFileInternal does, at start-up (all or nothing: any error is
// fatal) and on SIGHUP (apply what can be applied, log the rest, mark what
// needs a restart), and locates the files at start-up (SelectConfigFiles).

package config

import (
	"fmt"
	"path/filepath"

	"github.com/gpostgres/gpostgres/lib/pgerr"
)

// AutoConfFile is where ALTER SYSTEM writes, read after the main file.
const AutoConfFile = "postgresql.auto.conf"

// LoadConfigFile applies a configuration file with source SourceFile, then
// postgresql.auto.conf in data_directory if that is known.
//
// With ctx ContextPostmaster (server start) any problem fails the load: the
// returned messages are the LOG lines to print before the returned error
// ("configuration file ... contains errors"), which is fatal. Valid lines
// may have been applied; that does not matter, the server does not start.
//
// With ctx ContextSighup (reload) it never returns an error: unknown names or
// syntax errors apply nothing, invalid values keep the old value while the
// rest is applied, parameters that need a restart are marked
// pending_restart, and removed lines revert to the default. The messages
// say what happened, as PostgreSQL logs them. Values from a higher source
// (command line, SET) are never overridden, but become the value RESET
// returns to.
//
// Without a data_directory, postgresql.auto.conf is not read.
func (s *Settings) LoadConfigFile(path string, ctx Context) ([]LogMessage, error) {
	msgs, _, err := s.processConfigFile(path, ctx, true, false)
	return msgs, err
}

func (s *Settings) elevel() pgerr.Severity {
	if s.underPostmaster {
		return pgerr.SeverityDebug
	}
	return pgerr.SeverityLog
}

// processConfigFile is ProcessConfigFileInternal. With onlyDataDir, as in
// the first read at start-up before the data directory is known, only a
// data_directory line is applied.
func (s *Settings) processConfigFile(path string, ctx Context, apply, onlyDataDir bool) ([]LogMessage, []Item, error) {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	elevel := s.elevel()
	dataDir := s.must("data_directory").cur.s
	fp := &fileParser{elevel: elevel, dataDir: dataDir}
	fileWithError := path
	hadError, applying := false, false

	var msgs []LogMessage
	logf := func(code, format string, args ...any) {
		msgs = append(msgs, LogMessage{Severity: elevel, Code: code, Message: fmt.Sprintf(format, args...)})
	}
	logErr := func(e *pgerr.Error) { msgs = append(msgs, logFromErr(elevel, e)) }

	finish := func() ([]LogMessage, []Item, error) {
		all := append(fp.msgs, msgs...)
		if hadError && apply {
			switch {
			case ctx == ContextPostmaster:
				return all, fp.items, pgerr.Newf(pgerr.ConfigFileError,
					"configuration file \"%s\" contains errors", fileWithError)
			case applying:
				all = append(all, LogMessage{Severity: elevel, Code: pgerr.ConfigFileError,
					Message: fmt.Sprintf("configuration file \"%s\" contains errors; unaffected changes were applied", fileWithError)})
			default:
				all = append(all, LogMessage{Severity: elevel, Code: pgerr.ConfigFileError,
					Message: fmt.Sprintf("configuration file \"%s\" contains errors; no changes were applied", fileWithError)})
			}
		}
		return all, fp.items, nil
	}

	if !fp.parseFile(path, true, "", 0, 0) {
		hadError = true
		return finish()
	}
	if dataDir != "" && !onlyDataDir {
		if !fp.parseFile(AutoConfFile, false, "", 0, 0) {
			hadError = true
			fileWithError = AutoConfFile
			return finish()
		}
	} else if onlyDataDir {
		// postgresql.auto.conf cannot be read before the data directory is
		// known, and it may override anything but data_directory: take
		// only that now.
		var keep *Item
		for i := range fp.items {
			if fp.items[i].Name == "data_directory" {
				keep = &fp.items[i]
			}
		}
		if keep == nil {
			fp.items = nil
			return finish()
		}
		fp.items = []Item{*keep}
	}

	s.forEach(func(v *variable) { v.inFile = false })

	// Names must be known (or valid custom names) before anything is
	// applied; an earlier line for the same parameter is superseded.
	for i := range fp.items {
		it := &fp.items[i]
		if it.ignore || it.Name == "" {
			continue
		}
		v, _ := s.find(it.Name, false)
		if v != nil {
			if v.inFile {
				for j := 0; j < i; j++ {
					if !fp.items[j].ignore && fp.items[j].Name == it.Name {
						fp.items[j].ignore = true
					}
				}
			}
			v.inFile = true
		} else if !validCustomName(it.Name) {
			logf(pgerr.UndefinedObject, "unrecognized configuration parameter \"%s\" in file \"%s\" line %d",
				it.Name, it.File, it.Line)
			it.Err = "unrecognized configuration parameter"
			hadError = true
			fileWithError = it.File
		}
	}
	if hadError {
		return finish()
	}
	applying = true

	// Parameters whose line was removed go back to their defaults.
	s.forEach(func(v *variable) {
		if v.resetSource != SourceFile || v.inFile {
			return
		}
		if v.p.Context < ContextSighup {
			v.pendingRestart = true
			logf(pgerr.CantChangeRuntimeParam,
				"parameter \"%s\" cannot be changed without restarting the server", v.p.Name)
			fp.recordError(fmt.Sprintf("parameter \"%s\" cannot be changed without restarting the server", v.p.Name), "", 0)
			hadError = true
			return
		}
		if !apply {
			return
		}
		// Demote "file" sources so that the default can be applied.
		if v.resetSource == SourceFile {
			v.resetSource = SourceDefault
		}
		if v.source == SourceFile {
			v.source = SourceDefault
		}
		for i := range v.stack {
			if v.stack[i].source == SourceFile {
				v.stack[i].source = SourceDefault
			}
		}
		if r, _ := s.setOption(v.p.Name, nil, ctx, SourceDefault, ActionSet, true, false); r > 0 && ctx == ContextSighup {
			logf("", "parameter \"%s\" removed from configuration file, reset to default", v.p.Name)
		}
	})

	// Re-establish defaults computed at start-up, in case their parameter
	// was just removed from the file.
	if ctx == ContextSighup && apply {
		for _, name := range reloadDefaults {
			for _, d := range startupDefaults {
				if d.name == name {
					s.setOption(d.name, &d.value, d.ctx, d.src, ActionSet, true, false)
				}
			}
		}
		for name, val := range s.env {
			val := val
			s.setOption(name, &val, ContextPostmaster, SourceEnvironment, ActionSet, true, false)
		}
	}

	for i := range fp.items {
		it := &fp.items[i]
		if it.ignore || it.Name == "" {
			continue
		}
		pre, track := "", ctx == ContextSighup && apply && !s.underPostmaster
		if track {
			if v, _ := s.find(it.Name, false); v != nil && !v.cur.null {
				pre = rawValue(v)
			}
		}
		val := it.Value
		r, err := s.setOption(it.Name, &val, ctx, SourceFile, ActionSet, apply, false)
		switch {
		case err != nil:
			logErr(err)
			hadError = true
			it.Err = "setting could not be applied"
			fileWithError = it.File
		case r > 0:
			if track {
				post := ""
				if v, _ := s.find(it.Name, false); v != nil && !v.cur.null {
					post = rawValue(v)
				}
				if pre != post {
					logf("", "parameter \"%s\" changed to \"%s\"", it.Name, it.Value)
				}
			}
			it.Applied = true
		default:
			it.Applied = true
		}
		if err == nil && apply {
			if v, _ := s.find(it.Name, false); v != nil {
				v.sourceFile = it.File
				v.sourceLine = it.Line
			}
		}
	}
	return finish()
}

// FileSettings is the pg_file_settings view: what the configuration file
// would set, and whether each line could be applied, without applying it.
func (s *Settings) FileSettings(path string) []Item {
	_, items, _ := s.processConfigFile(path, ContextSighup, false, false)
	return items
}

// InitFromEnvironment applies the environment variables PostgreSQL reads
// at start-up (PGPORT, PGDATESTYLE, PGCLIENTENCODING) with source
// environment; lookup is normally os.LookupEnv. Reloads re-apply them.
func (s *Settings) InitFromEnvironment(lookup func(string) (string, bool)) error {
	for _, e := range []struct{ env, name string }{
		{"PGPORT", "port"}, {"PGDATESTYLE", "DateStyle"}, {"PGCLIENTENCODING", "client_encoding"},
	} {
		val, ok := lookup(e.env)
		if !ok {
			continue
		}
		if err := s.Set(e.name, val, ContextPostmaster, SourceEnvironment); err != nil {
			return err
		}
		if s.env == nil {
			s.env = map[string]string{}
		}
		s.env[e.name] = val
	}
	return nil
}

// SelectConfigFiles is PostgreSQL's start-up choice of files, for a server
// given configDir (-D or PGDATA, made absolute): config_file defaults to
// configDir/postgresql.conf unless set on the command line; the file is
// loaded; data_directory defaults to configDir; hba_file and ident_file
// default to files next to it. It returns the log messages to print and,
// on failure, the fatal error.
func (s *Settings) SelectConfigFiles(configDir string) ([]LogMessage, error) {
	if configDir != "" {
		if abs, err := filepath.Abs(configDir); err == nil {
			configDir = abs
		}
	}
	var all []LogMessage
	configFile := s.must("config_file").cur.s
	if configFile == "" {
		if configDir == "" {
			return nil, pgerr.New(pgerr.ConfigFileError,
				"gpostgres does not know where to find the server configuration file.\n"+
					"You must specify the --config-file or -D invocation option or set the PGDATA environment variable.")
		}
		configFile = filepath.Join(configDir, "postgresql.conf")
	}
	if abs, err := filepath.Abs(configFile); err == nil {
		configFile = abs
	}
	if err := s.Set("config_file", configFile, ContextPostmaster, SourceOverride); err != nil {
		return nil, err
	}

	// Read the file once to learn data_directory (nothing else is
	// applied: postgresql.auto.conf may override it).
	msgs, _, err := s.processConfigFile(configFile, ContextPostmaster, true, true)
	all = append(all, msgs...)
	if err != nil {
		return all, err
	}
	dataDir := s.must("data_directory").cur.s
	if dataDir == "" {
		if configDir == "" {
			return all, pgerr.Newf(pgerr.ConfigFileError,
				"gpostgres does not know where to find the database system data.\n"+
					"This can be specified as \"data_directory\" in \"%s\", or by the -D invocation option, or by the PGDATA environment variable.",
				configFile)
		}
		dataDir = configDir
	}
	if abs, err := filepath.Abs(dataDir); err == nil {
		dataDir = abs
	}
	if err := s.Set("data_directory", dataDir, ContextPostmaster, SourceOverride); err != nil {
		return all, err
	}

	// Now that the data directory is known, read everything.
	msgs, err = s.LoadConfigFile(configFile, ContextPostmaster)
	all = append(all, msgs...)
	if err != nil {
		return all, err
	}
	base := configDir
	if base == "" {
		base = dataDir
	}
	for _, f := range []struct{ name, file string }{{"hba_file", "pg_hba.conf"}, {"ident_file", "pg_ident.conf"}} {
		val := s.must(f.name).cur.s
		if val == "" {
			val = filepath.Join(base, f.file)
		}
		if err := s.Set(f.name, val, ContextPostmaster, SourceOverride); err != nil {
			return all, err
		}
	}
	return all, nil
}
