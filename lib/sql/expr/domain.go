// This file defines CoerceToDomain, the check of a value converted to a
// domain (PostgreSQL's CoerceToDomain node and ExecEvalConstraintCheck).

package expr

import (
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// DomainCheck is one CHECK constraint of a domain: Expr reads the value
// being checked as the only column of a one-column row (a Var of index
// 0), the way the constraint was analyzed over VALUE.
type DomainCheck struct {
	Name string
	Expr Expr
}

// CoerceToDomain checks Arg, already a value of the domain's base type,
// against the domain's NOT NULL and CHECK constraints and gives it the
// domain's type.
type CoerceToDomain struct {
	Arg Expr
	// Typ is the domain, Mod its typmod (the base type's modifier).
	Typ uint32
	Mod int32
	// Name is the domain's name as messages print it.
	Name    string
	NotNull bool
	// Checks are the CHECK constraints in the order they are tested
	// (by name, as PostgreSQL's).
	Checks []DomainCheck
	// Explicit is set when the conversion was written as a cast.
	Explicit bool
}

func (e *CoerceToDomain) Type() uint32  { return e.Typ }
func (e *CoerceToDomain) Typmod() int32 { return e.Mod }

func compileCoerceToDomain(e *CoerceToDomain) (Evaluator, error) {
	arg, err := Compile(e.Arg)
	if err != nil {
		return nil, err
	}
	checks := make([]Evaluator, len(e.Checks))
	for i, c := range e.Checks {
		if checks[i], err = Compile(c.Expr); err != nil {
			return nil, err
		}
	}
	name, notNull, defs := e.Name, e.NotNull, e.Checks
	return func(ec *EvalContext, row []types.Datum) (types.Datum, error) {
		v, err := arg(ec, row)
		if err != nil {
			return types.Null, err
		}
		if v.IsNull() {
			if notNull {
				return types.Null, pgerr.Newf(pgerr.NotNullViolation, "domain %s does not allow null values", name)
			}
		}
		if len(checks) == 0 {
			return v, nil
		}
		one := []types.Datum{v}
		for i, c := range checks {
			ok, err := c(ec, one)
			if err != nil {
				return types.Null, err
			}
			if !ok.IsNull() && !ok.Bool() {
				return types.Null, pgerr.Newf(pgerr.CheckViolation, "value for domain %s violates check constraint \"%s\"", name, defs[i].Name)
			}
		}
		return v, nil
	}, nil
}
