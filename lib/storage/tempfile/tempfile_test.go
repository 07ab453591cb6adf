package tempfile

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/storage"
)

func TestCreateWriteCloseLogs(t *testing.T) {
	dir := t.TempDir()
	var logged []string
	limits := Limits{FileLimitKB: -1, LogMinKB: 1}
	m := NewManager(dir, 1234, func() Limits { return limits }, func(f string, a ...any) { logged = append(logged, fmt.Sprintf(f, a...)) })
	small, err := m.Create()
	if err != nil {
		t.Fatal(err)
	}
	big, err := m.Create()
	if err != nil {
		t.Fatal(err)
	}
	if small.Path() != "base/pgsql_tmp/pgsql_tmp1234.0" || big.Path() != "base/pgsql_tmp/pgsql_tmp1234.1" {
		t.Fatalf("paths %s, %s", small.Path(), big.Path())
	}
	small.Write([]byte("abc"))
	big.Write(make([]byte, 3000))
	buf := make([]byte, 3)
	if _, err := small.ReadAt(buf, 0); err != nil || string(buf) != "abc" {
		t.Fatalf("read %q, %v", buf, err)
	}
	if m.OpenCount() != 2 {
		t.Fatalf("open %d", m.OpenCount())
	}
	if err := m.CloseAll(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, small.Path())); !os.IsNotExist(err) {
		t.Fatalf("file not deleted: %v", err)
	}
	// log_temp_files = 1 logs the 3000-byte file only.
	if len(logged) != 1 || logged[0] != `temporary file: path "base/pgsql_tmp/pgsql_tmp1234.1", size 3000` {
		t.Fatalf("logged %q", logged)
	}
	if err := big.Close(); err != nil || len(logged) != 1 {
		t.Fatalf("second close: %v, %q", err, logged)
	}
}

func TestFileLimit(t *testing.T) {
	dir := t.TempDir()
	m := NewManager(dir, 7, func() Limits { return Limits{FileLimitKB: 2, LogMinKB: -1} }, nil)
	a, _ := m.Create()
	b, _ := m.Create()
	if _, err := a.Write(make([]byte, 1500)); err != nil {
		t.Fatal(err)
	}
	_, err := b.Write(make([]byte, 600))
	if pgerr.CodeOf(err) != pgerr.ConfigurationLimitExceeded || err.Error() != "temporary file size exceeds temp_file_limit (2kB)" {
		t.Fatalf("got %v", err)
	}
	// Closing a file frees its share of the limit.
	a.Close()
	if _, err := b.Write(make([]byte, 600)); err != nil {
		t.Fatal(err)
	}
	m.CloseAll()
}

func TestRemoveStale(t *testing.T) {
	dir := t.TempDir()
	tmp := filepath.Join(dir, Dir)
	os.MkdirAll(tmp, 0o700)
	for _, n := range []string{"pgsql_tmp1.0", "pgsql_tmp2.5", "other"} {
		os.WriteFile(filepath.Join(tmp, n), []byte("x"), 0o600)
	}
	RemoveForPID(dir, 2)
	if _, err := os.Stat(filepath.Join(tmp, "pgsql_tmp2.5")); !os.IsNotExist(err) {
		t.Fatal("RemoveForPID left the file")
	}
	if _, err := os.Stat(filepath.Join(tmp, "pgsql_tmp1.0")); err != nil {
		t.Fatal("RemoveForPID removed another backend's file")
	}
	var logged []string
	RemoveStale(dir, func(f string, a ...any) { logged = append(logged, fmt.Sprintf(f, a...)) })
	entries, _ := os.ReadDir(tmp)
	if len(entries) != 1 || entries[0].Name() != "other" {
		t.Fatalf("left %v", entries)
	}
	if len(logged) != 1 || !strings.Contains(logged[0], `unexpected file found in temporary-files directory: "base/pgsql_tmp/other"`) {
		t.Fatalf("logged %q", logged)
	}
}

// TestCountInto: a manager counting into a process's buffer usage
// counts the blocks its files grow into (a partial last block once) and
// the blocks each read spans.
func TestCountInto(t *testing.T) {
	m := NewManager(t.TempDir(), 1, nil, nil)
	var u storage.BufferUsage
	m.CountInto(&u)
	f, err := m.Create()
	if err != nil {
		t.Fatal(err)
	}
	defer m.CloseAll()
	for i := 0; i < 10; i++ {
		if _, err := f.Write(make([]byte, 2000)); err != nil {
			t.Fatal(err)
		}
	}
	if u.TempWritten != 3 || u.TempRead != 0 {
		t.Fatalf("after 20000 bytes written: %+v", u)
	}
	if _, err := f.ReadAt(make([]byte, 20000), 0); err != nil {
		t.Fatal(err)
	}
	if _, err := f.ReadAt(make([]byte, 100), 0); err != nil {
		t.Fatal(err)
	}
	if u.TempRead != 4 || u.TempWritten != 3 {
		t.Fatalf("after reading 20000 and 100 bytes: %+v", u)
	}
}
