// Bootstrap: gpinitdb's "running bootstrap script" step. It writes every
// system catalog's heap file directly, without a server, WAL or buffer
// pool: the shared catalogs under global/, the others for template1 under
// base/1, and copies of those for template0 (base/4) and postgres
// (base/5), which is what PostgreSQL's bootstrap plus initdb's
// CREATE DATABASE ... STRATEGY = file_copy leave.

package catalog

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/gpostgres/gpostgres/lib/access/tuple"
	"github.com/gpostgres/gpostgres/lib/datadir"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/relmap"
)

// BootstrapParams are the per-cluster values initdb substitutes into the
// bki script, and how to write the files.
type BootstrapParams struct {
	Superuser      string // name of the bootstrap superuser (OID 10): the POSTGRES token
	Encoding       string // canonical server encoding name, e.g. "UTF8": the ENCODING token
	Collate, Ctype string // LC_COLLATE and LC_CTYPE of the three databases

	DataChecksums bool        // set page checksums (the cluster was initialised with -k)
	NoSync        bool        // do not fsync (gpinitdb -N)
	FileMode      os.FileMode // mode of new files; 0600 when zero
	DirMode       os.FileMode // mode of new database directories; 0700 when zero
}

// databaseDirs are the databases whose directories receive the
// per-database catalogs: template1, then its copies template0 and postgres.
var databaseDirs = []uint32{Template1DB, Template0DB, PostgresDB}

// BuildFiles returns the content of every catalog's heap file, indexed
// like Definitions(), for a cluster with params p. It writes nothing.
func BuildFiles(p BootstrapParams) ([][]byte, error) {
	if p.Superuser == "" {
		return nil, fmt.Errorf("no bootstrap superuser name")
	}
	rows, err := contents(&p)
	if err != nil {
		return nil, err
	}
	procs := newProcResolver(rows[Lookup("pg_proc").index])
	files := make([][]byte, len(catalogs))
	for i := range catalogs {
		c := &catalogs[i]
		var b heapBuilder
		for _, r := range rows[i] {
			vals, err := c.parseRow(r, procs)
			if err != nil {
				return nil, err
			}
			tup, err := tuple.Form(c.Desc(), vals)
			if err != nil {
				return nil, fmt.Errorf("%s: %v", c.Name, err)
			}
			if err := b.add(tup); err != nil {
				return nil, fmt.Errorf("%s: %v", c.Name, err)
			}
		}
		files[i] = b.bytes(p.DataChecksums)
	}
	return files, nil
}

// Bootstrap writes the system catalogs of a new cluster into dataDir,
// whose global/ and base/1 directories gpinitdb has created: global/<oid>
// for shared catalogs, base/<db>/<oid> for the others in template1 (1),
// template0 (4) and postgres (5), whose directories it creates if needed.
// Files must not exist yet. Unless p.NoSync, every file and directory it
// wrote is fsynced before it returns.
//
// The catalogs hold what PostgreSQL 15's bootstrap puts there (see
// README.md for what differs); the pg_database rows are template1
// (datistemplate), template0 (datistemplate, not datallowconn) and
// postgres, owned by the superuser p.Superuser (pg_authid OID 10).
func Bootstrap(dataDir string, p BootstrapParams) error {
	if p.FileMode == 0 {
		p.FileMode = 0o600
	}
	if p.DirMode == 0 {
		p.DirMode = 0o700
	}
	files, err := BuildFiles(p)
	if err != nil {
		return fmt.Errorf("bootstrap: %v", err)
	}
	dirs := map[string]bool{}
	for i := range catalogs {
		c := &catalogs[i]
		dbs := databaseDirs
		if c.Shared {
			dbs = []uint32{0}
		}
		for _, db := range dbs {
			path := filepath.Join(dataDir, c.InitialLocator(db).Path(storage.MainFork, 0))
			dir := filepath.Dir(path)
			if !dirs[dir] {
				if err := os.MkdirAll(dir, p.DirMode); err != nil {
					return fmt.Errorf("could not create directory \"%s\": %s", dir, datadir.Strerror(err))
				}
				dirs[dir] = true
			}
			if err := writeNew(path, files[i], p.FileMode, !p.NoSync); err != nil {
				return err
			}
		}
	}
	// information_schema's tables, filled (initdb's COPY and INSERTs).
	for i := range infoSchemaTables {
		t := &infoSchemaTables[i]
		data, err := t.heapFile(p.DataChecksums)
		if err != nil {
			return fmt.Errorf("bootstrap: %v", err)
		}
		for _, db := range databaseDirs {
			loc := storage.RelFileLocator{Spc: DefaultTablespace, DB: db, Rel: t.OID}
			if err := writeNew(filepath.Join(dataDir, loc.Path(storage.MainFork, 0)), data, p.FileMode, !p.NoSync); err != nil {
				return err
			}
		}
	}
	// The relation maps name the mapped catalogs' files (relmapper.c's
	// initial write_relmap_file calls of the bootstrap).
	for _, db := range append([]uint32{0}, databaseDirs...) {
		m := &relmap.Map{}
		for i := range catalogs {
			if c := &catalogs[i]; c.Mapped() && c.Shared == (db == 0) {
				if err := m.Set(c.OID, c.OID); err != nil {
					return err
				}
			}
		}
		path := filepath.Join(dataDir, relmap.Path(db))
		if err := writeNew(path, m.Encode(), p.FileMode, !p.NoSync); err != nil {
			return err
		}
	}
	if !p.NoSync {
		for dir := range dirs {
			if err := datadir.SyncDir(dir); err != nil {
				return err
			}
		}
		for _, dir := range []string{filepath.Join(dataDir, "base"), dataDir} {
			if err := datadir.SyncDir(dir); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeNew creates path exclusively and writes data into it.
func writeNew(path string, data []byte, mode os.FileMode, sync bool) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return fmt.Errorf("could not create file \"%s\": %s", path, datadir.Strerror(err))
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("could not write file \"%s\": %s", path, datadir.Strerror(err))
	}
	if sync {
		if err := f.Sync(); err != nil {
			f.Close()
			return fmt.Errorf("could not fsync file \"%s\": %s", path, datadir.Strerror(err))
		}
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("could not close file \"%s\": %s", path, datadir.Strerror(err))
	}
	return nil
}

// CatalogPath is the path of catalog c's main fork in database db,
// relative to the data directory, as gpinitdb creates it (ReadCatalog
// finds the file a VACUUM FULL moved it to).
func CatalogPath(c *Catalog, db uint32) string { return c.InitialLocator(db).Path(storage.MainFork, 0) }
