// One backend's LISTEN/NOTIFY state: the channels it listens to, what its
// open transaction will change at commit, and the reading of the queue.

package async

import (
	"slices"
	"time"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/shmem"
)

type actionKind uint8

const (
	actionListen actionKind = iota
	actionUnlisten
	actionUnlistenAll
)

// action is a LISTEN, UNLISTEN or UNLISTEN * waiting for its transaction
// to commit (PostgreSQL's ListenAction).
type action struct {
	kind    actionKind
	channel string
}

type notifyKey struct{ channel, payload string }

// Session is a backend's LISTEN/NOTIFY state. It is used by the session's
// goroutine only.
type Session struct {
	q         *Queue
	o         *shmem.Owner
	procIndex int
	db        uint32
	pid       int32

	// channels are the channels listened to, in the order LISTEN added
	// them (pg_listening_channels shows that order).
	channels []string
	// registered: the process has a listener slot in the queue.
	registered bool

	// The open transaction's LISTEN/UNLISTEN actions and notifications,
	// in statement order; seen deduplicates the notifications.
	actions []action
	pending []Notification
	seen    map[notifyKey]struct{}
}

// NewSession returns the state of the backend at procIndex (pid o.Pid)
// connected to database db.
func NewSession(q *Queue, o *shmem.Owner, procIndex int, db uint32) *Session {
	return &Session{q: q, o: o, procIndex: procIndex, db: db, pid: o.Pid}
}

func errChannelEmpty() error {
	return pgerr.New(pgerr.InvalidParameterValue, "channel name cannot be empty")
}

// CheckNotify validates a NOTIFY's channel and payload as Async_Notify
// does.
func CheckNotify(channel, payload string) error {
	if channel == "" {
		return errChannelEmpty()
	}
	if len(channel) > MaxChannel {
		return pgerr.New(pgerr.InvalidParameterValue, "channel name too long")
	}
	if len(payload) > MaxPayload {
		return pgerr.New(pgerr.InvalidParameterValue, "payload string too long")
	}
	return nil
}

// Mark is a point in the open transaction's pending work, to roll back
// to when a subtransaction aborts (AtSubAbort_Notify).
type Mark struct{ actions, notifies int }

// Mark returns the current point.
func (s *Session) Mark() Mark { return Mark{len(s.actions), len(s.pending)} }

// RollbackTo forgets what was added after m.
func (s *Session) RollbackTo(m Mark) {
	if m.actions < len(s.actions) {
		s.actions = s.actions[:m.actions]
	}
	if m.notifies < len(s.pending) {
		for _, n := range s.pending[m.notifies:] {
			delete(s.seen, notifyKey{n.Channel, n.Payload})
		}
		s.pending = s.pending[:m.notifies]
	}
}

// Listen queues a LISTEN for commit (Async_Listen).
func (s *Session) Listen(channel string) {
	s.actions = append(s.actions, action{actionListen, channel})
}

// Unlisten queues an UNLISTEN for commit (Async_Unlisten).
func (s *Session) Unlisten(channel string) {
	s.actions = append(s.actions, action{actionUnlisten, channel})
}

// UnlistenAll queues an UNLISTEN * for commit (Async_UnlistenAll).
func (s *Session) UnlistenAll() {
	s.actions = append(s.actions, action{kind: actionUnlistenAll})
}

// Notify queues a notification for commit (Async_Notify). One equal to a
// notification already queued by the transaction is dropped, as
// PostgreSQL does.
func (s *Session) Notify(channel, payload string) error {
	if err := CheckNotify(channel, payload); err != nil {
		return err
	}
	k := notifyKey{channel, payload}
	if _, dup := s.seen[k]; dup {
		return nil
	}
	if s.seen == nil {
		s.seen = map[notifyKey]struct{}{}
	}
	s.seen[k] = struct{}{}
	s.pending = append(s.pending, Notification{Channel: channel, Payload: payload, SenderPid: s.pid, Database: s.db})
	return nil
}

// HasNotifications reports whether the open transaction sent any.
func (s *Session) HasNotifications() bool { return len(s.pending) > 0 }

// HasPending reports whether the open transaction has anything to do at
// commit.
func (s *Session) HasPending() bool { return len(s.pending) > 0 || len(s.actions) > 0 }

// PreCommit is PreCommit_Notify, run before the commit record while the
// transaction may still fail: a backend that will listen takes its place
// in the queue now (so that it misses nothing committed after it), and
// the notifications must fit in the queue. A caller with notifications
// holds the notification lock. When the queue is half full, warn gets
// PostgreSQL's WARNING naming a listener that holds it back.
func (s *Session) PreCommit(warn func(*pgerr.Error)) error {
	if !s.registered && slices.ContainsFunc(s.actions, func(a action) bool { return a.kind == actionListen }) {
		s.q.Register(s.o, s.procIndex, s.db)
		s.registered = true
	}
	if len(s.pending) == 0 {
		return nil
	}
	var total uint64
	for _, n := range s.pending {
		total += EntrySize(n.Channel, n.Payload)
	}
	if fill, pid, ok := s.q.FillWarning(s.o, time.Now()); ok && warn != nil {
		e := pgerr.Newf(pgerr.Warning, "NOTIFY queue is %.0f%% full", fill*100).WithSeverity(pgerr.SeverityWarning)
		if pid != 0 {
			e = e.WithDetail("The server process with PID %d is among those with the oldest transactions.", pid).
				WithHint("The NOTIFY queue cannot be emptied until that process ends its current transaction.")
		}
		warn(e)
	}
	if err := s.q.SpillError(); err != nil {
		return pgerr.Wrap(err, pgerr.IoError, "could not access the notification queue in %s", Dir)
	}
	if !s.q.Fits(s.o, total) {
		return pgerr.New(pgerr.ProgramLimitExceeded, "too many notifications in the NOTIFY queue")
	}
	return nil
}

// AtCommit is AtCommit_Notify, run after the commit record and before the
// notification lock is released: the LISTEN/UNLISTEN actions take effect
// and the notifications are appended. It returns the pids of the
// listeners to wake.
func (s *Session) AtCommit() []int32 {
	for _, a := range s.actions {
		switch a.kind {
		case actionListen:
			if !slices.Contains(s.channels, a.channel) {
				s.channels = append(s.channels, a.channel)
			}
		case actionUnlisten:
			s.channels = slices.DeleteFunc(s.channels, func(c string) bool { return c == a.channel })
		case actionUnlistenAll:
			s.channels = nil
		}
	}
	s.actions = nil
	wake := s.q.Append(s.o, s.db, s.pid, s.pending)
	s.clearPending()
	return wake
}

// AtEnd runs at the end of every transaction, committed or not: what was
// not committed is forgotten, and a backend that listens to nothing
// leaves the queue (asyncQueueUnregister).
func (s *Session) AtEnd() {
	s.actions = nil
	s.clearPending()
	if s.registered && len(s.channels) == 0 {
		s.q.Detach(s.o, s.procIndex)
		s.registered = false
	}
}

func (s *Session) clearPending() {
	s.pending = nil
	clear(s.seen)
}

// Close leaves the queue at the session's end (Async_UnlistenOnExit).
func (s *Session) Close() {
	s.channels = nil
	s.AtEnd()
}

// Channels is pg_listening_channels(): the channels listened to, as of
// the last commit.
func (s *Session) Channels() []string { return slices.Clone(s.channels) }

// Usage is pg_notification_queue_usage().
func (s *Session) Usage() float64 { return s.q.Usage(s.o) }

// HasIncoming reports cheaply whether the queue holds entries this
// backend has not read.
func (s *Session) HasIncoming() bool { return s.registered && s.q.HasNew(s.procIndex) }

// Receive reads the queue (asyncQueueReadAllNotifications) and hands
// deliver each notification of a channel listened to, in queue order.
// It stops at deliver's first error.
func (s *Session) Receive(deliver func(Notification) error) error {
	if !s.registered {
		return nil
	}
	for {
		ns, more := s.q.Read(s.o, s.procIndex)
		for _, n := range ns {
			if !slices.Contains(s.channels, n.Channel) {
				continue
			}
			if err := deliver(n); err != nil {
				return err
			}
		}
		if !more {
			return nil
		}
	}
}
