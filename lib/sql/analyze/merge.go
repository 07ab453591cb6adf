// MERGE (PostgreSQL 15's parse_merge.c): the target table, the source
// (a table, subquery, function or join) joined to it on the join
// condition, and the WHEN clauses, each with its condition and its
// UPDATE SET list, INSERT values, DELETE or DO NOTHING. The target's
// columns are visible to MATCHED clauses only.

package analyze

import (
	"errors"
	"math"
	"strings"

	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

func (s *state) transformMerge(m *pg_query.MergeStmt) (*plan.Query, error) {
	firstCTE := len(s.ctes)
	if m.WithClause != nil {
		if m.WithClause.Recursive {
			return nil, pgerr.New(pgerr.FeatureNotSupported, "WITH RECURSIVE is not supported for MERGE statement")
		}
		if err := s.transformWith(m.WithClause); err != nil {
			return nil, err
		}
	}
	// A clause without condition makes the later ones of its kind
	// unreachable; PostgreSQL checks this first, without a position.
	var terminal [2]bool
	for _, n := range m.MergeWhenClauses {
		w := n.GetMergeWhenClause()
		k := 0
		if w.MatchKind != pg_query.MergeMatchKind_MERGE_WHEN_MATCHED {
			k = 1
		}
		if terminal[k] {
			return nil, pgerr.New(pgerr.SyntaxError, "unreachable WHEN clause specified after unconditional WHEN clause")
		}
		terminal[k] = w.Condition == nil
	}
	q := &plan.Query{Command: plan.CmdMerge}
	s.q = q
	idx, err := s.targetTable(m.Relation, q)
	if err != nil {
		return nil, mergeTargetError(err, m.Relation.Relname)
	}
	t := q.Result.Table
	if t.Kind == 'm' {
		// The executor refuses to change a materialized view; MERGE says
		// so earlier, in its own words (transformMergeStmt).
		return nil, pgerr.Newf(pgerr.FeatureNotSupported, "cannot execute MERGE on relation \"%s\"", t.Name).
			WithDetail("This operation is not supported for materialized views.")
	}
	target := nsItem{rte: idx, relVisible: true, colsVisible: true}

	// The source cannot see the target.
	s.ns = nil
	src, sourceNS, err := s.transformFromItem(m.SourceRelation)
	if err != nil {
		return nil, err
	}
	for _, it := range sourceNS {
		if it.relVisible && q.RTEs[it.rte].Alias == q.Result.Alias {
			return nil, pgerr.Newf(pgerr.DuplicateAlias, "name \"%s\" specified more than once", q.Result.Alias).
				WithDetail("The name is used both as MERGE target table and data source.")
		}
	}
	matchedNS := append(append([]nsItem{}, sourceNS...), target)

	s.ns = matchedNS
	s.kind = exprJoinOn
	on, err := s.transformExpr(m.JoinCondition)
	if err != nil {
		return nil, err
	}
	// PostgreSQL 15 takes the condition as a qual without coercing it
	// to boolean: its executor reads the value as a bool whatever its
	// type (a quirk later versions refuse).
	if s.baseType(on.Type()) != types.OidBool {
		on = s.datumGetBool(on)
	}

	// Rows no target row matches are needed only for NOT MATCHED.
	joinType := plan.JoinInner
	for _, n := range m.MergeWhenClauses {
		if n.GetMergeWhenClause().MatchKind != pg_query.MergeMatchKind_MERGE_WHEN_MATCHED {
			joinType = plan.JoinLeft
		}
	}
	join := &plan.JoinItem{Type: joinType, Left: src, Right: &plan.RangeItem{RTE: idx}, Quals: on}
	join.RTE = s.addRTE(&plan.RTE{Kind: plan.RTEJoin, Loc: -1})
	if joinType == plan.JoinLeft {
		s.markNullable(join.Right)
	}
	q.From = []plan.FromItem{join}

	for _, n := range m.MergeWhenClauses {
		w := n.GetMergeWhenClause()
		matched := w.MatchKind == pg_query.MergeMatchKind_MERGE_WHEN_MATCHED
		if matched {
			s.ns = matchedNS
		} else {
			s.ns = sourceNS
		}
		act := plan.MergeAction{Matched: matched}
		if w.Condition != nil {
			s.kind = exprMergeWhen
			c, err := s.transformExpr(w.Condition)
			if err != nil {
				return nil, err
			}
			if act.Cond, err = s.coerceToBoolean(c, "WHEN"); err != nil {
				return nil, err
			}
		}
		switch w.CommandType {
		case pg_query.CmdType_CMD_UPDATE:
			act.Kind = plan.MergeUpdate
			if act.NewValues, err = s.transformSetList(q, t, w.TargetList); err != nil {
				return nil, err
			}
		case pg_query.CmdType_CMD_DELETE:
			act.Kind = plan.MergeDelete
		case pg_query.CmdType_CMD_INSERT:
			act.Kind = plan.MergeInsert
			if act.NewValues, err = s.mergeInsertValues(t, w); err != nil {
				return nil, err
			}
		default:
			act.Kind = plan.MergeDoNothing
		}
		q.MergeActions = append(q.MergeActions, act)
	}
	if err := s.newRowChecks(q, t); err != nil {
		return nil, err
	}
	return q, s.finishWith(q, firstCTE)
}

// mergeTargetError gives the error of MERGE into a sequence (PostgreSQL
// 15 changes only tables with MERGE, and says so without a position) for
// the one targetTable reports; targetTable refuses views itself.
func mergeTargetError(err error, name string) error {
	var pe *pgerr.Error
	if !errors.As(err, &pe) {
		return err
	}
	var kind string
	switch {
	case pe.Code == pgerr.WrongObjectType && strings.HasPrefix(pe.Message, "cannot change sequence "):
		kind = "sequences"
	default:
		return err
	}
	return mergeRelationError(name, kind)
}

// mergeRelationError is the error of MERGE into a relation of a kind
// (views, sequences) PostgreSQL 15 does not change with MERGE; it has no
// position.
func mergeRelationError(name, kind string) error {
	return pgerr.Newf(pgerr.FeatureNotSupported, "cannot execute MERGE on relation \"%s\"", name).
		WithDetail("This operation is not supported for %s.", kind)
}

// mergeInsertValues analyzes the INSERT action of a NOT MATCHED clause:
// the new row's values over the level row (the source's values), the
// defaults of the columns not given.
func (s *state) mergeInsertValues(t *plan.Table, w *pg_query.MergeWhenClause) ([]expr.Expr, error) {
	cols, colLocs, colSubs, err := s.insertTargets(t, w.TargetList)
	if err != nil {
		return nil, err
	}
	values := w.Values
	defaultValues := values == nil
	if len(w.TargetList) == 0 && !defaultValues && len(values) < len(cols) {
		// Without a column list, the values fill the first columns.
		cols, colLocs = cols[:len(values)], colLocs[:len(values)]
	}
	if defaultValues {
		cols = nil
	}
	if len(values) > len(cols) && !defaultValues {
		return nil, s.errorAt(pgerr.New(pgerr.SyntaxError, "INSERT has more expressions than target columns"), nodeLocation(values[len(cols)]))
	}
	if len(values) < len(cols) {
		return nil, s.errorAt(pgerr.New(pgerr.SyntaxError, "INSERT has more target columns than expressions"), colLocs[len(values)])
	}
	ignore, err := insertOverrides(t, cols, w.Override, func(j int) bool { return values[j].GetSetToDefault() != nil })
	if err != nil {
		return nil, err
	}
	saved := s.kind
	s.kind = exprMergeInsert
	defer func() { s.kind = saved }()
	newValues := make([]expr.Expr, len(t.Columns))
	for j, i := range cols {
		v := values[j]
		if j < len(colSubs) && colSubs[j] != nil {
			// col[...]: assigned into NULL or the earlier targets' value.
			if v.GetSetToDefault() != nil {
				return nil, s.errorAt(colSubs[j].errDefault(), colLocs[j])
			}
			e, err := s.transformExpr(v)
			if err != nil {
				return nil, err
			}
			if e, err = s.targetValue(e, colSubs[j], t.Columns[i], colLocs[j]); err != nil {
				return nil, err
			}
			newValues[i] = colSubs[j].through(nullIfUnset(newValues[i], t.Columns[i]), e)
			continue
		}
		if v.GetSetToDefault() != nil || ignore[i] {
			continue
		}
		e, err := s.transformExpr(v)
		if err != nil {
			return nil, err
		}
		if newValues[i], err = s.assign(e, t.Columns[i], nodeLocation(v)); err != nil {
			return nil, err
		}
	}
	for i, c := range t.Columns {
		if newValues[i] != nil {
			continue
		}
		if c.Name == "" {
			newValues[i] = &expr.Const{Typ: c.TypeOID, Mod: -1, Value: types.Null, Loc: -1}
			continue
		}
		if newValues[i], err = s.columnDefault(t, i); err != nil {
			return nil, err
		}
	}
	return newValues, nil
}

// datumGetBool is PostgreSQL's DatumGetBool applied to the value of e,
// a non-boolean expression: false for NULL; for a type passed by value,
// whether its Datum (the integer, or the bits of a float) is non-zero;
// true for a type passed by reference, whose Datum is a pointer.
func (s *state) datumGetBool(e expr.Expr) expr.Expr {
	var truth func(types.Datum) bool
	t := types.ByOID(s.baseType(e.Type()))
	switch {
	case t == nil || !t.ByVal:
		truth = func(types.Datum) bool { return true }
	case t.OID == types.OidFloat4:
		truth = func(d types.Datum) bool { return math.Float32bits(d.Float4()) != 0 }
	case t.OID == types.OidFloat8:
		truth = func(d types.Datum) bool { return math.Float64bits(d.Float8()) != 0 }
	default:
		truth = func(d types.Datum) bool { return d.Int() != 0 }
	}
	f := &expr.Func{Name: "DatumGetBool", Args: []uint32{e.Type()}, Ret: types.OidBool, Volatility: expr.Immutable,
		Impl: func(_ *expr.EvalContext, a []types.Datum) (types.Datum, error) {
			return types.Bool(!a[0].IsNull() && truth(a[0])), nil
		}}
	return &expr.FuncExpr{Func: f, Args: []expr.Expr{e}, Typ: types.OidBool, Mod: -1, Format: expr.CallImplicitCast, Loc: expr.Location(e)}
}
