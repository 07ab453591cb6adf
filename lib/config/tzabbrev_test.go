package config

import (
	"testing"

	"github.com/gpostgres/gpostgres/lib/pgerr"
)

// timezone_abbreviations: date/time input reads the Default set only, so
// PostgreSQL's other shipped sets are refused (0A000), unknown names are
// invalid as in PostgreSQL.
func TestTimezoneAbbreviationsDefaultOnly(t *testing.T) {
	s := New()
	if err := s.Set("timezone_abbreviations", "Default", ContextUser, SourceSession); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ val, code string }{
		{"Australia", pgerr.FeatureNotSupported}, {"India", pgerr.FeatureNotSupported}, {"Foo", pgerr.InvalidParameterValue},
	} {
		err := s.Set("timezone_abbreviations", c.val, ContextUser, SourceSession)
		pe, ok := err.(*pgerr.Error)
		if !ok || pe.Code != c.code {
			t.Errorf("%s: %v, want %s", c.val, err, c.code)
		}
	}
}
