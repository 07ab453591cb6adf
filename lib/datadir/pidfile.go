// Lock files: postmaster.pid in the data directory and .s.PGSQL.<port>.lock
// beside each Unix socket. Their format and the rules for taking them over
// from a dead server are PostgreSQL's (src/include/utils/pidfile.h and
// CreateLockFile in src/backend/utils/init/miscinit.c), because pg_ctl,
// monitoring scripts and humans read them.

package datadir

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"golang.org/x/sys/unix"
)

// Line numbers (1-based) of postmaster.pid, as pidfile.h's
// LOCK_FILE_LINE_* constants. Lines 1-5 are written when the file is
// created; 6-8 are added by the postmaster as start-up proceeds.
const (
	PidLinePID        = 1 // postmaster PID (negative: single-user backend)
	PidLineDataDir    = 2 // absolute data directory path
	PidLineStartTime  = 3 // start time, seconds since the epoch
	PidLinePort       = 4 // port number
	PidLineSocketDir  = 5 // first Unix socket directory, or empty
	PidLineListenAddr = 6 // first listen_addresses entry, or empty
	PidLineShmemKey   = 7 // shared memory key line
	PidLineStatus     = 8 // one of the Status* values
)

// Values of line 8 (PM_STATUS_*). They are padded to the same width so that
// rewriting the line in place never changes the file's length.
const (
	StatusStarting = "starting" // still starting up
	StatusStopping = "stopping" // in shutdown sequence
	StatusReady    = "ready   " // ready for connections
	StatusStandby  = "standby " // up, won't accept connections
)

// PidInfo is the content of a lock file. Empty trailing fields are not
// written (a lock file may legitimately have 5, 6, 7 or 8 lines, because
// the postmaster adds lines as start-up proceeds).
type PidInfo struct {
	PID        int    // negative for a single-user backend, as PostgreSQL
	DataDir    string // absolute path
	StartTime  int64  // seconds since the epoch
	Port       int
	SocketDir  string
	ListenAddr string
	ShmemKey   string // PostgreSQL writes "%9lu %9lu" (key and id)
	Status     string // StatusStarting, StatusReady, ...
}

// IsReady reports whether line 8 says the server accepts connections, the
// test pg_ctl -w makes ("ready" or "standby").
func (p *PidInfo) IsReady() bool {
	return p.Status == StatusReady || p.Status == StatusStandby
}

// Errors ReadPidFile returns besides the OS's (fs.ErrNotExist when there is
// no lock file). They are matched with errors.Is.
var (
	ErrPidFileEmpty   = errors.New("lock file is empty")
	ErrPidFileInvalid = errors.New("invalid data in lock file")
)

// PidFilePath returns the path of dir/postmaster.pid.
func PidFilePath(dir string) string { return filepath.Join(dir, PidFileName) }

// SocketLockPath returns the lock file path for the Unix socket of port in
// socketDir: "<socketDir>/.s.PGSQL.<port>.lock".
func SocketLockPath(socketDir string, port int) string {
	return filepath.Join(socketDir, fmt.Sprintf(".s.PGSQL.%d.lock", port))
}

// lines renders info in the file format. Lines 1-5 are always present, as
// PostgreSQL writes them at creation; later lines only up to the last
// non-empty one.
func (p *PidInfo) lines() []string {
	l := []string{
		strconv.Itoa(p.PID), p.DataDir, strconv.FormatInt(p.StartTime, 10),
		strconv.Itoa(p.Port), p.SocketDir,
	}
	extra := []string{p.ListenAddr, p.ShmemKey, p.Status}
	last := -1
	for i, s := range extra {
		if s != "" {
			last = i
		}
	}
	return append(l, extra[:last+1]...)
}

func (p *PidInfo) encode() []byte {
	return []byte(strings.Join(p.lines(), "\n") + "\n")
}

// parsePidInfo parses a lock file's content. Missing lines leave fields
// zero; only line 1 must be valid.
func parsePidInfo(data []byte) (*PidInfo, error) {
	if len(data) == 0 {
		return nil, ErrPidFileEmpty
	}
	lines := strings.Split(string(data), "\n")
	if len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	field := func(n int) string {
		if n <= len(lines) {
			return lines[n-1]
		}
		return ""
	}
	pid, err := strconv.Atoi(strings.TrimSpace(field(PidLinePID)))
	if err != nil || pid == 0 {
		return nil, ErrPidFileInvalid
	}
	info := &PidInfo{
		PID:        pid,
		DataDir:    field(PidLineDataDir),
		SocketDir:  field(PidLineSocketDir),
		ListenAddr: field(PidLineListenAddr),
		ShmemKey:   field(PidLineShmemKey),
		Status:     field(PidLineStatus),
	}
	info.StartTime, _ = strconv.ParseInt(strings.TrimSpace(field(PidLineStartTime)), 10, 64)
	info.Port, _ = strconv.Atoi(strings.TrimSpace(field(PidLinePort)))
	return info, nil
}

// CreatePidFile takes the data directory lock: it creates dir/postmaster.pid
// exclusively and writes info into it. A leftover file naming a process that
// no longer exists (or ourselves, our parent, or the grandparent pg_ctl
// announces in PG_GRANDPARENT_PID: PIDs are reused across reboots) is
// replaced; one naming a live process is refused with PostgreSQL's FATAL
// "lock file "postmaster.pid" already exists" and its HINT.
//
// The caller must remove the file (RemovePidFile) when it exits; until then
// it is the proof that this data directory is in use.
func CreatePidFile(dir string, info PidInfo) error {
	if info.DataDir == "" {
		info.DataDir = dir
	}
	return createLockFile(PidFilePath(dir), PidFileName, dir, true, info.encode(), DirPerms(dir).File)
}

// CreateSocketLock takes the lock for one Unix socket; path is the lock
// file's path ("/tmp/.s.PGSQL.5432.lock", see SocketLockPath) and the
// socket is path without ".lock". Call it before binding the socket: once
// it succeeds, no live server uses that socket and a leftover socket file
// may be removed. Fields of info left zero are filled in as PostgreSQL
// writes them: the start time (now), the port and the socket directory
// (from path). A stale lock is replaced; a live one is refused with
// PostgreSQL's "lock file ... already exists" and a HINT naming the socket.
func CreateSocketLock(path string, info PidInfo) error {
	if info.StartTime == 0 {
		info.StartTime = time.Now().Unix()
	}
	if info.SocketDir == "" {
		info.SocketDir = filepath.Dir(path)
	}
	if info.Port == 0 {
		base := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(path), ".s.PGSQL."), ".lock")
		info.Port, _ = strconv.Atoi(base)
	}
	// Only lines 1-5 belong in a socket lock file.
	info.ListenAddr, info.ShmemKey, info.Status = "", "", ""
	mode := FileModeOwner
	if info.DataDir != "" {
		mode = DirPerms(info.DataDir).File
	}
	return createLockFile(path, path, strings.TrimSuffix(path, ".lock"), false, info.encode(), mode)
}

// createLockFile is PostgreSQL's CreateLockFile. name is how messages name
// the file, ref what the HINT names (the data directory or the socket).
func createLockFile(path, name, ref string, isDataDir bool, content []byte, mode fs.FileMode) error {
	self, parent := os.Getpid(), os.Getppid()
	grandparent := 0
	if s := os.Getenv("PG_GRANDPARENT_PID"); s != "" {
		grandparent, _ = strconv.Atoi(s)
	}

	// A loop, because another would-be creator may race us between the
	// unlink of a stale file and our create; PostgreSQL tries 100 times.
	var f *os.File
	for try := 0; ; try++ {
		var err error
		f, err = os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, mode)
		if err == nil {
			break
		}
		if (!errors.Is(err, syscall.EEXIST) && !errors.Is(err, syscall.EACCES)) || try > 100 {
			return pgerr.Fatalf(pgerr.CodeForFileAccess(err), "could not create lock file \"%s\": %s", name, Strerror(err))
		}

		// The file exists: read it to see whether its owner is alive.
		data, err := os.ReadFile(path)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				continue // gone meanwhile: try again
			}
			return pgerr.Fatalf(pgerr.CodeForFileAccess(err), "could not open lock file \"%s\": %s", name, Strerror(err))
		}
		if len(data) == 0 {
			return pgerr.Fatalf(pgerr.LockFileExists, "lock file \"%s\" is empty", name).
				WithHint("Either another server is starting, or the lock file is the remnant of a previous server startup crash.")
		}
		first, _, _ := strings.Cut(string(data), "\n")
		encoded, convErr := strconv.Atoi(strings.TrimSpace(first))
		other := encoded
		if other < 0 {
			other = -other
		}
		if convErr != nil || other <= 0 {
			return pgerr.Fatalf(pgerr.InternalError, "bogus data in lock file \"%s\": \"%s\"", name, string(data))
		}

		if other != self && other != parent && other != grandparent && pidAlive(other) {
			who := "postmaster"
			if encoded < 0 {
				who = "postgres"
			}
			e := pgerr.Fatalf(pgerr.LockFileExists, "lock file \"%s\" already exists", name)
			if isDataDir {
				return e.WithHint("Is another %s (PID %d) running in data directory \"%s\"?", who, other, ref)
			}
			return e.WithHint("Is another %s (PID %d) using socket file \"%s\"?", who, other, ref)
		}

		// PostgreSQL also refuses when the shared memory segment named in
		// line 7 is still attached by orphaned backends. gpostgres's memfd
		// segment has no key to look up; its children notice the
		// postmaster's death on their own (see README.md).

		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return pgerr.Fatalf(pgerr.CodeForFileAccess(err), "could not remove old lock file \"%s\": %s", name, Strerror(err)).
				WithHint("The file seems accidentally left over, but it could not be removed. Please remove the file by hand and try again.")
		}
	}

	if _, err := f.Write(content); err != nil {
		f.Close()
		os.Remove(path)
		return pgerr.Fatalf(pgerr.CodeForFileAccess(err), "could not write lock file \"%s\": %s", name, Strerror(err))
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(path)
		return pgerr.Fatalf(pgerr.CodeForFileAccess(err), "could not write lock file \"%s\": %s", name, Strerror(err))
	}
	if err := f.Close(); err != nil {
		os.Remove(path)
		return pgerr.Fatalf(pgerr.CodeForFileAccess(err), "could not write lock file \"%s\": %s", name, Strerror(err))
	}
	return nil
}

// pidAlive is kill(pid, 0) with PostgreSQL's reading of the result: EPERM
// means another user's process, which cannot be a postmaster using our
// (0700) data directory, so it counts as dead.
// A zombie counts as dead too: a postmaster killed by SIGKILL stays one
// until its parent reaps it, and in containers whose init never reaps, that
// is forever.
func pidAlive(pid int) bool {
	err := unix.Kill(pid, 0)
	if err != nil {
		return err != unix.ESRCH && err != unix.EPERM
	}
	return !isZombie(pid)
}

// isZombie reads the process state from /proc/<pid>/stat.
func isZombie(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	i := bytes.LastIndexByte(b, ')')
	return i >= 0 && i+2 < len(b) && b[i+2] == 'Z'
}

// PidAlive reports whether a process with this PID exists and could be a
// server of ours, by the rule lock files use (kill(pid, 0); EPERM counts as
// dead).
func PidAlive(pid int) bool { return pid > 0 && pidAlive(pid) }

// AddPidLine rewrites line number line (1-based, see PidLine*) of
// dir/postmaster.pid with value, adding empty lines before it if the file
// is shorter and keeping the lines after it, as PostgreSQL's
// AddToDataDirLockFile. The new content is written with a single write at
// offset 0 so that readers (pg_ctl polling line 8) never see a torn file.
func AddPidLine(dir string, line int, value string) error {
	return addLockLine(PidFilePath(dir), PidFileName, line, value)
}

// SetPidStatus rewrites line 8 of dir/postmaster.pid (StatusStarting,
// StatusReady, StatusStandby or StatusStopping).
func SetPidStatus(dir, status string) error {
	return AddPidLine(dir, PidLineStatus, status)
}

func addLockLine(path, name string, line int, value string) error {
	if line < 1 || strings.Contains(value, "\n") {
		return pgerr.Newf(pgerr.InternalError, "invalid line %d for lock file \"%s\"", line, name)
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return pgerr.Newf(pgerr.CodeForFileAccess(err), "could not open file \"%s\": %s", name, Strerror(err))
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		return pgerr.Newf(pgerr.CodeForFileAccess(err), "could not read from file \"%s\": %s", name, Strerror(err))
	}
	src := string(data)
	// Keep the lines before the target verbatim.
	pos, lineno := 0, 1
	for ; lineno < line; lineno++ {
		eol := strings.IndexByte(src[pos:], '\n')
		if eol < 0 {
			break
		}
		pos += eol + 1
	}
	var b strings.Builder
	b.WriteString(src[:pos])
	// The file ended early: pad with empty lines, as PostgreSQL does when
	// lines are added out of order.
	for ; lineno < line; lineno++ {
		b.WriteByte('\n')
	}
	b.WriteString(value)
	b.WriteByte('\n')
	if eol := strings.IndexByte(src[pos:], '\n'); eol >= 0 {
		b.WriteString(src[pos+eol+1:])
	}
	out := []byte(b.String())
	if _, err := f.WriteAt(out, 0); err != nil {
		return pgerr.Newf(pgerr.CodeForFileAccess(err), "could not write to file \"%s\": %s", name, Strerror(err))
	}
	if len(out) < len(data) {
		if err := f.Truncate(int64(len(out))); err != nil {
			return pgerr.Newf(pgerr.CodeForFileAccess(err), "could not write to file \"%s\": %s", name, Strerror(err))
		}
	}
	if err := f.Sync(); err != nil {
		return pgerr.Newf(pgerr.CodeForFileAccess(err), "could not write to file \"%s\": %s", name, Strerror(err))
	}
	return nil
}

// ReadPidFile reads dir/postmaster.pid. When there is none the error
// matches fs.ErrNotExist; an empty file gives ErrPidFileEmpty and one whose
// first line is not a PID ErrPidFileInvalid (pg_ctl reports each one
// differently).
func ReadPidFile(dir string) (*PidInfo, error) {
	return ReadLockFile(PidFilePath(dir))
}

// ReadLockFile reads any lock file (postmaster.pid or a socket lock).
func ReadLockFile(path string) (*PidInfo, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	info, err := parsePidInfo(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return info, nil
}

// RemovePidFile removes dir/postmaster.pid. The postmaster calls it last,
// after its children are gone and the control file says "shut down":
// pg_ctl stop returns as soon as the file disappears.
func RemovePidFile(dir string) error {
	err := os.Remove(PidFilePath(dir))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// RemoveSocketLock removes a socket lock file (path as given to
// CreateSocketLock).
func RemoveSocketLock(path string) error {
	err := os.Remove(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// TouchSocketLock updates a socket lock file's access and modification
// times. PostgreSQL does it every 58 minutes (TouchSocketLockFiles) so
// that /tmp cleaners do not remove the lock of a running server.
func TouchSocketLock(path string) error {
	now := time.Now()
	return os.Chtimes(path, now, now)
}

// RecheckPidFile reports whether dir/postmaster.pid still names pid. A
// postmaster calls it about once a minute (PostgreSQL's
// RecheckDataDirLockFile) and shuts down when it returns false: someone
// removed the data directory or started another server over it. Errors
// other than "gone" count as OK, as in PostgreSQL, to avoid shutting a
// server down over a transient problem.
func RecheckPidFile(dir string, pid int) bool {
	data, err := os.ReadFile(PidFilePath(dir))
	if err != nil {
		return !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR)
	}
	info, err := parsePidInfo(data)
	if err != nil {
		return false
	}
	return info.PID == pid || info.PID == -pid
}
