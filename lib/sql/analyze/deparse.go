// This file prints analyzed expressions back as SQL, as PostgreSQL's
// ruleutils.c get_rule_expr does for pg_get_expr: constants with the
// casts that make them re-read as the same type, operators parenthesized
// (all of them, or in pretty mode only where precedence needs it),
// implicit casts hidden, explicit ones as ::type. Column defaults are
// stored in this form (non-pretty) and analyzed again when used.

package analyze

import (
	"strings"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/builtins"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// Deparse prints e as SQL. colName names the columns Vars refer to (nil
// when e has none). pretty is pg_get_expr's pretty flag.
func Deparse(e expr.Expr, pretty bool, colName func(v *expr.Var) string) (string, error) {
	return DeparseFormat(e, pretty, colName, nil)
}

// DeparseFormat is Deparse printing constants with format: with its
// Names, regclass and the other reg* constants print as names (as
// pg_get_expr shows them), without, as OIDs (as stored expressions keep
// them, so that renaming the object does not break them).
func DeparseFormat(e expr.Expr, pretty bool, colName func(v *expr.Var) string, format *types.FormatOptions) (string, error) {
	d := &deparser{pretty: pretty, colName: colName, format: format}
	d.expr(e, nil, false)
	if d.err != nil {
		return "", d.err
	}
	return d.b.String(), nil
}

type deparser struct {
	b       strings.Builder
	pretty  bool
	indent  int
	colName func(v *expr.Var) string
	// varText, when set, prints a Var (qualified, as querydeparse.go
	// names it); false makes the expression unprintable.
	varText func(v *expr.Var) (string, bool)
	// sublink, when set, prints a subquery (querydeparse.go); without
	// it a subquery is unprintable.
	sublink func(d *deparser, x *expr.SubLink)
	// window, when set, prints a window function's OVER clause
	// (querydeparse.go); without it a window function is unprintable.
	window func(d *deparser, x *expr.WindowFunc)
	// merged, when set, names the merged column of a FULL JOIN USING
	// that a COALESCE is (querydeparse.go); a COALESCE it refuses makes
	// the expression unprintable.
	merged func(c *expr.CoalesceExpr) (name string, ok, refuse bool)
	// param, when set, prints an argument of the routine whose body is
	// printed by its name (get_parameter); false leaves it $n.
	param func(x *expr.Param) (string, bool)
	// value prints Vars as the keyword VALUE (a domain constraint).
	value bool
	// flat keeps CASE on one line (EXPLAIN's deparse_expression, whose
	// prettyFlags are 0).
	flat bool
	// noIndent keeps keywords on the line as flat does, printing
	// everything else as with indentation (a RETURN body's expression,
	// printed without PRETTYFLAG_INDENT).
	noIndent bool
	format   *types.FormatOptions
	err      error
}

func (d *deparser) fail(e expr.Expr) {
	if d.err == nil {
		d.err = pgerr.Newf(pgerr.FeatureNotSupported, "cannot print an expression of type %T", e)
	}
}

// simpleBinaryOp returns the name of a binary operator call, "" if e is
// not one.
func simpleBinaryOp(e expr.Expr) string {
	if f, ok := e.(*expr.FuncExpr); ok && f.Op != nil && len(f.Args) == 2 && f.Format == expr.CallNormal {
		return f.Op.Name
	}
	return ""
}

// isSimple is isSimpleNode with PRETTYFLAG_PAREN: whether node needs no
// parentheses under parent.
func isSimple(node, parent expr.Expr) bool {
	if x, ok := node.(*expr.DistinctExpr); ok && x.Not {
		node = notDistinct(x)
	}
	switch n := node.(type) {
	case *expr.Var, *expr.Const, *expr.Param, *expr.CoalesceExpr, *expr.MinMaxExpr, *expr.NullIfExpr,
		*expr.Aggref, *expr.WindowFunc, *expr.ArrayExpr, *expr.CaseTest, *expr.SubValue, *expr.RowExpr, *expr.FieldSelect:
		return true
	case *expr.CaseExpr:
		return true
	case *expr.FuncExpr:
		if n.Op == nil || n.Format != expr.CallNormal {
			// Function-like: name(...), casts, SQL syntax.
			return true
		}
		// An operator.
		if p, ok := parent.(*expr.FuncExpr); ok && p.Op != nil && p.Format == expr.CallNormal {
			op, pop := simpleBinaryOp(node), simpleBinaryOp(parent)
			if op == "" || pop == "" {
				return false
			}
			lo, hi := strings.Contains("+-", op) && len(op) == 1, strings.Contains("*/%", op) && len(op) == 1
			plo, phi := strings.Contains("+-", pop) && len(pop) == 1, strings.Contains("*/%", pop) && len(pop) == 1
			if !(lo || hi) || !(plo || phi) {
				return false
			}
			if hi && plo {
				return true
			}
			if lo && phi {
				return false
			}
			return p.Args[0] == node
		}
		return simpleUnderParent(parent)
	case *expr.RelabelType:
		// A cast is as simple as its argument (isSimpleNode).
		if !n.Explicit {
			return isSimple(n.Arg, parent)
		}
		return isSimple(n.Arg, n)
	case *expr.CoerceViaIO:
		if !n.Explicit {
			return isSimple(n.Arg, parent)
		}
		return isSimple(n.Arg, n)
	case *expr.CoerceToDomain:
		if !n.Explicit {
			return isSimple(n.Arg, parent)
		}
		return isSimple(n.Arg, n)
	case *expr.CoerceToTypmod:
		if n.SQLName != "" {
			return true
		}
		return isSimple(n.Arg, parent)
	case *expr.NullTest, *expr.BoolTest, *expr.DistinctExpr, *expr.SubLink, *expr.RowCompareExpr:
		return simpleUnderParent(parent)
	case *expr.BoolExpr:
		switch p := parent.(type) {
		case *expr.BoolExpr:
			// NOT and AND bind tighter than AND and OR; OR under OR.
			if n.Op == expr.Or {
				return p.Op == expr.Or
			}
			return p.Op == expr.And || p.Op == expr.Or
		case *expr.FuncExpr:
			return p.Format == expr.CallNormal && p.Op == nil
		case *expr.CoalesceExpr, *expr.MinMaxExpr, *expr.NullIfExpr, *expr.CaseExpr, *expr.ArrayExpr:
			return true
		}
		return false
	}
	return false
}

func simpleUnderParent(parent expr.Expr) bool {
	switch p := parent.(type) {
	case *expr.FuncExpr:
		return p.Format == expr.CallNormal && p.Op == nil
	case *expr.BoolExpr, *expr.ArrayExpr, *expr.CoalesceExpr, *expr.MinMaxExpr, *expr.NullIfExpr,
		*expr.Aggref, *expr.CaseExpr:
		return true
	}
	return false
}

// paren prints e, in parentheses when pretty printing finds them needed
// under parent (get_rule_expr_paren; without pretty printing every node
// that needs them prints its own).
func (d *deparser) paren(e, parent expr.Expr, showImplicit bool) {
	need := d.pretty && !isSimple(e, parent)
	if need {
		d.b.WriteByte('(')
	}
	d.expr(e, parent, showImplicit)
	if need {
		d.b.WriteByte(')')
	}
}

// keyword is appendContextKeyword: with indentation (always on for
// pg_get_expr) a keyword starts a new line indented to the level.
func (d *deparser) keyword(s string, before, after int) {
	if d.flat || d.noIndent {
		// Without PRETTYFLAG_INDENT the keywords stay on the line, a
		// space before each but the first (get_rule_expr's CaseExpr).
		if s != "CASE" {
			d.b.WriteByte(' ')
		}
		d.b.WriteString(s)
		return
	}
	// Trailing spaces are removed before the line break.
	str := strings.TrimRight(d.b.String(), " ")
	d.b.Reset()
	d.b.WriteString(str)
	d.indent += before
	if d.indent < 0 {
		d.indent = 0
	}
	d.b.WriteString("\n" + strings.Repeat(" ", d.indent))
	d.b.WriteString(s)
	d.indent += after
}

func quoteLiteral(s string) string {
	var b strings.Builder
	if strings.ContainsRune(s, '\\') {
		b.WriteByte('E')
	}
	b.WriteByte('\'')
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\'':
			b.WriteString("''")
		case '\\':
			b.WriteString(`\\`)
		default:
			b.WriteByte(s[i])
		}
	}
	b.WriteByte('\'')
	return b.String()
}

// simpleQuoteLiteral is ruleutils.c's simple_quote_literal, as the
// printers of pg_get_expr and EXPLAIN show constants: quotes doubled,
// backslashes as they are (standard_conforming_strings is always on),
// never E”. (Stored expressions use quoteLiteral, which reads back the
// same whatever the setting.)
func simpleQuoteLiteral(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// constant is get_const_expr with showtype 0 (-1: never label).
func (d *deparser) constant(c *expr.Const, showtype int) {
	if c.Value.IsNull() {
		d.b.WriteString("NULL")
		if showtype >= 0 && c.Typ != types.OidUnknown {
			d.b.WriteString("::" + d.formatType(c.Typ, c.Mod))
		}
		return
	}
	// Text for storage reads back the same under any setting; text for
	// display (the reg* constants print as names) is PostgreSQL's.
	quote := quoteLiteral
	if d.flat || d.format != nil && d.format.Names != nil {
		quote = simpleQuoteLiteral
	}
	if c.Typ == types.OidUnknown {
		d.b.WriteString(quote(c.Value.Text()))
		return
	}
	text := types.FormatText(c.Typ, c.Value, d.format)
	needLabel := false
	switch c.Typ {
	case types.OidInt4:
		if text[0] != '-' {
			d.b.WriteString(text)
		} else {
			d.b.WriteString("'" + text + "'")
			needLabel = true
		}
	case types.OidNumeric:
		if text[0] >= '0' && text[0] <= '9' && strings.ContainsAny(text, "eE.") {
			d.b.WriteString(text)
		} else {
			d.b.WriteString("'" + text + "'")
			needLabel = true
		}
		needLabel = needLabel || c.Mod >= 0
	case types.OidBool:
		if c.Value.Bool() {
			d.b.WriteString("true")
		} else {
			d.b.WriteString("false")
		}
	default:
		d.b.WriteString(quote(text))
		needLabel = true
	}
	if showtype < 0 {
		return
	}
	if needLabel {
		d.b.WriteString("::" + d.formatType(c.Typ, c.Mod))
	}
}

// cast is get_coercion_expr: arg::type.
func (d *deparser) cast(arg expr.Expr, typ uint32, mod int32, parent expr.Expr) {
	if c, ok := arg.(*expr.Const); ok && c.Typ == typ && c.Mod == -1 {
		d.constant(c, -1)
	} else {
		if !d.pretty {
			d.b.WriteByte('(')
		}
		d.paren(arg, parent, false)
		if !d.pretty {
			d.b.WriteByte(')')
		}
	}
	d.b.WriteString("::" + d.formatType(typ, mod))
}

// args prints a list of arguments, showing their implicit casts.
func (d *deparser) args(es []expr.Expr, parent expr.Expr) {
	for i, a := range es {
		if i > 0 {
			d.b.WriteString(", ")
		}
		d.expr(a, parent, true)
	}
}

// open and close print a node's own parentheses when not pretty
// printing.
func (d *deparser) open() {
	if !d.pretty {
		d.b.WriteByte('(')
	}
}

func (d *deparser) close() {
	if !d.pretty {
		d.b.WriteByte(')')
	}
}

// expr is get_rule_expr; showImplicit prints implicit casts as casts
// (they are shown for operands and arguments, not at the top).
func (d *deparser) expr(e expr.Expr, parent expr.Expr, showImplicit bool) {
	if c, ok := e.(*expr.CoalesceExpr); ok && d.merged != nil {
		name, ok, refuse := d.merged(c)
		if refuse {
			d.fail(e)
			return
		}
		if ok {
			d.b.WriteString(builtins.QuoteIdent(name))
			return
		}
	}
	switch x := e.(type) {
	case *expr.Const:
		d.constant(x, 0)
	case *expr.Var:
		if d.value {
			d.b.WriteString("VALUE")
			return
		}
		if d.varText != nil {
			text, ok := d.varText(x)
			if !ok {
				d.fail(e)
			}
			d.b.WriteString(text)
			return
		}
		name := x.Name
		if d.colName != nil {
			name = d.colName(x)
		}
		d.b.WriteString(builtins.QuoteIdent(name))
	case *expr.Param:
		if d.param != nil {
			if text, ok := d.param(x); ok {
				d.b.WriteString(text)
				return
			}
		}
		d.b.WriteString("$" + itoa(x.Index+1))
	case *expr.FuncExpr:
		switch x.Format {
		case expr.CallSQLSyntax:
			d.b.WriteString(x.SQLName)
			return
		case expr.CallImplicitCast:
			if !showImplicit {
				d.paren(x.Args[0], e, false)
				return
			}
			d.cast(x.Args[0], x.Typ, x.Mod, e)
			return
		case expr.CallExplicitCast:
			d.cast(x.Args[0], x.Typ, x.Mod, e)
			return
		}
		if x.Op != nil {
			d.open()
			if len(x.Args) == 2 {
				d.paren(x.Args[0], e, true)
				d.b.WriteString(" " + x.Op.Name + " ")
				d.paren(x.Args[1], e, true)
			} else {
				d.b.WriteString(x.Op.Name + " ")
				d.paren(x.Args[0], e, true)
			}
			d.close()
			return
		}
		if d.varText != nil && sqlSyntaxFuncs[x.Func.Name] && !d.flat {
			// ruleutils prints these as SQL syntax (TRIM(...),
			// SUBSTRING(... FROM ...)) when written so, which analysis
			// does not record.
			d.fail(e)
			return
		}
		d.b.WriteString(builtins.QuoteIdent(x.Func.Name) + "(")
		d.args(x.Args, e)
		d.b.WriteByte(')')
	case *expr.RelabelType:
		if x.Explicit || showImplicit {
			d.cast(x.Arg, x.Typ, x.Mod, e)
		} else {
			d.paren(x.Arg, e, false)
		}
	case *expr.CoerceToDomain:
		if x.Explicit || showImplicit {
			d.cast(x.Arg, x.Typ, -1, e)
		} else {
			d.paren(x.Arg, e, false)
		}
	case *expr.CoerceViaIO:
		if x.Explicit || showImplicit {
			d.cast(x.Arg, x.Typ, x.Mod, e)
		} else {
			d.paren(x.Arg, e, false)
		}
	case *expr.CoerceToTypmod:
		switch {
		case x.SQLName != "":
			d.b.WriteString(x.SQLName)
		case x.Explicit || showImplicit:
			// A type coercion under a length coercion shows as the one
			// cast (coerce_type_typmod hides it).
			d.cast(hiddenCoercionArg(x.Arg), x.Arg.Type(), x.Mod, e)
		default:
			d.paren(x.Arg, e, false)
		}
	case *expr.BoolExpr:
		if x.Op == expr.Not {
			d.open()
			d.b.WriteString("NOT ")
			d.paren(x.Args[0], e, false)
			d.close()
			return
		}
		sep := " AND "
		if x.Op == expr.Or {
			sep = " OR "
		}
		d.open()
		for i, a := range x.Args {
			if i > 0 {
				d.b.WriteString(sep)
			}
			d.paren(a, e, false)
		}
		d.close()
	case *expr.NullTest:
		d.open()
		d.paren(x.Arg, e, true)
		if x.IsNot {
			d.b.WriteString(" IS NOT NULL")
		} else {
			d.b.WriteString(" IS NULL")
		}
		d.close()
	case *expr.BoolTest:
		d.open()
		d.paren(x.Arg, e, false)
		d.b.WriteString([]string{" IS TRUE", " IS NOT TRUE", " IS FALSE", " IS NOT FALSE", " IS UNKNOWN", " IS NOT UNKNOWN"}[x.Kind])
		d.close()
	case *expr.CaseExpr:
		d.keyword("CASE", 0, 4)
		if x.Arg != nil {
			d.b.WriteByte(' ')
			d.expr(x.Arg, e, true)
		}
		for _, w := range x.Whens {
			d.keyword("WHEN ", 0, 0)
			cond := w.Cond
			if x.Arg != nil {
				// The condition compares a CaseTest with the value:
				// print the value only.
				if f, ok := cond.(*expr.FuncExpr); ok && len(f.Args) == 2 {
					cond = f.Args[1]
				}
			}
			d.expr(cond, e, false)
			d.b.WriteString(" THEN ")
			d.expr(w.Result, e, true)
		}
		d.keyword("ELSE ", 0, 0)
		d.expr(x.Else, e, true)
		d.keyword("END", -4, 0)
	case *expr.CoalesceExpr:
		d.b.WriteString("COALESCE(")
		d.args(x.Args, e)
		d.b.WriteByte(')')
	case *expr.MinMaxExpr:
		if x.Greatest {
			d.b.WriteString("GREATEST(")
		} else {
			d.b.WriteString("LEAST(")
		}
		d.args(x.Args, e)
		d.b.WriteByte(')')
	case *expr.NullIfExpr:
		d.b.WriteString("NULLIF(")
		d.args(x.Args[:], e)
		d.b.WriteByte(')')
	case *expr.DistinctExpr:
		if x.Not {
			// IS NOT DISTINCT FROM is NOT over IS DISTINCT FROM in
			// PostgreSQL's tree, and prints so.
			d.expr(notDistinct(x), parent, showImplicit)
			return
		}
		d.open()
		d.paren(x.Args[0], e, true)
		d.b.WriteString(" IS DISTINCT FROM ")
		d.paren(x.Args[1], e, true)
		d.close()
	case *expr.SubscriptExpr:
		// get_rule_expr's SubscriptingRef, for EXPLAIN.
		if !d.flat || x.Value != nil {
			d.fail(e)
			return
		}
		if _, isVar := x.Arg.(*expr.Var); isVar {
			d.expr(x.Arg, e, true)
		} else {
			d.b.WriteByte('(')
			d.expr(x.Arg, e, true)
			d.b.WriteByte(')')
		}
		for i, ix := range x.Indexes {
			d.b.WriteByte('[')
			if x.Slice {
				if i < len(x.Lower) && x.Lower[i] != nil {
					d.expr(x.Lower[i], e, false)
				}
				d.b.WriteByte(':')
			}
			if ix != nil {
				d.expr(ix, e, false)
			}
			d.b.WriteByte(']')
		}
	case *expr.ArrayExpr:
		d.b.WriteString("ARRAY[")
		d.args(x.Elems, e)
		d.b.WriteByte(']')
	case *expr.RowExpr:
		if x.WholeRow {
			name := builtins.QuoteIdent(x.Name)
			if d.varText != nil {
				// Named as its columns' entry is (querydeparse.go).
				v, ok := expr.Expr(nil), false
				if len(x.Args) > 0 {
					v = x.Args[0]
				}
				var text string
				if vv, isVar := v.(*expr.Var); isVar {
					text, ok = d.varText(vv)
				}
				if (!ok || !strings.Contains(text, ".")) && d.flat {
					// EXPLAIN without the entry's name: the row's
					// columns.
					d.b.WriteString("ROW(")
					d.args(x.Args, e)
					d.b.WriteByte(')')
					return
				}
				if !ok || !strings.Contains(text, ".") {
					d.fail(e)
					return
				}
				name = text[:strings.LastIndex(text, ".")]
				if strings.Contains(name, `"`) && d.flat {
					d.b.WriteString("ROW(")
					d.args(x.Args, e)
					d.b.WriteByte(')')
					return
				}
				if strings.Contains(name, `"`) {
					// The column's quoting hides where the name ends.
					d.fail(e)
					return
				}
			}
			d.b.WriteString(name + ".*")
			return
		}
		d.b.WriteString("ROW(")
		d.args(x.Args, e)
		d.b.WriteByte(')')
		if x.Typ != types.OidRecord && x.Desc != nil {
			d.b.WriteString("::" + d.typeName(x.Typ))
		}
	case *expr.RowCompareExpr:
		// ruleutils parenthesizes a row comparison even when pretty.
		d.b.WriteString("(ROW(")
		d.args(x.Left, e)
		d.b.WriteString(") " + x.Ops[0].Name + " ROW(")
		d.args(x.Right, e)
		d.b.WriteString("))")
	case *expr.FieldSelect:
		d.b.WriteByte('(')
		d.expr(x.Arg, e, true)
		d.b.WriteString(")." + builtins.QuoteIdent(x.Name))
	case *expr.ScalarArrayOpExpr:
		d.open()
		d.paren(x.Left, e, true)
		d.b.WriteString(" " + x.Op.Name + " ")
		if x.UseOr {
			d.b.WriteString("ANY (")
		} else {
			d.b.WriteString("ALL (")
		}
		if x.Array != nil {
			d.expr(x.Array, e, true)
		} else {
			d.b.WriteString("ARRAY[")
			d.args(x.Right, e)
			d.b.WriteByte(']')
		}
		d.b.WriteByte(')')
		d.close()
	case *expr.ArrayCoerceExpr:
		d.cast(x.Arg, x.Typ, x.Mod, e)
	case *expr.WindowFunc:
		// get_windowfunc_expr.
		if d.window == nil {
			d.fail(e)
			return
		}
		d.b.WriteString(builtins.QuoteIdent(x.Func.Name) + "(")
		if x.Star {
			d.b.WriteByte('*')
		} else {
			d.args(x.Args, e)
		}
		if x.Filter != nil {
			d.b.WriteString(") FILTER (WHERE ")
			d.expr(x.Filter, e, false)
		}
		d.b.WriteString(") OVER ")
		d.window(d, x)
	case *expr.SubLink:
		if d.sublink == nil {
			d.fail(e)
			return
		}
		d.sublink(d, x)
	case *expr.Aggref:
		// get_agg_expr; ordered-set aggregates are printed for EXPLAIN
		// only.
		if d.flat && len(x.DirectArgs) > 0 {
			d.b.WriteString(builtins.QuoteIdent(x.Func.Name) + "(")
			d.args(x.DirectArgs, e)
			d.b.WriteString(") WITHIN GROUP (ORDER BY ")
			for i, o := range x.Order {
				if i > 0 {
					d.b.WriteString(", ")
				}
				d.expr(o.Expr, e, true)
				d.sortDirection(o.Desc, o.NullsFirst)
			}
			d.b.WriteByte(')')
			if x.Filter != nil {
				d.b.WriteString(" FILTER (WHERE ")
				d.expr(x.Filter, e, false)
				d.b.WriteByte(')')
			}
			return
		}
		if len(x.DirectArgs) > 0 || x.LevelsUp != 0 && !d.flat {
			d.fail(e)
			return
		}
		d.b.WriteString(builtins.QuoteIdent(x.Func.Name) + "(")
		switch {
		case x.Star:
			d.b.WriteByte('*')
		case x.Distinct:
			d.b.WriteString("DISTINCT ")
			d.args(x.Args, e)
		default:
			d.args(x.Args, e)
		}
		if len(x.Order) > 0 {
			d.b.WriteString(" ORDER BY ")
			for i, o := range x.Order {
				if i > 0 {
					d.b.WriteString(", ")
				}
				d.sortGroupItem(o.Expr)
				d.sortDirection(o.Desc, o.NullsFirst)
			}
		}
		if x.Filter != nil {
			d.b.WriteString(") FILTER (WHERE ")
			d.expr(x.Filter, e, false)
		}
		d.b.WriteByte(')')
	default:
		d.fail(e)
	}
}

// sortGroupItem is get_rule_sortgroupclause without column numbers: a
// Var as it is, other expressions in parentheses when pretty printing or
// when they look like a function call (which GROUP BY could read as
// CUBE or ROLLUP). A constant is refused: ruleutils labels it with its
// type always, which is not done here.
func (d *deparser) sortGroupItem(e expr.Expr) {
	if c, ok := e.(*expr.CoalesceExpr); ok && d.merged != nil {
		if _, ok, _ := d.merged(c); ok {
			// A merged column, printed as a column.
			d.expr(e, nil, true)
			return
		}
	}
	switch x := e.(type) {
	case *expr.Const:
		if d.flat {
			d.expr(e, nil, true)
			return
		}
		d.fail(e)
	case *expr.Var:
		d.expr(e, nil, true)
	default:
		paren := d.pretty
		switch x := x.(type) {
		case *expr.FuncExpr:
			paren = paren || x.Op == nil
		case *expr.Aggref, *expr.WindowFunc:
			paren = true
		}
		if paren {
			d.b.WriteByte('(')
		}
		d.expr(e, nil, true)
		if paren {
			d.b.WriteByte(')')
		}
	}
}

// sortDirection prints an ORDER BY item's direction as get_rule_orderby
// does for the default operators.
func (d *deparser) sortDirection(desc, nullsFirst bool) {
	switch {
	case desc:
		d.b.WriteString(" DESC")
		if !nullsFirst {
			d.b.WriteString(" NULLS LAST")
		}
	case nullsFirst:
		d.b.WriteString(" NULLS FIRST")
	}
}

// sqlSyntaxFuncs are the functions get_func_sql_syntax prints in their
// SQL-standard syntax when the call was written so.
var sqlSyntaxFuncs = map[string]bool{"timezone": true, "overlaps": true, "extract": true, "is_normalized": true,
	"pg_collation_for": true, "normalize": true, "overlay": true, "position": true, "substring": true,
	"btrim": true, "ltrim": true, "rtrim": true, "xmlexists": true}

// notDistinct is x IS NOT DISTINCT FROM y as PostgreSQL has it: NOT (x
// IS DISTINCT FROM y).
func notDistinct(x *expr.DistinctExpr) expr.Expr {
	d := *x
	d.Not = false
	return &expr.BoolExpr{Op: expr.Not, Args: []expr.Expr{&d}}
}

// hiddenCoercionArg is e without an explicit type coercion at its top:
// under a length coercion PostgreSQL marks it implicit.
func hiddenCoercionArg(e expr.Expr) expr.Expr {
	switch x := e.(type) {
	case *expr.RelabelType:
		if x.Explicit {
			return x.Arg
		}
	case *expr.CoerceViaIO:
		if x.Explicit {
			return x.Arg
		}
	case *expr.FuncExpr:
		if x.Format == expr.CallExplicitCast {
			return x.Args[0]
		}
	}
	return e
}

// typeName names a type that may be one users created, through the
// catalog when the deparser has it.
func (d *deparser) typeName(typ uint32) string {
	if types.ByOID(typ) == nil && d.format != nil && d.format.Names != nil {
		if name, ok := d.format.Names.RegName(types.OidRegtype, typ); ok {
			return name
		}
	}
	return types.FormatType(typ, -1)
}

// formatType is format_type_with_typemod: typeName for the types users
// created.
func (d *deparser) formatType(typ uint32, mod int32) string {
	if types.ByOID(typ) == nil {
		return d.typeName(typ)
	}
	if typ == types.OidBpchar && mod < 0 {
		// format_type_with_typemod: bpchar without a length is not
		// "character", which means character(1).
		return "bpchar"
	}
	if typ == types.OidBit && mod < 0 {
		// Likewise bit without a length, which would read as bit(1).
		return `"bit"`
	}
	return types.FormatType(typ, mod)
}
