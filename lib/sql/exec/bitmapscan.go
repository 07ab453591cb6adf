// Bitmap heap scans (PostgreSQL's nodeBitmapHeapscan.c, nodeBitmapIndexscan.c,
// nodeBitmapAnd.c and nodeBitmapOr.c): the bitmap of the plan's index
// scans is built when the first row is wanted, then the table's pages it
// names are read in block order, each row checked against the statement's
// snapshot by the TableStore. The conditions the bitmap stands for
// (Recheck) are tested on every row, and a row of a lossy page that fails
// them counts as removed by the index recheck; the scan's other
// conditions then filter as a sequential scan's do.

package exec

import (
	"time"

	"github.com/gpostgres/gpostgres/lib/access/nbtree"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// BitmapStore is implemented by TableStores that can run bitmap scans.
type BitmapStore interface {
	// IndexTIDs calls add with the heap location of each entry of index
	// ix of table t matching keys; the heap is not read.
	IndexTIDs(t *plan.Table, ix *plan.TableIndex, keys []nbtree.ScanKey, add func(block uint32, offset uint16) error) error
	// BitmapScan reads, as Scan does, the rows the statement sees on the
	// blocks next returns (in order, until it reports no more), those
	// for which tuple returns true.
	BitmapScan(t *plan.Table, need []bool, next func() (uint32, bool, error), tuple func(block uint32, offset uint16) bool) (TableScan, error)
}

// bitmapHeapIter is a bitmap heap scan.
type bitmapHeapIter struct {
	x       *executor
	node    *plan.TableScan
	store   BitmapStore
	recheck []expr.Evaluator
	filter  []expr.Evaluator
	scan    TableScan
	// outer is the outer row of a nested loop the scan is the inner
	// side of, which its keys may read (as an index scan's do).
	outer []types.Datum
	pages []bitmapPage
	next  int  // the next page of pages to read
	lossy bool // the page being read is lossy
	natts int
	done  bool
	rows  uint32
	// counts, under EXPLAIN ANALYZE, receives Rows Removed by Filter and
	// by Index Recheck and the pages read.
	counts *NodeCounts
}

func (x *executor) buildBitmapHeapScan(n *plan.TableScan) (iterator, error) {
	store, ok := x.src.Tables().(BitmapStore)
	if !ok || store == nil {
		return nil, pgerr.Newf(pgerr.FeatureNotSupported, "relation \"%s\" cannot be read by a bitmap scan in this session", n.Table.Name)
	}
	it := &bitmapHeapIter{x: x, node: n, store: store, natts: len(n.Table.Columns), outer: x.lateralRow}
	var err error
	if it.recheck, err = compileAll(n.Bitmap.Recheck); err != nil {
		return nil, err
	}
	if it.filter, err = compileAll(n.Bitmap.Filter(n.Quals)); err != nil {
		return nil, err
	}
	return it, nil
}

// start builds the bitmap and opens the heap scan over its pages.
func (it *bitmapHeapIter) start() error {
	mem := int64(4 << 20)
	if ws, ok := it.x.src.(WorkMemSource); ok {
		if b := ws.WorkMem().Bytes; b > 0 {
			mem = b
		}
	}
	bm, err := it.x.bitmap(it.store, it.node.Table, it.node.Bitmap.Qual, plan.TBMMaxEntries(mem), it.outer)
	if err != nil {
		return err
	}
	it.pages = bm.pages()
	next := func() (uint32, bool, error) {
		if err := it.x.ec.CheckCancel(); err != nil {
			return 0, false, err
		}
		if it.next >= len(it.pages) {
			return 0, false, nil
		}
		p := &it.pages[it.next]
		it.next++
		it.lossy = p.lossy
		if it.counts != nil {
			if p.lossy {
				it.counts.LossyPages++
			} else {
				it.counts.ExactPages++
			}
		}
		return p.block, true, nil
	}
	tuple := func(block uint32, off uint16) bool {
		// The page being read is the one next handed out last.
		return it.pages[it.next-1].has(off)
	}
	it.scan, err = it.store.BitmapScan(it.node.Table, it.node.Need, next, tuple)
	return err
}

func (it *bitmapHeapIter) Next() ([]types.Datum, bool, error) {
	if it.done {
		return nil, false, nil
	}
	if it.scan == nil {
		if err := it.start(); err != nil {
			it.close()
			return nil, false, err
		}
	}
	n := it.node
	for {
		if it.rows++; it.rows&63 == 1 {
			if err := it.x.ec.CheckCancel(); err != nil {
				it.close()
				return nil, false, err
			}
		}
		row := make([]types.Datum, n.Level)
		vals := row[n.Offset : n.Offset+it.natts]
		var sys []types.Datum
		if n.Sys {
			sys = row[n.SysOffset : n.SysOffset+plan.NumSysColumns]
		}
		ok, err := it.scan.Next(vals, sys)
		if err != nil || !ok {
			it.close()
			return nil, false, err
		}
		// The bitmap's conditions hold for the rows of exact pages; they
		// are tested all the same, cheap insurance, and count as the
		// index recheck's removals if they fail.
		pass, err := passes(it.x.ec, it.recheck, row)
		if err != nil {
			it.close()
			return nil, false, err
		}
		if !pass {
			if it.counts != nil {
				it.counts.Rechecked++
			}
			continue
		}
		if pass, err = passes(it.x.ec, it.filter, row); err != nil {
			it.close()
			return nil, false, err
		}
		if pass {
			return row, true, nil
		}
		if it.counts != nil {
			it.counts.Filtered++
		}
	}
}

func (it *bitmapHeapIter) close() {
	if !it.done {
		it.done = true
		if it.scan != nil {
			it.scan.Close()
		}
	}
}

// bitmap builds the bitmap of q (MultiExecBitmapIndexScan, ...And,
// ...Or), counting each node's loops, time and row locations (an And's
// or Or's count none, as PostgreSQL's) under EXPLAIN ANALYZE.
func (x *executor) bitmap(store BitmapStore, t *plan.Table, q plan.BitmapQual, maxEntries int, outer []types.Datum) (*tidBitmap, error) {
	var c *NodeCounts
	var begin time.Time
	if x.instr != nil {
		c = x.instr.counts(q)
		c.Loops++
		if x.instr.timing {
			begin = time.Now()
		}
	}
	var bm *tidBitmap
	switch v := q.(type) {
	case *plan.BitmapIndexScan:
		bm = newTIDBitmap(maxEntries)
		ix, err := x.compileIndexKeys(v.Path)
		if err != nil {
			return nil, err
		}
		ix.row = outer
		keys, anyKey, values, err := ix.evaluate()
		if err != nil {
			return nil, err
		}
		var found int64
		add := func(block uint32, off uint16) error {
			if found++; found&1023 == 0 {
				if err := x.ec.CheckCancel(); err != nil {
					return err
				}
			}
			bm.add(block, off)
			return nil
		}
		if anyKey < 0 {
			err = store.IndexTIDs(t, v.Path.Index, keys, add)
		} else {
			// One lookup per value of the "= ANY" key.
			for _, val := range values {
				keys[anyKey].Arg = val
				if err = store.IndexTIDs(t, v.Path.Index, keys, add); err != nil {
					break
				}
			}
		}
		if err != nil {
			return nil, err
		}
		if c != nil {
			c.Rows += found
		}
	case *plan.BitmapAnd:
		for i, ch := range v.Children {
			sub, err := x.bitmap(store, t, ch, maxEntries, outer)
			if err != nil {
				return nil, err
			}
			if i == 0 {
				bm = sub
			} else {
				bm.intersect(sub)
			}
		}
	case *plan.BitmapOr:
		bm = newTIDBitmap(maxEntries)
		for _, ch := range v.Children {
			sub, err := x.bitmap(store, t, ch, maxEntries, outer)
			if err != nil {
				return nil, err
			}
			bm.union(sub)
		}
	default:
		return nil, pgerr.New(pgerr.InternalError, "unknown bitmap plan node")
	}
	if c != nil && x.instr.timing {
		d := time.Since(begin)
		c.Total += d
		c.Startup += d
	}
	return bm, nil
}
