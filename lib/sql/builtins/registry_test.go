package builtins

import (
	"testing"
	"time"

	"github.com/gpostgres/gpostgres/lib/catalog"
)

// The registry is built on first use; this reports what that costs in a
// fresh process (the catalog's index of the bootstrap rows included).
func TestRegistryFirstUse(t *testing.T) {
	start := time.Now()
	fs, err := Funcs(catalog.Syscache{}, "length")
	if err != nil || len(fs) == 0 {
		t.Fatalf("length: %v, %v", fs, err)
	}
	t.Logf("first function lookup in this process: %v", time.Since(start))
}

func BenchmarkBuildRegistry(b *testing.B) {
	for i := 0; i < b.N; i++ {
		buildRegistry()
	}
}

// Every built-in function and operator can be made; those that have a
// Go implementation are the same as before the registry was lazy.
func TestEveryBuiltin(t *testing.T) {
	impl := 0
	for row := 0; row < catalog.NumBuiltinProcs; row++ {
		if builtinFunc(row).Implemented() {
			impl++
		}
	}
	for row := 0; row < catalog.NumBuiltinOperators; row++ {
		if builtinOperator(row) == nil {
			t.Errorf("operator at %d has no function", row)
		}
	}
	t.Logf("%d of %d built-in functions are implemented", impl, catalog.NumBuiltinProcs)
}
