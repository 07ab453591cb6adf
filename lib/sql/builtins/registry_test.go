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
	loadRegistry() // the catalog's index, built once per process
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		buildRegistry()
	}
}
