// TABLESAMPLE on a table in FROM.

package plan

import "github.com/gpostgres/gpostgres/lib/sql/expr"

// SampleMethod is a TABLESAMPLE method.
type SampleMethod int8

// TABLESAMPLE methods.
const (
	SampleSystem SampleMethod = iota
	SampleBernoulli
)

// TableSample is a table's TABLESAMPLE clause: the method's arguments
// (float4, the sample percentage) and REPEATABLE's seed value (float8,
// nil for a random seed), evaluated when the scan starts; they read no
// column of their query level.
type TableSample struct {
	Method     SampleMethod
	Args       []expr.Expr
	Repeatable expr.Expr
}
