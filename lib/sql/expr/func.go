// This file defines what a resolved function or operator is and the
// context a function runs in: the session it may consult, the statement's
// parameters and the cancellation context.

package expr

import (
	"context"
	"time"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/types"
)

// Volatility is pg_proc.provolatile.
type Volatility byte

// Volatilities.
const (
	Immutable Volatility = 'i'
	Stable    Volatility = 's'
	Volatile  Volatility = 'v'
)

// Impl computes a function on non-NULL arguments (or possibly NULL ones
// for non-strict functions). It must not keep args after returning.
type Impl func(ec *EvalContext, args []types.Datum) (types.Datum, error)

// Binder specializes a function for the actual types of a call, for
// functions that take "any" or polymorphic arguments (pg_typeof, concat,
// comparisons of arrays). It runs once per compiled call.
type Binder func(argTypes []uint32, retType uint32) Impl

// Func is a built-in function: a pg_proc row plus its implementation.
// Funcs are shared and immutable.
type Func struct {
	OID        uint32
	Name       string
	Args       []uint32 // declared argument types
	Variadic   uint32   // element type of a VARIADIC last argument, 0 if none
	Ret        uint32
	Strict     bool
	RetSet     bool
	Volatility Volatility
	Src        string // prosrc: the name of the C function in PostgreSQL
	Impl       Impl
	Bind       Binder
}

// Implemented reports whether f can be called.
func (f *Func) Implemented() bool { return f.Impl != nil || f.Bind != nil }

// Operator is a built-in operator: a pg_operator row and its function.
type Operator struct {
	OID    uint32
	Name   string
	Left   uint32 // 0 for prefix operators
	Right  uint32
	Result uint32
	Func   *Func
	Com    uint32 // commutator OID
	Negate uint32 // negator OID
}

// Session is what evaluation needs from the session running a
// statement. The backend's Env implements it.
type Session interface {
	CurrentUser() string
	SessionUser() string
	CurrentDatabase() string
	BackendPID() int32
	TransactionStart() time.Time
	StatementStart() time.Time
	GetConfig(name string, missingOK bool) (value string, found bool, err error)
	SetConfig(name, value string, isLocal bool) (string, error)
	ReloadConfig() error
	Location() *time.Location
}

// EvalContext is the state of one statement execution that expressions
// read. It belongs to one goroutine.
type EvalContext struct {
	Ctx     context.Context
	Session Session
	Params  []types.Datum
	Format  *types.FormatOptions

	// caseValue is the value CaseTest nodes return: the argument of the
	// innermost CASE being evaluated, or the array element being
	// coerced.
	caseValue types.Datum
}

// Canceled returns the error a statement reports when its context is
// done: the context's cause if it is a client error (the backend sets
// "canceling statement due to user request" or a termination FATAL),
// otherwise a query-canceled error.
func Canceled(ctx context.Context) error {
	if pe, ok := context.Cause(ctx).(*pgerr.Error); ok {
		return pe
	}
	if context.Cause(ctx) == context.DeadlineExceeded {
		return pgerr.New(pgerr.QueryCanceled, "canceling statement due to statement timeout")
	}
	return pgerr.New(pgerr.QueryCanceled, "canceling statement due to user request")
}

// CheckCancel returns the cancellation error if the statement has been
// canceled; executors call it once per row.
func (ec *EvalContext) CheckCancel() error {
	if ec.Ctx == nil {
		return nil
	}
	select {
	case <-ec.Ctx.Done():
		return Canceled(ec.Ctx)
	default:
		return nil
	}
}
