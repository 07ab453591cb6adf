// This file names result columns the way PostgreSQL's FigureColname
// does: the column, function or type name an expression mentions, or
// "?column?".

package analyze

import (
	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"
)

// figureColname returns the default name of a target list expression.
func figureColname(n *pg_query.Node) string {
	name, strength := figureColnameInternal(n)
	if strength != 0 {
		return name
	}
	return "?column?"
}

func figureColnameInternal(n *pg_query.Node) (string, int) {
	if n == nil {
		return "", 0
	}
	switch v := n.GetNode().(type) {
	case *pg_query.Node_ColumnRef:
		name := ""
		for _, f := range v.ColumnRef.Fields {
			if s := f.GetString_(); s != nil {
				name = s.Sval
			}
		}
		if name != "" {
			return name, 2
		}
	case *pg_query.Node_AIndirection:
		ind := v.AIndirection.Indirection
		for i := len(ind) - 1; i >= 0; i-- {
			if s := ind[i].GetString_(); s != nil {
				return s.Sval, 2
			}
		}
		return figureColnameInternal(v.AIndirection.Arg)
	case *pg_query.Node_FuncCall:
		names := nameList(v.FuncCall.Funcname)
		if len(names) > 0 {
			return names[len(names)-1], 2
		}
	case *pg_query.Node_AExpr:
		if v.AExpr.Kind == pg_query.A_Expr_Kind_AEXPR_NULLIF {
			return "nullif", 2
		}
	case *pg_query.Node_TypeCast:
		name, strength := figureColnameInternal(v.TypeCast.Arg)
		if strength <= 1 && v.TypeCast.TypeName != nil {
			names := nameList(v.TypeCast.TypeName.Names)
			if len(names) > 0 {
				return names[len(names)-1], 1
			}
		}
		return name, strength
	case *pg_query.Node_CollateClause:
		return figureColnameInternal(v.CollateClause.Arg)
	case *pg_query.Node_GroupingFunc:
		return "grouping", 2
	case *pg_query.Node_SubLink:
		switch v.SubLink.SubLinkType {
		case pg_query.SubLinkType_EXISTS_SUBLINK:
			return "exists", 2
		case pg_query.SubLinkType_ARRAY_SUBLINK:
			return "array", 2
		case pg_query.SubLinkType_EXPR_SUBLINK:
			// The name of the subquery's first column, which always has
			// one ("?column?" at worst).
			if sel := v.SubLink.Subselect.GetSelectStmt(); sel != nil {
				if name := subselectColname(sel); name != "" {
					return name, 2
				}
			}
		}
	case *pg_query.Node_CaseExpr:
		name, strength := figureColnameInternal(v.CaseExpr.Defresult)
		if strength <= 1 {
			return "case", 1
		}
		return name, strength
	case *pg_query.Node_AArrayExpr:
		return "array", 2
	case *pg_query.Node_RowExpr:
		return "row", 2
	case *pg_query.Node_CoalesceExpr:
		return "coalesce", 2
	case *pg_query.Node_MinMaxExpr:
		if v.MinMaxExpr.Op == pg_query.MinMaxOp_IS_GREATEST {
			return "greatest", 2
		}
		return "least", 2
	case *pg_query.Node_SqlvalueFunction:
		switch v.SqlvalueFunction.Op {
		case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_DATE:
			return "current_date", 2
		case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIME, pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIME_N:
			return "current_time", 2
		case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP, pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP_N:
			return "current_timestamp", 2
		case pg_query.SQLValueFunctionOp_SVFOP_LOCALTIME, pg_query.SQLValueFunctionOp_SVFOP_LOCALTIME_N:
			return "localtime", 2
		case pg_query.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP, pg_query.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP_N:
			return "localtimestamp", 2
		case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_ROLE:
			return "current_role", 2
		case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_USER:
			return "current_user", 2
		case pg_query.SQLValueFunctionOp_SVFOP_USER:
			return "user", 2
		case pg_query.SQLValueFunctionOp_SVFOP_SESSION_USER:
			return "session_user", 2
		case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_CATALOG:
			return "current_catalog", 2
		case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_SCHEMA:
			return "current_schema", 2
		}
	}
	return "", 0
}

// subselectColname is the name of a subquery's first result column, as
// analysis names it: a set operation's come from its left side, a VALUES
// list's are column1, column2, ...; "" when the first target is a "*"
// whose expansion is not known here.
func subselectColname(sel *pg_query.SelectStmt) string {
	for sel.Op != pg_query.SetOperation_SETOP_NONE && sel.Larg != nil {
		sel = sel.Larg
	}
	if len(sel.ValuesLists) > 0 {
		return "column1"
	}
	if len(sel.TargetList) == 0 {
		return ""
	}
	rt := sel.TargetList[0].GetResTarget()
	if rt == nil {
		return ""
	}
	if rt.Name != "" {
		return rt.Name
	}
	if cr := rt.Val.GetColumnRef(); cr != nil && len(cr.Fields) > 0 && cr.Fields[len(cr.Fields)-1].GetAStar() != nil {
		return ""
	}
	name, strength := figureColnameInternal(rt.Val)
	if strength == 0 {
		return "?column?"
	}
	return name
}

// IndexColumnName is the name of an index column that is an expression
// (FigureIndexColname, then ChooseIndexColumnNames' default): the
// function, column or type name FigureColname would give, else "expr".
func IndexColumnName(n *pg_query.Node) string {
	if name, strength := figureColnameInternal(n); strength != 0 && name != "" {
		return name
	}
	return "expr"
}
