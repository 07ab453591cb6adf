// The after-row event queue (PostgreSQL's after-trigger queue in
// commands/trigger.c, reduced to what foreign keys need so far): row
// changes that an AFTER ROW action must see are queued while a
// statement runs and fired, in order, once it has run and its changes
// are visible (AfterTriggerEndQuery). An event's action may run
// statements of its own (a cascaded DELETE), which queue and fire their
// own events when they end, as PostgreSQL's SPI queries do; how deep
// such statements nest is bounded by max_stack_depth.
//
// Foreign keys are the only source of events today (ri.go); user
// AFTER ROW triggers would queue events of their own kind here.
// Deferred events (DEFERRABLE INITIALLY DEFERRED, SET CONSTRAINTS) are
// not kept yet: DEFERRABLE foreign keys are refused.

package sql

import (
	"context"

	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/parser"
)

// afterRowEvent is one queued row change and what to do about it.
type afterRowEvent struct {
	// fire runs the event's action in the statement's context, after
	// the statement's changes were made visible.
	fire func(s *sqlCtx) error
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

// afterEventDepthKey is the context key of how many statements fired
// by after-row events run below each other.
type afterEventDepthKey struct{}

// eventContext is the context the statements an event runs get: one
// level deeper, refused past max_stack_depth's bound (a cascade through
// a long chain of rows, or a loop of cascading keys).
func (s *sqlCtx) eventContext() (context.Context, error) {
	depth, _ := s.ctx.Value(afterEventDepthKey{}).(int)
	if limit := s.maxStackDepthKB(); depth >= limit*functionLevelsPerKB {
		return nil, parser.ErrStackDepth(limit)
	}
	return context.WithValue(s.ctx, afterEventDepthKey{}, depth+1), nil
}

// fireAfterEvents fires the statement's queued events in order, after
// its command counter increment (AfterTriggerEndQuery). Events an
// action queues itself go to the queue of the statement it runs.
func (s *sqlCtx) fireAfterEvents() error {
	q := s.afterEvents
	if q == nil {
		return nil
	}
	s.afterEvents = nil
	for i := range q.events {
		if s.ctx.Err() != nil {
			return expr.Canceled(s.ctx)
		}
		if err := q.events[i].fire(s); err != nil {
			return err
		}
		q.events[i] = afterRowEvent{}
	}
	return nil
}
