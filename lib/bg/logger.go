// The logging collector (logging_collector = on): copies every process's
// standard error into rotating log files, as PostgreSQL's syslogger.c.

package bg

import (
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/gpostgres/gpostgres/lib/postmaster"
)

// RunLogger is the logger process's main function. It ignores the
// shutdown signals and exits only when every writer of its pipe is gone,
// so the postmaster's last lines still reach the file.
func RunLogger(c *postmaster.Child) int {
	if c.Extra == nil {
		c.Log.Fatal("logger started without its pipe")
		return 1
	}
	signal.Ignore(syscall.SIGTERM, syscall.SIGQUIT, syscall.SIGINT, syscall.SIGUSR2)
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	if c.ReloadMissed() {
		hup <- syscall.SIGHUP
	}
	rotateReq := make(chan os.Signal, 1)
	signal.Notify(rotateReq, syscall.SIGUSR1)

	chunks := make(chan []byte, 64)
	go func() {
		defer close(chunks)
		for {
			buf := make([]byte, 64<<10)
			n, err := c.Extra.Read(buf)
			if n > 0 {
				chunks <- buf[:n]
			}
			if err != nil {
				return
			}
		}
	}()

	lf := &logFile{child: c}
	if err := lf.open(time.Now()); err != nil {
		c.Log.Report(err, "")
	}
	defer lf.close()
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case b, ok := <-chunks:
			if !ok {
				return 0
			}
			lf.write(b)
		case <-hup:
			oldDir, oldName := c.Settings.String("log_directory"), c.Settings.String("log_filename")
			c.Reload()
			if c.Settings.String("log_directory") != oldDir || c.Settings.String("log_filename") != oldName {
				lf.rotate(time.Now())
			}
		case <-rotateReq:
			lf.rotate(time.Now())
		case now := <-tick.C:
			if lf.dueForRotation(now) {
				lf.rotate(now)
			}
		}
	}
}

type logFile struct {
	child   *postmaster.Child
	f       *os.File
	path    string
	opened  time.Time
	written int64
}

func (l *logFile) dir() string {
	d := l.child.Settings.String("log_directory")
	if !filepath.IsAbs(d) {
		d = filepath.Join(l.child.DataDir, d)
	}
	return d
}

func (l *logFile) open(now time.Time) error {
	dir := l.dir()
	if err := os.MkdirAll(dir, 0700); err != nil {
		return fmt.Errorf("could not create log directory \"%s\": %w", dir, err)
	}
	loc, err := time.LoadLocation(l.child.Settings.String("log_timezone"))
	if err != nil {
		loc = time.UTC
	}
	name := strftime(l.child.Settings.String("log_filename"), now.In(loc))
	path := filepath.Join(dir, name)
	mode, _ := strconv.ParseInt(l.child.Settings.String("log_file_mode"), 0, 32)
	if mode == 0 {
		mode = 0600
	}
	flags := os.O_CREATE | os.O_WRONLY | os.O_APPEND
	// log_truncate_on_rotation only truncates a file reused by a
	// time-based rotation, never the one opened at start.
	if l.f != nil && l.child.Settings.Bool("log_truncate_on_rotation") && path != l.path {
		flags |= os.O_TRUNC
	}
	f, err := os.OpenFile(path, flags, os.FileMode(mode))
	if err != nil {
		return fmt.Errorf("could not open log file \"%s\": %w", path, err)
	}
	if st, err := f.Stat(); err == nil {
		l.written = st.Size()
	}
	l.f, l.path, l.opened = f, path, now
	l.writeCurrentLogfiles()
	return nil
}

// writeCurrentLogfiles records the file in use, as PostgreSQL's
// current_logfiles (read by pg_current_logfile()).
func (l *logFile) writeCurrentLogfiles() {
	rel := l.path
	if r, err := filepath.Rel(l.child.DataDir, l.path); err == nil && !strings.HasPrefix(r, "..") {
		rel = r
	}
	tmp := filepath.Join(l.child.DataDir, "current_logfiles.tmp")
	if err := os.WriteFile(tmp, []byte("stderr "+rel+"\n"), 0600); err == nil {
		os.Rename(tmp, filepath.Join(l.child.DataDir, "current_logfiles"))
	}
}

func (l *logFile) write(b []byte) {
	if l.f == nil {
		os.Stderr.Write(b)
		return
	}
	n, err := l.f.Write(b)
	l.written += int64(n)
	if err != nil {
		// Keep the message: fall back to the logger's own stderr.
		os.Stderr.Write(b[n:])
	}
}

func (l *logFile) dueForRotation(now time.Time) bool {
	if age := l.child.Settings.Duration("log_rotation_age"); age > 0 && now.Sub(l.opened) >= age {
		return true
	}
	if size := l.child.Settings.Bytes("log_rotation_size"); size > 0 && l.written >= size {
		return true
	}
	return false
}

func (l *logFile) rotate(now time.Time) {
	old := l.f
	l.f = nil
	if err := l.open(now); err != nil {
		// Keep writing to the old file rather than losing messages.
		l.f = old
		fmt.Fprintf(os.Stderr, "%v\n", err)
		return
	}
	if old != nil {
		old.Close()
	}
}

func (l *logFile) close() {
	if l.f != nil {
		l.f.Close()
	}
}

// strftime formats the escapes log_filename uses.
func strftime(pattern string, t time.Time) string {
	var b strings.Builder
	for i := 0; i < len(pattern); i++ {
		if pattern[i] != '%' || i+1 == len(pattern) {
			b.WriteByte(pattern[i])
			continue
		}
		i++
		switch pattern[i] {
		case 'Y':
			fmt.Fprintf(&b, "%04d", t.Year())
		case 'y':
			fmt.Fprintf(&b, "%02d", t.Year()%100)
		case 'm':
			fmt.Fprintf(&b, "%02d", int(t.Month()))
		case 'd':
			fmt.Fprintf(&b, "%02d", t.Day())
		case 'H':
			fmt.Fprintf(&b, "%02d", t.Hour())
		case 'M':
			fmt.Fprintf(&b, "%02d", t.Minute())
		case 'S':
			fmt.Fprintf(&b, "%02d", t.Second())
		case 'j':
			fmt.Fprintf(&b, "%03d", t.YearDay())
		case 'a':
			b.WriteString(t.Format("Mon"))
		case 'A':
			b.WriteString(t.Format("Monday"))
		case 'b', 'h':
			b.WriteString(t.Format("Jan"))
		case 'B':
			b.WriteString(t.Format("January"))
		case 'u':
			wd := int(t.Weekday())
			if wd == 0 {
				wd = 7
			}
			fmt.Fprintf(&b, "%d", wd)
		case 'w':
			fmt.Fprintf(&b, "%d", int(t.Weekday()))
		case 's':
			fmt.Fprintf(&b, "%d", t.Unix())
		case 'Z':
			b.WriteString(t.Format("MST"))
		case '%':
			b.WriteByte('%')
		default:
			b.WriteByte('%')
			b.WriteByte(pattern[i])
		}
	}
	return b.String()
}
