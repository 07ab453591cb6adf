// Package tempfile makes the temporary files a backend's executor spills
// to when a sort, hash table or row store outgrows work_mem: PostgreSQL's
// fd.c temporary files (OpenTemporaryFile, FileClose, RemovePgTempFiles).
//
// Files live in the default tablespace's temporary directory,
// base/pgsql_tmp under the data directory, created on demand, and are
// named pgsql_tmp<PID>.<N> after the backend's process id and a counter,
// as PostgreSQL names them, so that a file left by a backend that died is
// recognised and removed at the next postmaster start (RemoveStale).
//
// Lifecycle: a Manager belongs to one backend. Every file it creates is
// deleted when it is closed; CloseAll closes the files still open, which
// the executor calls when a query ends or fails and the backend calls at
// transaction end and at exit. A closed file is logged when log_temp_files
// asks for it, with PostgreSQL's message. temp_file_limit bounds the total
// size of the backend's open temporary files: a write beyond it fails with
// 53400, as FileWriteV does. A Manager is used by one goroutine at a time
// (the backend's), but its bookkeeping is locked so that a file may be
// closed from a cleanup running elsewhere.
package tempfile

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/storage"
)

// Dir is the default tablespace's temporary directory relative to the data
// directory (PG_TEMP_FILES_DIR under base/).
const Dir = "base/pgsql_tmp"

// Prefix starts every temporary file's name (PG_TEMP_FILE_PREFIX).
const Prefix = "pgsql_tmp"

// Limits are the settings that govern temporary files, read when a file is
// created or grows: temp_file_limit and log_temp_files, both in kB, -1 for
// no limit and no logging.
type Limits struct {
	FileLimitKB int64
	LogMinKB    int64
	// TrackIOTiming is track_io_timing: reads and writes are timed
	// into the usage counters (CountInto).
	TrackIOTiming bool
}

// Manager creates and tracks one backend's temporary files.
type Manager struct {
	dataDir string
	pid     int
	// limits reads the current settings; nil means no limit, no logging.
	limits func() Limits
	// logf writes a LOG line to the server log.
	logf func(format string, args ...any)

	mu   sync.Mutex
	next int64
	open map[*File]struct{}
	// used is the size of every open file (temporary_files_size).
	used int64
	// dirMade records that base/pgsql_tmp exists.
	dirMade bool
	// usage, when set, counts the blocks the files read and write
	// (temp_blks_read and temp_blks_written); only the backend's
	// goroutine reads and writes files, so no lock.
	usage *storage.BufferUsage
	// onClose, when set, is told the size of each file deleted (the
	// cumulative statistics' temp_files and temp_bytes).
	onClose func(size int64)
}

// OnClose sets the function told the size of each file as it is
// deleted, as FileClose reports it (pgstat_report_tempfile).
func (m *Manager) OnClose(f func(size int64)) { m.onClose = f }

// CountInto makes the files count the blocks they read and write into
// u, the process's buffer usage (its buffer pool's), as BufFile counts
// into pgBufferUsage.
func (m *Manager) CountInto(u *storage.BufferUsage) { m.usage = u }

// NewManager returns the manager of process pid's temporary files under
// dataDir. limits and logf may be nil.
func NewManager(dataDir string, pid int, limits func() Limits, logf func(format string, args ...any)) *Manager {
	return &Manager{dataDir: dataDir, pid: pid, limits: limits, logf: logf, open: map[*File]struct{}{}}
}

func (m *Manager) currentLimits() Limits {
	if m.limits == nil {
		return Limits{FileLimitKB: -1, LogMinKB: -1}
	}
	return m.limits()
}

// File is one temporary file, written sequentially (appends) and read at
// any offset.
type File struct {
	m       *Manager
	f       *os.File
	relPath string // as logged: base/pgsql_tmp/pgsql_tmp<PID>.<N>
	size    int64
	closed  bool
}

// Create makes a new empty temporary file, creating the temporary
// directory first if needed.
func (m *Manager) Create() (*File, error) {
	m.mu.Lock()
	n := m.next
	m.next++
	needDir := !m.dirMade
	m.mu.Unlock()
	dir := filepath.Join(m.dataDir, Dir)
	if needDir {
		// PostgreSQL makes the directory on the first failure to create a
		// file in it; making it first is equivalent.
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, pgerr.Wrap(err, pgerr.CodeForFileAccess(err), "could not create directory \"%s\": %s", Dir, pgerr.Strerror(err))
		}
		m.mu.Lock()
		m.dirMade = true
		m.mu.Unlock()
	}
	name := Prefix + strconv.Itoa(m.pid) + "." + strconv.FormatInt(n, 10)
	rel := Dir + "/" + name
	f, err := os.OpenFile(filepath.Join(dir, name), os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return nil, pgerr.Wrap(err, pgerr.CodeForFileAccess(err), "could not create temporary file \"%s\": %s", rel, pgerr.Strerror(err))
	}
	tf := &File{m: m, f: f, relPath: rel}
	m.mu.Lock()
	m.open[tf] = struct{}{}
	m.mu.Unlock()
	return tf, nil
}

// Path is the file's path relative to the data directory.
func (f *File) Path() string { return f.relPath }

// Size is the file's length.
func (f *File) Size() int64 { return f.size }

// Write appends p to the file, refusing to let the backend's temporary
// files grow beyond temp_file_limit.
func (f *File) Write(p []byte) (int, error) {
	if f.closed {
		return 0, pgerr.Newf(pgerr.InternalError, "temporary file \"%s\" is closed", f.relPath)
	}
	m := f.m
	limits := m.currentLimits()
	if lim := limits.FileLimitKB; lim >= 0 {
		m.mu.Lock()
		over := m.used+int64(len(p)) > lim*1024
		m.mu.Unlock()
		if over {
			return 0, pgerr.Newf(pgerr.ConfigurationLimitExceeded, "temporary file size exceeds temp_file_limit (%dkB)", lim)
		}
	}
	var start time.Time
	if limits.TrackIOTiming {
		start = time.Now()
	}
	n, err := f.f.WriteAt(p, f.size)
	if u := m.usage; u != nil {
		if limits.TrackIOTiming {
			u.TempWriteTime += time.Since(start)
		}
		// The blocks the file grew into: BufFile writes a block at a
		// time, a partial last one included.
		u.TempWritten += blocks(f.size+int64(n)) - blocks(f.size)
	}
	f.size += int64(n)
	m.mu.Lock()
	m.used += int64(n)
	m.mu.Unlock()
	if err != nil {
		return n, pgerr.Wrap(err, pgerr.CodeForFileAccess(err), "could not write to file \"%s\": %s", f.relPath, pgerr.Strerror(err))
	}
	return n, nil
}

// ReadAt reads len(p) bytes at off (io.ReaderAt).
func (f *File) ReadAt(p []byte, off int64) (int, error) {
	var start time.Time
	timing := f.m.usage != nil && f.m.currentLimits().TrackIOTiming
	if timing {
		start = time.Now()
	}
	n, err := f.f.ReadAt(p, off)
	if u := f.m.usage; u != nil {
		if timing {
			u.TempReadTime += time.Since(start)
		}
		u.TempRead += blocks(int64(n))
	}
	if err != nil && n < len(p) && off+int64(n) < f.size {
		return n, pgerr.Wrap(err, pgerr.CodeForFileAccess(err), "could not read from file \"%s\": %s", f.relPath, pgerr.Strerror(err))
	}
	return n, err
}

// blocks is the number of BlockSize blocks n bytes occupy.
func blocks(n int64) int64 { return (n + storage.BlockSize - 1) / storage.BlockSize }

// Close deletes the file, logging it as log_temp_files asks. Closing twice
// is harmless.
func (f *File) Close() error {
	m := f.m
	m.mu.Lock()
	if f.closed {
		m.mu.Unlock()
		return nil
	}
	f.closed = true
	delete(m.open, f)
	m.used -= f.size
	m.mu.Unlock()
	closeErr := f.f.Close()
	rmErr := os.Remove(filepath.Join(m.dataDir, f.relPath))
	if m.onClose != nil {
		m.onClose(f.size)
	}
	if lim := m.currentLimits().LogMinKB; lim >= 0 && f.size/1024 >= lim && m.logf != nil {
		m.logf("temporary file: path \"%s\", size %d", f.relPath, f.size)
	}
	if rmErr != nil && !os.IsNotExist(rmErr) {
		return pgerr.Wrap(rmErr, pgerr.CodeForFileAccess(rmErr), "could not remove file \"%s\": %s", f.relPath, pgerr.Strerror(rmErr))
	}
	if closeErr != nil {
		return pgerr.Wrap(closeErr, pgerr.CodeForFileAccess(closeErr), "could not close file \"%s\": %s", f.relPath, pgerr.Strerror(closeErr))
	}
	return nil
}

// OpenCount is the number of files created and not yet closed.
func (m *Manager) OpenCount() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.open)
}

// Mark returns a token for CloseSince: the files created from now on.
func (m *Manager) Mark() int64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.next
}

// CloseAll closes (and so deletes) every open file, returning the first
// error.
func (m *Manager) CloseAll() error {
	m.mu.Lock()
	files := make([]*File, 0, len(m.open))
	for f := range m.open {
		files = append(files, f)
	}
	m.mu.Unlock()
	var first error
	for _, f := range files {
		if err := f.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// RemoveStale deletes every temporary file in dataDir's temporary
// directory, as the postmaster does at start and after a crash
// (RemovePgTempFiles): files there belong to backends that no longer run.
// Names that do not start with Prefix are left alone and reported through
// logf, as PostgreSQL does.
func RemoveStale(dataDir string, logf func(format string, args ...any)) {
	dir := filepath.Join(dataDir, Dir)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, Prefix) {
			if logf != nil {
				logf("unexpected file found in temporary-files directory: \"%s\"", Dir+"/"+name)
			}
			continue
		}
		path := filepath.Join(dir, name)
		if e.IsDir() {
			// Shared file sets (parallel query) are directories; none are
			// made here, but remove a stale one as PostgreSQL would.
			if err := os.RemoveAll(path); err != nil && logf != nil {
				logf("could not remove directory \"%s\": %s", Dir+"/"+name, pgerr.Strerror(err))
			}
			continue
		}
		if err := os.Remove(path); err != nil && !os.IsNotExist(err) && logf != nil {
			logf("could not remove file \"%s\": %s", Dir+"/"+name, pgerr.Strerror(err))
		}
	}
}

// RemoveForPID deletes the temporary files of process pid, for a backend
// that ended without closing them (the postmaster cleaning up after a
// backend that died alone).
func RemoveForPID(dataDir string, pid int) {
	dir := filepath.Join(dataDir, Dir)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	prefix := Prefix + strconv.Itoa(pid) + "."
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), prefix) && !e.IsDir() {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}
