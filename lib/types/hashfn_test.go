package types

import (
	"math"
	"testing"
)

// The expected values are PostgreSQL 15's hashtext() and hashfloat8() of
// the same inputs (as int4).
func TestHashBytesMatchesPostgreSQL(t *testing.T) {
	for s, want := range map[string]int32{
		"abc":              -785388649,
		"":                 -1477818771,
		"abcdefghijklmnop": -2079749669,
	} {
		if got := int32(HashBytes([]byte(s))); got != want {
			t.Errorf("HashBytes(%q) = %d, want %d", s, got, want)
		}
	}
	for _, c := range []struct {
		f    float64
		want int32
	}{{1, 376496956}, {-0.5, 1102151463}, {math.NaN(), -1275764840}, {0, 0}, {math.Copysign(0, -1), 0}, {1e300, 318710814}} {
		if got := int32(HashFloat8(c.f)); got != c.want {
			t.Errorf("HashFloat8(%v) = %d, want %d", c.f, got, c.want)
		}
	}
}
