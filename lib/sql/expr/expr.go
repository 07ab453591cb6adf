// This file defines the typed expression tree that analysis produces
// from pg_query nodes: every node knows its result type, functions and
// operators are already resolved, and implicit coercions are explicit
// nodes. It corresponds to PostgreSQL's primnodes.h.

package expr

import (
	"github.com/gpostgres/gpostgres/lib/types"
)

// Expr is a typed expression. Loc, where present, is a byte offset into
// the query text for error positions, or -1.
type Expr interface {
	// Type is the OID of the result type.
	Type() uint32
	// Typmod is the result's type modifier, -1 if none.
	Typmod() int32
}

// Const is a constant of any type, including NULL. An untyped string
// literal is a Const of type unknown until coercion gives it a type.
type Const struct {
	Typ   uint32
	Mod   int32
	Value types.Datum
	Loc   int32
}

// Param is a statement parameter $N (Index is N-1).
type Param struct {
	Index int
	Typ   uint32
	Mod   int32
	Loc   int32
}

// Var is a column of the input row, or with LevelsUp > 0 of the row of
// an enclosing query that a correlated subquery is evaluated for.
type Var struct {
	Index    int // position in the input row
	LevelsUp int // 0: this query's row; n: the row n levels out
	Typ      uint32
	Mod      int32
	Name     string
	// TableOID and AttNum identify the column for RowDescription, 0 if
	// the column is not a table column.
	TableOID uint32
	AttNum   int16
	Loc      int32
}

// FuncExpr calls a function, including the functions behind operators and
// casts. Args have already been coerced to the function's declared types.
type FuncExpr struct {
	Func *Func
	Args []Expr
	Typ  uint32
	Mod  int32
	// Op is the operator this call implements, nil for a plain call.
	Op *Operator
	// Format is how the call is written when the expression is printed
	// (PostgreSQL's CoercionForm): a call, an explicit or implicit cast,
	// or a SQL-syntax function (SQLName: CURRENT_TIMESTAMP, ...).
	Format  CallFormat
	SQLName string
	// Variadic is true when the last argument is the variadic array
	// itself (VARIADIC in the call).
	Loc int32
}

// CallFormat is how a FuncExpr appears in SQL text.
type CallFormat int8

// Call formats (CoercionForm).
const (
	CallNormal       CallFormat = iota // name(args)
	CallExplicitCast                   // arg::type
	CallImplicitCast                   // arg (the cast is not shown)
	CallSQLSyntax                      // SQLName
)

// BoolOp is AND, OR or NOT.
type BoolOp int8

// Boolean operators.
const (
	And BoolOp = iota
	Or
	Not
)

// BoolExpr combines boolean arguments with SQL's three-valued logic.
type BoolExpr struct {
	Op   BoolOp
	Args []Expr
}

// NullTest is IS [NOT] NULL. For a composite argument (ArgIsRow) it
// tests the fields as the SQL standard says: IS NULL when every field is
// NULL, IS NOT NULL when none is.
type NullTest struct {
	Arg      Expr
	IsNot    bool
	ArgIsRow bool
}

// BoolTestKind is the test of a BooleanTest.
type BoolTestKind int8

// Boolean tests.
const (
	IsTrue BoolTestKind = iota
	IsNotTrue
	IsFalse
	IsNotFalse
	IsUnknown
	IsNotUnknown
)

// BoolTest is IS [NOT] TRUE/FALSE/UNKNOWN.
type BoolTest struct {
	Arg  Expr
	Kind BoolTestKind
}

// CaseWhen is one WHEN ... THEN arm.
type CaseWhen struct {
	Cond   Expr // boolean; refers to the CASE argument through CaseTest
	Result Expr
}

// CaseExpr is CASE [arg] WHEN ... END. When Arg is set, each Cond compares
// a CaseTest (the value of Arg) with the WHEN value.
type CaseExpr struct {
	Arg   Expr
	Whens []CaseWhen
	Else  Expr // never nil: a NULL Const when ELSE is absent
	Typ   uint32
	Mod   int32
}

// CaseTest stands for the value of the enclosing CASE's argument.
type CaseTest struct {
	Typ uint32
	Mod int32
}

// CoalesceExpr is COALESCE(args): the first non-NULL argument.
type CoalesceExpr struct {
	Args []Expr
	Typ  uint32
	Mod  int32
}

// MinMaxExpr is GREATEST or LEAST, ignoring NULLs.
type MinMaxExpr struct {
	Greatest bool
	Args     []Expr
	Typ      uint32
	Mod      int32
}

// DistinctExpr is a IS DISTINCT FROM b, computed with the equality
// operator Op; Not makes it IS NOT DISTINCT FROM.
type DistinctExpr struct {
	Op   *Operator
	Args [2]Expr
	Not  bool
}

// NullIfExpr is NULLIF(a, b): NULL when Op says a = b, else a.
type NullIfExpr struct {
	Op   *Operator
	Args [2]Expr
	Typ  uint32
	Mod  int32
}

// ScalarArrayOpExpr is x op ANY/ALL (list), as IN and NOT IN lists
// become, or x op ANY/ALL (array) when Array is set.
type ScalarArrayOpExpr struct {
	Op    *Operator
	UseOr bool // ANY (true) or ALL (false)
	Left  Expr
	Right []Expr
	Array Expr // an array-valued expression, instead of Right
}

// RelabelType changes the type of a value whose representation is the
// same in both types (varchar to text, int4 to oid).
type RelabelType struct {
	Arg      Expr
	Typ      uint32
	Mod      int32
	Explicit bool // written as a cast
}

// CoerceViaIO converts by printing with the source type's output function
// and reading with the target type's input function.
type CoerceViaIO struct {
	Arg      Expr
	Typ      uint32
	Mod      int32
	Explicit bool // written as a cast
}

// CoerceToTypmod applies a type modifier (varchar(n), numeric(p,s),
// timestamp(p), ...) to a value that already has the right type.
type CoerceToTypmod struct {
	Arg      Expr
	Mod      int32
	Explicit bool   // explicit casts truncate strings instead of failing
	SQLName  string // CURRENT_TIMESTAMP(p) and friends, printed as such
}

// ArrayExpr is ARRAY[elements]. With Multidims the elements are arrays
// (ARRAY[[1,2],[3,4]], ARRAY[ARRAY[1,2], a]) that become the sub-arrays
// of an array of one more dimension.
type ArrayExpr struct {
	Elems     []Expr
	ElemType  uint32
	Typ       uint32
	Multidims bool
}

// RowExpr is a row constructor, ROW(a, b) or (a, b): a composite value
// of the anonymous type record, or of a named composite type (a whole-row
// reference to a table builds one of the table's row type).
type RowExpr struct {
	Args []Expr
	Typ  uint32 // types.OidRecord or a composite type's OID
	Desc *types.RowDesc
	// NullWhen, when set, makes the row NULL where it is NULL: a
	// whole-row reference to a table on the nullable side of an outer
	// join is NULL for a null-extended row, not a row of NULLs.
	NullWhen Expr
	// WholeRow marks a whole-row reference, which compares as one value
	// (record_eq) rather than column by column as a constructor does.
	WholeRow bool
	// Name is the FROM item a whole-row reference names, for errors.
	Name string
	Loc  int32
}

// RowCompareKind is the ordering operator of a RowCompareExpr.
type RowCompareKind int8

// Row comparison kinds.
const (
	RowLess RowCompareKind = iota
	RowLessEqual
	RowGreaterEqual
	RowGreater
)

// RowCompareExpr compares two row constructors lexicographically with
// <, <=, >= or >: column by column until a pair is not equal, whose
// comparison is the result; NULL when a pair compared holds a NULL.
type RowCompareExpr struct {
	Kind        RowCompareKind
	Ops         []*Operator // the ordering operator of each column pair
	EqOps       []*Operator // the = operator of each column pair
	Left, Right []Expr
}

// MultiAssignRef is one column of UPDATE ... SET (a, b) = (SELECT x,
// y): field Field of the subquery's row. The subquery runs once per
// updated row: the reference evaluated first (Source set) runs it and
// keeps its row in the EvalContext under ID; the others read it there.
type MultiAssignRef struct {
	Source Expr // the MultiExprSubLink, on the first reference evaluated
	ID     int
	Field  int
	Typ    uint32
	Mod    int32
}

// FieldSelect is (composite).field.
type FieldSelect struct {
	Arg   Expr
	Field int    // index in the composite value's fields
	Name  string // the field's name
	Typ   uint32
	Mod   int32
}

// ArrayCoerceExpr converts every element of an array.
type ArrayCoerceExpr struct {
	Arg      Expr
	ElemExpr Expr // evaluated with a CaseTest standing for the element
	Typ      uint32
	Mod      int32
}

// Aggref is an aggregate call (count, sum, ...). Analysis leaves it in
// target lists and HAVING; the planner moves it into an Agg node, which
// computes it, and replaces it with a Var over the Agg node's output row.
// It is never compiled.
type Aggref struct {
	Func *Func // the aggregate's pg_proc row (prokind 'a')
	// Args are coerced to the aggregate's argument types; for an
	// ordered-set aggregate they are the WITHIN GROUP (ORDER BY ...)
	// expressions.
	Args     []Expr
	Star     bool // count(*)
	Distinct bool
	Filter   Expr // FILTER (WHERE ...), nil if none
	// Order is ORDER BY inside the call (or WITHIN GROUP's): the input
	// rows reach the transition function in this order.
	Order []AggOrder
	// DirectArgs are an ordered-set aggregate's arguments before WITHIN
	// GROUP, evaluated once per group (percentile_cont's fraction).
	DirectArgs []Expr
	Typ        uint32
	Mod        int32
	Loc        int32
	// LevelsUp is the query level the aggregate belongs to, counted
	// outward from where it is written: an aggregate whose arguments
	// read only an enclosing query's columns aggregates over that query
	// (SELECT (SELECT sum(o.k)) FROM o is one row). Its arguments are
	// relative to that level.
	LevelsUp int
}

// AggOrder is one ORDER BY key of an aggregate call.
type AggOrder struct {
	Expr       Expr
	Desc       bool
	NullsFirst bool
}

// GroupingFunc is GROUPING(a, b, ...): a bit mask with a 1 for each
// argument the current grouping set leaves out (the last argument is the
// lowest bit). Analysis replaces it with a column of the Agg row.
type GroupingFunc struct {
	Args []Expr
	// LevelsUp is the query level the call belongs to: that of its
	// arguments' columns (0 for this level).
	LevelsUp int
	Loc      int32
}

// WindowFunc is a window function call, or an aggregate called with
// OVER. Analysis leaves it in target lists and ORDER BY; the planner
// computes it in a WindowAgg node and replaces it with a Var over that
// node's output row. It is never compiled.
type WindowFunc struct {
	Func   *Func  // pg_proc row: prokind 'w', or 'a' when Agg
	Args   []Expr // coerced to the function's argument types
	Star   bool   // count(*) OVER ...
	Agg    bool   // an aggregate used as a window function
	Filter Expr   // FILTER (WHERE ...) of a window aggregate, nil if none
	Window int    // the query's window clause (plan.Query.Windows) it runs over
	Typ    uint32
	Mod    int32
	Loc    int32
}

// SubscriptExpr is arr[i] or arr[i][j]...: an array element, NULL when a
// subscript is NULL or out of bounds.
type SubscriptExpr struct {
	Arg     Expr
	Indexes []Expr // int4; the upper bounds of a slice (nil where omitted)
	Typ     uint32 // the element type; the array type for a slice
	// Slice is set for a[i:j] (when any subscript is a slice, all are):
	// Lower holds the lower bounds (nil where omitted, as in a[:j]).
	Slice bool
	Lower []Expr
	// Value, when set, makes this an assignment (UPDATE t SET a[i] =
	// Value, INSERT INTO t (a[i:j]) ...): the result is Arg (the
	// column's value; NULL counts as the empty array) with the element
	// or slice replaced, and Typ is the array type.
	Value Expr
}

// SubLinkKind is the form of a subquery in an expression.
type SubLinkKind int8

// Subquery forms (PostgreSQL's SubLinkType).
const (
	ExistsSubLink     SubLinkKind = iota // EXISTS (SELECT ...)
	ExprSubLink                          // (SELECT x): at most one row
	ArraySubLink                         // ARRAY(SELECT x)
	AnySubLink                           // x op ANY (SELECT ...), x IN (SELECT ...)
	AllSubLink                           // x op ALL (SELECT ...)
	RowCompareSubLink                    // (a, b) op (SELECT x, y): at most one row
	// MultiExprSubLink is UPDATE ... SET (a, b) = (SELECT x, y): at most
	// one row, returned as a record that MultiAssignRef nodes read.
	MultiExprSubLink
)

// SubLink is a subquery used as an expression. Plan is the planned
// subquery (a plan.Node, kept as any because plan depends on this
// package; analysis stores the analyzed query there until planning).
// For ANY and ALL, Test compares the outer value with the subquery's
// columns, which it reads through SubValue nodes.
type SubLink struct {
	Kind SubLinkKind
	Plan any
	// Query is the analyzed subquery (a *plan.Query), kept when Plan
	// becomes its plan, for the planner's questions about it (which
	// outer columns it reads).
	Query any
	Test  Expr
	// Correlated says the subquery reads the current row of an
	// enclosing query, so it runs again for every row; otherwise its
	// result is computed once per execution.
	Correlated bool
	Typ        uint32
	Mod        int32
	Loc        int32
	// Multidims is set for ARRAY(SELECT x) of an array-typed x: the rows'
	// arrays become the sub-arrays of the result.
	Multidims bool
	// HashType, set by the planner on an uncorrelated "x = ANY (SELECT
	// y ...)" whose equality hashes (PostgreSQL's hashed SubPlan), is
	// the type x and y are compared as; HashOuter is x. The subquery's
	// values are then looked up in a hash table instead of compared one
	// by one for every row.
	HashType  uint32
	HashOuter Expr
	// NullIsFalse makes a hashed ANY answer false where the comparisons
	// would be NULL: an EXISTS the planner turned into one (which is
	// never NULL).
	NullIsFalse bool
}

// SubValue is column Index of the subquery row an ANY/ALL test is being
// evaluated for.
type SubValue struct {
	Index int
	Typ   uint32
	Mod   int32
}

// Type methods.

func (e *Const) Type() uint32             { return e.Typ }
func (e *Param) Type() uint32             { return e.Typ }
func (e *Var) Type() uint32               { return e.Typ }
func (e *FuncExpr) Type() uint32          { return e.Typ }
func (e *BoolExpr) Type() uint32          { return types.OidBool }
func (e *NullTest) Type() uint32          { return types.OidBool }
func (e *BoolTest) Type() uint32          { return types.OidBool }
func (e *CaseExpr) Type() uint32          { return e.Typ }
func (e *CaseTest) Type() uint32          { return e.Typ }
func (e *CoalesceExpr) Type() uint32      { return e.Typ }
func (e *MinMaxExpr) Type() uint32        { return e.Typ }
func (e *DistinctExpr) Type() uint32      { return types.OidBool }
func (e *NullIfExpr) Type() uint32        { return e.Typ }
func (e *ScalarArrayOpExpr) Type() uint32 { return types.OidBool }
func (e *RelabelType) Type() uint32       { return e.Typ }
func (e *CoerceViaIO) Type() uint32       { return e.Typ }
func (e *CoerceToTypmod) Type() uint32    { return e.Arg.Type() }
func (e *ArrayExpr) Type() uint32         { return e.Typ }
func (e *ArrayCoerceExpr) Type() uint32   { return e.Typ }
func (e *RowExpr) Type() uint32           { return e.Typ }
func (e *RowCompareExpr) Type() uint32    { return types.OidBool }
func (e *FieldSelect) Type() uint32       { return e.Typ }
func (e *MultiAssignRef) Type() uint32    { return e.Typ }
func (e *Aggref) Type() uint32            { return e.Typ }
func (e *WindowFunc) Type() uint32        { return e.Typ }
func (e *GroupingFunc) Type() uint32      { return types.OidInt4 }
func (e *SubscriptExpr) Type() uint32     { return e.Typ }
func (e *SubLink) Type() uint32           { return e.Typ }
func (e *SubValue) Type() uint32          { return e.Typ }

func (e *Const) Typmod() int32             { return e.Mod }
func (e *Param) Typmod() int32             { return e.Mod }
func (e *Var) Typmod() int32               { return e.Mod }
func (e *FuncExpr) Typmod() int32          { return e.Mod }
func (e *BoolExpr) Typmod() int32          { return -1 }
func (e *NullTest) Typmod() int32          { return -1 }
func (e *BoolTest) Typmod() int32          { return -1 }
func (e *CaseExpr) Typmod() int32          { return e.Mod }
func (e *CaseTest) Typmod() int32          { return e.Mod }
func (e *CoalesceExpr) Typmod() int32      { return e.Mod }
func (e *MinMaxExpr) Typmod() int32        { return e.Mod }
func (e *DistinctExpr) Typmod() int32      { return -1 }
func (e *NullIfExpr) Typmod() int32        { return e.Mod }
func (e *ScalarArrayOpExpr) Typmod() int32 { return -1 }
func (e *RelabelType) Typmod() int32       { return e.Mod }
func (e *CoerceViaIO) Typmod() int32       { return e.Mod }
func (e *CoerceToTypmod) Typmod() int32    { return e.Mod }
func (e *ArrayExpr) Typmod() int32         { return -1 }
func (e *ArrayCoerceExpr) Typmod() int32   { return e.Mod }
func (e *RowExpr) Typmod() int32           { return -1 }
func (e *RowCompareExpr) Typmod() int32    { return -1 }
func (e *FieldSelect) Typmod() int32       { return e.Mod }
func (e *MultiAssignRef) Typmod() int32    { return e.Mod }
func (e *Aggref) Typmod() int32            { return e.Mod }
func (e *WindowFunc) Typmod() int32        { return e.Mod }
func (e *GroupingFunc) Typmod() int32      { return -1 }
func (e *SubscriptExpr) Typmod() int32     { return -1 }
func (e *SubLink) Typmod() int32           { return e.Mod }
func (e *SubValue) Typmod() int32          { return e.Mod }

// Location returns the byte offset an error about e should point at, or
// -1, as PostgreSQL's exprLocation does.
func Location(e Expr) int32 {
	switch e := e.(type) {
	case *Const:
		return e.Loc
	case *Param:
		return e.Loc
	case *Var:
		return e.Loc
	case *FuncExpr:
		if e.Op != nil && len(e.Args) == 2 {
			if l := Location(e.Args[0]); l >= 0 && (e.Loc < 0 || l < e.Loc) {
				return l
			}
		}
		return e.Loc
	case *RelabelType:
		return Location(e.Arg)
	case *CoerceViaIO:
		return Location(e.Arg)
	case *CoerceToDomain:
		return Location(e.Arg)
	case *CoerceToTypmod:
		return Location(e.Arg)
	case *BoolExpr:
		if len(e.Args) > 0 {
			return Location(e.Args[0])
		}
	case *NullTest:
		return Location(e.Arg)
	case *BoolTest:
		return Location(e.Arg)
	case *Aggref:
		return e.Loc
	case *WindowFunc:
		return e.Loc
	case *GroupingFunc:
		return e.Loc
	case *SubLink:
		return e.Loc
	case *RowExpr:
		return e.Loc
	case *RowCompareExpr:
		return Location(e.Left[0])
	case *FieldSelect:
		return Location(e.Arg)
	}
	return -1
}
