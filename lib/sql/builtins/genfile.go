// This file holds the generic file access functions of PostgreSQL 15's
// genfile.c: pg_read_file, pg_read_binary_file, pg_stat_file and
// pg_ls_dir. Their EXECUTE is granted to superusers only, which every
// gpostgres role is (there is no CREATE ROLE), so any path is allowed, as
// for a member of pg_read_server_files; a relative path is relative to
// the data directory, the server's working directory in PostgreSQL.

package builtins

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"time"
	"unicode/utf8"

	"github.com/gpostgres/gpostgres/lib/datadir"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// serverPath is convert_and_check_filename for a superuser: the name
// canonicalized (as messages show it) and the path to open.
func serverPath(ec *expr.EvalContext, fn, name string) (shown, path string, err error) {
	f, err := serverFiles(ec, fn)
	if err != nil {
		return "", "", err
	}
	shown = canonicalizePath(name)
	path = shown
	if !filepath.IsAbs(path) {
		path = filepath.Join(f.DataDir(), path)
	}
	return shown, path, nil
}

// canonicalizePath is canonicalize_path for the paths of these
// functions: "." components, doubled and trailing slashes go, ".." stays
// where it cannot be resolved.
func canonicalizePath(p string) string {
	if p == "" {
		return p
	}
	return filepath.Clean(p)
}

func fileAccessError(format, name string, err error) error {
	return pgerr.Newf(pgerr.CodeForFileAccess(err), format, name, datadir.Strerror(err))
}

// readBinaryFile is read_binary_file: length bytes from offset (from the
// end when negative), to the end when length is negative; nil for a
// missing file when missingOK.
func readBinaryFile(shown, path string, offset, length int64, missingOK bool) ([]byte, error) {
	if length < 0 && offset < 0 {
		length = -offset
	}
	if length > maxAllocSize-varHdrSz {
		return nil, pgerr.New(pgerr.InvalidParameterValue, "requested length too large")
	}
	file, err := os.Open(path)
	if err != nil {
		if missingOK && errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, fileAccessError("could not open file \"%s\" for reading: %s", shown, err)
	}
	defer file.Close()
	whence := io.SeekStart
	if offset < 0 {
		whence = io.SeekEnd
	}
	if _, err := file.Seek(offset, whence); err != nil {
		return nil, fileAccessError("could not seek in file \"%s\": %s", shown, err)
	}
	if length < 0 {
		// The rest of the file, however long it turns out to be.
		buf, err := io.ReadAll(io.LimitReader(file, maxAllocSize-varHdrSz+1))
		if err != nil {
			return nil, fileAccessError("could not read file \"%s\": %s", shown, err)
		}
		if len(buf) > maxAllocSize-varHdrSz {
			return nil, pgerr.New(pgerr.ProgramLimitExceeded, "file length too large")
		}
		return buf, nil
	}
	buf := make([]byte, length)
	n, err := io.ReadFull(file, buf)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, fileAccessError("could not read file \"%s\": %s", shown, err)
	}
	return buf[:n], nil
}

// readFile is the pg_read_file and pg_read_binary_file family: args are
// the file name, then offset and length (both or neither), then
// missing_ok.
func readFile(fn string, text bool) func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
	return func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		offset, length, missingOK := int64(0), int64(-1), false
		if len(a) >= 3 {
			offset, length = a[1].Int(), a[2].Int()
			if length < 0 {
				return types.Null, pgerr.New(pgerr.InvalidParameterValue, "requested length cannot be negative")
			}
		}
		if len(a) == 4 || len(a) == 2 {
			missingOK = a[len(a)-1].Bool()
		}
		shown, path, err := serverPath(ec, fn, a[0].Text())
		if err != nil {
			return types.Null, err
		}
		b, err := readBinaryFile(shown, path, offset, length, missingOK)
		if err != nil || b == nil {
			return types.Null, err
		}
		if !text {
			return types.Bytes(b), nil
		}
		// The text must be valid in the database encoding (UTF8).
		if !utf8.Valid(b) {
			return types.Null, invalidUTF8(b)
		}
		return types.Text(string(b)), nil
	}
}

// invalidUTF8 is pg_verifymbstr's error for the first bad sequence.
func invalidUTF8(b []byte) error {
	i := 0
	for i < len(b) {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			break
		}
		i += size
	}
	return types.InvalidByteSequence("UTF8", string(b[i:]))
}

// statFile is pg_stat_file: size, access, modification and change
// times, creation time (NULL but on Windows) and whether it is a
// directory; no row for a missing file when missing_ok.
func statFile(ec *expr.EvalContext, a []types.Datum) (func() ([]types.Datum, bool, error), error) {
	shown, path, err := serverPath(ec, "pg_stat_file", a[0].Text())
	if err != nil {
		return nil, err
	}
	st, err := os.Stat(path)
	if err != nil {
		if len(a) > 1 && a[1].Bool() && errors.Is(err, fs.ErrNotExist) {
			return rowsOf([][]types.Datum{nullRecord}), nil
		}
		return nil, fileAccessError("could not stat file \"%s\": %s", shown, err)
	}
	at, ct := st.ModTime(), st.ModTime()
	if sys, ok := st.Sys().(*syscall.Stat_t); ok {
		at = time.Unix(sys.Atim.Sec, sys.Atim.Nsec)
		ct = time.Unix(sys.Ctim.Sec, sys.Ctim.Nsec)
	}
	// The times are whole seconds (time_t).
	ts := func(t time.Time) types.Datum { return unixTimestamptz(t.Unix()) }
	row := []types.Datum{types.Int(st.Size()), ts(at), ts(st.ModTime()), ts(ct), types.Null, types.Bool(st.IsDir())}
	return rowsOf([][]types.Datum{row}), nil
}

// lsDir is pg_ls_dir: the names in a directory in the order the
// directory lists them, "." and ".." only with include_dot_dirs; no rows
// for a missing directory when missing_ok.
func lsDir(ec *expr.EvalContext, a []types.Datum) (func() (types.Datum, bool, error), error) {
	shown, path, err := serverPath(ec, "pg_ls_dir", a[0].Text())
	if err != nil {
		return nil, err
	}
	missingOK, dots := false, false
	if len(a) == 3 {
		missingOK, dots = a[1].Bool(), a[2].Bool()
	}
	dir, err := os.Open(path)
	if err != nil {
		if missingOK && errors.Is(err, fs.ErrNotExist) {
			return func() (types.Datum, bool, error) { return types.Null, false, nil }, nil
		}
		return nil, fileAccessError("could not open directory \"%s\": %s", shown, err)
	}
	defer dir.Close()
	if st, err := dir.Stat(); err == nil && !st.IsDir() {
		return nil, fileAccessError("could not open directory \"%s\": %s", shown, syscall.ENOTDIR)
	}
	// readdir's order, as PostgreSQL's ReadDir gives it.
	names, err := dir.Readdirnames(-1)
	if err != nil {
		return nil, fileAccessError("could not read directory \"%s\": %s", shown, err)
	}
	if dots {
		names = append([]string{".", ".."}, names...)
	}
	return func() (types.Datum, bool, error) {
		if len(names) == 0 {
			return types.Null, false, nil
		}
		n := names[0]
		names = names[1:]
		return types.Text(n), true, nil
	}, nil
}

// rotateLogfile is pg_rotate_logfile (pg_rotate_logfile_v2).
func rotateLogfile(ec *expr.EvalContext, _ []types.Datum) (types.Datum, error) {
	r, ok := ec.Session.(expr.LogRotator)
	if !ok {
		return types.Null, pgerr.New(pgerr.FeatureNotSupported, "pg_rotate_logfile() is not supported without a server")
	}
	done, err := r.RotateLogfile()
	if err != nil {
		return types.Null, err
	}
	return types.Bool(done), nil
}

func addGenfileImpls(m map[string]implEntry) {
	m["pg_rotate_logfile_v2"] = sess(rotateLogfile)
	m["pg_read_file_all"] = sess(readFile("pg_read_file", true))
	m["pg_read_file_off_len"] = sess(readFile("pg_read_file", true))
	m["pg_read_file_v2"] = sess(readFile("pg_read_file", true))
	m["pg_read_binary_file_all"] = sess(readFile("pg_read_binary_file", false))
	m["pg_read_binary_file_off_len"] = sess(readFile("pg_read_binary_file", false))
	m["pg_read_binary_file"] = sess(readFile("pg_read_binary_file", false))
}

func addGenfileSRFs(r *registry) {
	r.rowSRFs["pg_stat_file_1arg"] = statFile
	r.rowSRFs["pg_stat_file"] = statFile
	r.srfs["pg_ls_dir_1arg"] = lsDir
	r.srfs["pg_ls_dir"] = lsDir
}
