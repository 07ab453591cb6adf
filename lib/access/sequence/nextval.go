// nextval, setval, currval and lastval over a sequence's page and the
// session's state (nextval_internal, do_setval).

package sequence

import (
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/buffer"
	"github.com/gpostgres/gpostgres/lib/storage/page"
)

// Nextval advances sequence relid (file loc, named name in messages)
// defined by p and returns the new value. Values of a CACHE > 1 sequence
// are reserved in batches and handed out from the session's state.
// assignXid is called, with the page locked, when the change will be
// WAL-logged: the transaction must get an xid so its commit flushes that
// WAL.
func (e *Env) Nextval(relid uint32, loc storage.RelFileLocator, name string, p Params, assignXid func() error) (int64, error) {
	st := e.stateOf(relid)
	if st.lastValid && st.last != st.cached {
		// Values this session reserved earlier.
		st.last += st.increment
		e.last = st
		return st.last, nil
	}
	buf, err := e.Pool.ReadBuffer(loc, storage.MainFork, 0)
	if err != nil {
		return 0, err
	}
	e.Pool.LockBuffer(buf, buffer.Exclusive)
	pg := page.Page(e.Pool.Page(buf))
	h, seq, err := readTuple(pg, loc)
	if err != nil {
		e.Pool.UnlockRelease(buf)
		return 0, err
	}
	incby, maxv, minv, cache := p.Increment, p.Max, p.Min, p.Cache
	last, next, result := seq.LastValue, seq.LastValue, seq.LastValue
	fetch, log := cache, seq.LogCnt
	var rescnt int64
	if !seq.IsCalled {
		// The first nextval returns last_value itself.
		rescnt++
		fetch--
	}
	logit := false
	if log < fetch || !seq.IsCalled {
		fetch += LogVals
		log = fetch
		logit = true
	} else if e.WAL != nil && pg.LSN() <= e.WAL.RedoPoint() {
		// Not logged since the last checkpoint: a crash would replay
		// nothing of it.
		fetch += LogVals
		log = fetch
		logit = true
	}
	for fetch > 0 {
		if incby > 0 {
			if (maxv >= 0 && next > maxv-incby) || (maxv < 0 && next+incby > maxv) {
				if rescnt > 0 {
					break
				}
				if !p.Cycle {
					e.Pool.UnlockRelease(buf)
					return 0, pgerr.Newf(pgerr.SequenceGeneratorLimitExceeded, "nextval: reached maximum value of sequence \"%s\" (%d)", name, maxv)
				}
				next = minv
			} else {
				next += incby
			}
		} else {
			if (minv < 0 && next < minv-incby) || (minv >= 0 && next+incby < minv) {
				if rescnt > 0 {
					break
				}
				if !p.Cycle {
					e.Pool.UnlockRelease(buf)
					return 0, pgerr.Newf(pgerr.SequenceGeneratorLimitExceeded, "nextval: reached minimum value of sequence \"%s\" (%d)", name, minv)
				}
				next = maxv
			} else {
				next += incby
			}
		}
		fetch--
		if rescnt < cache {
			log--
			rescnt++
			last = next
			if rescnt == 1 {
				result = next
			}
		}
	}
	log -= fetch
	// An unlogged sequence counts log_cnt the same way but writes no WAL
	// (nor needs an xid for a commit flush).
	if logit && e.WAL != nil && !p.Unlogged && assignXid != nil {
		if err := assignXid(); err != nil {
			e.Pool.UnlockRelease(buf)
			return 0, err
		}
	}
	st.increment, st.last, st.cached, st.lastValid = incby, result, last, true
	e.last = st

	e.Owner.EnterCritical()
	e.Pool.MarkDirty(buf)
	if logit {
		// The log shows the state after the values logged ahead.
		if err := e.log(loc, pg, Data{LastValue: next, LogCnt: 0, IsCalled: true}, p.Unlogged); err != nil {
			return 0, err
		}
	}
	writeData(h, Data{LastValue: last, LogCnt: log, IsCalled: true})
	e.Owner.ExitCritical()
	e.Pool.UnlockRelease(buf)
	return result, nil
}

// Setval sets the sequence's state: the next nextval returns next, or
// next plus the increment when isCalled. It checks next against p's
// bounds. With isCalled, next becomes the session's currval.
func (e *Env) Setval(relid uint32, loc storage.RelFileLocator, name string, p Params, next int64, isCalled bool, assignXid func() error) error {
	if next < p.Min || next > p.Max {
		return pgerr.Newf(pgerr.NumericValueOutOfRange, "setval: value %d is out of bounds for sequence \"%s\" (%d..%d)", next, name, p.Min, p.Max)
	}
	st := e.stateOf(relid)
	if isCalled {
		st.last, st.lastValid = next, true
	}
	// Values reserved before no longer follow on.
	st.cached = st.last
	if e.WAL != nil && !p.Unlogged && assignXid != nil {
		if err := assignXid(); err != nil {
			return err
		}
	}
	return e.Reset(loc, Data{LastValue: next, LogCnt: 0, IsCalled: isCalled}, p.Unlogged)
}

// Currval is the value nextval last returned in this session for relid.
func (e *Env) Currval(relid uint32, name string) (int64, error) {
	st := e.session[relid]
	if st == nil || !st.lastValid {
		return 0, pgerr.Newf(pgerr.ObjectNotInPrerequisiteState, "currval of sequence \"%s\" is not yet defined in this session", name)
	}
	return st.last, nil
}

// Lastval is the value of the most recent nextval in this session, and
// the sequence it came from.
func (e *Env) Lastval() (int64, uint32, error) {
	if e.last == nil || !e.last.lastValid {
		return 0, 0, pgerr.New(pgerr.ObjectNotInPrerequisiteState, "lastval is not yet defined in this session")
	}
	return e.last.last, e.last.relid, nil
}
