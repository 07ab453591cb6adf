// Durability: kill -9 the whole process family in the middle of a write
// load, restart, and find every acknowledged commit and nothing else.

package integration

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// crashRounds is how many kill/restart cycles the test runs; the benchmark
// folder's crash loop runs many more (GPOSTGRES_CRASH_ROUNDS).
func crashRounds() int {
	if n, err := strconv.Atoi(os.Getenv("GPOSTGRES_CRASH_ROUNDS")); err == nil && n > 0 {
		return n
	}
	return 3
}

type clientLog struct {
	acked  map[int]bool // seq values whose INSERT returned success
	maybe  map[int]bool // sent, but the connection died before an answer
	broken bool
}

func TestCrashKeepsAcknowledgedCommits(t *testing.T) {
	c := newCluster(t)
	c.start()
	setup := c.connect()
	if _, err := setup.Exec(context.Background(), "CREATE TABLE crash (client int, seq int, pad text)"); err != nil {
		t.Fatalf("create table: %v", err)
	}
	setup.Close(context.Background())

	const clients = 4
	logs := make([]*clientLog, clients)
	for i := range logs {
		logs[i] = &clientLog{acked: map[int]bool{}, maybe: map[int]bool{}}
	}
	next := make([]int, clients)
	for round := 0; round < crashRounds(); round++ {
		var wg sync.WaitGroup
		stop := make(chan struct{})
		for cl := 0; cl < clients; cl++ {
			wg.Add(1)
			go func(cl int) {
				defer wg.Done()
				conn, err := pgx.Connect(context.Background(), c.connString(""))
				if err != nil {
					return
				}
				defer conn.Close(context.Background())
				for {
					select {
					case <-stop:
						return
					default:
					}
					seq := next[cl]
					next[cl]++
					_, err := conn.Exec(context.Background(), "INSERT INTO crash VALUES ($1, $2, repeat('x', 100))", cl, seq)
					if err != nil {
						logs[cl].maybe[seq] = true
						return
					}
					logs[cl].acked[seq] = true
				}
			}(cl)
		}
		time.Sleep(time.Duration(100+rand.Intn(400)) * time.Millisecond)
		// SIGKILL every process of the cluster at once, postmaster first.
		pm := c.postmasterPID()
		for _, pid := range append([]int{pm}, c.processes()...) {
			syscall.Kill(pid, syscall.SIGKILL)
		}
		close(stop)
		wg.Wait()
		if left := c.waitNoProcesses(2 * time.Second); len(left) > 0 {
			t.Fatalf("round %d: processes survived SIGKILL: %v", round, left)
		}
		waitGone(t, pm)
		c.start()
		if err := verifyCrashTable(c, logs, next); err != nil {
			t.Fatalf("round %d: %v\nlog:\n%s", round, err, c.log())
		}
	}
	c.stop("fast")
}

func verifyCrashTable(c *cluster, logs []*clientLog, next []int) error {
	conn, err := pgx.Connect(context.Background(), c.connString(""))
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	rows, err := conn.Query(context.Background(), "SELECT client, seq FROM crash")
	if err != nil {
		return err
	}
	found := make([]map[int]bool, len(logs))
	for i := range found {
		found[i] = map[int]bool{}
	}
	for rows.Next() {
		var cl, seq int
		if err := rows.Scan(&cl, &seq); err != nil {
			return err
		}
		if cl < 0 || cl >= len(logs) {
			return fmt.Errorf("row from unknown client %d", cl)
		}
		if found[cl][seq] {
			return fmt.Errorf("client %d seq %d present twice", cl, seq)
		}
		found[cl][seq] = true
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for cl, l := range logs {
		for seq := range l.acked {
			if !found[cl][seq] {
				return fmt.Errorf("acknowledged commit lost: client %d seq %d", cl, seq)
			}
		}
		for seq := range found[cl] {
			if !l.acked[seq] && !l.maybe[seq] {
				return fmt.Errorf("row never sent or sent after the crash: client %d seq %d", cl, seq)
			}
			if seq >= next[cl] {
				return fmt.Errorf("row from the future: client %d seq %d", cl, seq)
			}
		}
		// What survived the crash counts as acknowledged from now on; what
		// did not was never acknowledged and must stay absent.
		for seq := range l.maybe {
			if found[cl][seq] {
				l.acked[seq] = true
			}
		}
		l.maybe = map[int]bool{}
	}
	return nil
}

// waitGone waits until pid has exited (or is a zombie nobody reaps): a
// process killed a moment ago may still be tearing down its memory, and a
// new postmaster would rightly refuse a data directory whose lock file
// names a live process.
func waitGone(t *testing.T, pid int) {
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			return
		}
		s := string(b)
		if i := strings.LastIndexByte(s, ')'); i >= 0 && i+2 < len(s) && s[i+2] == 'Z' {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("process %d still alive 5 s after SIGKILL", pid)
}
