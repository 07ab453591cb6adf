// nest.go makes changes transactional, as guc.c's GUC stack does: every
// SET inside a transaction (or subtransaction, or function with SET
// clauses) remembers the prior value at its nest level, and the end of the
// level keeps or restores it.

package config

type stackState uint8

const (
	stateSave     stackState = iota // a function's SET clause: always restored
	stateSet                        // SET: kept on commit
	stateLocal                      // SET LOCAL: restored at the end
	stateSetLocal                   // SET then SET LOCAL: masked holds SET's value
)

type stackEntry struct {
	nestLevel int
	state     stackState

	prior    value // value before this level touched it
	source   Source
	scontext Context

	masked    value // SET's value hidden by a later SET LOCAL
	maskedCtx Context
}

// BeginTransaction starts nest level 1 (AtStart_GUC) and, like
// StartTransaction, loads transaction_isolation, transaction_read_only and
// transaction_deferrable from their default_transaction_* parameters. Call
// it at the start of every transaction, implicit ones included.
func (s *Settings) BeginTransaction() {
	s.nestLevel = 1
	s.copyTransactionDefault("transaction_isolation", "default_transaction_isolation")
	s.copyTransactionDefault("transaction_read_only", "default_transaction_read_only")
	s.copyTransactionDefault("transaction_deferrable", "default_transaction_deferrable")
}

// copyTransactionDefault writes the variable directly, as xact.c assigns
// XactIsoLevel = DefaultXactIsoLevel: no source change, nothing stacked.
func (s *Settings) copyTransactionDefault(name, from string) {
	s.must(name).cur = s.must(from).cur
}

// NewNestLevel opens a nested level (a subtransaction, or a function call
// with SET clauses) and returns it for AtEndOfNestLevel.
func (s *Settings) NewNestLevel() int {
	s.nestLevel++
	return s.nestLevel
}

// AtTransactionEnd ends the transaction: on commit SET values stay and SET
// LOCAL values are undone; on abort everything the transaction set is
// undone.
func (s *Settings) AtTransactionEnd(commit bool) { s.AtEndOfNestLevel(commit, 1) }

// AtEndOfNestLevel is AtEOXact_GUC: it closes level and every level above
// it, committing them into the enclosing level or rolling them back.
func (s *Settings) AtEndOfNestLevel(commit bool, level int) {
	if level < 1 {
		panic("config: nest level must be at least 1")
	}
	if !s.dirty {
		s.nestLevel = level - 1
		return
	}
	stillDirty := false
	s.forEach(func(v *variable) {
		for len(v.stack) > 0 && v.stack[len(v.stack)-1].nestLevel >= level {
			top := len(v.stack) - 1
			e := v.stack[top]
			var prev *stackEntry
			if top > 0 {
				prev = &v.stack[top-1]
			}
			restorePrior, restoreMasked := false, false
			switch {
			case !commit:
				restorePrior = true
			case e.state == stateSave:
				restorePrior = true
			case e.nestLevel == 1:
				// Transaction commit.
				switch e.state {
				case stateSetLocal:
					restoreMasked = true
				case stateLocal:
					restorePrior = true
				}
			case prev == nil || prev.nestLevel < e.nestLevel-1:
				// No entry at the parent level: this one becomes it.
				v.stack[top].nestLevel--
				goto nextVar
			default:
				// Merge into the parent level's entry.
				switch e.state {
				case stateSet:
					prev.state = stateSet
				case stateLocal:
					if prev.state == stateSet {
						prev.masked = e.prior
						prev.maskedCtx = e.scontext
						prev.state = stateSetLocal
					}
				case stateSetLocal:
					prev.masked = e.masked
					prev.maskedCtx = e.maskedCtx
					prev.state = stateSetLocal
				}
			}
			if restorePrior || restoreMasked {
				var nv value
				var nsrc Source
				var nctx Context
				if restoreMasked {
					nv, nsrc, nctx = e.masked, SourceSession, e.maskedCtx
				} else {
					nv, nsrc, nctx = e.prior, e.source, e.scontext
				}
				if v.cur != nv {
					v.cur = nv
					if v.p.Has(FlagReport) {
						v.needsReport = true
					}
				}
				v.source = nsrc
				v.scontext = nctx
			}
			v.stack = v.stack[:top]
		}
	nextVar:
		if len(v.stack) > 0 {
			stillDirty = true
		}
	})
	s.dirty = stillDirty
	s.nestLevel = level - 1
}

// pushOldValue is push_old_value: remember v's value before the first
// change at the current nest level.
func (s *Settings) pushOldValue(v *variable, action Action) {
	if s.nestLevel == 0 {
		return // outside any transaction changes are permanent
	}
	if n := len(v.stack); n > 0 && v.stack[n-1].nestLevel >= s.nestLevel {
		e := &v.stack[n-1]
		switch action {
		case ActionSet:
			e.state = stateSet // SET overrides any earlier action at this level
		case ActionLocal:
			if e.state == stateSet {
				// SET followed by SET LOCAL: remember SET's value.
				e.masked = v.cur
				e.maskedCtx = v.scontext
				e.state = stateSetLocal
			}
		}
		return
	}
	e := stackEntry{nestLevel: s.nestLevel, prior: v.cur, source: v.source, scontext: v.scontext}
	switch action {
	case ActionSet:
		e.state = stateSet
	case ActionLocal:
		e.state = stateLocal
	case ActionSave:
		e.state = stateSave
	}
	v.stack = append(v.stack, e)
	s.dirty = true
}
