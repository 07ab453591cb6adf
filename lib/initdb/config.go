// The configuration files of a new cluster: the samples from share/ with
// the substitutions PostgreSQL's initdb makes (setup_config).

package initdb

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/gpostgres/gpostgres/lib/config"
	"github.com/gpostgres/gpostgres/share"
)

// authTrustWarning replaces @authcomment@ in pg_hba.conf when either
// method is trust (initdb's AUTHTRUST_WARNING).
const authTrustWarning = `# CAUTION: Configuring the system for local "trust" authentication
# allows any local user to connect as any PostgreSQL user, including
# the database superuser.  If you do not trust all your local users,
# use another authentication method.
`

// readSample returns a sample file: from shareDir when it has one (an
// installed, possibly locally edited copy), else the copy embedded at
// build time.
func readSample(shareDir, name string) ([]byte, error) {
	if shareDir != "" {
		b, err := os.ReadFile(filepath.Join(shareDir, name))
		if err == nil {
			return b, nil
		}
		if !os.IsNotExist(err) {
			return nil, err
		}
	}
	return fs.ReadFile(share.Files, name)
}

// defaultShareDir is where install.sh puts the samples relative to the
// binaries: PREFIX/bin/gpinitdb reads PREFIX/share/gpostgres. It returns
// "" when that directory has no samples.
func defaultShareDir() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	if resolved, err := filepath.EvalSymlinks(exe); err == nil {
		exe = resolved
	}
	dir := filepath.Join(filepath.Dir(exe), "..", "share", "gpostgres")
	if _, err := os.Stat(filepath.Join(dir, share.PostgresqlConfSample)); err != nil {
		return ""
	}
	return dir
}

// replaceToken is initdb's replace_token: in every line containing token,
// the first occurrence is replaced.
func replaceToken(lines []string, token, repl string) []string {
	for i, l := range lines {
		if strings.Contains(l, token) {
			lines[i] = strings.Replace(l, token, repl, 1)
		}
	}
	return lines
}

// splitLines splits text into lines that keep their "\n", as initdb's
// readfile does, so that a replacement may add lines.
func splitLines(b []byte) []string {
	s := string(b)
	var lines []string
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			lines = append(lines, s)
			break
		}
		lines = append(lines, s[:i+1])
		s = s[i+1:]
	}
	return lines
}

// escapeQuotes doubles single quotes and backslashes for a quoted
// postgresql.conf value (initdb's escape_quotes).
func escapeQuotes(s string) string {
	return strings.NewReplacer(`'`, `''`, `\`, `\\`).Replace(s)
}

// confSettings are the values initdb writes into postgresql.conf.
type confSettings struct {
	maxConnections   int
	sharedBuffers    string // "128MB"
	dsmType          string
	minWALSize       string
	maxWALSize       string
	locale           localeSettings
	dateOrder        string // "mdy", "dmy" or "ymd"
	textSearchConfig string
	timezone         string
	authLocal        string
	authHost         string
	groupAccess      bool
}

// postgresqlConf returns postgresql.conf: the sample with initdb's edits.
func postgresqlConf(sample []byte, s confSettings) string {
	l := splitLines(sample)
	l = replaceToken(l, "#max_connections = 100", fmt.Sprintf("max_connections = %d", s.maxConnections))
	l = replaceToken(l, "#shared_buffers = 128MB", "shared_buffers = "+s.sharedBuffers)
	l = replaceToken(l, "#min_wal_size = 80MB", "min_wal_size = "+s.minWALSize)
	l = replaceToken(l, "#max_wal_size = 1GB", "max_wal_size = "+s.maxWALSize)
	l = replaceToken(l, "#lc_messages = 'C'", "lc_messages = '"+escapeQuotes(s.locale.Messages)+"'")
	l = replaceToken(l, "#lc_monetary = 'C'", "lc_monetary = '"+escapeQuotes(monetaryLocale(s.locale.Monetary))+"'")
	l = replaceToken(l, "#lc_numeric = 'C'", "lc_numeric = '"+escapeQuotes(s.locale.Numeric)+"'")
	l = replaceToken(l, "#lc_time = 'C'", "lc_time = '"+escapeQuotes(s.locale.Time)+"'")
	l = replaceToken(l, "#datestyle = 'iso, mdy'", "datestyle = 'iso, "+s.dateOrder+"'")
	l = replaceToken(l, "#default_text_search_config = 'pg_catalog.simple'",
		"default_text_search_config = 'pg_catalog."+escapeQuotes(s.textSearchConfig)+"'")
	l = replaceToken(l, "#timezone = 'GMT'", "timezone = '"+escapeQuotes(s.timezone)+"'")
	l = replaceToken(l, "#log_timezone = 'GMT'", "log_timezone = '"+escapeQuotes(s.timezone)+"'")
	l = replaceToken(l, "#dynamic_shared_memory_type = posix", "dynamic_shared_memory_type = "+s.dsmType)
	// md5 chosen for either kind of connection (and scram-sha-256 for
	// neither) makes new passwords md5-hashed, so that it can be used.
	if (s.authLocal == "md5" && s.authHost != "scram-sha-256") ||
		(s.authHost == "md5" && s.authLocal != "scram-sha-256") {
		l = replaceToken(l, "#password_encryption = scram-sha-256", "password_encryption = md5")
	}
	// With group access, log files should be group-readable too, or a
	// backup taken by a group member would fail on them.
	if s.groupAccess {
		l = replaceToken(l, "#log_file_mode = 0600", "log_file_mode = 0640")
	}
	return strings.Join(l, "")
}

// autoConf is the initial postgresql.auto.conf.
const autoConf = "# Do not edit this file manually!\n# It will be overwritten by the ALTER SYSTEM command.\n"

// hbaConf returns pg_hba.conf: the sample with the authentication methods
// filled in.
func hbaConf(sample []byte, authLocal, authHost string) string {
	l := splitLines(sample)
	l = replaceToken(l, "@remove-line-for-nolocal@", "")
	l = replaceToken(l, "@authmethodhost@", authHost)
	l = replaceToken(l, "@authmethodlocal@", authLocal)
	comment := ""
	if authLocal == "trust" || authHost == "trust" {
		comment = authTrustWarning
	}
	l = replaceToken(l, "@authcomment@", comment)
	return strings.Join(l, "")
}

// monetaryLocale is the lc_monetary postgresql.conf gets: the cluster's
// monetary locale when the server honours it (config.MonetaryLocaleHonoured:
// the C locale, whose money format lib/types implements), else C, so
// that the server starts and prints money as its setting says.
func monetaryLocale(name string) string {
	if config.MonetaryLocaleHonoured(name) {
		return name
	}
	return "C"
}
