// The autovacuum worker (PostgreSQL 15's autovacuum.c, AutoVacWorkerMain
// and do_autovacuum): a process the postmaster starts when the launcher
// asks for one, for one database. It connects to that database as its
// owner superuser would, without a client, asks lib/sql which tables
// need VACUUM or ANALYZE, processes each in transactions of its own,
// and exits. pg_stat_activity shows it with backend_type "autovacuum
// worker" and the table it works on ("autovacuum: VACUUM public.t").
// SIGTERM (shutdown, or pg_terminate_backend) cancels the table at hand
// and ends the worker; SIGINT cancels the table at hand only.

package backend

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/elog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/pgstat"
	"github.com/gpostgres/gpostgres/lib/postmaster"
	"github.com/gpostgres/gpostgres/lib/proc"
	"github.com/gpostgres/gpostgres/lib/sql"
	"github.com/gpostgres/gpostgres/lib/xact"
)

// bootstrapSuperuser is BOOTSTRAP_SUPERUSERID: the role autovacuum runs
// as.
const bootstrapSuperuser = 10

// AutovacuumWorkerMain runs an autovacuum worker to its end.
func AutovacuumWorkerMain(child *postmaster.Child) int {
	ignoreNotifySignal()
	dbOID := child.Shared.TakeAutovacuumDatabase()
	if dbOID == 0 {
		return 0 // the request was taken by another worker
	}
	s := &session{
		child:    child,
		prepared: map[string]*prepared{},
		portals:  map[string]*portal{},
		parsed:   newParseCache(16),
		info:     proc.ConnInfo{Unix: true},
	}
	if err := s.openWorkerSession(dbOID); err != nil {
		child.Log.Report(err, "")
		return 1
	}
	defer s.releaseSlot()
	defer s.closeStorage(false)
	defer func() {
		if s.eng != nil {
			s.eng.Stats.Flush(true)
		}
	}()
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	stop := s.workerSignals(cancel)
	if err := s.autovacuumDatabase(ctx, stop); err != nil && !errors.Is(err, context.Canceled) {
		if pe := pgerr.As(err); pe.Code != pgerr.QueryCanceled && pe.Code != pgerr.AdminShutdown {
			child.Log.Report(err, "")
		}
	}
	return 0
}

// openWorkerSession claims an autovacuum worker slot and attaches the
// process to database dbOID as the bootstrap superuser.
func (s *session) openWorkerSession(dbOID uint32) error {
	dbs, err := catalog.Databases(s.child.DataDir)
	if err != nil {
		return err
	}
	for _, d := range dbs {
		if d.OID == dbOID {
			s.database = d.Name
		}
	}
	if s.database == "" {
		return nil // dropped meanwhile
	}
	roles, err := catalog.Roles(s.child.DataDir)
	if err != nil {
		return err
	}
	for _, r := range roles {
		if r.OID == bootstrapSuperuser {
			s.user = r.Name
		}
	}
	s.dbOID, s.userOID, s.superuser = dbOID, bootstrapSuperuser, true
	slot := s.child.Procs.ClaimAutovacuumWorker(int32(os.Getpid()))
	if slot == nil {
		return pgerr.New(pgerr.TooManyConnections, "no free autovacuum worker slot")
	}
	s.slot = slot
	slot.BeginWrite()
	slot.DatabaseOID, slot.UserOID, slot.Superuser = s.dbOID, s.userOID, 1
	proc.SetText(slot.UserName[:], s.user)
	proc.SetText(slot.Database[:], s.database)
	slot.EndWrite()
	s.child.Log.SetSession(elog.Session{User: s.user, Database: s.database, BackendType: proc.RoleAutovacuumWorker.Title(), SessionStart: time.Now()})
	s.setTitle("")
	eng, err := s.child.OpenEngine(slot)
	if err != nil {
		return err
	}
	s.eng = eng
	eng.Xact.SetProcDatabase(eng.ProcIndex, s.dbOID)
	eng.BackendType = pgstat.BackendAutovacuumWorker
	st := eng.StartStats(s.dbOID)
	st.SetAutovacuumWorker()
	st.SetSlot(slot)
	s.xact = xact.New(xact.Config{
		Engine:   eng,
		Database: s.dbOID,
		Settings: s.child.Settings,
		Panic:    func(err error) { s.child.Panic(err, s.slot) },
		Warn:     func(e *pgerr.Error) { s.child.Log.Report(e, "") },
		AtEnd:    func(bool) { s.activityRows = nil },
	})
	s.sessionStart = time.Now()
	return nil
}

// workerSignals installs the worker's handlers: SIGTERM cancels the
// work at hand and closes the returned channel; SIGINT cancels the table
// at hand; SIGHUP rereads the settings; SIGQUIT exits at once.
func (s *session) workerSignals(cancel context.CancelCauseFunc) <-chan struct{} {
	stop := make(chan struct{})
	ch := make(chan os.Signal, 4)
	signal.Notify(ch, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT)
	go func() {
		for sig := range ch {
			switch sig {
			case syscall.SIGTERM:
				select {
				case <-stop:
				default:
					close(stop)
				}
				if c := s.running.Load(); c != nil {
					(*c)(errTerminate)
				}
				cancel(errTerminate)
			case syscall.SIGINT:
				if c := s.running.Load(); c != nil {
					(*c)(errCanceled)
				}
			case syscall.SIGHUP:
				s.reloadPending.Store(true)
			case syscall.SIGQUIT:
				os.Exit(2)
			}
		}
	}()
	return stop
}

// autovacuumDatabase is do_autovacuum: the tables that need it, each
// vacuumed or analyzed, until done or told to stop.
func (s *session) autovacuumDatabase(ctx context.Context, stop <-chan struct{}) error {
	if s.eng == nil {
		return nil
	}
	st := s.child.Settings
	set := sql.AutovacuumSettings{
		VacuumThreshold: st.Int("autovacuum_vacuum_threshold"), InsertThreshold: st.Int("autovacuum_vacuum_insert_threshold"),
		AnalyzeThreshold: st.Int("autovacuum_analyze_threshold"), VacuumScale: st.Real("autovacuum_vacuum_scale_factor"),
		InsertScale: st.Real("autovacuum_vacuum_insert_scale_factor"), AnalyzeScale: st.Real("autovacuum_analyze_scale_factor"),
		FreezeMaxAge: st.Int("autovacuum_freeze_max_age"),
		// Lowered while multixact member space fills, as do_autovacuum's
		// effective_multixact_freeze_max_age.
		MultiFreezeMaxAge: s.eng.Xact.MultiXactMemberFreezeThreshold(s.eng.Owner, st.Int("autovacuum_multixact_freeze_max_age")),
	}
	// The counts of this database's tables and of the shared catalogs.
	activity := map[uint32]sql.TableActivity{}
	for _, db := range []uint32{s.dbOID, 0} {
		for _, tc := range s.eng.Shared.Stats.DatabaseTables(s.eng.Owner, db) {
			activity[tc.OID] = sql.TableActivity{DeadTuples: tc.DeadTuples, InsertsSinceVacuum: tc.InsertsSinceVacuum, ModsSinceAnalyze: tc.ChangesSinceAnalyze}
		}
	}
	lookup := func(oid uint32) (sql.TableActivity, bool) {
		a, ok := activity[oid]
		return a, ok
	}
	var targets []sql.AutovacuumTarget
	err := s.workerStatement(ctx, "autovacuum: choosing tables", func(ctx context.Context) error {
		var err error
		targets, err = sql.AutovacuumTargets(ctx, s, set, lookup)
		return err
	})
	if err != nil {
		return err
	}
	for _, t := range targets {
		select {
		case <-stop:
			return nil
		default:
		}
		if s.reloadPending.Swap(false) {
			s.child.Reload()
		}
		what := "autovacuum: "
		switch {
		case t.Vacuum && t.Analyze:
			what += "VACUUM ANALYZE "
		case t.Vacuum:
			what += "VACUUM "
		default:
			what += "ANALYZE "
		}
		opts := sql.AutovacuumOptions{LogMinDuration: st.Duration("log_autovacuum_min_duration").Milliseconds()}
		err := s.workerStatement(ctx, what+t.Schema+"."+t.Name, func(ctx context.Context) error {
			return sql.AutovacuumTable(ctx, s, t, opts)
		})
		if err != nil {
			pe := pgerr.As(err)
			if pe.Code == pgerr.AdminShutdown || errors.Is(err, context.Canceled) && ctx.Err() != nil {
				return err
			}
			// A table that fails (canceled by a lock request, say) is
			// reported and the next one taken, as PostgreSQL's workers do.
			if pe.Code == pgerr.QueryCanceled {
				s.child.Log.Report(pgerr.New(pgerr.QueryCanceled, "canceling autovacuum task"), "")
			} else {
				s.child.Log.Report(err, "")
			}
		}
	}
	return s.workerStatement(ctx, "autovacuum: updating the database's frozen ids", func(ctx context.Context) error {
		return sql.AutovacuumDatabaseDone(ctx, s)
	})
}

// workerStatement runs fn as one statement of the worker: in an implicit
// transaction, shown in pg_stat_activity as activity, cancelable by
// SIGINT.
func (s *session) workerStatement(ctx context.Context, activity string, fn func(context.Context) error) error {
	sctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	s.running.Store(&cancel)
	defer s.running.Store(nil)
	s.setState(proc.StateActive, activity, activity)
	defer s.setState(proc.StateIdle, "", "")
	s.beginImplicit()
	s.xact.SetContext(sctx)
	err := fn(sctx)
	s.xact.SetContext(nil)
	if err != nil {
		if cause := context.Cause(sctx); cause != nil && sctx.Err() != nil {
			err = cause
		}
		if aerr := s.xact.AbortCurrent(); aerr != nil {
			s.child.Log.Report(aerr, "")
		}
		s.endImplicit(false)
		return err
	}
	return s.endImplicit(true)
}

// VacuumCost implements sql.VacuumEnv: vacuum_cost_*, or for
// autovacuum autovacuum_vacuum_cost_delay and _limit unless -1.
func (s *session) VacuumCost(autovacuum bool) sql.VacuumCost {
	st := s.child.Settings
	c := sql.VacuumCost{
		Delay: st.Duration("vacuum_cost_delay"), Limit: int(st.Int("vacuum_cost_limit")),
		PageHit: int(st.Int("vacuum_cost_page_hit")), PageMiss: int(st.Int("vacuum_cost_page_miss")), PageDirty: int(st.Int("vacuum_cost_page_dirty")),
	}
	if autovacuum {
		if d := st.Duration("autovacuum_vacuum_cost_delay"); d >= 0 {
			c.Delay = d
		}
		if l := st.Int("autovacuum_vacuum_cost_limit"); l > 0 {
			c.Limit = int(l)
		}
	}
	return c
}

// LogAutovacuum implements sql.VacuumEnv.
func (s *session) LogAutovacuum(msg string) { s.child.Log.Logf(elog.Log, "%s", msg) }
