// The folder of exported snapshots, pg_snapshots/ (lib/xact's
// snapshotexport.go writes and reads its files): what is left there when
// the transactions that wrote them are gone.

package engine

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/gpostgres/gpostgres/lib/pgerr"
)

// SnapshotExportDir is the data directory's folder of exported
// snapshots, one file per pg_export_snapshot named
// "<backend id>-<local xid>-<n>" in hexadecimal, 8 digits each.
const SnapshotExportDir = "pg_snapshots"

// RemoveAllExportedSnapshots empties pg_snapshots/ at the server's start
// and after a crash (DeleteAllExportedSnapshotFiles): no transaction that
// exported one is still running. It returns the failures to report.
func RemoveAllExportedSnapshots(dataDir string) []error {
	return removeSnapshotFiles(dataDir, "")
}

// RemoveExportedSnapshotsOfBackend removes the snapshot files a process
// that died alone left (its transaction ended with it): those whose
// names begin with its backend id (proc slot index + 1). The caller
// does it before the slot is given to another process.
func RemoveExportedSnapshotsOfBackend(dataDir string, backendID int32) []error {
	return removeSnapshotFiles(dataDir, fmt.Sprintf("%08X-", backendID))
}

func removeSnapshotFiles(dataDir, prefix string) []error {
	dir := filepath.Join(dataDir, SnapshotExportDir)
	entries, err := os.ReadDir(dir)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil
		}
		return []error{err}
	}
	var errs []error
	for _, ent := range entries {
		if !strings.HasPrefix(ent.Name(), prefix) {
			continue
		}
		if err := os.Remove(filepath.Join(dir, ent.Name())); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, fmt.Errorf("could not remove file \"%s/%s\": %s", SnapshotExportDir, ent.Name(), pgerr.Strerror(err)))
		}
	}
	return errs
}
