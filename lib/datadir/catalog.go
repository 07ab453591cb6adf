// The interim bootstrap catalog, global/gp_bootstrap_catalog.
//
// INTERIM: this file stands in for the pg_authid and pg_database heap
// tables until gpostgres has a storage layer. It records what PostgreSQL's
// bootstrap creates in those catalogs: the bootstrap superuser (OID 10) and
// the databases template1 (1), template0 (4) and postgres (5). When the
// real catalogs arrive, gpinitdb writes them instead, this file and its
// API are deleted, and callers switch to catalog lookups.

package datadir

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/gpostgres/gpostgres/lib/pgerr"
)

// bootstrapCatalogVersion is the format version on the file's "version"
// line; readers refuse other versions.
const bootstrapCatalogVersion = 1

// Role is one row of the interim pg_authid.
type Role struct {
	OID       uint32
	Name      string
	Superuser bool // rolsuper
	CanLogin  bool // rolcanlogin
}

// Database is one row of the interim pg_database.
type Database struct {
	OID        uint32
	Name       string
	Owner      uint32 // datdba, a role OID
	Encoding   string // server encoding name, "UTF8"
	Collate    string // datcollate
	Ctype      string // datctype
	AllowConn  bool   // datallowconn
	IsTemplate bool   // datistemplate
}

// Catalog is the content of the interim bootstrap catalog.
type Catalog struct {
	Roles     []Role
	Databases []Database
}

// NewBootstrapCatalog returns what PostgreSQL's initdb leaves in pg_authid
// and pg_database: the superuser with OID 10 named superuser, and the
// databases template1, template0 (not connectable) and postgres, all owned
// by the superuser, with the given encoding and locale.
func NewBootstrapCatalog(superuser, encoding, collate, ctype string) *Catalog {
	db := func(oid uint32, name string, allow, tmpl bool) Database {
		return Database{OID: oid, Name: name, Owner: BootstrapSuperuserOID, Encoding: encoding,
			Collate: collate, Ctype: ctype, AllowConn: allow, IsTemplate: tmpl}
	}
	return &Catalog{
		Roles: []Role{{OID: BootstrapSuperuserOID, Name: superuser, Superuser: true, CanLogin: true}},
		Databases: []Database{
			db(Template1OID, "template1", true, true),
			db(Template0OID, "template0", false, true),
			db(PostgresOID, "postgres", true, false),
		},
	}
}

// RoleByName returns the role called name.
func (c *Catalog) RoleByName(name string) (Role, bool) {
	for _, r := range c.Roles {
		if r.Name == name {
			return r, true
		}
	}
	return Role{}, false
}

// RoleByOID returns the role with this OID.
func (c *Catalog) RoleByOID(oid uint32) (Role, bool) {
	for _, r := range c.Roles {
		if r.OID == oid {
			return r, true
		}
	}
	return Role{}, false
}

// DatabaseByName returns the database called name.
func (c *Catalog) DatabaseByName(name string) (Database, bool) {
	for _, d := range c.Databases {
		if d.Name == name {
			return d, true
		}
	}
	return Database{}, false
}

// DatabaseByOID returns the database with this OID.
func (c *Catalog) DatabaseByOID(oid uint32) (Database, bool) {
	for _, d := range c.Databases {
		if d.OID == oid {
			return d, true
		}
	}
	return Database{}, false
}

// Marshal renders the catalog in the file format described in README.md.
func (c *Catalog) Marshal() []byte {
	var b bytes.Buffer
	b.WriteString("# gpostgres interim bootstrap catalog. INTERIM: to be replaced by the\n")
	b.WriteString("# pg_authid and pg_database heap tables. Written by gpinitdb; do not edit\n")
	b.WriteString("# while the server runs.\n")
	fmt.Fprintf(&b, "version\t%d\n", bootstrapCatalogVersion)
	for _, r := range c.Roles {
		fmt.Fprintf(&b, "role\toid=%d\tname=%s\tsuperuser=%s\tlogin=%s\n",
			r.OID, strconv.Quote(r.Name), tf(r.Superuser), tf(r.CanLogin))
	}
	for _, d := range c.Databases {
		fmt.Fprintf(&b, "database\toid=%d\tname=%s\towner=%d\tencoding=%s\tcollate=%s\tctype=%s\tallowconn=%s\tistemplate=%s\n",
			d.OID, strconv.Quote(d.Name), d.Owner, strconv.Quote(d.Encoding), strconv.Quote(d.Collate),
			strconv.Quote(d.Ctype), tf(d.AllowConn), tf(d.IsTemplate))
	}
	return b.Bytes()
}

func tf(v bool) string {
	if v {
		return "t"
	}
	return "f"
}

// UnmarshalCatalog parses the file format. Unknown keys are ignored so that
// a newer gpinitdb's file stays readable by an older server.
func UnmarshalCatalog(data []byte) (*Catalog, error) {
	c := &Catalog{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	lineno, sawVersion := 0, false
	for sc.Scan() {
		lineno++
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Split(line, "\t")
		bad := func(format string, args ...any) error {
			return pgerr.Fatalf(pgerr.DataCorrupted, "invalid bootstrap catalog file \"%s\" at line %d: %s",
				BootstrapCatalogRel, lineno, fmt.Sprintf(format, args...))
		}
		kv := map[string]string{}
		for _, f := range fields[1:] {
			if fields[0] == "version" {
				break
			}
			k, v, ok := strings.Cut(f, "=")
			if !ok {
				return nil, bad("field %q has no \"=\"", f)
			}
			kv[k] = v
		}
		str := func(k string) (string, error) {
			v, ok := kv[k]
			if !ok {
				return "", bad("missing %s", k)
			}
			s, err := strconv.Unquote(v)
			if err != nil {
				return "", bad("bad %s %s", k, v)
			}
			return s, nil
		}
		oid := func(k string) (uint32, error) {
			n, err := strconv.ParseUint(kv[k], 10, 32)
			if err != nil {
				return 0, bad("bad %s %q", k, kv[k])
			}
			return uint32(n), nil
		}
		boolean := func(k string) (bool, error) {
			switch kv[k] {
			case "t":
				return true, nil
			case "f":
				return false, nil
			}
			return false, bad("bad %s %q", k, kv[k])
		}
		var err error
		switch fields[0] {
		case "version":
			if len(fields) != 2 || fields[1] != strconv.Itoa(bootstrapCatalogVersion) {
				return nil, bad("unsupported version %q", strings.Join(fields[1:], " "))
			}
			sawVersion = true
		case "role":
			var r Role
			if r.OID, err = oid("oid"); err != nil {
				return nil, err
			}
			if r.Name, err = str("name"); err != nil {
				return nil, err
			}
			if r.Superuser, err = boolean("superuser"); err != nil {
				return nil, err
			}
			if r.CanLogin, err = boolean("login"); err != nil {
				return nil, err
			}
			c.Roles = append(c.Roles, r)
		case "database":
			var d Database
			if d.OID, err = oid("oid"); err != nil {
				return nil, err
			}
			if d.Name, err = str("name"); err != nil {
				return nil, err
			}
			if d.Owner, err = oid("owner"); err != nil {
				return nil, err
			}
			if d.Encoding, err = str("encoding"); err != nil {
				return nil, err
			}
			if d.Collate, err = str("collate"); err != nil {
				return nil, err
			}
			if d.Ctype, err = str("ctype"); err != nil {
				return nil, err
			}
			if d.AllowConn, err = boolean("allowconn"); err != nil {
				return nil, err
			}
			if d.IsTemplate, err = boolean("istemplate"); err != nil {
				return nil, err
			}
			c.Databases = append(c.Databases, d)
		default:
			return nil, bad("unknown record type %q", fields[0])
		}
	}
	if !sawVersion {
		return nil, pgerr.Fatalf(pgerr.DataCorrupted, "invalid bootstrap catalog file \"%s\": no version line", BootstrapCatalogRel)
	}
	return c, nil
}

// ReadBootstrapCatalog reads dir/global/gp_bootstrap_catalog.
func ReadBootstrapCatalog(dir string) (*Catalog, error) {
	data, err := os.ReadFile(filepath.Join(dir, BootstrapCatalogRel))
	if err != nil {
		return nil, pgerr.Fatalf(fileAccessCode(err), "could not open file \"%s\": %s", BootstrapCatalogRel, Strerror(err))
	}
	return UnmarshalCatalog(data)
}

// WriteBootstrapCatalog writes the catalog to a temporary file, fsyncs it
// and renames it over dir/global/gp_bootstrap_catalog, so that a reader
// (a backend authenticating a client) sees either the old or the new
// content, never a partial one.
func WriteBootstrapCatalog(dir string, c *Catalog) error {
	path := filepath.Join(dir, BootstrapCatalogRel)
	tmp := path + ".tmp"
	if err := writeFileSync(tmp, c.Marshal(), DirPerms(dir).File, true); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return pgerr.Fatalf(fileAccessCode(err), "could not rename file \"%s\" to \"%s\": %s", tmp, path, Strerror(err))
	}
	if err := SyncDir(filepath.Dir(path)); err != nil {
		return pgerr.Fatalf(pgerr.IoError, "%s", err.Error())
	}
	return nil
}
