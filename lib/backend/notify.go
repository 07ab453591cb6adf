// LISTEN/NOTIFY in the session: the expr.AsyncNotify the SQL layer calls,
// the commit hooks that queue notifications, and their delivery to the
// client as NotificationResponse messages between statements.

package backend

import (
	"errors"
	"net"
	"os/signal"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/gpostgres/gpostgres/lib/async"
	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/storage/lmgr"
)

// startNotify gives the session its LISTEN/NOTIFY state; the transaction
// hooks are installed by the first LISTEN, UNLISTEN or NOTIFY (pending).
func (s *session) startNotify() {
	s.notify = async.NewSession(s.eng.Notify, &s.slot.Owner, s.child.Procs.Index(s.slot), s.dbOID)
}

// The pre-commit hook is installed only while the transaction has
// LISTEN/UNLISTEN/NOTIFY work, so that other commits do not pay for it.
const notifyHook = "notify"

// preCommitNotify is PreCommit_Notify. A transaction that notifies takes
// PostgreSQL's lock on database 0 first, held to its end: committers of
// notifications go one at a time, so their notifications enter the queue
// in commit order, and the space checked now is still free when they are
// appended after the commit record.
func (s *session) preCommitNotify() error {
	if s.notify == nil || !s.notify.HasPending() {
		return nil
	}
	if s.notify.HasNotifications() {
		tag := lmgr.ObjectTag(0, catalog.DatabaseRelationID, 0, 0)
		if _, err := s.xact.LockObject(tag, lmgr.AccessExclusiveLock, false); err != nil {
			return err
		}
	}
	if err := s.notify.PreCommit(s.notice); err != nil {
		return err
	}
	s.xact.AtCommit(func() {
		for _, pid := range s.notify.AtCommit() {
			// A listener that has just exited is no concern of ours.
			syscall.Kill(int(pid), syscall.SIGUSR1)
		}
	})
	return nil
}

// notifyAtEnd runs at every transaction end.
func (s *session) notifyAtEnd() {
	s.xact.SetPreCommit(notifyHook, nil)
	if s.notify != nil {
		s.notify.AtEnd()
	}
}

// closeNotify leaves the queue when the session ends.
func (s *session) closeNotify() {
	if s.notify != nil {
		s.notify.Close()
		s.notify = nil
	}
}

// sendNotifications sends what the queue holds for the session's
// channels (ProcessIncomingNotify). It is called only outside a
// transaction block, as PostgreSQL delivers only then.
func (s *session) sendNotifications() {
	if s.notify == nil || !s.notify.HasIncoming() {
		return
	}
	s.notify.Receive(func(n async.Notification) error {
		s.send(&pgproto3.NotificationResponse{PID: uint32(n.SenderPid), Channel: n.Channel, Payload: n.Payload})
		return nil
	})
}

// notifyInterrupt is the SIGUSR1 handler's work (HandleNotifyInterrupt):
// a session waiting for its client is woken so that it delivers at once;
// a busy one finds the flag when it next goes idle.
func (s *session) notifyInterrupt() {
	s.notifyPending.Store(true)
	if s.waitingForClient.Load() {
		s.conn.SetReadDeadline(time.Now())
	}
}

// receive waits for the client's next message. A notification arriving
// meanwhile is sent at once when no transaction block is open, and the
// wait goes on with the idle deadline it had (idleUntil, zero for none).
func (s *session) receive(idleUntil time.Time) (pgproto3.FrontendMessage, error) {
	for {
		s.waitingForClient.Store(true)
		// Counts held back at the last transaction's end are flushed
		// after a while idle (IDLE_STATS_UPDATE_TIMEOUT).
		statsAt := s.statsFlushAt
		if s.xact.InBlock() {
			statsAt = time.Time{}
		}
		if !statsAt.IsZero() && (idleUntil.IsZero() || statsAt.Before(idleUntil)) {
			s.conn.SetReadDeadline(statsAt)
		}
		if s.notifyPending.Load() || s.terminating.Load() {
			s.conn.SetReadDeadline(time.Now())
		}
		msg, err := s.be.Receive()
		s.waitingForClient.Store(false)
		if err != nil && isTimeout(err) && !statsAt.IsZero() && !s.terminating.Load() && !time.Now().Before(statsAt) {
			s.flushStats(true)
			if !s.notifyPending.Load() {
				if !idleUntil.IsZero() && !time.Now().Before(idleUntil) {
					return msg, err
				}
				s.conn.SetReadDeadline(idleUntil)
				continue
			}
		}
		if err == nil || !s.notifyPending.Swap(false) || s.terminating.Load() || !isTimeout(err) {
			return msg, err
		}
		if !idleUntil.IsZero() && !time.Now().Before(idleUntil) {
			return msg, err
		}
		if !s.xact.InBlock() {
			s.sendNotifications()
			if err := s.flush(); err != nil {
				return nil, err
			}
		}
		s.conn.SetReadDeadline(idleUntil)
	}
}

// ignoreNotifySignal keeps a SIGUSR1 meant for a listener that has gone
// from killing a new process that got its pid, until the session's
// handler takes the signal over (installSignalHandlers).
func ignoreNotifySignal() { signal.Ignore(syscall.SIGUSR1) }

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// ---- expr.AsyncNotify ----

// pending records a LISTEN, UNLISTEN or NOTIFY in the open transaction;
// a rollback of the current savepoint level forgets it
// (AtSubAbort_Notify).
func (s *session) pending(f func() error) error {
	if s.notify == nil {
		return errNoNotify()
	}
	mark := s.notify.Mark()
	if err := f(); err != nil {
		return err
	}
	s.xact.SetPreCommit(notifyHook, s.preCommitNotify)
	if s.xact.Open() {
		s.xact.AtAbort(func() { s.notify.RollbackTo(mark) })
	}
	return nil
}

func errNoNotify() error {
	return pgerr.New(pgerr.FeatureNotSupported, "LISTEN and NOTIFY are not available in this session")
}

// Listen is LISTEN.
func (s *session) Listen(channel string) error {
	return s.pending(func() error { s.notify.Listen(channel); return nil })
}

// Unlisten is UNLISTEN channel.
func (s *session) Unlisten(channel string) error {
	return s.pending(func() error { s.notify.Unlisten(channel); return nil })
}

// UnlistenAll is UNLISTEN *.
func (s *session) UnlistenAll() error {
	return s.pending(func() error { s.notify.UnlistenAll(); return nil })
}

// Notify is NOTIFY and pg_notify.
func (s *session) Notify(channel, payload string) error {
	return s.pending(func() error { return s.notify.Notify(channel, payload) })
}

// ListeningChannels is pg_listening_channels().
func (s *session) ListeningChannels() []string {
	if s.notify == nil {
		return nil
	}
	return s.notify.Channels()
}

// NotificationQueueUsage is pg_notification_queue_usage().
func (s *session) NotificationQueueUsage() float64 {
	if s.notify == nil {
		return 0
	}
	return s.notify.Usage()
}

var _ expr.AsyncNotify = (*session)(nil)
