// pg_database_size's side in the session (dbsize.c's
// calculate_database_size): the files under a database's directory.

package sql

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"

	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// DatabaseOID implements expr.DatabaseSizer.
func (n names) DatabaseOID(name string) (uint32, bool, error) {
	c := catalog.Lookup("pg_database")
	iOID, iName := c.Column("oid"), c.Column("datname")
	var oid uint32
	err := n.s.ScanCatalog(c, func(r []types.Datum) (bool, error) {
		if r[iName].Text() == name {
			oid = uint32(r[iOID].Int())
			return false, nil
		}
		return true, nil
	})
	return oid, oid != 0, err
}

// DatabaseSize implements expr.DatabaseSizer: the sizes of the entries
// of base/<oid> added up, as db_dir_size does (a directory that does not
// exist counts 0). gpostgres has no tablespaces to add.
func (n names) DatabaseSize(oid uint32) (int64, error) {
	s := n.s
	dir := filepath.Join(s.eng.DataDir, "base", strconv.FormatUint(uint64(oid), 10))
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, pgerr.Newf(pgerr.IoError, "could not open directory \"%s\": %v", dir, err)
	}
	var size int64
	for i, e := range entries {
		if i&255 == 255 && s.ctx.Err() != nil {
			return 0, expr.Canceled(s.ctx)
		}
		info, err := os.Stat(filepath.Join(dir, e.Name()))
		if errors.Is(err, fs.ErrNotExist) {
			continue // dropped meanwhile
		}
		if err != nil {
			return 0, pgerr.Newf(pgerr.IoError, "could not stat file \"%s\": %v", filepath.Join(dir, e.Name()), err)
		}
		size += info.Size()
	}
	return size, nil
}
