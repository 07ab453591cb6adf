// The after-row event queue (PostgreSQL's after-trigger queue in
// commands/trigger.c, reduced to what foreign keys need so far): row
// changes that an AFTER ROW action must see are queued while a
// statement runs and fired, in order, once it has run and its changes
// are visible (AfterTriggerEndQuery). An event's action may run
// statements of its own (a cascaded DELETE); their events join the
// queue being fired instead of firing when they end, as PostgreSQL's
// RI queries run with fire_triggers off, so a cascade through a chain
// of any length is a loop over one queue, not a recursion.
//
// The event of a deferrable constraint that is deferred (INITIALLY
// DEFERRED, or SET CONSTRAINTS ... DEFERRED) moves at the end of its
// statement to the transaction's deferred list (xact.TriggerState), to
// be fired by SET CONSTRAINTS ... IMMEDIATE or at COMMIT, from a
// pre-commit hook: a failure there is the COMMIT's error and rolls the
// transaction back. A savepoint rolled back forgets the events deferred
// and the SET CONSTRAINTS made inside it.
//
// Foreign keys are the only source of events today (ri.go); user AFTER
// ROW triggers would queue events of their own here.

package sql

import (
	"context"
	"maps"

	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/parser"
	"github.com/gpostgres/gpostgres/lib/types"
)

// afterRowEvent is one queued row change and what to do about it.
type afterRowEvent struct {
	// relation is the table whose row change queued the event.
	relation uint32
	// constraint is the constraint the event enforces (SET CONSTRAINTS
	// names it); deferrable and initiallyDeferred are its trigger's
	// tgdeferrable and tginitdeferred.
	constraint                    uint32
	deferrable, initiallyDeferred bool
	// tgtype is the row event of the trigger standing for the event
	// (triggerTypeInsert, Update or Delete; 0 for none), which EXPLAIN
	// ANALYZE reports it under.
	tgtype int16
	// fire runs the event's action in the statement's context, after
	// the statement's changes were made visible.
	fire func(s *sqlCtx) error
	// seq numbers a deferred event in its transaction, so that a
	// savepoint's rollback finds the ones deferred since.
	seq uint64
}

// afterEventQueue is one statement's queued events.
type afterEventQueue struct {
	events []afterRowEvent
}

// queueAfterRow adds an event to the running statement's queue.
func (s *sqlCtx) queueAfterRow(ev afterRowEvent) {
	if s.afterEvents == nil {
		s.afterEvents = &afterEventQueue{}
	}
	s.afterEvents.events = append(s.afterEvents.events, ev)
}

// deferredEvents is a transaction's after-trigger state: the deferred
// events in the order they were queued and the SET CONSTRAINTS
// settings (SetConstraintState).
type deferredEvents struct {
	events []afterRowEvent
	// all is SET CONSTRAINTS ALL's setting: 1 DEFERRED, -1 IMMEDIATE, 0
	// none; byConstraint are the settings of constraints named since
	// (true: DEFERRED), which ALL clears.
	all          int8
	byConstraint map[uint32]bool
	// nextSeq numbers the next deferred event.
	nextSeq uint64
}

// add defers ev.
func (d *deferredEvents) add(ev afterRowEvent) {
	ev.seq = d.nextSeq
	d.nextSeq++
	d.events = append(d.events, ev)
}

// Pending implements xact.TriggerState.
func (d *deferredEvents) Pending() bool { return len(d.events) > 0 }

// deferred reports whether ev waits for commit under the settings d
// (nil: none).
func (d *deferredEvents) deferred(ev *afterRowEvent) bool {
	if !ev.deferrable {
		return false
	}
	if d != nil {
		if v, ok := d.byConstraint[ev.constraint]; ok {
			return v
		}
		if d.all != 0 {
			return d.all > 0
		}
	}
	return ev.initiallyDeferred
}

// triggerState is the transaction's after-trigger state; with create it
// is made (and the commit hook installed) when missing.
func (s *sqlCtx) triggerState(create bool) *deferredEvents {
	d, _ := s.tx.TriggerState().(*deferredEvents)
	if d == nil && create {
		d = &deferredEvents{}
		s.tx.SetTriggerState(d)
		env, tx := s.env, s.tx
		tx.SetPreCommit("deferred triggers", func() error { return fireDeferredAtCommit(tx.Context(), env) })
	}
	return d
}

// afterEventDepthKey is the context key of how many statements fired
// by after-row events run below each other.
type afterEventDepthKey struct{}

// afterEventSinkKey is the context key of the queue the events of a
// statement an event runs go to (the firing statement's).
type afterEventSinkKey struct{}

// inheritEventQueue makes a statement run by an event queue its events
// on the firing statement's queue.
func (s *sqlCtx) inheritEventQueue() {
	if q, ok := s.ctx.Value(afterEventSinkKey{}).(*afterEventQueue); ok {
		s.afterEvents, s.eventSink = q, true
	}
}

// runEventStatement runs fn, which executes a statement for an event,
// with a context whose statements queue their events on s's queue
// (fired by the loop firing s's, or right after fn when none runs).
func (s *sqlCtx) runEventStatement(fn func(ctx context.Context) error) error {
	ctx, err := s.eventContext()
	if err != nil {
		return err
	}
	own := s.afterEvents == nil
	if own {
		s.afterEvents = &afterEventQueue{}
	}
	if err := fn(context.WithValue(ctx, afterEventSinkKey{}, s.afterEvents)); err != nil {
		return err
	}
	if own && !s.eventSink {
		return s.fireAfterEvents()
	}
	return nil
}

// eventContext is the context the statements an event runs get: one
// level deeper, refused past max_stack_depth's bound. Cascades do not
// nest (their events join the firing queue); what could is a statement
// an event runs calling a function whose statements fire events.
func (s *sqlCtx) eventContext() (context.Context, error) {
	depth, _ := s.ctx.Value(afterEventDepthKey{}).(int)
	if limit := s.maxStackDepthKB(); depth >= limit*functionLevelsPerKB {
		return nil, parser.ErrStackDepth(limit)
	}
	return context.WithValue(s.ctx, afterEventDepthKey{}, depth+1), nil
}

// fireAfterEvents fires the statement's queued events in order, after
// its command counter increment (AfterTriggerEndQuery), and moves the
// deferred ones to the transaction. The events of the statements an
// action runs join this queue and fire in this loop.
func (s *sqlCtx) fireAfterEvents() error {
	q := s.afterEvents
	if q == nil || s.eventSink {
		return nil
	}
	defer func() { s.afterEvents = nil }()
	var deferred *deferredEvents
	// Events fired may queue more (cascades): the loop runs until the
	// queue is empty.
	for i := 0; i < len(q.events); i++ {
		if i >= 4096 && 2*i >= len(q.events) {
			// A long cascade: drop the fired half so that the queue
			// holds only what is still to fire.
			n := copy(q.events, q.events[i:])
			clear(q.events[n:])
			q.events, i = q.events[:n], 0
		}
		ev := q.events[i]
		q.events[i] = afterRowEvent{}
		if d := s.triggerState(false); d.deferred(&ev) {
			if deferred == nil {
				deferred = s.deferEvents()
			}
			deferred.add(ev)
			continue
		}
		if s.ctx.Err() != nil {
			return expr.Canceled(s.ctx)
		}
		if s.triggerCounts != nil {
			if err := s.triggerCounts.fire(s, &ev); err != nil {
				return err
			}
			continue
		}
		if err := ev.fire(s); err != nil {
			return err
		}
	}
	return nil
}

// deferEvents returns the transaction's deferred events for a
// statement to add to: a rollback of the current savepoint level takes
// back what it adds.
func (s *sqlCtx) deferEvents() *deferredEvents {
	d := s.triggerState(true)
	first := d.nextSeq
	s.tx.AtAbort(func() {
		kept := d.events[:0]
		for _, ev := range d.events {
			if ev.seq < first {
				kept = append(kept, ev)
			}
		}
		clear(d.events[len(kept):])
		d.events = kept
	})
	return d
}

// fireDeferred fires the deferred events that are no longer deferred
// (all of them with all), in order (afterTriggerInvokeEvents); the
// others stay.
func (s *sqlCtx) fireDeferred(all bool) error {
	d := s.triggerState(false)
	if d == nil {
		return nil
	}
	for {
		var fire, keep []afterRowEvent
		for _, ev := range d.events {
			if all || !d.deferred(&ev) {
				fire = append(fire, ev)
			} else {
				keep = append(keep, ev)
			}
		}
		if len(fire) == 0 {
			return nil
		}
		d.events = keep
		for _, ev := range fire {
			if s.ctx.Err() != nil {
				return expr.Canceled(s.ctx)
			}
			if err := ev.fire(s); err != nil {
				return err
			}
		}
	}
}

// fireDeferredAtCommit is AfterTriggerFireDeferred: the last work of a
// committing transaction that deferred events.
func fireDeferredAtCommit(ctx context.Context, env Env) error {
	s := newCtx(ctx, env)
	if s.tx == nil {
		return nil
	}
	return s.fireDeferred(true)
}

// setConstraints is SET CONSTRAINTS (AfterTriggerSetState): the named
// deferrable constraints, or all, become deferred or immediate for the
// rest of the transaction; made immediate, their pending events fire
// now.
func (s *sqlCtx) setConstraints(cs *pg_query.ConstraintsSetStmt) (string, error) {
	if !s.tx.InBlock() {
		if n, ok := s.env.(Notifier); ok {
			n.Notice(pgerr.New(pgerr.NoActiveSqlTransaction, "SET CONSTRAINTS can only be used in transaction blocks").WithSeverity(pgerr.SeverityWarning))
		}
	}
	var oids []uint32
	for _, n := range cs.Constraints {
		rv := n.GetRangeVar()
		found, err := s.namedConstraints(rv, cs.Deferred)
		if err != nil {
			return "", err
		}
		oids = append(oids, found...)
	}
	d := s.triggerState(true)
	saved := *d
	saved.byConstraint = maps.Clone(d.byConstraint)
	s.tx.AtAbort(func() { d.all, d.byConstraint = saved.all, saved.byConstraint })
	if cs.Constraints == nil {
		d.all, d.byConstraint = -1, nil
		if cs.Deferred {
			d.all = 1
		}
	} else {
		if d.byConstraint == nil {
			d.byConstraint = map[uint32]bool{}
		}
		for _, oid := range oids {
			d.byConstraint[oid] = cs.Deferred
		}
	}
	if !cs.Deferred {
		if err := s.fireDeferred(false); err != nil {
			return "", err
		}
	}
	return "SET CONSTRAINTS", nil
}

// namedConstraints finds the constraints a SET CONSTRAINTS name means:
// those of that name in its schema, or in the first schema of the
// search path that has any. Naming one that is not deferrable is an
// error when deferring.
func (s *sqlCtx) namedConstraints(rv *pg_query.RangeVar, deferring bool) ([]uint32, error) {
	var nsps []uint32
	if rv.Schemaname != "" {
		oid, err := s.cache.NamespaceOID(s, rv.Schemaname)
		if err != nil {
			return nil, err
		}
		if oid == 0 {
			return nil, pgerr.Newf(pgerr.UndefinedSchema, "schema \"%s\" does not exist", rv.Schemaname)
		}
		nsps = []uint32{oid}
	} else {
		path, err := s.searchPath()
		if err != nil {
			return nil, err
		}
		nsps = path
	}
	c := catalog.Lookup("pg_constraint")
	iOID, iName, iNsp, iDeferrable := c.Column("oid"), c.Column("conname"), c.Column("connamespace"), c.Column("condeferrable")
	for _, nsp := range nsps {
		var oids []uint32
		var notDeferrable bool
		err := s.ScanCatalog(c, func(r []types.Datum) (bool, error) {
			if uint32(r[iNsp].Int()) != nsp || r[iName].Text() != rv.Relname {
				return true, nil
			}
			if r[iDeferrable].Bool() {
				oids = append(oids, uint32(r[iOID].Int()))
			} else {
				notDeferrable = true
			}
			return true, nil
		})
		if err != nil {
			return nil, err
		}
		if notDeferrable && deferring {
			return nil, pgerr.Newf(pgerr.WrongObjectType, "constraint \"%s\" is not deferrable", rv.Relname)
		}
		if len(oids) > 0 || notDeferrable {
			return oids, nil
		}
	}
	return nil, pgerr.Newf(pgerr.UndefinedObject, "constraint \"%s\" does not exist", rv.Relname)
}

// checkNoPendingEvents refuses to truncate, drop or alter a table an
// open cursor reads, or with deferred events of its rows still to fire
// (CheckTableNotInUse's AfterTriggerPendingOnRel): they point at its
// rows.
func (s *sqlCtx) checkNoPendingEvents(rel *catalog.Relation, what string) error {
	// An open cursor of this session still reads it (CheckTableNotInUse's
	// reference count).
	if u, ok := s.env.(RelationsInUse); ok && u.RelationInUse(rel.OID) {
		return pgerr.Newf(pgerr.ObjectInUse, "cannot %s \"%s\" because it is being used by active queries in this session", what, rel.Name)
	}
	d := s.triggerState(false)
	if d == nil {
		return nil
	}
	for i := range d.events {
		if d.events[i].relation == rel.OID {
			return pgerr.Newf(pgerr.ObjectInUse, "cannot %s \"%s\" because it has pending trigger events", what, rel.Name)
		}
	}
	return nil
}
