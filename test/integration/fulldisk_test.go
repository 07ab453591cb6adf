// A full disk: the statement fails with PostgreSQL's error and the server
// keeps what was committed.

package integration

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

func TestFullDisk(t *testing.T) {
	mnt, err := os.MkdirTemp("/tmp", "gpfull")
	if err != nil {
		t.Fatal(err)
	}
	defer os.Remove(mnt)
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=70m", "tmpfs", mnt).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a small tmpfs here (%v: %s)", err, out)
	}
	defer exec.Command("umount", "-l", mnt).Run()

	c := &cluster{t: t, dataDir: filepath.Join(mnt, "data"), port: freePort(t), user: "gpadmin", logFile: filepath.Join(t.TempDir(), "server.log")}
	c.sockDir, _ = os.MkdirTemp("/tmp", "gps")
	// WAL on another file system (gpinitdb -X), as production servers
	// often have it: the data disk fills while WAL still has room, the
	// case in which PostgreSQL fails only the statement. (A full WAL disk
	// is a PANIC in PostgreSQL and here alike.)
	walDir := filepath.Join(t.TempDir(), "wal")
	if out, err := exec.Command(filepath.Join(binDir, "gpinitdb"), "-D", c.dataDir, "-U", c.user, "-X", walDir).CombinedOutput(); err != nil {
		t.Fatalf("gpinitdb: %v\n%s", err, out)
	}
	t.Cleanup(c.cleanup)
	f, _ := os.OpenFile(filepath.Join(c.dataDir, "postgresql.conf"), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("port = " + strconv.Itoa(c.port) + "\nunix_socket_directories = '" + c.sockDir + "'\nlisten_addresses = '127.0.0.1'\nshared_buffers = 1MB\n")
	f.Close()
	c.start()
	conn := c.connect()
	mustExec(t, conn, "CREATE TABLE f (x int, pad text)")
	mustExec(t, conn, "INSERT INTO f VALUES (1, 'committed')")

	// Fill the disk. As in PostgreSQL, whichever runs out first decides
	// what the client sees: the table file's extension fails with ERROR
	// 53100 and the session goes on; or a WAL write fails, which is a
	// PANIC: every process restarts and recovery runs.
	var failure error
	for i := 0; i < 20 && failure == nil; i++ {
		_, failure = conn.Exec(context.Background(), "INSERT INTO f SELECT g, repeat('p', 500) FROM generate_series(1, 20000) g")
	}
	// The server is still there.
	var conn2 *pgx.Conn
	for i := 0; i < 100; i++ {
		if conn2, err = pgx.Connect(context.Background(), c.connString("")); err == nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	var pe *pgconn.PgError
	if !errors.As(failure, &pe) || pe.Code != "53100" || pe.Hint != "Check free disk space." || !strings.HasPrefix(pe.Message, "could not extend file") {
		ps, _ := exec.Command("sh", "-c", "df -h "+mnt).CombinedOutput()
		t.Fatalf("no disk-full error: %v\n%s\nlog:\n%s", failure, ps, c.log())
	}
	if err != nil {
		t.Fatalf("server gone after a full disk: %v\nlog:\n%s", err, c.log())
	}
	defer conn2.Close(context.Background())
	if n := count(t, conn2, "SELECT count(*) FROM f WHERE pad = 'committed'"); n != 1 {
		t.Fatalf("committed row lost: %d", n)
	}
	c.stop("immediate")
}
