package builtins

import (
	"fmt"
	"os"
	"testing"

	"github.com/gpostgres/gpostgres/lib/catalog"
)

func TestZZMissing(t *testing.T) {
	out, _ := os.Create("/tmp/gp/missing.txt")
	defer out.Close()
	for row := 0; row < catalog.NumBuiltinProcs; row++ {
		p := catalog.BuiltinProcAt(row)
		if p.Kind != 'f' || !implementedTypes(p) {
			continue
		}
		f := builtinFunc(row)
		if f.Implemented() || f.SQL {
			continue
		}
		fmt.Fprintf(out, "%s %d %v -> %d\n", p.Name, p.OID, p.ArgTypes, p.RetType)
	}
}
