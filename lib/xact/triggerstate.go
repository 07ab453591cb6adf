// The after-trigger state a transaction carries for the SQL layer
// (PostgreSQL's afterTriggers in commands/trigger.c): the events whose
// firing is deferred to commit or to SET CONSTRAINTS ... IMMEDIATE, and
// the SET CONSTRAINTS settings. The transaction only holds it, from the
// first use to the end of the top level; the SQL layer fires the events
// from a pre-commit hook and undoes what a rolled-back savepoint
// queued with AtAbort.

package xact

// TriggerState is the SQL layer's after-trigger state of a transaction.
type TriggerState interface {
	// Pending reports whether deferred events wait to be fired.
	Pending() bool
}

// TriggerState returns the transaction's after-trigger state, nil until
// SetTriggerState gave it one.
func (x *Transaction) TriggerState() TriggerState { return x.triggers }

// SetTriggerState installs the transaction's after-trigger state; it is
// dropped when the top-level transaction ends.
func (x *Transaction) SetTriggerState(t TriggerState) { x.triggers = t }
