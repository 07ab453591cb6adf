package smgr

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/gpostgres/gpostgres/lib/storage"
)

func TestRemoveTempRelationFiles(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "base", "5")
	if err := os.MkdirAll(db, 0o700); err != nil {
		t.Fatal(err)
	}
	temp := storage.RelFileLocator{Spc: storage.DefaultTablespace, DB: 5, Rel: 16400, Backend: 3}
	perm := storage.RelFileLocator{Spc: storage.DefaultTablespace, DB: 5, Rel: 16401}
	names := map[string]bool{ // name -> removed
		filepath.Base(temp.Path(storage.MainFork, 0)): true,
		filepath.Base(temp.Path(storage.MainFork, 2)): true,
		filepath.Base(temp.Path(storage.FSMFork, 0)):  true,
		filepath.Base(perm.Path(storage.MainFork, 0)): false,
		"t3_":        false,
		"t_16400":    false,
		"t3_16400x":  false,
		"PG_VERSION": false,
	}
	for n := range names {
		if err := os.WriteFile(filepath.Join(db, n), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if errs := RemoveTempRelationFiles(dir); len(errs) != 0 {
		t.Fatal(errs)
	}
	for n, removed := range names {
		_, err := os.Stat(filepath.Join(db, n))
		if gone := os.IsNotExist(err); gone != removed {
			t.Errorf("%s: removed %v, want %v", n, gone, removed)
		}
	}
}
