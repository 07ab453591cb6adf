package integration

// An idle backend gives back the memory its last statement used: a Go
// heap keeps dead objects until the next collection, which an idle
// process never reaches, so without the release after a second idle a
// backend that sorted 300,000 rows stayed at ~38 MB of private memory
// (PostgreSQL's frees its memory contexts and stays at ~2 MB).

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestIdleBackendReleasesMemory(t *testing.T) {
	c := newCluster(t)
	c.start()
	conn := c.connect()
	ctx := context.Background()
	var n int
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM (SELECT md5(g::text) FROM generate_series(1, 300000) g ORDER BY 1) s").Scan(&n); err != nil || n != 300000 {
		t.Fatalf("sort: %d %v", n, err)
	}
	pid := backendPID(t, conn)
	time.Sleep(3 * time.Second)
	kb := privateDirtyKB(t, pid)
	t.Logf("idle backend private dirty: %d kB", kb)
	if kb > 16*1024 {
		t.Fatalf("idle backend keeps %d kB private dirty memory", kb)
	}
}

// privateDirtyKB reads a process's Private_Dirty from smaps_rollup.
func privateDirtyKB(t *testing.T, pid int) int {
	t.Helper()
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/smaps_rollup")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "Private_Dirty:" {
			kb, err := strconv.Atoi(f[1])
			if err != nil {
				t.Fatal(err)
			}
			return kb
		}
	}
	t.Fatal("no Private_Dirty in smaps_rollup")
	return 0
}
