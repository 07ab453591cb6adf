// Combo command ids (PostgreSQL's utils/time/combocid.c). A tuple header
// has room for one command id, t_cid. When a transaction deletes or
// updates a tuple it inserted itself, the tuple needs both its cmin and
// its cmax; the pair is then entered in a per-process table and t_cid
// holds the pair's index, flagged by HEAP_COMBOCID. Only the inserting
// transaction ever looks at cmin or cmax (for everybody else its xid
// decides), and that transaction runs in this process, so the table is
// private and forgotten at the end of the transaction.

package heap

import (
	"github.com/gpostgres/gpostgres/lib/access/transam"
	"github.com/gpostgres/gpostgres/lib/access/tuple"
)

// comboCids is the current transaction's table of (cmin, cmax) pairs.
type comboCids struct {
	pairs []comboPair
	index map[comboPair]CommandId
}

type comboPair struct{ cmin, cmax CommandId }

// get returns the combo id of (cmin, cmax), allocating one if needed
// (GetComboCommandId).
func (c *comboCids) get(cmin, cmax CommandId) CommandId {
	key := comboPair{cmin, cmax}
	if id, ok := c.index[key]; ok {
		return id
	}
	if c.index == nil {
		c.index = map[comboPair]CommandId{}
	}
	id := CommandId(len(c.pairs))
	c.pairs = append(c.pairs, key)
	c.index[key] = id
	return id
}

func (c *comboCids) pair(id CommandId) comboPair {
	if int(id) >= len(c.pairs) {
		// A combo id of another transaction or process: cannot happen
		// for a tuple whose xmin is ours.
		return comboPair{InvalidCommandId, InvalidCommandId}
	}
	return c.pairs[id]
}

// reset forgets every combo id (AtEOXact_ComboCid).
func (c *comboCids) reset() {
	c.pairs = c.pairs[:0]
	clear(c.index)
}

// cmin is HeapTupleHeaderGetCmin; the tuple's xmin is the current
// transaction.
func (e *Env) cmin(h tuple.Header) CommandId {
	cid := CommandId(h.Cid())
	if h.Infomask()&tuple.ComboCid != 0 {
		return e.combo.pair(cid).cmin
	}
	return cid
}

// cmax is HeapTupleHeaderGetCmax; the tuple's xmax is the current
// transaction.
func (e *Env) cmax(h tuple.Header) CommandId {
	cid := CommandId(h.Cid())
	if h.Infomask()&tuple.ComboCid != 0 {
		return e.combo.pair(cid).cmax
	}
	return cid
}

// adjustCmax is HeapTupleHeaderAdjustCmax: the t_cid to store when the
// current transaction deletes the tuple in command cmax. If the tuple was
// inserted by this same transaction (and xmin is not yet hinted
// committed), its cmin must be kept too: a combo id is returned.
func (e *Env) adjustCmax(h tuple.Header, cur transam.CurrentXids, cmax CommandId) (CommandId, bool) {
	if !xminCommitted(h) && cur.Contains(rawXmin(h)) {
		return e.combo.get(e.cmin(h), cmax), true
	}
	return cmax, false
}

// setCmax is HeapTupleHeaderSetCmax.
func setCmax(h tuple.Header, cid CommandId, combo bool) {
	h.SetCid(uint32(cid))
	if combo {
		h.SetFlags(tuple.ComboCid)
	} else {
		h.ClearFlags(tuple.ComboCid)
	}
}
