package postmaster

import "testing"

// TestChildGODEBUG checks that children run with memory profiling off
// unless GPOSTGRES_MEMPROFILE or an explicit memprofilerate asks for it,
// and that other GODEBUG settings are passed on.
func TestChildGODEBUG(t *testing.T) {
	for _, c := range []struct {
		godebug, memprofile string
		want                string
		set                 bool
	}{
		{"", "", "memprofilerate=0", true},
		{"inittrace=1", "", "inittrace=1,memprofilerate=0", true},
		{"memprofilerate=1", "", "", false},
		{"gctrace=1,memprofilerate=1", "", "", false},
		{"", "/tmp/mem", "", false},
	} {
		t.Setenv("GODEBUG", c.godebug)
		t.Setenv("GPOSTGRES_MEMPROFILE", c.memprofile)
		got, set := childGODEBUG()
		if got != c.want || set != c.set {
			t.Errorf("GODEBUG=%q GPOSTGRES_MEMPROFILE=%q: got %q, %v; want %q, %v", c.godebug, c.memprofile, got, set, c.want, c.set)
		}
	}
}
