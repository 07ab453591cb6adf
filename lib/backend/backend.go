// The session: start-up, authentication and the command loop.

package backend

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gpostgres/gpostgres/lib/async"
	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/config"
	"github.com/gpostgres/gpostgres/lib/elog"
	"github.com/gpostgres/gpostgres/lib/engine"
	"github.com/gpostgres/gpostgres/lib/mb"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/pgstat"
	"github.com/gpostgres/gpostgres/lib/postmaster"
	"github.com/gpostgres/gpostgres/lib/proc"
	"github.com/gpostgres/gpostgres/lib/sql"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/storage/tempfile"
	"github.com/gpostgres/gpostgres/lib/types"
	"github.com/gpostgres/gpostgres/lib/waitevent"
	"github.com/gpostgres/gpostgres/lib/xact"
	"github.com/jackc/pgx/v5/pgproto3"
)

// session is one client connection's state.
type session struct {
	child *postmaster.Child
	conn  net.Conn
	info  proc.ConnInfo
	be    *pgproto3.Backend
	// client is what be reads the client's messages from (copy.go).
	client *clientReader
	// writeMu serialises writes to the socket between the session and the
	// SIGQUIT handler's last message.
	writeMu sync.Mutex

	slot      *proc.Slot
	user      string
	userOID   uint32
	superuser bool
	database  string
	dbOID     uint32
	hostLabel string // "[local]" or "host(port)" for titles and logs

	eng *engine.Engine
	// xact is the session's transaction, made when the engine is opened.
	xact      *xact.Transaction
	catalog   *catalog.Cache
	stmtStart time.Time
	// sessionStart is when the connection arrived (log_disconnections).
	sessionStart time.Time
	// sessionEnd is why the session ends, for pg_stat_database's
	// sessions_* counts (pgStatSessionEndCause).
	sessionEnd pgstat.SessionEnd
	// statsFlushAt, when not zero, is when the counts a finished
	// transaction left unflushed must be flushed if the session is still
	// idle (IDLE_STATS_UPDATE_TIMEOUT).
	statsFlushAt time.Time

	prepared map[string]*prepared
	portals  map[string]*portal
	// activePortal is the portal whose statement is running (CLOSE ALL
	// and DISCARD ALL leave it), nil between statements.
	activePortal *portal
	parsed       *parseCache

	loc     *time.Location // TimeZone, cached
	locName string
	fmtOpts *types.FormatOptions // cached; nil after a settings change
	// clientEnc is the client's encoding when text is converted for it
	// (clientEncoding), valid while clientEncKnown.
	clientEnc      *mb.Encoding
	clientEncKnown bool
	// awaitingCommand is set by ReadyForQuery until the next message:
	// the wait for it may be long (idleMemoryRelease).
	awaitingCommand bool
	// setInTxn records a settings change in the current transaction,
	// whose end may undo it.
	setInTxn bool
	// activityRows is the transaction's picture of pg_stat_activity,
	// taken at its first read and kept until the transaction ends or
	// pg_stat_clear_snapshot (PostgreSQL's local backend status
	// snapshot); nil when none was taken.
	activityRows [][]types.Datum

	// stmtTimer is the running statement's statement_timeout, nil when
	// none runs; work done as the transaction commits stops it.
	stmtTimer *time.Timer
	// Interrupt state, written by the signal goroutine.
	running       atomic.Pointer[context.CancelCauseFunc]
	terminating   atomic.Bool
	reloadPending atomic.Bool
	// notifyPending: a notifying backend signalled (SIGUSR1);
	// waitingForClient: the loop is blocked reading the client
	// (notify.go).
	notifyPending    atomic.Bool
	waitingForClient atomic.Bool
	// notify is the session's LISTEN/NOTIFY state (lib/async).
	notify *async.Session
	// clientLost is set when client_connection_check_interval found the
	// client gone; the session then ends without writing to it.
	clientLost atomic.Bool
	// random is the state of random() and setseed().
	random expr.PRNG

	// tempFiles are the session's temporary files (tempfiles.go), nil
	// until a statement spills.
	tempFiles *tempfile.Manager
	// debugQuery is the query string running (PostgreSQL's
	// debug_query_string), for the STATEMENT line of LOG messages
	// written during it; "" between queries.
	debugQuery string

	// warm is what an earlier session of this process left for this one
	// (reuse.go): its catalog cache, taken over if the database is the
	// same. nil in a new process.
	warm *warmState
	// terminated records that the client ended the session with a
	// Terminate message, the only end after which the process may serve
	// another session.
	terminated bool
}

// Main runs a backend process to the end of its last session and returns
// the exit status: 0 after a normal end, 1 after a FATAL error, as
// PostgreSQL's backends do (the postmaster treats both as clean). A
// pre-started backend may serve several sessions one after another
// (reuse.go).
func Main(child *postmaster.Child) int {
	ignoreNotifySignal()
	if child.Extra == nil {
		child.Log.Fatal("backend started without a client socket")
		return 1
	}
	if os.Getenv(proc.EnvPrestarted) != "" {
		p := newPooledProcess(child, child.Extra)
		child.Extra = nil
		// What a fresh backend would pay on its first query, paid now.
		sql.Parse("SELECT 1")
		return p.serve(nil)
	}
	var info proc.ConnInfo
	if v := os.Getenv(proc.EnvState); v != "" {
		json.Unmarshal([]byte(v), &info)
	}
	conn := child.Extra
	child.Extra = nil
	// The parser's first call costs milliseconds of one-time set-up;
	// pay it while the client is still sending its start-up packet.
	go sql.Parse("SELECT 1")
	if child.Handoff == nil {
		status, _ := runSession(child, conn, info, nil, false)
		return status
	}
	// Started for a connection, but with a hand-off socketpair: after
	// this session it may serve more.
	p := newPooledProcess(child, child.Handoff)
	child.Handoff = nil
	return p.serve(&handOff{info: info, conn: conn})
}

// runSession serves one client connection from start-up to its end and
// tears the session down as a backend's exit would. When reusable is
// set and the session ended cleanly, it also resets what the process
// keeps (reuse.go) and returns the state to carry into the next session;
// nil means the process must exit with status.
func runSession(child *postmaster.Child, conn *os.File, info proc.ConnInfo, warm *warmState, reusable bool) (int, *warmState) {
	nc, err := net.FileConn(conn)
	conn.Close()
	if err != nil {
		child.Log.Report(pgerr.Wrap(err, pgerr.ConnectionFailure, "could not use client socket"), "")
		return 1, nil
	}
	s := &session{
		child:    child,
		conn:     nc,
		prepared: map[string]*prepared{},
		portals:  map[string]*portal{},
		parsed:   newParseCache(256),
		info:     info,
		warm:     warm,
	}
	s.hostLabel = "[local]"
	if !s.info.Unix {
		s.hostLabel = fmt.Sprintf("%s(%d)", s.info.RemoteHost, s.info.RemotePort)
	}
	stopSignals := s.installSignalHandlers()

	s.sessionStart = time.Now()
	status := 0
	var reuse bool
	if err := s.startup(); err != nil {
		if !errors.Is(err, errNoStartup) {
			s.reportStartupError(err)
			status = 1
		}
		// A cancel request or a client that went away before its
		// start-up packet: no session began, nothing to reset.
		reuse = reusable && status == 0 && s.slot == nil && s.eng == nil
		if reuse {
			s.end(false)
			stopSignals()
			nc.Close()
			if warm == nil {
				warm = &warmState{}
			}
			return 0, warm
		}
	} else {
		status = s.loop()
		s.logDisconnection(s.sessionStart)
		reuse = reusable && status == 0 && s.cleanEnd()
	}
	next := s.end(reuse)
	stopSignals()
	nc.Close()
	if !reuse || next == nil {
		return status, nil
	}
	return status, next
}

// closeStorage aborts a transaction left open by a vanished client or a
// FATAL error, releases the session's locks and drops the process's pins
// and open files, before the proc slot is released.
//
// With keepCache, the catalog cache is kept for the process's next
// session (its invalidation reader suspended, reuse.go) and returned;
// ok is false when anything failed, and the process must then exit.
func (s *session) closeStorage(keepCache bool) (kept *warmState, ok bool) {
	if s.eng == nil {
		return nil, true
	}
	ok = true
	// Cursors first: their executions read under the transaction.
	s.closeAllPortals(nil)
	if err := s.xact.AbortAll(); err != nil {
		s.child.Log.Report(err, "")
		ok = false
	}
	// The session's temporary objects go with it
	// (RemoveTempRelationsCallback).
	if s.catalog != nil {
		if err := sql.DropTempObjects(context.Background(), s); err != nil {
			s.child.Log.Report(err, "")
			ok = false
		}
	}
	// The session-level advisory locks go with the session
	// (ShutdownPostgres's LockReleaseAll of the user lock method).
	s.eng.Locker.LockReleaseAll()
	// The session's last counts, and how it ended.
	s.eng.Stats.ReportDisconnect(s.sessionEnd)
	if keepCache && ok && s.catalog != nil {
		if pos, suspended := s.catalog.Suspend(); suspended {
			kept = &warmState{cache: s.catalog, database: s.dbOID, databaseName: s.database, position: pos}
		}
	}
	s.eng.Close()
	return kept, ok
}

func (s *session) releaseSlot() {
	if s.slot != nil {
		s.slot.Release()
		s.slot = nil
	}
}

// reportStartupError sends a FATAL to the client (unless the problem was
// below the protocol, such as a bad packet length) and logs it.
func (s *session) reportStartupError(err error) {
	pe := pgerr.As(err)
	if pe.Severity != pgerr.SeverityLog {
		if pe.Severity == pgerr.SeverityError {
			pe.Severity = pgerr.SeverityFatal
		}
		s.sendErrorNow(pe)
	}
	s.child.Log.Report(pe, "")
}

func (s *session) startup() error {
	s.conn.SetDeadline(s.startupDeadline())
	s.logConnectionReceived()
	pkt, err := s.readStartup()
	if err != nil {
		return err
	}
	if s.info.Reject != "" {
		return pgerr.Fatalf(s.info.RejectCode, "%s", s.info.Reject)
	}
	if s.child.Shared.IsShuttingDown() {
		return pgerr.Fatalf(pgerr.CannotConnectNow, "the database system is shutting down")
	}
	if s.child.Shared.Quit() != postmaster.QuitNone {
		// Started just as the postmaster began a crash restart.
		return pgerr.Fatalf(pgerr.CannotConnectNow, "the database system is in recovery mode")
	}
	s.user, s.database = pkt.params["user"], pkt.params["database"]
	s.child.Log.SetSession(elog.Session{
		User: s.user, Database: s.database, Host: s.info.RemoteHost,
		HostPort: s.hostPort(), BackendType: "client backend", SessionStart: time.Now(),
	})
	s.setTitle("authentication")

	role, ok, err := catalog.RoleByName(s.child.DataDir, s.user)
	if err != nil {
		return err
	}
	if !ok {
		return pgerr.Fatalf(pgerr.InvalidAuthorizationSpecification, "role \"%s\" does not exist", s.user)
	}
	if !role.CanLogin {
		return pgerr.Fatalf(pgerr.InvalidAuthorizationSpecification, "role \"%s\" is not permitted to log in", s.user)
	}
	s.userOID, s.superuser = role.OID, role.Superuser
	db, ok, err := catalog.DatabaseByName(s.child.DataDir, s.database)
	if err != nil {
		return err
	}
	if !ok {
		return pgerr.Fatalf(pgerr.InvalidCatalogName, "database \"%s\" does not exist", s.database)
	}
	if !db.AllowConn {
		return pgerr.Fatalf(pgerr.ObjectNotInPrerequisiteState, "database \"%s\" is not currently accepting connections", s.database)
	}
	s.dbOID = db.OID

	if err := s.claimSlot(); err != nil {
		return err
	}
	eng, err := s.child.OpenEngine(s.slot)
	if err != nil {
		return fatal(err)
	}
	s.eng = eng
	s.takeWarmCache()
	// Before the first snapshot: other databases' VACUUMs may pass over
	// this session's (GetOldestXminForDatabase).
	eng.Xact.SetProcDatabase(eng.ProcIndex, s.dbOID)
	eng.StartStats(s.dbOID)
	s.xact = xact.New(xact.Config{
		Engine:   eng,
		Database: s.dbOID,
		Settings: s.child.Settings,
		Panic:    func(err error) { s.child.Panic(err, s.slot) },
		Warn:     func(e *pgerr.Error) { s.notice(e) },
		AtEnd: func(committed bool) {
			s.cursorsAtEnd(committed)
			s.activityRows = nil
			s.notifyAtEnd()
			// An abort undoes SET, a commit SET LOCAL: what was derived
			// from the settings is stale.
			if s.setInTxn {
				s.settingsChanged()
				s.setInTxn = false
			}
		},
	})
	s.installCursorHooks()
	s.startNotify()
	if err := s.applyStartupSettings(pkt); err != nil {
		return err
	}
	s.conn.SetDeadline(time.Time{})

	sock := newRawSocket(s.conn)
	sock.waitOwner = &s.slot.Owner
	s.client = &clientReader{sock: sock}
	s.be = pgproto3.NewBackend(s.client, sock)
	s.be.SetMaxBodyLen(1 << 30)
	// Authentication: trust until pg_hba.conf is implemented.
	s.send(&pgproto3.AuthenticationOk{})
	appName, hasAppName := pkt.params["application_name"]
	s.logConnectionAuthorized(appName, hasAppName)
	s.sendParameterStatus()
	key := binary.BigEndian.AppendUint32(nil, uint32(s.slot.CancelKey))
	s.send(&pgproto3.BackendKeyData{ProcessID: uint32(os.Getpid()), SecretKey: key})
	s.eng.Stats.ReportConnect(s.slot, s.sessionStart)
	return nil
}

func (s *session) hostPort() string {
	if s.info.Unix {
		return "[local]"
	}
	return s.info.RemoteHost + "(" + strconv.Itoa(s.info.RemotePort) + ")"
}

// claimSlot takes a proc slot, enforcing max_connections and
// superuser_reserved_connections with PostgreSQL's messages.
func (s *session) claimSlot() error {
	slot, free := s.child.Procs.ClaimBackend(int32(os.Getpid()))
	if slot == nil {
		return pgerr.Fatalf(pgerr.TooManyConnections, "sorry, too many clients already")
	}
	s.slot = slot
	reserved := int(s.child.Settings.Int("superuser_reserved_connections"))
	if !s.superuser && reserved > 0 && free < reserved {
		return pgerr.Fatalf(pgerr.TooManyConnections, "remaining connection slots are reserved for non-replication superuser connections")
	}
	var key [4]byte
	rand.Read(key[:])
	slot.BeginWrite()
	slot.CancelKey = int32(binary.BigEndian.Uint32(key[:]))
	slot.DatabaseOID, slot.UserOID = s.dbOID, s.userOID
	if s.superuser {
		slot.Superuser = 1
	}
	slot.ClientPort = int32(s.info.RemotePort)
	proc.SetText(slot.UserName[:], s.user)
	proc.SetText(slot.Database[:], s.database)
	if !s.info.Unix {
		proc.SetText(slot.ClientAddr[:], s.info.RemoteHost)
	}
	slot.EndWrite()
	return nil
}

// applyStartupSettings applies the start-up packet's parameters and
// options with client priority, and the session's own internal settings.
func (s *session) applyStartupSettings(pkt *startupPacket) error {
	st := s.child.Settings
	// A superuser's start-up packet may set superuser-only parameters
	// (process_startup_options' PGC_SU_BACKEND).
	ctx := config.ContextBackend
	if s.superuser {
		ctx = config.ContextSuperuserBackend
	}
	for _, name := range pkt.order {
		value := pkt.params[name]
		switch name {
		case "user", "database", "replication":
			continue
		case "options":
			opts, err := config.ParseOptionsString(value)
			if err != nil {
				return err
			}
			for _, o := range opts {
				if err := st.Set(o.Name, o.Value, ctx, config.SourceClient); err != nil {
					return fatal(err)
				}
			}
			continue
		}
		if len(name) > 4 && name[:4] == "_pq_" {
			continue
		}
		if err := st.Set(name, value, ctx, config.SourceClient); err != nil {
			return fatal(err)
		}
	}
	su := "off"
	if s.superuser {
		su = "on"
	}
	st.Set("is_superuser", su, config.ContextInternal, config.SourceOverride)
	st.Set("session_authorization", s.user, config.ContextInternal, config.SourceOverride)
	s.slot.BeginWrite()
	proc.SetText(s.slot.Application[:], st.String("application_name"))
	s.slot.EndWrite()
	return nil
}

func fatal(err error) error {
	pe := pgerr.As(err)
	pe.Severity = pgerr.SeverityFatal
	return pe
}

func (s *session) sendParameterStatus() {
	for _, p := range s.child.Settings.ChangedReportable() {
		s.send(&pgproto3.ParameterStatus{Name: p.Name, Value: p.Value})
	}
}

// setTitle sets the process title to "gpostgres: user db host activity".
func (s *session) setTitle(activity string) {
	if s.child.Role == proc.RoleAutovacuumWorker {
		// "gpostgres: autovacuum worker postgres", whatever it does.
		s.child.Title.Set("gpostgres:", proc.RoleAutovacuumWorker.Title()+" "+s.database)
		return
	}
	if !s.child.Settings.Bool("update_process_title") && activity != "authentication" {
		return
	}
	s.child.Title.Set("gpostgres:", s.user+" "+s.database+" "+s.hostLabel+" "+activity)
}

// setState records the session's state for pg_stat_activity and the title.
func (s *session) setState(state int32, query string, activity string) {
	if s.slot != nil {
		t := time.Now()
		if s.eng != nil {
			s.eng.Stats.ReportState(state, t)
		}
		s.slot.BeginWrite()
		s.slot.State = state
		now := t.UnixMicro()
		s.slot.StateChange = now
		if state == proc.StateActive {
			s.slot.QueryStart = now
			proc.SetText(s.slot.Query[:], query)
		}
		if s.xact == nil || !s.xact.Open() {
			s.slot.XactStart = 0
		} else if s.slot.XactStart == 0 {
			s.slot.XactStart = s.xact.Start().UnixMicro()
		}
		s.slot.EndWrite()
	}
	s.setTitle(activity)
}

// sendErrorNow writes an error straight to the socket, outside the
// buffered protocol writer (start-up failures and the SIGQUIT path).
func (s *session) sendErrorNow(pe *pgerr.Error) {
	buf, err := errorMessage(pe).Encode(nil)
	if err != nil {
		return
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	s.conn.SetWriteDeadline(time.Now().Add(time.Second))
	s.conn.Write(buf)
}

// errorMessage converts an error to the protocol's ErrorResponse fields
// (noticeOrError picks NoticeResponse for warnings and notices).
func errorMessage(pe *pgerr.Error) *pgproto3.ErrorResponse {
	return &pgproto3.ErrorResponse{
		Severity: string(pe.Severity), SeverityUnlocalized: string(pe.Severity),
		Code: pe.Code, Message: pe.Message, Detail: pe.Detail, Hint: pe.Hint,
		Position: pe.Position, InternalPosition: pe.InternalPosition, InternalQuery: pe.InternalQuery, Where: pe.Where,
		SchemaName: pe.SchemaName, TableName: pe.TableName, ColumnName: pe.ColumnName,
		DataTypeName: pe.DataTypeName, ConstraintName: pe.ConstraintName,
	}
}

// ReportWait publishes what the session waits for in its proc slot, for
// pg_stat_activity (expr.WaitReporter); 0 ends the wait.
func (s *session) ReportWait(ev waitevent.Event) {
	if s.slot == nil {
		return
	}
	if ev == 0 {
		waitevent.End(&s.slot.Owner)
		return
	}
	waitevent.Start(&s.slot.Owner, ev)
}

// ClearStatSnapshot is pg_stat_clear_snapshot (expr.StatSnapshotClearer):
// the next read of pg_stat_activity takes a fresh picture.
func (s *session) ClearStatSnapshot() { s.activityRows = nil }
