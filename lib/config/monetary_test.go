// Tests of the lc_monetary restriction: only the C locale's money format
// is implemented, so only C's spellings are honoured.

package config

import "testing"

func TestMonetaryLocaleHonoured(t *testing.T) {
	for _, c := range []struct {
		name string
		want bool
	}{
		{"C", true}, {"POSIX", true}, {"C.UTF-8", true}, {"C.utf8", true}, {"c.UTF8", true},
		{"en_US.UTF-8", false}, {"de_DE", false}, {"fr_FR.ISO-8859-1", false}, {"C.latin1x", false},
	} {
		if got := MonetaryLocaleHonoured(c.name); got != c.want {
			t.Errorf("MonetaryLocaleHonoured(%q) = %v, want %v", c.name, got, c.want)
		}
	}
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MONETARY", "de_DE.UTF-8")
	if MonetaryLocaleHonoured("") {
		t.Error(`"" with LC_MONETARY=de_DE.UTF-8 honoured`)
	}
	t.Setenv("LC_MONETARY", "")
	t.Setenv("LANG", "C.UTF-8")
	if !MonetaryLocaleHonoured("") {
		t.Error(`"" with LANG=C.UTF-8 not honoured`)
	}
}
