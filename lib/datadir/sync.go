// Flushing a whole data directory to disk, as PostgreSQL's fsync_pgdata
// (src/common/file_utils.c): gpinitdb does it before reporting success,
// gpinitdb -S does only this, and gpbasebackup will do it to its copy.

package datadir

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// FsyncTree fsyncs every regular file and directory under dir, following
// the pg_wal symbolic link and the tablespace links in pg_tblspc (the only
// links a data directory may contain), directories after their contents so
// that new entries are durable. Like PostgreSQL it carries on past a file
// it cannot sync and returns the first error.
func FsyncTree(dir string) error {
	var first error
	note := func(err error) {
		if err != nil && first == nil {
			first = err
		}
	}
	var walk func(path string, followLinks bool)
	walk = func(path string, followLinks bool) {
		entries, err := os.ReadDir(path)
		if err != nil {
			note(fmt.Errorf("could not open directory \"%s\": %s", path, Strerror(err)))
			return
		}
		for _, e := range entries {
			p := filepath.Join(path, e.Name())
			typ := e.Type()
			if typ&fs.ModeSymlink != 0 {
				if !followLinks {
					continue
				}
				st, err := os.Stat(p)
				if err != nil {
					note(fmt.Errorf("could not stat file \"%s\": %s", p, Strerror(err)))
					continue
				}
				typ = st.Mode().Type()
			}
			switch {
			case typ.IsDir():
				// Links are followed only at the top level (pg_wal) and
				// directly inside pg_tblspc.
				walk(p, path == dir && e.Name() == "pg_tblspc")
			case typ.IsRegular():
				note(fsyncPath(p))
			}
		}
		note(fsyncPath(path))
	}
	walk(dir, true)
	return first
}

// fsyncPath opens path read-only and fsyncs it; directories that cannot be
// fsynced on this file system (EINVAL) are ignored, as PostgreSQL does.
func fsyncPath(path string) error {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil // removed meanwhile (pg_stat_tmp files come and go)
		}
		return fmt.Errorf("could not open file \"%s\": %s", path, Strerror(err))
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		if st, serr := f.Stat(); serr == nil && st.IsDir() {
			return nil
		}
		return fmt.Errorf("could not fsync file \"%s\": %s", path, Strerror(err))
	}
	return nil
}
