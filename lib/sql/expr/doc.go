// Package expr defines the typed expression tree that analysis produces
// (PostgreSQL's primnodes.h), the descriptors of built-in functions and
// operators, and the evaluation machinery.
//
// Expressions are evaluated by compiling a tree once into Go closures
// (Compile), not by walking the tree per row. Compiled evaluators hold
// scratch buffers and belong to one execution on one goroutine; the
// trees themselves are immutable and shared.
//
// An EvalContext carries what functions may consult: the session
// (Session), the statement's parameters, the formatting settings and the
// cancellation context. Functions that wait (pg_sleep) watch the context
// and return Canceled's error.
package expr
