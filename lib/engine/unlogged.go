// Unlogged relations: the init fork each one gets when its storage is
// made (WAL-logged and synced, unlike the rest of the relation), and the
// reset crash recovery applies to them (PostgreSQL's
// heap_create_init_fork, btbuildempty and storage/file/reinit.c).

package engine

import (
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/gpostgres/gpostgres/lib/access/xlog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/page"
)

// CreateInitFork makes the init fork of an unlogged relation, holding
// pages (none for a heap; an index's empty metapage, a sequence's first
// page): its creation and every page are WAL-logged, and the file is
// synced at once, so that crash recovery finds it whatever happened to
// the relation's other forks. Crash recovery copies it over the main fork.
func (e *Engine) CreateInitFork(rel storage.RelFileLocator, pages [][]byte) error {
	b := xlog.NewRecord(xlog.RmgrSmgr, smgrCreate)
	b.SetMainData(encodeLocator(rel, uint32(storage.InitFork)))
	if _, err := e.WALH.Insert(b); err != nil {
		return err
	}
	if err := e.Smgr.Create(rel, storage.InitFork, false); err != nil {
		return err
	}
	for _, content := range pages {
		buf, blk, err := e.Pool.ExtendRelation(rel, storage.InitFork)
		if err != nil {
			return err
		}
		e.Owner.EnterCritical()
		dst := page.Page(e.Pool.Page(buf))
		copy(dst, content)
		e.Pool.MarkDirty(buf)
		rb := xlog.NewRecord(xlog.RmgrXLOG, xlog.InfoFPI)
		rb.RegisterBuffer(0, rel, storage.InitFork, blk, dst, xlog.RegBufForceImage|xlog.RegBufStandard)
		lsn, err := e.WALH.Insert(rb)
		if err != nil {
			return pgerr.As(err).WithSeverity(pgerr.SeverityPanic)
		}
		dst.SetLSN(lsn)
		e.Owner.ExitCritical()
		err = e.Pool.FlushBuffer(buf)
		e.Pool.UnlockRelease(buf)
		if err != nil {
			return err
		}
	}
	return e.Smgr.ImmediateSync(rel, storage.InitFork)
}

// unloggedRelations lists, per database directory under base/, the
// relfilenodes that have an init fork: the unlogged relations.
func unloggedRelations(dataDir string) (map[uint32][]uint32, error) {
	base := filepath.Join(dataDir, "base")
	dbs, err := os.ReadDir(base)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, nil
		}
		return nil, err
	}
	found := map[uint32][]uint32{}
	for _, d := range dbs {
		db, err := strconv.ParseUint(d.Name(), 10, 32)
		if !d.IsDir() || err != nil {
			continue
		}
		files, err := os.ReadDir(filepath.Join(base, d.Name()))
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			node, ok := strings.CutSuffix(f.Name(), "_init")
			if !ok {
				continue
			}
			if n, err := strconv.ParseUint(node, 10, 32); err == nil {
				found[uint32(db)] = append(found[uint32(db)], uint32(n))
			}
		}
	}
	return found, nil
}

// relationFileFork parses a relation file name, <node>[_fork][.seg],
// reporting its relfilenode and whether it is an init fork segment.
func relationFileFork(name string) (node uint32, init, ok bool) {
	base, _, _ := strings.Cut(name, ".")
	digits, fork, _ := strings.Cut(base, "_")
	n, err := strconv.ParseUint(digits, 10, 32)
	if err != nil {
		return 0, false, false
	}
	switch fork {
	case "", "fsm", "vm":
		return uint32(n), false, true
	case "init":
		return uint32(n), true, true
	}
	return 0, false, false
}

// ResetUnloggedRelations is reinit.c's ResetUnloggedRelations for crash
// recovery. With initialize false (before redo) every fork of an
// unlogged relation but its init fork is removed; with initialize true
// (after redo) that is done again for whatever redo recreated, and each
// init fork is copied to the main fork and synced: the relation is
// empty, as it was created. After a clean shutdown nothing of this runs:
// the shutdown checkpoint wrote the relations' pages.
func (e *Engine) ResetUnloggedRelations(initialize bool) error {
	rels, err := unloggedRelations(e.DataDir)
	if err != nil {
		return pgerr.Newf(pgerr.IoError, "could not reset unlogged relations: %v", err)
	}
	for db, nodes := range rels {
		dir := filepath.Join(e.DataDir, "base", strconv.FormatUint(uint64(db), 10))
		unlogged := map[uint32]bool{}
		for _, n := range nodes {
			unlogged[n] = true
			if initialize {
				// Redo restored the init fork's pages in the buffer
				// pool: they must be on disk before the copy, and no
				// buffer of another fork may outlive the files.
				loc := storage.RelFileLocator{Spc: storage.DefaultTablespace, DB: db, Rel: n}
				if err := e.Pool.FlushRelationBuffers(loc); err != nil {
					return err
				}
				for fork := storage.MainFork; fork < storage.InitFork; fork++ {
					if err := e.Pool.DropRelationBuffers(loc, fork, 0); err != nil {
						return err
					}
				}
				e.Smgr.Close(loc)
			}
		}
		files, err := os.ReadDir(dir)
		if err != nil {
			return pgerr.Newf(pgerr.IoError, "could not open directory \"%s\": %v", dir, err)
		}
		for _, f := range files {
			node, init, ok := relationFileFork(f.Name())
			if !ok || init || !unlogged[node] {
				continue
			}
			if err := os.Remove(filepath.Join(dir, f.Name())); err != nil && !os.IsNotExist(err) {
				return pgerr.Newf(pgerr.IoError, "could not remove file \"%s\": %v", filepath.Join(dir, f.Name()), err)
			}
		}
		if !initialize {
			continue
		}
		for _, f := range files {
			node, init, ok := relationFileFork(f.Name())
			if !ok || !init || !unlogged[node] {
				continue
			}
			dst := strings.Replace(f.Name(), "_init", "", 1)
			if err := copyAndSync(filepath.Join(dir, f.Name()), filepath.Join(dir, dst)); err != nil {
				return err
			}
		}
		if err := syncDir(dir); err != nil {
			return err
		}
	}
	return nil
}

// copyAndSync copies an init fork segment to the main fork's name and
// fsyncs the copy (reinit.c's copy_file and fsync_fname).
func copyAndSync(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return pgerr.Newf(pgerr.IoError, "could not open file \"%s\": %v", src, err)
	}
	defer in.Close()
	mode := os.FileMode(0o600)
	if st, err := in.Stat(); err == nil {
		mode = st.Mode().Perm() // the data directory's file mode (group access or not)
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, mode)
	if err != nil {
		return pgerr.Newf(pgerr.IoError, "could not create file \"%s\": %v", dst, err)
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return pgerr.Newf(pgerr.IoError, "could not write file \"%s\": %v", dst, err)
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return pgerr.Newf(pgerr.IoError, "could not fsync file \"%s\": %v", dst, err).WithSeverity(pgerr.SeverityPanic)
	}
	return out.Close()
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return pgerr.Newf(pgerr.IoError, "could not open directory \"%s\": %v", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return pgerr.Newf(pgerr.IoError, "could not fsync directory \"%s\": %v", dir, err).WithSeverity(pgerr.SeverityPanic)
	}
	return nil
}
