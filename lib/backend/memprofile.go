// For developers: GPOSTGRES_MEMPROFILE=/tmp/mem makes an idle backend
// describe its memory each time it has given its free heap back
// (bench/README.md, "Looking at an idle backend's memory").

package backend

import (
	"fmt"
	"os"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"strings"
)

// writeMemProfile writes prefix.<pid> (the live heap, pprof's format),
// prefix.<pid>.stats (the runtime's memory classes and the live objects
// per size class) and prefix.<pid>.goroutines.
func writeMemProfile(prefix string) {
	// The heap profile shows what the last completed cycle saw allocated
	// before the one before it: one more collection lets it cover
	// everything live now.
	runtime.GC()
	name := fmt.Sprintf("%s.%d", prefix, os.Getpid())
	if out, err := os.Create(name); err == nil {
		pprof.Lookup("heap").WriteTo(out, 0)
		out.Close()
	}
	if out, err := os.Create(name + ".goroutines"); err == nil {
		pprof.Lookup("goroutine").WriteTo(out, 1)
		out.Close()
	}
	var samples []metrics.Sample
	for _, d := range metrics.All() {
		if strings.HasPrefix(d.Name, "/memory/classes/") {
			samples = append(samples, metrics.Sample{Name: d.Name})
		}
	}
	metrics.Read(samples)
	var b []byte
	for _, s := range samples {
		b = fmt.Appendf(b, "%s %d\n", s.Name, s.Value.Uint64())
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	for _, c := range ms.BySize {
		if c.Mallocs > c.Frees {
			b = fmt.Appendf(b, "size class %d: %d live\n", c.Size, c.Mallocs-c.Frees)
		}
	}
	b = fmt.Appendf(b, "HeapAlloc %d\n", ms.HeapAlloc)
	os.WriteFile(name+".stats", b, 0o644)
}
