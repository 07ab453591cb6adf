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

// A backend waiting in the pool between sessions gives back what the
// sessions left on its heap too: pooled backends that served 1,500
// sessions of pgbench -C sat at about 20 MB each before.
func TestPooledBackendReleasesMemory(t *testing.T) {
	c := newCluster(t)
	c.start()
	ctx := context.Background()
	for i := 0; i < 300; i++ {
		conn := c.connect()
		var n int
		if err := conn.QueryRow(ctx, "SELECT count(*) FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid").Scan(&n); err != nil {
			t.Fatal(err)
		}
		if err := conn.Close(ctx); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(3 * time.Second)
	pm := c.postmasterPID()
	checked := 0
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		cmd, err2 := os.ReadFile("/proc/" + e.Name() + "/cmdline")
		if err != nil || err2 != nil || !strings.Contains(string(cmd), "pre-started backend") {
			continue
		}
		// The parent pid is the field after the state, after the
		// parenthesized command.
		f := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
		if len(f) < 2 || f[1] != strconv.Itoa(pm) {
			continue
		}
		kb := privateDirtyKB(t, pid)
		t.Logf("pooled backend %d: %d kB private dirty", pid, kb)
		if kb > 12*1024 {
			t.Errorf("pooled backend %d keeps %d kB private dirty memory", pid, kb)
		}
		checked++
	}
	if checked == 0 {
		t.Fatal("no pooled backend found")
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

// A pooled backend whose session was big measures itself and leaves the
// pool when its private memory grew (lib/backend's reuse.go): the Go
// runtime's bookkeeping for the heap and the collections such a session
// had (span sets, GC bitmaps, partly used spans) is never given back, so
// pgbench's sessions left their backends in the pool at 4.8-5.2 MB where
// a fresh one idles at 2.7 MB. GPOSTGRES_RETIRE_GROWTH=1 makes any growth
// count, so that the test does not hang on how much a given query grows
// the runtime's share; a small session is not measured and its backend
// goes back to the pool.
func TestPooledBackendRetiresAfterBigSession(t *testing.T) {
	t.Setenv("GPOSTGRES_RETIRE_GROWTH", "1")
	c := reuseCluster(t)
	ctx := context.Background()
	session := func(query string) int {
		conn := c.connect()
		pid := backendPID(t, conn)
		var n int
		if err := conn.QueryRow(ctx, query).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if err := conn.Close(ctx); err != nil {
			t.Fatal(err)
		}
		waitPooledOrGone(t, pid)
		return pid
	}
	small := session("SELECT count(*) FROM pg_class")
	if !alive(small) {
		t.Fatalf("backend %d exited after a small session", small)
	}
	big := session("SELECT count(*) FROM (SELECT g::text FROM generate_series(1, 1000000) g ORDER BY 1 DESC) s")
	if alive(big) {
		t.Fatalf("backend %d went back to the pool after a big session (%d kB private dirty)", big, privateDirtyKB(t, big))
	}
	// The pool still serves.
	if pid := session("SELECT 1"); pid == big {
		t.Fatalf("the retired backend %d served a session", pid)
	}
}

// TestPooledBackendRetiresAfterManySmallSessions: short sessions are not
// measured each, but a backend that allocated retireCheckAllocs (64 MB)
// over several of them measures itself after the session that crossed
// it, and exits when it grew (GPOSTGRES_RETIRE_GROWTH of 1 byte makes any
// growth too much); the sessions before it leave it in the pool.
func TestPooledBackendRetiresAfterManySmallSessions(t *testing.T) {
	t.Setenv("GPOSTGRES_RETIRE_GROWTH", "1")
	c := reuseCluster(t)
	ctx := context.Background()
	served := map[int]int{}
	for i := 0; i < 60; i++ {
		conn := c.connect()
		pid := backendPID(t, conn)
		var n int
		// About 10 MB of garbage: six sessions on one backend cross
		// 64 MB.
		if err := conn.QueryRow(ctx, "SELECT count(*) FROM (SELECT repeat(g::text, 10) FROM generate_series(1, 100000) g) s").Scan(&n); err != nil {
			t.Fatal(err)
		}
		if err := conn.Close(ctx); err != nil {
			t.Fatal(err)
		}
		waitPooledOrGone(t, pid)
		served[pid]++
		if !alive(pid) {
			if served[pid] < 2 {
				t.Fatalf("backend %d exited after its first small session", pid)
			}
			return
		}
	}
	t.Fatalf("no backend retired after 60 sessions of about 10 MB each (sessions per backend: %v)", served)
}
