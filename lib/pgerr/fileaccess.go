// SQLSTATEs for operating-system errors on files.

package pgerr

import (
	"errors"
	"strings"
	"syscall"
)

// CodeForFileAccess maps an operating-system error to a SQLSTATE as
// PostgreSQL's errcode_for_file_access does, so a failed open, read, write
// or fsync reports the code PostgreSQL would.
func CodeForFileAccess(err error) string {
	var errno syscall.Errno
	if !errors.As(err, &errno) {
		return InternalError
	}
	switch errno {
	case syscall.EPERM, syscall.EACCES, syscall.EROFS:
		return InsufficientPrivilege
	case syscall.ENOENT:
		return UndefinedFile
	case syscall.EEXIST:
		return DuplicateFile
	case syscall.ENOTDIR, syscall.EISDIR, syscall.ENOTEMPTY:
		return WrongObjectType
	case syscall.ENOSPC:
		return DiskFull
	case syscall.ENFILE, syscall.EMFILE:
		return InsufficientResources
	case syscall.EIO:
		return IoError
	}
	return InternalError
}

// Strerror renders an OS error as glibc's strerror does (%m in
// PostgreSQL's messages): Go's errno texts are glibc's with a lower-case
// first letter.
func Strerror(err error) string {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		if s := errno.Error(); s != "" {
			return strings.ToUpper(s[:1]) + s[1:]
		}
	}
	return err.Error()
}
