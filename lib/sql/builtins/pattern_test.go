package builtins

import "testing"

// TestLikeLiteralAgreesWithLikeRunes checks the byte-comparison fast path
// against the general matcher on the patterns it takes, including
// multi-byte characters and empty literals.
func TestLikeLiteralAgreesWithLikeRunes(t *testing.T) {
	texts := []string{"", "a", "abc", "xabcx", "ab", "bc", "é", "aé", "éa", "aéb", "abcabc", "%", "_"}
	lits := []string{"", "a", "b", "abc", "é", "aé", "ab", "c", "bc"}
	for _, s := range texts {
		for _, lit := range lits {
			for _, p := range []string{lit, lit + "%", "%" + lit, "%" + lit + "%"} {
				got, simple := likeLiteral(s, p)
				if !simple {
					t.Fatalf("pattern %q not taken by the fast path", p)
				}
				want, err := likeRunes(s, p)
				if err != nil {
					t.Fatal(err)
				}
				if got != want {
					t.Errorf("%q LIKE %q: fast path %v, general %v", s, p, got, want)
				}
			}
		}
	}
	for _, p := range []string{"a_c", "%a%c%", `a\%`, "_%", "%_"} {
		if _, simple := likeLiteral("abc", p); simple {
			t.Errorf("pattern %q taken by the fast path", p)
		}
	}
}
