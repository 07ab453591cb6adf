// Connecting to a server the way libpq-based tools do: connection
// parameters from options, a conninfo string or URI, the PG* environment
// variables and ~/.pgpass (through pgconn), gpostgres's default socket
// directory, and libpq's wording when the connection fails.

package client

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
)

// DefaultSocketDir is where gpostgres puts its Unix socket
// (unix_socket_directories' default) and so where clients look when no
// host is given. pgconn would otherwise prefer Debian's
// /var/run/postgresql when it exists.
const DefaultSocketDir = "/tmp"

// Params are the connection options of a client program's command line;
// empty fields are left to the environment and libpq's defaults.
type Params struct {
	Host     string // -h
	Port     string // -p
	User     string // -U
	DBName   string // -d or the first argument; may be a conninfo string or URI
	Password string // from a prompt (-W)
	// AppName is fallback_application_name: used when neither the
	// conninfo nor PGAPPNAME sets application_name.
	AppName string
}

// quoteValue quotes a conninfo value: single quotes, with \ and ' escaped.
func quoteValue(v string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(v) + "'"
}

// isConninfo reports whether a dbname argument is really a connection
// string (libpq's expand_dbname rule): it has an "=" or a URI prefix.
func isConninfo(s string) bool {
	return strings.Contains(s, "=") || strings.HasPrefix(s, "postgresql://") || strings.HasPrefix(s, "postgres://")
}

// uriToConninfo converts a single-host postgres:// URI into keyword=value
// form so that it can be combined with option values; ok is false for
// URIs it does not handle (several hosts), which are then used alone.
func uriToConninfo(s string) (string, bool) {
	u, err := url.Parse(s)
	if err != nil || strings.Contains(u.Host, ",") {
		return "", false
	}
	var kv []string
	add := func(k, v string) {
		if v != "" {
			kv = append(kv, k+"="+quoteValue(v))
		}
	}
	host, port := u.Host, ""
	if h, p, err := net.SplitHostPort(u.Host); err == nil {
		host, port = h, p
	}
	add("host", host)
	add("port", port)
	if u.User != nil {
		add("user", u.User.Username())
		if pw, ok := u.User.Password(); ok {
			add("password", pw)
		}
	}
	add("dbname", strings.TrimPrefix(u.Path, "/"))
	for k, vs := range u.Query() {
		for _, v := range vs {
			add(k, v)
		}
	}
	return strings.Join(kv, " "), true
}

// Config builds a pgconn configuration the way psql's connection
// parameters combine: option values first, then a conninfo/URI given as
// the database name overriding them, with the PG* environment variables
// and ~/.pgpass beneath both. Without any host setting the default is
// DefaultSocketDir.
func Config(p Params, getenv func(string) string) (*pgconn.Config, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	var kv []string
	add := func(k, v string) {
		if v != "" {
			kv = append(kv, k+"="+quoteValue(v))
		}
	}
	hostGiven := p.Host != "" || getenv("PGHOST") != "" || getenv("PGHOSTADDR") != ""
	add("host", p.Host)
	add("port", p.Port)
	add("user", p.User)
	add("password", p.Password)
	connStr := ""
	if isConninfo(p.DBName) {
		extra := p.DBName
		if strings.HasPrefix(extra, "postgresql://") || strings.HasPrefix(extra, "postgres://") {
			conv, ok := uriToConninfo(extra)
			if !ok {
				connStr = extra // a multi-host URI stands alone
			}
			extra = conv
		}
		if connStr == "" {
			if strings.Contains(extra, "host=") || strings.Contains(extra, "hostaddr=") {
				hostGiven = true
			}
			kv = append(kv, extra)
		}
	} else {
		add("dbname", p.DBName)
	}
	if !hostGiven && connStr == "" {
		kv = append([]string{"host=" + quoteValue(DefaultSocketDir)}, kv...)
	}
	if connStr == "" {
		connStr = strings.Join(kv, " ")
	}
	cfg, err := pgconn.ParseConfig(connStr)
	if err != nil {
		return nil, err
	}
	if p.AppName != "" {
		if _, ok := cfg.RuntimeParams["application_name"]; !ok {
			cfg.RuntimeParams["application_name"] = p.AppName
		}
	}
	return cfg, nil
}

// Connect opens a connection. Its error, if any, is best shown with
// ConnectErrorMessage.
func Connect(ctx context.Context, cfg *pgconn.Config) (*pgconn.PgConn, error) {
	return pgconn.ConnectConfig(ctx, cfg)
}

// DatabaseName is the database a configuration connects to: the dbname,
// or the user name when none is set (the server's default).
func DatabaseName(cfg *pgconn.Config) string {
	if cfg.Database != "" {
		return cfg.Database
	}
	return cfg.User
}

// ConnectErrorMessage renders a connection failure as libpq does, one
// paragraph per address tried, for example:
//
//	connection to server on socket "/tmp/.s.PGSQL.5432" failed: No such file or directory
//		Is the server running locally and accepting connections on that socket?
//
// The result has no trailing newline.
func ConnectErrorMessage(err error) string {
	var ce *pgconn.ConnectError
	if !errors.As(err, &ce) {
		return err.Error()
	}
	attempts := []error{errors.Unwrap(ce)}
	if j, ok := attempts[0].(interface{ Unwrap() []error }); ok {
		attempts = j.Unwrap()
	}
	var parts []string
	seen := map[string]bool{}
	for _, a := range attempts {
		if a == nil {
			continue
		}
		msg := attemptMessage(a)
		if !seen[msg] {
			seen[msg] = true
			parts = append(parts, msg)
		}
	}
	if len(parts) == 0 {
		return err.Error()
	}
	return strings.Join(parts, "\n")
}

// attemptMessage formats one attempt. pgconn's per-address error reads
// "<address> (<host as given>): <what>: <cause>"; the address is what
// libpq names.
func attemptMessage(err error) string {
	s := err.Error()
	addr, orig := "", ""
	if i := strings.Index(s, " ("); i > 0 {
		addr = s[:i]
		if j := strings.Index(s[i:], "): "); j > 0 {
			orig = s[i+2 : i+j]
		}
	}
	unix := strings.HasPrefix(addr, "/")
	var who string
	switch {
	case addr == "":
		who = ""
	case unix:
		who = fmt.Sprintf("connection to server on socket \"%s\" failed: ", addr)
	default:
		host, port, perr := net.SplitHostPort(addr)
		if perr != nil {
			host, port = addr, ""
		}
		if orig == "" || orig == host {
			who = fmt.Sprintf("connection to server at \"%s\", port %s failed: ", host, port)
		} else {
			who = fmt.Sprintf("connection to server at \"%s\" (%s), port %s failed: ", orig, host, port)
		}
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		msg := who + pe.Severity + ":  " + pe.Message
		if pe.Detail != "" {
			msg += "\nDETAIL:  " + pe.Detail
		}
		if pe.Hint != "" {
			msg += "\nHINT:  " + pe.Hint
		}
		return msg
	}
	var errno syscall.Errno
	if errors.As(err, &errno) {
		text := errno.Error()
		text = strings.ToUpper(text[:1]) + text[1:]
		if unix {
			return who + text + "\n\tIs the server running locally and accepting connections on that socket?"
		}
		return who + text + "\n\tIs the server running on that host and accepting TCP/IP connections?"
	}
	// Anything else (authentication, TLS, protocol): pgconn's innermost
	// description.
	inner := err
	for {
		next := errors.Unwrap(inner)
		if next == nil {
			break
		}
		inner = next
	}
	return who + inner.Error()
}
