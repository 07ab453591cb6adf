// Tests of the data directory checks gpostgres makes at start-up.

package datadir

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/gpostgres/gpostgres/lib/pgerr"
)

func TestCheckDataDir(t *testing.T) {
	dir := tempDataDir(t)
	if err := WriteVersionFile(dir, FileModeOwner); err != nil {
		t.Fatal(err)
	}
	if got, err := CheckDataDir(dir); err != nil || got != dir {
		t.Fatalf("CheckDataDir(valid) = %q, %v", got, err)
	}
	if !IsDataDir(dir) {
		t.Error("IsDataDir")
	}

	msg := func(err error) string {
		if err == nil {
			return "<nil>"
		}
		pe := pgerr.As(err)
		s := string(pe.Severity) + ": " + pe.Message
		if pe.Detail != "" {
			s += " DETAIL: " + pe.Detail
		}
		return s
	}
	missing := filepath.Join(dir, "nope")
	_, err := CheckDataDir(missing)
	if got, want := msg(err), `FATAL: data directory "`+missing+`" does not exist`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}

	file := filepath.Join(dir, "PG_VERSION")
	_, err = CheckDataDir(file)
	if got, want := msg(err), `FATAL: specified data directory "`+file+`" is not a directory`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}

	os.Chmod(dir, 0o755)
	_, err = CheckDataDir(dir)
	if got, want := msg(err), `FATAL: data directory "`+dir+`" has invalid permissions DETAIL: Permissions should be u=rwx (0700) or u=rwx,g=rx (0750).`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	os.Chmod(dir, 0o750)
	if _, err := CheckDataDir(dir); err != nil {
		t.Errorf("0750 refused: %v", err)
	}
	if p := DirPerms(dir); p.File != 0o640 || p.Dir != 0o750 {
		t.Errorf("group perms %+v", p)
	}
	os.Chmod(dir, 0o700)

	os.WriteFile(file, []byte("14\n"), 0o600)
	_, err = CheckDataDir(dir)
	if got, want := msg(err), `FATAL: database files are incompatible with server DETAIL: The data directory was initialized by PostgreSQL version 14, which is not compatible with this version 15.`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	os.Remove(file)
	_, err = CheckDataDir(dir)
	if got, want := msg(err), `FATAL: "`+dir+`" is not a valid data directory DETAIL: File "`+file+`" is missing.`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
