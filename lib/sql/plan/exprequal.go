// Structural equality of expressions (PostgreSQL's equal() on expression
// nodes), for matching a condition with an index's expression or
// predicate and for analysis's grouping checks.

package plan

import (
	"reflect"

	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// ExprEqual compares two expression trees, ignoring source locations
// (equal() in PostgreSQL ignores them too).
func ExprEqual(a, b expr.Expr) bool { return ExprEqualShifted(a, b, 0) }

// ExprEqualShifted is ExprEqual where b's own level's columns are read
// from shift places further in the row: an index expression, written
// over its table's row, compared with a condition over a query level
// where the table's values start at shift.
func ExprEqualShifted(a, b expr.Expr, shift int) bool {
	return deepEqualNoLoc(reflect.ValueOf(a), reflect.ValueOf(b), shift)
}

func deepEqualNoLoc(a, b reflect.Value, shift int) bool {
	if a.IsValid() != b.IsValid() {
		return false
	}
	if !a.IsValid() {
		return true
	}
	if a.Type() != b.Type() {
		return false
	}
	switch a.Kind() {
	case reflect.Interface, reflect.Pointer:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		if a.Kind() == reflect.Pointer && a.Pointer() == b.Pointer() {
			return true
		}
		// Shared descriptors (functions, operators) compare by identity;
		// constants by value.
		switch a.Type() {
		case reflect.TypeOf((*expr.Func)(nil)), reflect.TypeOf((*expr.Operator)(nil)):
			return a.Pointer() == b.Pointer()
		case reflect.TypeOf((*expr.Var)(nil)):
			if shift != 0 {
				x, y := *a.Interface().(*expr.Var), *b.Interface().(*expr.Var)
				if y.LevelsUp == 0 {
					y.Index += shift
				}
				return deepEqualNoLoc(reflect.ValueOf(&x).Elem(), reflect.ValueOf(&y).Elem(), 0)
			}
		case reflect.TypeOf((*expr.Const)(nil)):
			x, y := a.Interface().(*expr.Const), b.Interface().(*expr.Const)
			if x.Typ != y.Typ || x.Mod != y.Mod || x.Value.IsNull() != y.Value.IsNull() {
				return false
			}
			return x.Value.IsNull() || (x.Typ != types.OidUnknown && types.Compare(x.Typ, x.Value, y.Value) == 0 &&
				types.FormatText(x.Typ, x.Value, nil) == types.FormatText(y.Typ, y.Value, nil)) ||
				(x.Typ == types.OidUnknown && x.Value.Text() == y.Value.Text())
		}
		return deepEqualNoLoc(a.Elem(), b.Elem(), shift)
	case reflect.Struct:
		if a.Type() == reflect.TypeOf(types.Datum{}) {
			return reflect.DeepEqual(a.Interface(), b.Interface())
		}
		for i := 0; i < a.NumField(); i++ {
			if a.Type().Field(i).Name == "Loc" {
				continue
			}
			if !deepEqualNoLoc(a.Field(i), b.Field(i), shift) {
				return false
			}
		}
		return true
	case reflect.Slice:
		if a.Len() != b.Len() {
			return false
		}
		for i := 0; i < a.Len(); i++ {
			if !deepEqualNoLoc(a.Index(i), b.Index(i), shift) {
				return false
			}
		}
		return true
	case reflect.Array:
		for i := 0; i < a.Len(); i++ {
			if !deepEqualNoLoc(a.Index(i), b.Index(i), shift) {
				return false
			}
		}
		return true
	case reflect.Map, reflect.Func, reflect.Chan, reflect.UnsafePointer:
		return a.IsNil() && b.IsNil()
	}
	if a.CanInterface() {
		return a.Interface() == b.Interface()
	}
	return false
}
