// This file analyzes subqueries in expressions (PostgreSQL's
// transformSubLink): EXISTS, scalar subqueries, ARRAY(SELECT ...), IN
// and op ANY/ALL (SELECT ...).

package analyze

import (
	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/builtins"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

func builtins_aggImplemented(f *expr.Func, argTypes []uint32) bool {
	_, err := builtins.NewAgg(f, argTypes)
	return err == nil
}

func (s *state) transformSubLink(sl *pg_query.SubLink) (expr.Expr, error) {
	loc := sl.Location
	switch s.kind {
	case exprGroupBy:
		// PostgreSQL allows these; nothing here prevents them.
	case exprDefault:
		return nil, s.errorAt(pgerr.New(pgerr.FeatureNotSupported, "cannot use subquery in DEFAULT expression"), loc)
	}
	sel := sl.Subselect.GetSelectStmt()
	if sel == nil {
		return nil, s.errorAt(notSupported("this subquery"), loc)
	}
	c := s.child()
	sub, err := c.transformSelect(sel)
	if err != nil {
		return nil, err
	}
	out := &expr.SubLink{Plan: sub, Correlated: c.correlated, Loc: loc, Mod: -1}
	vis := sub.VisibleTargets()
	switch sl.SubLinkType {
	case pg_query.SubLinkType_EXISTS_SUBLINK:
		out.Kind, out.Typ = expr.ExistsSubLink, types.OidBool
		return out, nil
	case pg_query.SubLinkType_EXPR_SUBLINK, pg_query.SubLinkType_ARRAY_SUBLINK:
		if len(vis) != 1 {
			msg := "subquery must return only one column"
			if len(vis) == 0 {
				msg = "subquery must return a column"
			}
			return nil, s.errorAt(pgerr.New(pgerr.SyntaxError, msg), loc)
		}
		t := vis[0].Expr.Type()
		if sl.SubLinkType == pg_query.SubLinkType_EXPR_SUBLINK {
			out.Kind, out.Typ, out.Mod = expr.ExprSubLink, t, vis[0].Expr.Typmod()
			return out, nil
		}
		if s.elemOf(t) != 0 {
			// ARRAY(SELECT array): an array of one more dimension.
			out.Kind, out.Typ, out.Multidims = expr.ArraySubLink, t, true
			return out, nil
		}
		arr := s.arrayOf(t)
		if arr == 0 {
			return nil, s.errorAt(pgerr.Newf(pgerr.UndefinedObject, "could not find array type for data type %s", s.typeName(t)), loc)
		}
		out.Kind, out.Typ = expr.ArraySubLink, arr
		return out, nil
	case pg_query.SubLinkType_ANY_SUBLINK, pg_query.SubLinkType_ALL_SUBLINK:
		out.Kind = expr.AnySubLink
		if sl.SubLinkType == pg_query.SubLinkType_ALL_SUBLINK {
			out.Kind = expr.AllSubLink
		}
		out.Typ = types.OidBool
		op := "="
		if names := nameList(sl.OperName); len(names) > 0 {
			op = names[len(names)-1]
		}
		left, err := s.transformExpr(sl.Testexpr)
		if err != nil {
			return nil, err
		}
		if row := rowConstructor(left); row != nil {
			if out.Test, err = s.rowSubLinkTest(op, row, vis, loc); err != nil {
				return nil, err
			}
			return out, nil
		}
		if len(vis) != 1 {
			msg := "subquery has too many columns"
			if len(vis) == 0 {
				msg = "subquery has too few columns"
			}
			return nil, s.errorAt(pgerr.New(pgerr.SyntaxError, msg), loc)
		}
		right := &expr.SubValue{Index: 0, Typ: vis[0].Expr.Type(), Mod: vis[0].Expr.Typmod()}
		test, err := s.makeOp(op, left, right, loc)
		if err != nil {
			return nil, err
		}
		if test.Type() != types.OidBool {
			return nil, s.errorAt(pgerr.Newf(pgerr.DatatypeMismatch, "operator %s must return type boolean, not type %s", op, s.typeName(test.Type())), loc)
		}
		out.Test = test
		return out, nil
	case pg_query.SubLinkType_MULTIEXPR_SUBLINK:
		out.Kind, out.Typ = expr.MultiExprSubLink, types.OidRecord
		return out, nil
	case pg_query.SubLinkType_ROWCOMPARE_SUBLINK:
		out.Kind, out.Typ = expr.RowCompareSubLink, types.OidBool
		left, err := s.transformExpr(sl.Testexpr)
		if err != nil {
			return nil, err
		}
		names := nameList(sl.OperName)
		if out.Test, err = s.rowSubLinkTest(names[len(names)-1], rowConstructor(left), vis, loc); err != nil {
			return nil, err
		}
		return out, nil
	}
	return nil, s.errorAt(notSupported("this kind of subquery"), loc)
}

// transformRowCompareSubLink is "(a, b) op (SELECT x, y)", which
// PostgreSQL's transformAExprOp turns into a ROWCOMPARE sublink.
func (s *state) transformRowCompareSubLink(opName []*pg_query.Node, row *pg_query.Node, sl *pg_query.SubLink, loc int32) (expr.Expr, error) {
	return s.transformSubLink(&pg_query.SubLink{SubLinkType: pg_query.SubLinkType_ROWCOMPARE_SUBLINK,
		Testexpr: row, OperName: opName, Subselect: sl.Subselect, Location: loc})
}
