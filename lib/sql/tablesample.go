// TABLESAMPLE's scans over the heap: lib/access/tablesample chooses the
// blocks and tuples, the heap scan reads those under the statement's
// snapshot.

package sql

import (
	"github.com/gpostgres/gpostgres/lib/access/tablesample"
	"github.com/gpostgres/gpostgres/lib/sql/exec"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/page"
	"github.com/gpostgres/gpostgres/lib/types"
)

// SampleScan reads the sample of t that method chooses with percent and
// seed (exec.SampleScanner).
func (ts *tableStore) SampleScan(t *plan.Table, method plan.SampleMethod, percent float32, seed uint32) (exec.TableScan, error) {
	if err := checkPopulated(t); err != nil {
		return nil, err
	}
	m := tablesample.System
	if method == plan.SampleBernoulli {
		m = tablesample.Bernoulli
	}
	smp, err := tablesample.New(m, percent, seed)
	if err != nil {
		return nil, err
	}
	if err := ts.s.predicateRead(t); err != nil {
		return nil, err
	}
	hs := &heapScan{s: ts.s, t: t, oid: types.Int(int64(t.OID))}
	hs.sc = heapBeginScan(ts, t)
	hs.sc.SetSample(func(blk storage.BlockNumber) bool { return smp.Block(uint32(blk)) },
		func(blk storage.BlockNumber, off page.OffsetNumber) bool { return smp.Tuple(uint32(blk), uint16(off)) })
	return hs, nil
}
