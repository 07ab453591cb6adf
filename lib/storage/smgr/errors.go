// Error reports with PostgreSQL's SQLSTATEs and message texts (md.c,
// sync.c, elog.c's errcode_for_file_access and %m).

package smgr

import (
	"errors"
	"fmt"
	"strings"
	"syscall"

	"github.com/gpostgres/gpostgres/lib/pgerr"
)

// hintDiskSpace is md.c's hint on a failed write or extension.
const hintDiskSpace = "Check free disk space."

// strerror renders an OS error as glibc's strerror does (%m): Go's errno
// texts are glibc's with a lower-case first letter.
func strerror(err error) string {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		if s := errno.Error(); s != "" {
			return strings.ToUpper(s[:1]) + s[1:]
		}
	}
	return err.Error()
}

// fileError is ereport(ERROR, (errcode_for_file_access(), errmsg(format
// ": %m", args...))): the OS error is kept as the cause.
func fileError(err error, format string, args ...any) *pgerr.Error {
	e := pgerr.Wrap(err, pgerr.CodeForFileAccess(err), format, args...)
	e.Message = fmt.Sprintf(format, args...) + ": " + strerror(err)
	return e
}

// fsyncError is the error of a failed fsync of a data file. With
// data_sync_retry = off (the only mode here) PostgreSQL PANICs: the kernel
// may have dropped the dirty pages, so retrying could report success for
// data that is gone. Recovery from WAL is the only safe way on.
func fsyncError(err error, path string) *pgerr.Error {
	return fileError(err, "could not fsync file \"%s\"", path).WithSeverity(pgerr.SeverityPanic)
}

func isNotExist(err error) bool { return errors.Is(err, syscall.ENOENT) }
