package integration

// LISTEN/NOTIFY between server processes: delivery at commit only, in
// commit order, deduplicated, to the sender too; idle listeners woken at
// once, listeners in a transaction block served after it; listeners that
// leave, die or sit in another database never hold the queue back; a full
// queue fails the commit with PostgreSQL's error.

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// nextNotification waits up to d for conn's next notification.
func nextNotification(t *testing.T, conn *pgx.Conn, d time.Duration) (*pgconn.Notification, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	return conn.WaitForNotification(ctx)
}

// expectNotification checks conn's next notification.
func expectNotification(t *testing.T, conn *pgx.Conn, channel, payload string, senderPID int) {
	t.Helper()
	n, err := nextNotification(t, conn, 10*time.Second)
	if err != nil {
		t.Fatalf("waiting for %q on %q: %v", payload, channel, err)
	}
	if n.Channel != channel || n.Payload != payload || int(n.PID) != senderPID {
		t.Fatalf("got notification %q %q from %d, want %q %q from %d", n.Channel, n.Payload, n.PID, channel, payload, senderPID)
	}
}

// expectNoNotification checks that nothing arrives on conn within d; the
// connection stays usable afterwards.
func expectNoNotification(t *testing.T, conn *pgx.Conn, d time.Duration) {
	t.Helper()
	n, err := nextNotification(t, conn, d)
	if err == nil {
		t.Fatalf("unexpected notification %q %q from %d", n.Channel, n.Payload, n.PID)
	}
	if !errors.Is(err, context.DeadlineExceeded) && !pgconn.Timeout(err) {
		t.Fatalf("waiting for no notification: %v", err)
	}
}

func queueUsage(t *testing.T, conn *pgx.Conn) float64 {
	t.Helper()
	var u float64
	if err := conn.QueryRow(context.Background(), "SELECT pg_notification_queue_usage()").Scan(&u); err != nil {
		t.Fatal(err)
	}
	return u
}

// waitQueueEmpty polls pg_notification_queue_usage() until it is 0.
func waitQueueEmpty(t *testing.T, conn *pgx.Conn, what string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for queueUsage(t, conn) != 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%s: the notification queue is still in use (%g)", what, queueUsage(t, conn))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestNotifyAcrossBackends(t *testing.T) {
	c := newCluster(t)
	c.start()
	listener, sender, other := c.connect(), c.connect(), c.connect()
	senderPID, otherPID := backendPID(t, sender), backendPID(t, other)
	mustExec(t, listener, "LISTEN c")

	t.Run("delivered at commit and promptly to an idle listener", func(t *testing.T) {
		mustExec(t, sender, "BEGIN")
		mustExec(t, sender, "NOTIFY c, 'one'")
		expectNoNotification(t, listener, 300*time.Millisecond)
		start := time.Now()
		mustExec(t, sender, "COMMIT")
		// The listener sits in WaitForNotification, reading its socket:
		// only a server that wakes idle listeners sends it anything.
		expectNotification(t, listener, "c", "one", senderPID)
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("idle listener woken after %v", d)
		}
	})

	t.Run("never on rollback", func(t *testing.T) {
		mustExec(t, sender, "BEGIN")
		mustExec(t, sender, "NOTIFY c, 'rolled back'")
		mustExec(t, sender, "SELECT pg_notify('c', 'rolled back too')")
		mustExec(t, sender, "ROLLBACK")
		mustExec(t, sender, "BEGIN")
		mustExec(t, sender, "SAVEPOINT s")
		mustExec(t, sender, "NOTIFY c, 'savepoint rolled back'")
		mustExec(t, sender, "ROLLBACK TO s")
		mustExec(t, sender, "NOTIFY c, 'kept'")
		mustExec(t, sender, "COMMIT")
		expectNotification(t, listener, "c", "kept", senderPID)
		expectNoNotification(t, listener, 300*time.Millisecond)
	})

	t.Run("deduplicated within a transaction", func(t *testing.T) {
		mustExec(t, sender, "BEGIN")
		for _, p := range []string{"d", "e", "d", "e", "d"} {
			mustExec(t, sender, "NOTIFY c, '"+p+"'")
		}
		mustExec(t, sender, "SELECT pg_notify('c', 'd') FROM generate_series(1, 10)")
		mustExec(t, sender, "COMMIT")
		expectNotification(t, listener, "c", "d", senderPID)
		expectNotification(t, listener, "c", "e", senderPID)
		expectNoNotification(t, listener, 300*time.Millisecond)
		// Across transactions nothing is merged.
		mustExec(t, sender, "NOTIFY c, 'd'")
		mustExec(t, sender, "NOTIFY c, 'd'")
		expectNotification(t, listener, "c", "d", senderPID)
		expectNotification(t, listener, "c", "d", senderPID)
	})

	t.Run("in commit order", func(t *testing.T) {
		mustExec(t, sender, "BEGIN")
		mustExec(t, sender, "NOTIFY c, 'first sent, committed last'")
		mustExec(t, other, "BEGIN")
		mustExec(t, other, "NOTIFY c, 'sent later, committed first'")
		mustExec(t, other, "COMMIT")
		mustExec(t, sender, "COMMIT")
		expectNotification(t, listener, "c", "sent later, committed first", otherPID)
		expectNotification(t, listener, "c", "first sent, committed last", senderPID)
	})

	t.Run("sender receives its own", func(t *testing.T) {
		mustExec(t, sender, "LISTEN c")
		mustExec(t, sender, "NOTIFY c, 'to all'")
		expectNotification(t, sender, "c", "to all", senderPID)
		expectNotification(t, listener, "c", "to all", senderPID)
		mustExec(t, sender, "UNLISTEN *")
		// Only channels listened to arrive.
		mustExec(t, other, "NOTIFY elsewhere, 'x'")
		expectNoNotification(t, listener, 300*time.Millisecond)
	})

	t.Run("listener in a transaction block gets them after it", func(t *testing.T) {
		mustExec(t, listener, "BEGIN")
		mustExec(t, listener, "SELECT 1")
		mustExec(t, sender, "NOTIFY c, 'while busy'")
		expectNoNotification(t, listener, 500*time.Millisecond)
		mustExec(t, listener, "SELECT 2")
		expectNoNotification(t, listener, 100*time.Millisecond)
		mustExec(t, listener, "COMMIT")
		expectNotification(t, listener, "c", "while busy", senderPID)
	})

	t.Run("LISTEN takes effect at commit", func(t *testing.T) {
		late := c.connect()
		mustExec(t, late, "BEGIN")
		mustExec(t, late, "LISTEN c")
		mustExec(t, sender, "NOTIFY c, 'before the LISTEN committed'")
		mustExec(t, late, "COMMIT")
		expectNoNotification(t, late, 300*time.Millisecond)
		mustExec(t, sender, "NOTIFY c, 'after'")
		expectNotification(t, late, "c", "after", senderPID)
		expectNotification(t, listener, "c", "before the LISTEN committed", senderPID)
		expectNotification(t, listener, "c", "after", senderPID)
		late.Close(context.Background())
	})

	t.Run("UNLISTEN stops delivery", func(t *testing.T) {
		mustExec(t, listener, "UNLISTEN c")
		mustExec(t, sender, "NOTIFY c, 'nobody listens'")
		expectNoNotification(t, listener, 300*time.Millisecond)
		mustExec(t, listener, "LISTEN c")
		mustExec(t, sender, "NOTIFY c, 'again'")
		expectNotification(t, listener, "c", "again", senderPID)
	})

	t.Run("a listener in another database", func(t *testing.T) {
		foreign, err := pgx.Connect(context.Background(), strings.Replace(c.connString(""), "dbname=postgres", "dbname=template1", 1))
		if err != nil {
			t.Fatal(err)
		}
		defer foreign.Close(context.Background())
		mustExec(t, foreign, "LISTEN c")
		mustExec(t, sender, "NOTIFY c, 'postgres only'")
		expectNotification(t, listener, "c", "postgres only", senderPID)
		expectNoNotification(t, foreign, 300*time.Millisecond)
		waitQueueEmpty(t, sender, "after a notification of another database")
	})

	t.Run("listeners that leave or die release the queue", func(t *testing.T) {
		waitQueueEmpty(t, sender, "before")
		for _, how := range []string{"close", "kill"} {
			gone := c.connect()
			gonePID := backendPID(t, gone)
			mustExec(t, gone, "LISTEN c")
			mustExec(t, gone, "BEGIN")
			mustExec(t, sender, "SELECT pg_notify('c', repeat('x', 4000) || g) FROM generate_series(1, 50) g")
			if queueUsage(t, sender) == 0 {
				t.Fatal("a listener in a transaction block did not hold the queue")
			}
			if how == "close" {
				gone.Close(context.Background())
			} else {
				if err := syscall.Kill(gonePID, syscall.SIGKILL); err != nil {
					t.Fatal(err)
				}
			}
			// The other listener reads its copies at once.
			for i := 1; i <= 50; i++ {
				expectNotification(t, listener, "c", strings.Repeat("x", 4000)+itoa(i), senderPID)
			}
			waitQueueEmpty(t, sender, "after the listener's "+how)
		}
	})

	t.Run("concurrent senders lose nothing and keep each one's order", func(t *testing.T) {
		const senders, each = 4, 150
		errs := make(chan error, senders)
		pids := map[int]int{}
		for i := 0; i < senders; i++ {
			conn := c.connect()
			pids[backendPID(t, conn)] = i
			go func() {
				for j := 1; j <= each; j++ {
					if _, err := conn.Exec(context.Background(), "SELECT pg_notify('c', $1)", itoa(j)); err != nil {
						errs <- err
						return
					}
				}
				errs <- nil
			}()
		}
		last := make([]int, senders)
		for n := 0; n < senders*each; n++ {
			got, err := nextNotification(t, listener, 20*time.Second)
			if err != nil {
				t.Fatalf("after %d notifications: %v", n, err)
			}
			who, ok := pids[int(got.PID)]
			seq, _ := atoi(got.Payload)
			if !ok || seq != last[who]+1 {
				t.Fatalf("notification %q from %d after %v", got.Payload, got.PID, last)
			}
			last[who] = seq
		}
		for i := 0; i < senders; i++ {
			if err := <-errs; err != nil {
				t.Fatal(err)
			}
		}
		expectNoNotification(t, listener, 300*time.Millisecond)
	})

	t.Run("notifications do not reset idle_session_timeout", func(t *testing.T) {
		idle := c.connect()
		mustExec(t, idle, "SET idle_session_timeout = '1500ms'")
		// A channel of its own: the other listeners must not get the ticks.
		mustExec(t, idle, "LISTEN ticks")
		start := time.Now()
		stop, stopped := make(chan struct{}), make(chan struct{})
		defer func() { close(stop); <-stopped }()
		go func() {
			defer close(stopped)
			for {
				select {
				case <-stop:
					return
				case <-time.After(200 * time.Millisecond):
					other.Exec(context.Background(), "NOTIFY ticks")
				}
			}
		}()
		received := 0
		for {
			_, err := nextNotification(t, idle, 10*time.Second)
			if err == nil {
				received++
				continue
			}
			if got := sqlState(err); got != "57P05: terminating connection due to idle-session timeout" {
				t.Fatalf("after %d notifications: %s", received, got)
			}
			break
		}
		if d := time.Since(start); d > 5*time.Second || received == 0 {
			t.Errorf("idle session ended after %v and %d notifications", d, received)
		}
	})

	t.Run("a backlog larger than shared memory spills to pg_notify", func(t *testing.T) {
		filler := c.connect()
		fillerPID := backendPID(t, filler)
		mustExec(t, listener, "BEGIN")
		mustExec(t, listener, "SELECT 1")
		// 10 transactions of 400 notifications of 8 kB: 32 MB, four times
		// the ring in shared memory, while the listener cannot read.
		big := "SELECT pg_notify('c', repeat('x', 7990) || g) FROM generate_series(1, 400) g"
		committed := 0
		for ; committed < 10; committed++ {
			if _, err := filler.Exec(context.Background(), big); err != nil {
				t.Fatalf("after %d transactions: %v", committed, err)
			}
		}
		files, _ := os.ReadDir(filepath.Join(c.dataDir, "pg_notify"))
		if len(files) == 0 {
			t.Fatal("nothing spilled to pg_notify/")
		}
		if u := queueUsage(t, sender); u <= 0 || u > 0.01 {
			t.Errorf("queue usage %g for 32 MB of 8 GB", u)
		}
		// The listener gets every notification, in order, once its block
		// ends: most of them read back from pg_notify/.
		mustExec(t, listener, "COMMIT")
		for i := 0; i < committed*400; i++ {
			n, err := nextNotification(t, listener, 10*time.Second)
			if err != nil {
				t.Fatalf("notification %d of %d: %v", i+1, committed*400, err)
			}
			if n.PID != uint32(fillerPID) {
				t.Fatalf("notification %d from %d", i+1, n.PID)
			}
			if want := strings.Repeat("x", 7990) + itoa(i%400+1); n.Payload != want {
				t.Fatalf("notification %d: %q %q (%d bytes)", i+1, n.Channel, n.Payload[:min(len(n.Payload), 20)], len(n.Payload))
			}
		}
		expectNoNotification(t, listener, 300*time.Millisecond)
		waitQueueEmpty(t, sender, "after the listener caught up")
		if files, _ := os.ReadDir(filepath.Join(c.dataDir, "pg_notify")); len(files) > 1 {
			t.Errorf("%d pg_notify/ segments left once everything was read", len(files))
		}
		mustExec(t, sender, big)
	})
}
