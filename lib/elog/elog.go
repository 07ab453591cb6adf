// Logger, levels and the log_line_prefix escapes.

package elog

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gpostgres/gpostgres/lib/pgerr"
)

// Level orders messages for log_min_messages, in the server-log order
// PostgreSQL uses (LOG ranks above ERROR there).
type Level int

const (
	Debug5 Level = iota
	Debug4
	Debug3
	Debug2
	Debug1
	Info
	Notice
	Warning
	Error
	Log
	Fatal
	Panic
)

var levelNames = [...]string{"DEBUG", "DEBUG", "DEBUG", "DEBUG", "DEBUG", "INFO", "NOTICE", "WARNING", "ERROR", "LOG", "FATAL", "PANIC"}

func (l Level) String() string { return levelNames[l] }

// ParseLevel reads a log_min_messages value.
func ParseLevel(s string) (Level, bool) {
	switch strings.ToLower(s) {
	case "debug5":
		return Debug5, true
	case "debug4":
		return Debug4, true
	case "debug3":
		return Debug3, true
	case "debug2":
		return Debug2, true
	case "debug1", "debug":
		return Debug1, true
	case "info":
		return Info, true
	case "notice":
		return Notice, true
	case "warning":
		return Warning, true
	case "error":
		return Error, true
	case "log":
		return Log, true
	case "fatal":
		return Fatal, true
	case "panic":
		return Panic, true
	}
	return 0, false
}

// LevelOf maps an error's severity to a level.
func LevelOf(s pgerr.Severity) Level {
	switch s {
	case pgerr.SeverityFatal:
		return Fatal
	case pgerr.SeverityPanic:
		return Panic
	case pgerr.SeverityWarning:
		return Warning
	case pgerr.SeverityNotice:
		return Notice
	case pgerr.SeverityInfo:
		return Info
	case pgerr.SeverityLog:
		return Log
	case pgerr.SeverityDebug:
		return Debug1
	}
	return Error
}

// Session holds the per-connection fields some prefix escapes print.
type Session struct {
	User, Database, Application, Host, HostPort string
	BackendType                                 string
	SessionStart                                time.Time
}

// Logger writes messages for one process.
type Logger struct {
	mu       sync.Mutex
	w        io.Writer
	pid      int
	prefix   string
	minLevel Level
	terse    bool // log_error_verbosity = terse: no DETAIL or HINT lines
	loc      *time.Location
	session  Session
	lineNo   int64
}

// New returns a logger writing to w with PostgreSQL's defaults
// (log_line_prefix '%m [%p] ', log_min_messages warning, UTC).
func New(w io.Writer) *Logger {
	return &Logger{w: w, pid: os.Getpid(), prefix: "%m [%p] ", minLevel: Warning, loc: time.UTC}
}

// Configure applies log_line_prefix, log_min_messages and log_timezone.
func (l *Logger) Configure(prefix string, minLevel Level, loc *time.Location) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.prefix, l.minLevel = prefix, minLevel
	if loc != nil {
		l.loc = loc
	}
}

// SetTerse applies log_error_verbosity = terse (true) or default (false):
// terse leaves out DETAIL and HINT lines.
func (l *Logger) SetTerse(terse bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.terse = terse
}

// SetSession records the session fields once the start-up packet is read.
func (l *Logger) SetSession(s Session) {
	l.mu.Lock()
	l.session = s
	l.mu.Unlock()
}

// SetOutput replaces the destination (the postmaster switches to the
// collector's pipe when logging_collector starts).
func (l *Logger) SetOutput(w io.Writer) {
	l.mu.Lock()
	l.w = w
	l.mu.Unlock()
}

// Enabled reports whether a message at level would be written.
func (l *Logger) Enabled(level Level) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return level >= l.minLevel
}

// Logf writes a message at level.
func (l *Logger) Logf(level Level, format string, args ...any) {
	l.write(level, fmt.Sprintf(format, args...), "", "", "")
}

// Log, Warning and Fatal are shorthands for the common levels.
func (l *Logger) Log(format string, args ...any)     { l.Logf(Log, format, args...) }
func (l *Logger) Warning(format string, args ...any) { l.Logf(Warning, format, args...) }
func (l *Logger) Fatal(format string, args ...any)   { l.Logf(Fatal, format, args...) }

// Report writes err at its own severity, with its DETAIL and HINT lines and,
// when statement is not empty, a STATEMENT line (log_min_error_statement).
func (l *Logger) Report(err error, statement string) {
	pe := pgerr.As(err)
	l.write(LevelOf(pe.Severity), pe.Message, pe.Detail, pe.Hint, statement)
}

func (l *Logger) write(level Level, msg, detail, hint, statement string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if level < l.minLevel {
		return
	}
	now := time.Now()
	l.lineNo++
	prefix := l.expandPrefix(now)
	var b strings.Builder
	line := func(label, text string) {
		b.WriteString(prefix)
		b.WriteString(label)
		b.WriteString(":  ")
		b.WriteString(text)
		b.WriteByte('\n')
	}
	line(level.String(), msg)
	if detail != "" && !l.terse {
		line("DETAIL", detail)
	}
	if hint != "" && !l.terse {
		line("HINT", hint)
	}
	if statement != "" {
		line("STATEMENT", statement)
	}
	io.WriteString(l.w, b.String())
}

// expandPrefix implements the log_line_prefix escapes PostgreSQL documents.
func (l *Logger) expandPrefix(now time.Time) string {
	p := l.prefix
	if !strings.Contains(p, "%") {
		return p
	}
	var b strings.Builder
	t := now.In(l.loc)
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c != '%' || i+1 == len(p) {
			b.WriteByte(c)
			continue
		}
		i++
		// An optional padding number, as in %-10u or %10p.
		j := i
		if p[j] == '-' {
			j++
		}
		for j < len(p) && p[j] >= '0' && p[j] <= '9' {
			j++
		}
		pad, _ := strconv.Atoi(p[i:j])
		if j == len(p) {
			break
		}
		i = j
		var v string
		sessionOnly := false
		switch p[i] {
		case 'a':
			v, sessionOnly = l.session.Application, true
		case 'u':
			v, sessionOnly = l.session.User, true
		case 'd':
			v, sessionOnly = l.session.Database, true
		case 'r':
			v, sessionOnly = l.session.HostPort, true
		case 'h':
			v, sessionOnly = l.session.Host, true
		case 'b':
			v = l.session.BackendType
		case 'p':
			v = strconv.Itoa(l.pid)
		case 'P':
			v = ""
		case 'l':
			v = strconv.FormatInt(l.lineNo, 10)
		case 'm':
			v = t.Format("2006-01-02 15:04:05.000 MST")
		case 'n':
			v = fmt.Sprintf("%d.%03d", now.Unix(), now.Nanosecond()/1e6)
		case 't':
			v = t.Format("2006-01-02 15:04:05 MST")
		case 's':
			v = l.session.SessionStart.In(l.loc).Format("2006-01-02 15:04:05 MST")
		case 'c':
			v = fmt.Sprintf("%x.%x", l.session.SessionStart.Unix(), l.pid)
		case 'e':
			v = "00000"
		case 'i', 'v', 'x', 'Q':
			v = ""
		case 'q':
			if l.session.User == "" {
				return b.String()
			}
			continue
		case '%':
			v = "%"
		default:
			v = "%" + string(p[i])
		}
		if sessionOnly && v == "" && pad == 0 {
			continue
		}
		if pad > 0 {
			v = fmt.Sprintf("%*s", pad, v)
		} else if pad < 0 {
			v = fmt.Sprintf("%-*s", -pad, v)
		}
		b.WriteString(v)
	}
	return b.String()
}
