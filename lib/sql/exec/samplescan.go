// TABLESAMPLE scans (PostgreSQL's nodeSamplescan.c): the method's
// arguments and REPEATABLE's value are evaluated when the scan starts,
// the seed is hashfloat8 of REPEATABLE's value or a random number, and
// the TableStore reads the blocks and tuples the method chooses.

package exec

import (
	"math/rand/v2"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// SampleScanner is implemented by TableStores that can read a sample of
// a table: percent is the method's argument, seed the sampling seed.
type SampleScanner interface {
	SampleScan(t *plan.Table, method plan.SampleMethod, percent float32, seed uint32) (TableScan, error)
}

// sampleScan is a TableSample compiled for one execution.
type sampleScan struct {
	ec         *expr.EvalContext
	method     plan.SampleMethod
	args       []expr.Evaluator
	repeatable expr.Evaluator
}

func compileSample(ec *expr.EvalContext, ts *plan.TableSample) (*sampleScan, error) {
	s := &sampleScan{ec: ec, method: ts.Method}
	var err error
	if s.args, err = compileAll(ts.Args); err != nil {
		return nil, err
	}
	if ts.Repeatable != nil {
		if s.repeatable, err = expr.Compile(ts.Repeatable); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// open is tablesample_init: the arguments (never NULL), the seed, then
// the scan.
func (s *sampleScan) open(store TableStore, t *plan.Table) (TableScan, error) {
	ss, ok := store.(SampleScanner)
	if !ok {
		return nil, pgerr.Newf(pgerr.FeatureNotSupported, "relation \"%s\" cannot be sampled in this session", t.Name)
	}
	params := make([]types.Datum, len(s.args))
	for i, ev := range s.args {
		v, err := ev(s.ec, nil)
		if err != nil {
			return nil, err
		}
		if v.IsNull() {
			return nil, pgerr.New(pgerr.InvalidTablesampleArgument, "TABLESAMPLE parameter cannot be null")
		}
		params[i] = v
	}
	var seed uint32
	if s.repeatable != nil {
		v, err := s.repeatable(s.ec, nil)
		if err != nil {
			return nil, err
		}
		if v.IsNull() {
			return nil, pgerr.New(pgerr.InvalidTablesampleRepeat, "TABLESAMPLE REPEATABLE parameter cannot be null")
		}
		seed = types.HashFloat8(v.Float8())
	} else {
		seed = rand.Uint32()
	}
	return ss.SampleScan(t, s.method, params[0].Float4(), seed)
}
