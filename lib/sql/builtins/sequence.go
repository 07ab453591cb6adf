// nextval, currval, setval, lastval and pg_sequence_last_value
// (commands/sequence.c's SQL-callable functions), over the session's
// expr.Sequences.

package builtins

import (
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

func sequences(ec *expr.EvalContext) (expr.Sequences, error) {
	if s, ok := ec.Catalog.(expr.Sequences); ok {
		return s, nil
	}
	return nil, pgerr.New(pgerr.FeatureNotSupported, "sequences cannot be used in this session")
}

func addSequenceImpls(m map[string]implEntry) {
	m["nextval_oid"] = sess(func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		s, err := sequences(ec)
		if err != nil {
			return types.Null, err
		}
		v, err := s.Nextval(uint32(a[0].Int()))
		return types.Int(v), err
	})
	m["currval_oid"] = sess(func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		s, err := sequences(ec)
		if err != nil {
			return types.Null, err
		}
		v, err := s.Currval(uint32(a[0].Int()))
		return types.Int(v), err
	})
	m["setval_oid"] = sess(func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		s, err := sequences(ec)
		if err != nil {
			return types.Null, err
		}
		v, err := s.Setval(uint32(a[0].Int()), a[1].Int(), true)
		return types.Int(v), err
	})
	m["setval3_oid"] = sess(func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		s, err := sequences(ec)
		if err != nil {
			return types.Null, err
		}
		v, err := s.Setval(uint32(a[0].Int()), a[1].Int(), a[2].Bool())
		return types.Int(v), err
	})
	m["lastval"] = sess(func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		s, err := sequences(ec)
		if err != nil {
			return types.Null, err
		}
		v, err := s.Lastval()
		return types.Int(v), err
	})
	m["pg_get_serial_sequence"] = sess(func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		s, err := sequences(ec)
		if err != nil {
			return types.Null, err
		}
		name, ok, err := s.SerialSequence(a[0].Text(), a[1].Text())
		if err != nil || !ok {
			return types.Null, err
		}
		return types.Text(name), nil
	})
	m["pg_describe_object"] = sess(func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		d, ok := ec.Catalog.(expr.ObjectDescriber)
		if !ok {
			return types.Null, pgerr.New(pgerr.FeatureNotSupported, "the catalogs cannot be read in this session")
		}
		if a[0].Int() == 0 {
			return types.Null, nil
		}
		text, err := d.DescribeObject(uint32(a[0].Int()), uint32(a[1].Int()), int32(a[2].Int()))
		return types.Text(text), err
	})
	m["pg_sequence_last_value"] = sess(func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		s, err := sequences(ec)
		if err != nil {
			return types.Null, err
		}
		v, ok, err := s.SequenceLastValue(uint32(a[0].Int()))
		if err != nil || !ok {
			return types.Null, err
		}
		return types.Int(v), nil
	})
}
