// pg_get_indexdef (ruleutils.c's pg_get_indexdef_worker): the CREATE
// INDEX statement of an index, or the text of one of its columns, as
// PostgreSQL prints them.

package sql

import (
	"strings"

	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/analyze"
	"github.com/gpostgres/gpostgres/lib/sql/builtins"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
)

// IndexDefinition implements pg_get_indexdef: the CREATE INDEX statement
// of index oid, or with column > 0 that column's definition only.
func (n names) IndexDefinition(oid uint32, column int, pretty bool) (string, bool, error) {
	s := n.s
	irel, err := s.cache.RelationByOID(s, oid)
	if err != nil || irel == nil || irel.Index == nil {
		return "", false, err
	}
	info := irel.Index
	rel, err := s.cache.RelationByOID(s, info.Table)
	if err != nil || rel == nil {
		return "", false, err
	}
	var ti *plan.TableIndex
	var t *plan.Table
	if info.Exprs != "" || info.Pred != "" {
		if t, err = s.planTable(rel); err != nil {
			return "", false, err
		}
		// Any index, valid, ready or neither (one CREATE INDEX
		// CONCURRENTLY left behind).
		if ti, err = s.indexDescriptor(rel, irel, t); err != nil {
			return "", false, err
		}
	}
	colName := func(v *expr.Var) string { return t.Columns[v.Index].Name }
	var cols, included []string
	for i, a := range info.Keys {
		if i >= info.NKeyAtts && a > 0 && int(a) <= len(rel.Attrs) {
			// An INCLUDE column: its name alone.
			col := builtins.QuoteIdent(rel.Attrs[a-1].Name)
			if column == i+1 {
				return col, true, nil
			}
			included = append(included, col)
			continue
		}
		var col string
		var typ, coll uint32
		switch {
		case a == 0 && ti != nil && i < len(ti.Exprs) && ti.Exprs[i] != nil:
			if col, err = indexExprText(ti.Exprs[i], pretty, colName); err != nil {
				return "", false, err
			}
			typ, coll = ti.Exprs[i].Type(), exprCollation(ti.Exprs[i])
		case a <= 0 || int(a) > len(rel.Attrs):
			return "", false, pgerr.Newf(pgerr.InternalError, "index \"%s\" has an invalid column %d", irel.Name, a)
		default:
			col = builtins.QuoteIdent(rel.Attrs[a-1].Name)
			typ, coll = rel.Attrs[a-1].Type, rel.Attrs[a-1].Collation
		}
		if column > 0 {
			if i+1 == column {
				return col, true, nil
			}
			continue
		}
		if i < len(info.Collations) && info.Collations[i] != coll {
			col += " COLLATE " + collationName(info.Collations[i])
		}
		if i < len(info.Classes) {
			if oc, ok := catalog.BtreeOpclassByOID(info.Classes[i]); ok && !oc.Default {
				col += " " + oc.Name
			} else if ok {
				if d, dok := catalog.DefaultBtreeOpclass(typ); dok && d.OID != oc.OID {
					col += " " + oc.Name
				}
			}
		}
		var opt int16
		if i < len(info.Options) {
			opt = info.Options[i]
		}
		desc, nullsFirst := opt&catalog.IndexOptionDesc != 0, opt&catalog.IndexOptionNullsFirst != 0
		if desc {
			col += " DESC"
			if !nullsFirst {
				col += " NULLS LAST"
			}
		} else if nullsFirst {
			col += " NULLS FIRST"
		}
		cols = append(cols, col)
	}
	if column > 0 {
		return "", false, nil
	}
	def := "CREATE "
	if info.Unique {
		def += "UNIQUE "
	}
	// Pretty printing (PRETTYFLAG_SCHEMA) names the table unqualified
	// when the search path finds it (generate_relation_name).
	table := builtins.QuoteIdent(rel.NamespaceName) + "." + builtins.QuoteIdent(rel.Name)
	if pretty {
		if visible, err := s.relationVisible(rel); err != nil {
			return "", false, err
		} else if visible {
			table = builtins.QuoteIdent(rel.Name)
		}
	}
	def += "INDEX " + builtins.QuoteIdent(irel.Name) + " ON " + table + " USING btree (" + strings.Join(cols, ", ") + ")"
	if len(included) > 0 {
		def += " INCLUDE (" + strings.Join(included, ", ") + ")"
	}
	if info.NullsNotDistinct {
		def += " NULLS NOT DISTINCT"
	}
	opts, err := s.reloptions(irel.OID)
	if err != nil {
		return "", false, err
	}
	if len(opts) > 0 {
		def += " WITH (" + indexOptionsText(opts) + ")"
	}
	if ti != nil && ti.Pred != nil {
		pred, err := analyze.Deparse(ti.Pred, pretty, colName)
		if err != nil {
			return "", false, err
		}
		def += " WHERE " + pred
	}
	return def, true, nil
}

// indexExprText prints an index column's expression as
// pg_get_indexdef does: in parentheses unless it looks like a function
// call.
func indexExprText(e expr.Expr, pretty bool, colName func(*expr.Var) string) (string, error) {
	text, err := analyze.Deparse(e, pretty, colName)
	if err != nil {
		return "", err
	}
	switch f := e.(type) {
	case *expr.FuncExpr:
		if f.Op == nil && (f.Format == expr.CallNormal || f.Format == expr.CallSQLSyntax) {
			return text, nil
		}
	case *expr.CoalesceExpr, *expr.MinMaxExpr:
		return text, nil
	}
	return "(" + text + ")", nil
}
