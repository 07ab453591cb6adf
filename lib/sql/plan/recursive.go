// Plan nodes of WITH RECURSIVE (PostgreSQL's RecursiveUnion and
// WorkTableScan), and the marking of data-modifying WITH queries.

package plan

// RecursiveUnion evaluates a recursive WITH query: NonRecursive once, then
// Recursive again and again, each run reading (through its WorkTableScan)
// the rows the previous run produced, until a run produces none. Without
// All, a row equal to one already produced (all columns, of Types) is
// dropped and does not reach the next iteration.
type RecursiveUnion struct {
	CTE                     *CTE
	All                     bool
	NonRecursive, Recursive Node
	Types                   []uint32
}

// WorkTableScan reads the recursive WITH query's current work table into
// a level row, at Offset.
type WorkTableScan struct {
	CTE           *CTE
	Offset, Level int
	// RTE is the range table entry scanned (for EXPLAIN's names).
	RTE *RTE
}

func (n *RecursiveUnion) Width() int { return n.NonRecursive.Width() }
func (n *WorkTableScan) Width() int  { return n.Level }

func buildRecursiveUnion(q *Query, op *SetOp) Node {
	return &RecursiveUnion{CTE: op.Recursive, All: op.All, Types: op.Types,
		NonRecursive: withCTEs(op.Left, buildSelect(inherit(q, op.Left))),
		Recursive:    withCTEs(op.Right, buildSelect(inherit(q, op.Right)))}
}

// markAuxiliary marks the ModifyTable of a data-modifying WITH query's
// plan (under the CTEScope of its own WITH clause, if it has one).
func markAuxiliary(n Node) {
	for {
		switch v := n.(type) {
		case *CTEScope:
			n = v.Input
			continue
		case *ModifyTable:
			v.Auxiliary = true
		}
		return
	}
}
