// The table store's index-only scans (nodeIndexonlyscan.c's
// IndexOnlyNext over index_getnext_tid): the values of each matching
// index entry are handed over as the row, once the statement is known
// to see the row it points to. That is known without reading the heap
// only for a page the visibility map shows all-visible
// (heap.PageAllVisible); otherwise the row is fetched from the heap as
// an index scan fetches it, only for its visibility, and an entry whose
// row is dead to everyone is marked LP_DEAD as an index scan marks it.

package sql

import (
	"github.com/gpostgres/gpostgres/lib/access/heap"
	"github.com/gpostgres/gpostgres/lib/access/nbtree"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/exec"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/buffer"
	"github.com/gpostgres/gpostgres/lib/storage/predicate"
	"github.com/gpostgres/gpostgres/lib/types"
)

// IndexOnlyScan reads the entries of index ix that match keys, giving
// the values of the columns ix holds (the others NULL) for each entry
// whose row the statement's snapshot sees. heapFetches, when not nil,
// counts the entries whose row was read from the heap to tell.
func (ts *tableStore) IndexOnlyScan(t *plan.Table, ix *plan.TableIndex, keys []nbtree.ScanKey, backward bool, heapFetches *int64) (exec.TableScan, error) {
	sc, err := ts.IndexScan(t, ix, keys, backward, nil)
	if err != nil {
		return nil, err
	}
	is := sc.(*indexScan)
	ios := &indexOnlyScan{is: is, ix: ix, heapFetches: heapFetches}
	// The visibility map is read for a leaf's entries while the leaf is
	// pinned, so that VACUUM cannot free a row and make its page
	// all-visible between the scan reading the entry and the look.
	is.sc.SetLeafHook(ios.readMap)
	return ios, nil
}

// readMap records, for each entry of a leaf just read, whether the
// visibility map shows its row's page all-visible (the leaf is pinned:
// nbtree.Scan.SetLeafHook). Consecutive entries of one heap page share
// the look.
func (ios *indexOnlyScan) readMap(htids []nbtree.TID) error {
	is := ios.is
	ios.allVisible = ios.allVisible[:0]
	var vmbuf buffer.Buffer
	defer func() {
		if vmbuf.Valid() {
			is.s.heap.Pool.Release(vmbuf)
		}
	}()
	last, lastVisible := storage.InvalidBlock, false
	for _, t := range htids {
		if t.Block != last {
			var err error
			if lastVisible, err = heap.PageAllVisible(is.s.heap, is.t.Heap, t.Block, &vmbuf); err != nil {
				return err
			}
			last = t.Block
		}
		ios.allVisible = append(ios.allVisible, lastVisible)
	}
	return nil
}

// indexOnlyScan is an index-only scan in progress: an index scan whose
// heap reads only check visibility.
type indexOnlyScan struct {
	is          *indexScan
	ix          *plan.TableIndex
	heapFetches *int64
	// allVisible says for each entry of the current leaf whether its
	// row's page was all-visible when the leaf was read (readMap).
	allVisible []bool
}

func (ios *indexOnlyScan) Next(values, sys []types.Datum) (bool, error) {
	is := ios.is
	for n := 0; ; n++ {
		// Entries of rows the snapshot does not see can be many.
		if n&63 == 63 && is.s.ctx.Err() != nil {
			return false, expr.Canceled(is.s.ctx)
		}
		tid, ok, err := is.sc.Next()
		if err != nil || !ok {
			return false, err
		}
		if is.stats != nil {
			is.stats.Counts.TuplesReturned++
		}
		htid := heap.TID{Block: tid.Block, Offset: tid.Offset}
		if visible, err := ios.rowVisible(htid); err != nil || !visible {
			if err != nil {
				return false, err
			}
			continue
		}
		entry, err := is.sc.Values()
		if err != nil {
			return false, err
		}
		clear(values)
		for k, c := range ios.ix.Columns {
			if c >= 0 {
				values[c] = entry[k]
			}
		}
		// The index holds the values in the table's stored form.
		if err := is.s.fromStored(is.t, values); err != nil {
			return false, err
		}
		return true, nil
	}
}

// rowVisible reports whether the statement sees the row at htid that
// the current index entry points to: without reading the heap when the
// visibility map shows its page all-visible, else by fetching it (a
// heap fetch), marking the entry LP_DEAD when the row is dead to every
// transaction.
func (ios *indexOnlyScan) rowVisible(htid heap.TID) (bool, error) {
	is := ios.is
	i := is.sc.Index()
	if i >= len(ios.allVisible) {
		return false, pgerr.Newf(pgerr.InternalError, "index-only scan of \"%s\" lost its visibility map look", ios.ix.Index.Name)
	}
	var err error
	if ios.allVisible[i] {
		// The row is not read: its heap page is locked in its stead, as
		// PostgreSQL's index-only scans do.
		if is.predicate {
			err = is.s.tx.PredicateReadTarget(predicate.PageTarget(is.t.OID, uint32(htid.Block)))
		}
		return err == nil, err
	}
	if ios.heapFetches != nil {
		*ios.heapFetches++
	}
	ft, err := is.fetchRun(htid)
	if err != nil {
		return false, err
	}
	if !ft.Visible && ft.AllDead {
		is.sc.KillPrior()
	} else if !ft.Visible && is.predicate {
		if err := is.s.predicateReadInvisible(is.t, htid); err != nil {
			return false, err
		}
	}
	if ft.Visible && is.stats != nil {
		is.stats.Counts.TuplesFetched++
	}
	if ft.Visible && is.predicate {
		if err := is.s.predicateReadTuple(is.t, ft.TID); err != nil {
			return false, err
		}
	}
	return ft.Visible, nil
}

func (ios *indexOnlyScan) Close() { ios.is.Close() }
