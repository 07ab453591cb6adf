// Removal of temporary relations' files left by backends that did not
// end cleanly (PostgreSQL's RemovePgTempRelationFiles, fd.c): the
// postmaster runs it before the startup process, at every start and
// after a crash, when nothing can be using them.

package smgr

import (
	"os"
	"path/filepath"
	"strings"
)

// RemoveTempRelationFiles removes every temporary relation file
// (t<backend>_<relfilenode>, any fork or segment) from the database
// directories under base/, returning the problems met, which the caller
// logs: a file that cannot be removed is left for the next start.
func RemoveTempRelationFiles(dataDir string) []error {
	base := filepath.Join(dataDir, "base")
	dbs, err := os.ReadDir(base)
	if err != nil {
		if os.IsNotExist(err) {
			return nil
		}
		return []error{err}
	}
	var errs []error
	for _, db := range dbs {
		if !db.IsDir() {
			continue
		}
		dir := filepath.Join(base, db.Name())
		files, err := os.ReadDir(dir)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, f := range files {
			if !LooksLikeTempRelName(f.Name()) {
				continue
			}
			if err := os.Remove(filepath.Join(dir, f.Name())); err != nil && !os.IsNotExist(err) {
				errs = append(errs, err)
			}
		}
	}
	return errs
}

// LooksLikeTempRelName reports whether a file name is a temporary
// relation's: "t", digits, "_", digits, optionally a fork suffix, then
// optionally "." and a segment number (looks_like_temp_rel_name).
func LooksLikeTempRelName(name string) bool {
	rest, ok := strings.CutPrefix(name, "t")
	if !ok {
		return false
	}
	digits := func(s string) (string, bool) {
		i := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return s[i:], i > 0
	}
	if rest, ok = digits(rest); !ok {
		return false
	}
	if rest, ok = strings.CutPrefix(rest, "_"); !ok {
		return false
	}
	if rest, ok = digits(rest); !ok {
		return false
	}
	for _, suffix := range []string{"_fsm", "_vm", "_init"} {
		if r, cut := strings.CutPrefix(rest, suffix); cut {
			rest = r
			break
		}
	}
	if rest == "" {
		return true
	}
	if rest, ok = strings.CutPrefix(rest, "."); !ok {
		return false
	}
	rest, ok = digits(rest)
	return ok && rest == ""
}
