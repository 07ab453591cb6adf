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

// The expected values are PostgreSQL 15's hashint4, hashint8extended and
// hashtextextended of the same inputs.
func TestExtendedHashesMatchPostgreSQL(t *testing.T) {
	if got := int32(HashUint32(0)); got != -272711505 {
		t.Errorf("HashUint32(0) = %d, want -272711505", got)
	}
	for _, c := range []struct {
		v    int64
		seed uint64
		want int64
	}{{-5, 0, -9082176226831438310}, {-5, 123456789012, 5296543662643541722}, {1, 42, 2207685931686633351}} {
		if got := int64(HashInt8Extended(c.v, c.seed)); got != c.want {
			t.Errorf("HashInt8Extended(%d, %d) = %d, want %d", c.v, c.seed, got, c.want)
		}
	}
	if got := int32(HashInt8(1)); got != -1905060026 {
		t.Errorf("HashInt8(1) = %d, want -1905060026", got)
	}
	for _, c := range []struct {
		s    string
		seed uint64
		want int64
	}{{"abcdefghijklmnopq", 7, 6459698073457454097}, {"", 0, -6939563903564495251}} {
		if got := int64(HashBytesExtended([]byte(c.s), c.seed)); got != c.want {
			t.Errorf("HashBytesExtended(%q, %d) = %d, want %d", c.s, c.seed, got, c.want)
		}
	}
}
