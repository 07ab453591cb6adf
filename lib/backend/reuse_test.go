package backend

import (
	"runtime"
	"testing"
)

// TestPrivateDirty checks that the process reads its own private dirty
// memory from /proc/self/smaps_rollup: the retirement check of pooled
// backends silently does nothing when it reads 0.
func TestPrivateDirty(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("smaps_rollup is Linux's")
	}
	d := privateDirty()
	// A Go test binary holds at least several hundred kB privately, and
	// not gigabytes.
	if d < 256<<10 || d > 4<<30 {
		t.Fatalf("privateDirty() = %d", d)
	}
}

func TestRetireDecision(t *testing.T) {
	for _, c := range []struct {
		base, now uint64
		want      bool
	}{
		{3 << 20, 3 << 20, false},
		{3 << 20, 3<<20 + defaultRetireGrowth, false},
		{3 << 20, 3<<20 + defaultRetireGrowth + 1, true},
		{0, 100 << 20, false},
		{3 << 20, 0, false},
	} {
		if got := retireDecision(c.base, c.now, defaultRetireGrowth); got != c.want {
			t.Errorf("retireDecision(%d, %d) = %v, want %v", c.base, c.now, got, c.want)
		}
	}
}
