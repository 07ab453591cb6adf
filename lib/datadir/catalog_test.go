// Tests of the interim bootstrap catalog file.

package datadir

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestBootstrapCatalogRoundTrip(t *testing.T) {
	dir := tempDataDir(t)
	os.Mkdir(filepath.Join(dir, "global"), 0o700)
	c := NewBootstrapCatalog("alice \"the\" admin", "UTF8", "C.UTF-8", "C.UTF-8")
	if err := WriteBootstrapCatalog(dir, c); err != nil {
		t.Fatal(err)
	}
	got, err := ReadBootstrapCatalog(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, c) {
		t.Errorf("read %+v, wrote %+v", got, c)
	}
	r, ok := got.RoleByName("alice \"the\" admin")
	if !ok || r.OID != 10 || !r.Superuser || !r.CanLogin {
		t.Errorf("RoleByName: %+v %v", r, ok)
	}
	if _, ok := got.RoleByOID(10); !ok {
		t.Error("RoleByOID(10)")
	}
	if _, ok := got.RoleByName("bob"); ok {
		t.Error("RoleByName(bob)")
	}
	for _, want := range []struct {
		name       string
		oid        uint32
		allow, tpl bool
	}{{"template1", 1, true, true}, {"template0", 4, false, true}, {"postgres", 5, true, false}} {
		d, ok := got.DatabaseByName(want.name)
		if !ok || d.OID != want.oid || d.AllowConn != want.allow || d.IsTemplate != want.tpl || d.Owner != 10 {
			t.Errorf("DatabaseByName(%s) = %+v", want.name, d)
		}
		if d2, ok := got.DatabaseByOID(want.oid); !ok || d2.Name != want.name {
			t.Errorf("DatabaseByOID(%d) = %+v", want.oid, d2)
		}
	}
}

func TestBootstrapCatalogCorrupt(t *testing.T) {
	for _, text := range []string{
		"",             // no version line
		"version\t2\n", // unknown version
		"version\t1\nrole\toid=x\tname=\"a\"\tsuperuser=t\tlogin=t\n",
		"version\t1\nfrobnicate\n",
	} {
		if _, err := UnmarshalCatalog([]byte(text)); err == nil {
			t.Errorf("accepted %q", text)
		}
	}
	// Unknown keys are ignored (forward compatibility).
	c, err := UnmarshalCatalog([]byte("version\t1\nrole\toid=10\tname=\"a\"\tsuperuser=t\tlogin=f\tnewkey=1\n"))
	if err != nil || len(c.Roles) != 1 || c.Roles[0].CanLogin {
		t.Errorf("forward compatibility: %+v %v", c, err)
	}
	if _, err := ReadBootstrapCatalog(t.TempDir()); err == nil || !strings.Contains(err.Error(), "No such file") {
		t.Errorf("missing file: %v", err)
	}
}
