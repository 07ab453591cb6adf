// The btree operator families' ordering operators (PostgreSQL's
// get_ordering_op_properties over pg_amop), for ORDER BY ... USING.
// Users cannot create operator classes, so the built-in pg_amop rows
// are all there is.

package catalog

import (
	"strconv"
	"sync"
)

// Btree strategy numbers (access/stratnum.h).
const (
	BTLessStrategy    int16 = 1
	BTGreaterStrategy int16 = 5
)

// BtreeAM is pg_am's OID of btree.
const BtreeAM uint32 = 403

// OrderingOp is where an operator sorts: its btree operator family and
// strategy (BTLessStrategy or BTGreaterStrategy).
type OrderingOp struct {
	Family   uint32
	Strategy int16
}

// orderingOps maps each "<" and ">" of a btree operator family whose two
// sides are one type to its family and strategy (the first row wins, as
// get_ordering_op_properties takes the first it finds).
var orderingOps = sync.OnceValue(func() map[uint32]OrderingOp {
	out := make(map[uint32]OrderingOp)
	eachBtreeSearchOp(func(m amopKey, opr uint32) {
		if m.left != m.right || m.strategy != BTLessStrategy && m.strategy != BTGreaterStrategy {
			return
		}
		if _, ok := out[opr]; !ok {
			out[opr] = OrderingOp{Family: m.family, Strategy: m.strategy}
		}
	})
	return out
})

// eachBtreeSearchOp calls f, in pg_amop's row order, for each search
// operator of a btree operator family in the bootstrap rows.
func eachBtreeSearchOp(f func(m amopKey, opr uint32)) {
	c := Lookup("pg_amop")
	fam, left, right, strat, purpose, opr, method := c.Column("amopfamily"), c.Column("amoplefttype"), c.Column("amoprighttype"),
		c.Column("amopstrategy"), c.Column("amoppurpose"), c.Column("amopopr"), c.Column("amopmethod")
	num := func(s string) uint32 {
		v, _ := strconv.ParseUint(s, 10, 32)
		return uint32(v)
	}
	for _, r := range c.InitialRows() {
		if num(r[method]) != BtreeAM || r[purpose] != "s" {
			continue
		}
		f(amopKey{num(r[fam]), num(r[left]), num(r[right]), int16(num(r[strat]))}, num(r[opr]))
	}
}

// OrderingOperator returns the btree family and strategy of operator
// opr, ok false when it is no ordering operator.
func OrderingOperator(opr uint32) (op OrderingOp, ok bool) {
	op, ok = orderingOps()[opr]
	return op, ok
}

// BTEqualStrategy is the btree strategy number of "=".
const BTEqualStrategy int16 = 3

type amopKey struct {
	family, left, right uint32
	strategy            int16
}

// btreeMembers maps a btree family's (left type, right type, strategy)
// to its operator (pg_amop's search operators).
var btreeMembers = sync.OnceValue(func() map[amopKey]uint32 {
	out := make(map[amopKey]uint32)
	eachBtreeSearchOp(func(m amopKey, opr uint32) { out[m] = opr })
	return out
})

// OpfamilyMember is get_opfamily_member for btree families: the
// operator of family for the left and right types and strategy, ok false
// when there is none.
func OpfamilyMember(family, left, right uint32, strategy int16) (uint32, bool) {
	op, ok := btreeMembers()[amopKey{family, left, right, strategy}]
	return op, ok
}
