// Index-only scans (PostgreSQL's executor/nodeIndexonlyscan.c): a table
// scan the planner marked IndexOnly (plan/indexonly.go) opens its index
// through TableStore.IndexOnlyScan, which hands over the values of each
// matching index entry whose row the statement sees. The node is
// otherwise the index scan's (tableScanIter over a lazyScan): its
// conditions are tested on those values, its interrupt checks are the
// scan's. Under EXPLAIN ANALYZE the visits of the heap made to check
// visibility are counted as the node's Heap Fetches.

package exec

import (
	"github.com/gpostgres/gpostgres/lib/access/nbtree"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
)

// indexOnlyScan is how a lazyScan's index scan reads: index-only when
// on, counting its heap fetches into heapFetches when that is not nil.
type indexOnlyScan struct {
	on          bool
	heapFetches *int64
}

// indexOnly is the index-only setting of scan n's lazyScan: under EXPLAIN
// ANALYZE its heap fetches are counted in n's counts.
func (x *executor) indexOnly(n *plan.TableScan) indexOnlyScan {
	if !n.IndexOnly {
		return indexOnlyScan{}
	}
	ios := indexOnlyScan{on: true}
	if x.instr != nil {
		ios.heapFetches = &x.instr.counts(n).HeapFetches
	}
	return ios
}

// openIndex opens the index scan of l with keys.
func (l lazyScan) openIndex(keys []nbtree.ScanKey) (TableScan, error) {
	p := l.index.path
	if l.indexOnly.on {
		return l.store.IndexOnlyScan(l.t, p.Index, keys, p.Backward, l.indexOnly.heapFetches)
	}
	return l.store.IndexScan(l.t, p.Index, keys, p.Backward, l.need)
}
