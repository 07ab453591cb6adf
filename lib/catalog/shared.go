// Roles and databases read from the pg_authid and pg_database heap files:
// what a backend needs before it can serve a session (does the role exist
// and may it log in, does the database exist and accept connections).
// INTERIM: these read the files directly; the syscache over the buffer
// pool replaces them once it exists. A process keeps its last reading of
// each and decodes the file again only when its bytes changed.

package catalog

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/gpostgres/gpostgres/lib/storage"

	"github.com/gpostgres/gpostgres/lib/datadir"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// Role is a row of pg_authid.
type Role struct {
	OID         uint32
	Name        string // rolname
	Superuser   bool   // rolsuper
	Inherit     bool   // rolinherit
	CreateRole  bool   // rolcreaterole
	CreateDB    bool   // rolcreatedb
	CanLogin    bool   // rolcanlogin
	Replication bool   // rolreplication
	BypassRLS   bool   // rolbypassrls
	ConnLimit   int32  // rolconnlimit, -1 for none
}

// Database is a row of pg_database.
type Database struct {
	OID        uint32
	Name       string // datname
	Owner      uint32 // datdba, a role OID
	Encoding   string // canonical name of the encoding number in pg_database.encoding
	Collate    string // datcollate
	Ctype      string // datctype
	AllowConn  bool   // datallowconn
	IsTemplate bool   // datistemplate
	ConnLimit  int32  // datconnlimit, -1 for none
	Tablespace uint32 // dattablespace
	FrozenXid  uint32 // datfrozenxid
	MinMxid    uint32 // datminmxid
}

// scanOptions reads whether the cluster has data checksums from pg_control.
// The checkpointer rewrites pg_control in place while a server runs, so a
// CRC mismatch may be a read racing that write: it is retried a few times.
// Checksums cannot be turned on or off while a server runs, so the answer
// is kept for the process's life once read.
func scanOptions(dataDir string) (ScanOptions, error) {
	if o, ok := knownScanOptions.Load(dataDir); ok {
		return o.(ScanOptions), nil
	}
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		var cf *datadir.ControlFile
		if cf, err = datadir.ReadControlFile(dataDir); err == nil {
			o := ScanOptions{VerifyChecksums: cf.DataChecksumVersion != 0}
			knownScanOptions.Store(dataDir, o)
			return o, nil
		}
		if !errors.Is(err, datadir.ErrControlChecksum) {
			break
		}
		time.Sleep(time.Millisecond)
	}
	return ScanOptions{}, err
}

// knownScanOptions maps data directories to their scanOptions.
var knownScanOptions sync.Map

// sharedRead is the last reading of a shared catalog's file: its bytes
// and the live rows decoded from them. A backend process serves many
// sessions (pooled backends), each of which checks its role and database
// at start-up; when the file's bytes are the same as last time, so are
// its rows, and the decoding is skipped.
type sharedRead struct {
	path string
	data []byte
	rows []func(col string) types.Datum
}

var sharedReads sync.Map // catalog name -> *sharedRead

// readShared returns the live rows (by hint bits, see KnownDead) of a
// shared catalog, with an accessor by column name.
func readShared(dataDir, name string) ([]func(col string) types.Datum, error) {
	opts, err := scanOptions(dataDir)
	if err != nil {
		return nil, err
	}
	c := Lookup(name)
	// The checkpointer and bgwriter write these pages while the server
	// runs (hint bits dirty them), and a read racing a write can see half
	// of each: a page that fails verification is read again a few times
	// before it counts as corrupt.
	var tups []*StoredTuple
	var path string
	var data []byte
	for attempt := 0; ; attempt++ {
		tups, path, data, err = readSharedOnce(dataDir, c, opts)
		if err == nil {
			break
		}
		// A VACUUM FULL may also have removed the file the map named
		// a moment ago: the map is read again.
		if code := pgerr.As(err).Code; attempt == 4 || code != pgerr.DataCorrupted && code != pgerr.UndefinedFile {
			return nil, err
		}
		time.Sleep(time.Millisecond)
	}
	if tups == nil && data != nil {
		// The same bytes as the last reading.
		last, _ := sharedReads.Load(name)
		return last.(*sharedRead).rows, nil
	}
	var out []func(string) types.Datum
	for _, t := range tups {
		if t.KnownDead() {
			continue
		}
		vals := t.Values
		out = append(out, func(col string) types.Datum { return vals[c.Column(col)] })
	}
	sharedReads.Store(name, &sharedRead{path: path, data: data, rows: out})
	return out, nil
}

// readSharedOnce reads the current file of shared catalog c. It returns
// no tuples but the file's bytes when they equal the last reading's.
func readSharedOnce(dataDir string, c *Catalog, opts ScanOptions) ([]*StoredTuple, string, []byte, error) {
	loc, err := LiveLocator(dataDir, 0, c, opts)
	if err != nil {
		return nil, "", nil, err
	}
	path := filepath.Join(dataDir, loc.Path(storage.MainFork, 0))
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, "", nil, pgerr.Newf(fileErrorCode(err), "could not open file \"%s\": %s", path, datadir.Strerror(err))
	}
	if last, ok := sharedReads.Load(c.Name); ok {
		if l := last.(*sharedRead); l.path == path && bytes.Equal(l.data, data) {
			return nil, path, data, nil
		}
	}
	tups := []*StoredTuple{}
	err = ScanBytes(data, path, c.Desc(), opts, func(t *StoredTuple) error {
		tups = append(tups, t)
		return nil
	})
	return tups, path, data, err
}

// Roles reads every role from dataDir's global/1260 (pg_authid).
func Roles(dataDir string) ([]Role, error) {
	rows, err := readShared(dataDir, "pg_authid")
	if err != nil {
		return nil, err
	}
	out := make([]Role, 0, len(rows))
	for _, r := range rows {
		out = append(out, Role{
			OID: uint32(r("oid").Int()), Name: r("rolname").Text(), Superuser: r("rolsuper").Bool(),
			Inherit: r("rolinherit").Bool(), CreateRole: r("rolcreaterole").Bool(), CreateDB: r("rolcreatedb").Bool(),
			CanLogin: r("rolcanlogin").Bool(), Replication: r("rolreplication").Bool(), BypassRLS: r("rolbypassrls").Bool(),
			ConnLimit: int32(r("rolconnlimit").Int()),
		})
	}
	return out, nil
}

// Databases reads every database from dataDir's global/1262 (pg_database).
func Databases(dataDir string) ([]Database, error) {
	rows, err := readShared(dataDir, "pg_database")
	if err != nil {
		return nil, err
	}
	out := make([]Database, 0, len(rows))
	for _, r := range rows {
		enc, _ := EncodingName(int(r("encoding").Int()))
		out = append(out, Database{
			OID: uint32(r("oid").Int()), Name: r("datname").Text(), Owner: uint32(r("datdba").Int()), Encoding: enc,
			Collate: r("datcollate").Text(), Ctype: r("datctype").Text(), AllowConn: r("datallowconn").Bool(),
			IsTemplate: r("datistemplate").Bool(), ConnLimit: int32(r("datconnlimit").Int()),
			Tablespace: uint32(r("dattablespace").Int()), FrozenXid: uint32(r("datfrozenxid").Int()),
			MinMxid: uint32(r("datminmxid").Int()),
		})
	}
	return out, nil
}

// RoleByName returns the role called name from dataDir's pg_authid.
func RoleByName(dataDir, name string) (Role, bool, error) {
	roles, err := Roles(dataDir)
	if err != nil {
		return Role{}, false, err
	}
	for _, r := range roles {
		if r.Name == name {
			return r, true, nil
		}
	}
	return Role{}, false, nil
}

// DatabaseByName returns the database called name from dataDir's
// pg_database.
func DatabaseByName(dataDir, name string) (Database, bool, error) {
	dbs, err := Databases(dataDir)
	if err != nil {
		return Database{}, false, err
	}
	for _, d := range dbs {
		if d.Name == name {
			return d, true, nil
		}
	}
	return Database{}, false, nil
}
