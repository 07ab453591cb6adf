// Helpers shared by this package's tests.

package datadir

import (
	"os"
	"testing"
)

// tempDataDir returns an empty directory with a data directory's mode
// (t.TempDir creates 0755 directories, which PostgreSQL would refuse).
func tempDataDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	return dir
}
