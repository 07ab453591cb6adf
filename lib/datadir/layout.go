// Layout of a data directory: file and directory names, the subdirectories
// gpinitdb creates, permissions, and the checks gpostgres makes before it
// touches anything (PostgreSQL's checkDataDir and ValidatePgVersion).

package datadir

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/gpostgres/gpostgres/lib/pgerr"
)

// MajorVersion is the PostgreSQL major version whose on-disk layout and
// protocol gpostgres implements. It is what PG_VERSION files contain.
const MajorVersion = "15"

// Names of files in the data directory, relative to it.
const (
	VersionFile         = "PG_VERSION"
	ConfigFile          = "postgresql.conf"
	AutoConfigFile      = "postgresql.auto.conf"
	HBAFile             = "pg_hba.conf"
	IdentFile           = "pg_ident.conf"
	PidFileName         = "postmaster.pid"
	OptsFileName        = "postmaster.opts"
	ControlFilePath     = "global/pg_control"
	PromoteSignalFile   = "promote"
	LogRotateSignalFile = "logrotate"
	StandbySignalFile   = "standby.signal"
	RecoverySignalFile  = "recovery.signal"
	WALDir              = "pg_wal"
)

// Database OIDs fixed at bootstrap, as in PostgreSQL 15
// (src/include/catalog/pg_database.dat and unused_oids).
const (
	Template1OID = 1
	Template0OID = 4
	PostgresOID  = 5
	// BootstrapSuperuserOID is the OID of the role gpinitdb creates
	// (BOOTSTRAP_SUPERUSERID).
	BootstrapSuperuserOID = 10
)

// Subdirectories lists the directories gpinitdb creates inside a new data
// directory, parents before children, in the order PostgreSQL 15's initdb
// creates them (its subdirs[] array) followed by the per-database
// directories its post-bootstrap CREATE DATABASE steps make. pg_wal itself
// is created separately because -X may make it a symbolic link.
var Subdirectories = []string{
	"global",
	"pg_wal/archive_status",
	"pg_commit_ts",
	"pg_dynshmem",
	"pg_notify",
	"pg_serial",
	"pg_snapshots",
	"pg_subtrans",
	"pg_twophase",
	"pg_multixact",
	"pg_multixact/members",
	"pg_multixact/offsets",
	"base",
	"base/1",
	"pg_replslot",
	"pg_tblspc",
	"pg_stat",
	"pg_stat_tmp",
	"pg_xact",
	"pg_logical",
	"pg_logical/snapshots",
	"pg_logical/mappings",
	"base/4",
	"base/5",
}

// Permissions. PostgreSQL allows either owner-only access (the default) or
// group read access (initdb -g); the mode of the data directory itself
// decides which one every file created later gets.
const (
	DirModeOwner  fs.FileMode = 0o700
	FileModeOwner fs.FileMode = 0o600
	DirModeGroup  fs.FileMode = 0o750
	FileModeGroup fs.FileMode = 0o640
	modeMaskGroup fs.FileMode = 0o027 // S_IWGRP | S_IRWXO: never allowed
	modeGroupRead fs.FileMode = 0o050
	modeMaskOwner fs.FileMode = 0o077
	hintInitdb                = "You might need to initdb."
)

// Perms are the modes used for new files and directories in one data
// directory.
type Perms struct {
	Dir  fs.FileMode
	File fs.FileMode
	// Umask is the mask PostgreSQL sets with umask() once it has looked at
	// the data directory's mode: 0077, or 0027 with group access.
	Umask fs.FileMode
}

// PermsFromMode returns the creation modes matching a data directory whose
// mode is m, as PostgreSQL's SetDataDirectoryCreatePerm does: group access
// is granted to new files only when the directory itself grants it.
func PermsFromMode(m fs.FileMode) Perms {
	if m.Perm()&modeGroupRead == modeGroupRead {
		return Perms{Dir: DirModeGroup, File: FileModeGroup, Umask: modeMaskGroup}
	}
	return Perms{Dir: DirModeOwner, File: FileModeOwner, Umask: modeMaskOwner}
}

// DirPerms returns the creation modes for files inside dir; owner-only when
// dir cannot be examined.
func DirPerms(dir string) Perms {
	st, err := os.Stat(dir)
	if err != nil {
		return PermsFromMode(DirModeOwner)
	}
	return PermsFromMode(st.Mode())
}

// CheckDataDir verifies that dir is usable as a data directory before a
// server starts in it, and returns its absolute, cleaned path. The checks
// and messages are PostgreSQL's checkDataDir and ValidatePgVersion: it must
// exist, be a directory owned by the effective user, grant nothing beyond
// u=rwx or u=rwx,g=rx, and contain a PG_VERSION file naming this major
// version. All failures are FATAL.
func CheckDataDir(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", pgerr.Fatalf(pgerr.InternalError, "could not determine absolute path of \"%s\": %v", dir, err)
	}
	var st syscall.Stat_t
	if err := syscall.Stat(abs, &st); err != nil {
		if errors.Is(err, syscall.ENOENT) {
			return "", pgerr.Fatalf(pgerr.CodeForFileAccess(err), "data directory \"%s\" does not exist", abs)
		}
		return "", pgerr.Fatalf(pgerr.CodeForFileAccess(err), "could not read permissions of directory \"%s\": %s", abs, Strerror(err))
	}
	if st.Mode&syscall.S_IFMT != syscall.S_IFDIR {
		return "", pgerr.Fatalf(pgerr.ObjectNotInPrerequisiteState, "specified data directory \"%s\" is not a directory", abs)
	}
	if int(st.Uid) != os.Geteuid() {
		return "", pgerr.Fatalf(pgerr.ObjectNotInPrerequisiteState, "data directory \"%s\" has wrong ownership", abs).
			WithHint("The server must be started by the user that owns the data directory.")
	}
	if fs.FileMode(st.Mode).Perm()&modeMaskGroup != 0 {
		return "", pgerr.Fatalf(pgerr.ObjectNotInPrerequisiteState, "data directory \"%s\" has invalid permissions", abs).
			WithDetail("Permissions should be u=rwx (0700) or u=rwx,g=rx (0750).")
	}
	if err := ValidateVersion(abs); err != nil {
		return "", err
	}
	return abs, nil
}

// ValidateVersion checks that dir/PG_VERSION exists and names MajorVersion,
// with PostgreSQL's ValidatePgVersion messages.
func ValidateVersion(dir string) error {
	full := filepath.Join(dir, VersionFile)
	f, err := os.Open(full)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return pgerr.Fatalf(pgerr.ObjectNotInPrerequisiteState, "\"%s\" is not a valid data directory", dir).
				WithDetail("File \"%s\" is missing.", full)
		}
		return pgerr.Fatalf(pgerr.CodeForFileAccess(err), "could not open file \"%s\": %s", full, Strerror(err))
	}
	defer f.Close()
	line, _ := bufio.NewReader(f).ReadString('\n')
	line = strings.TrimSpace(line)
	major, _, _ := strings.Cut(line, ".")
	if _, err := strconv.Atoi(major); err != nil {
		return pgerr.Fatalf(pgerr.ObjectNotInPrerequisiteState, "\"%s\" is not a valid data directory", dir).
			WithDetail("File \"%s\" does not contain valid data.", full).
			WithHint(hintInitdb)
	}
	if major != MajorVersion {
		return pgerr.Fatalf(pgerr.ObjectNotInPrerequisiteState, "database files are incompatible with server").
			WithDetail("The data directory was initialized by PostgreSQL version %s, which is not compatible with this version %s.", line, MajorVersion)
	}
	return nil
}

// WriteVersionFile writes "15\n" to dir/PG_VERSION, as initdb does in the
// data directory and in every database directory under base/.
func WriteVersionFile(dir string, mode fs.FileMode) error {
	return writeFileSync(filepath.Join(dir, VersionFile), []byte(MajorVersion+"\n"), mode, true)
}

// IsDataDir reports whether dir looks like a data directory: it has a
// PG_VERSION file. It is pg_ctl's test ("is not a database cluster
// directory").
func IsDataDir(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, VersionFile))
	return err == nil
}

// Strerror renders an OS error the way C's strerror (%m) does: "No such
// file or directory", not Go's "open x: no such file or directory".
func Strerror(err error) string {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		s := errno.Error()
		if s != "" {
			return strings.ToUpper(s[:1]) + s[1:]
		}
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return Strerror(pe.Err)
	}
	return err.Error()
}

// writeFileSync creates (or truncates) path with data and mode, and fsyncs
// it when sync is set.
func writeFileSync(path string, data []byte, mode fs.FileMode, sync bool) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, mode)
	if err != nil {
		return pgerr.Fatalf(pgerr.CodeForFileAccess(err), "could not create file \"%s\": %s", path, Strerror(err))
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return pgerr.Fatalf(pgerr.CodeForFileAccess(err), "could not write file \"%s\": %s", path, Strerror(err))
	}
	if sync {
		if err := f.Sync(); err != nil {
			f.Close()
			return pgerr.Fatalf(pgerr.CodeForFileAccess(err), "could not fsync file \"%s\": %s", path, Strerror(err))
		}
	}
	if err := f.Close(); err != nil {
		return pgerr.Fatalf(pgerr.CodeForFileAccess(err), "could not close file \"%s\": %s", path, Strerror(err))
	}
	return nil
}

// SyncDir fsyncs a directory so that entries created or renamed in it are
// durable.
func SyncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("could not open directory \"%s\": %s", dir, Strerror(err))
	}
	defer f.Close()
	if err := f.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) {
		return fmt.Errorf("could not fsync file \"%s\": %s", dir, Strerror(err))
	}
	return nil
}
