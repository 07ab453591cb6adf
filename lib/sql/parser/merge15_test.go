package parser

import (
	"errors"
	"testing"

	"github.com/gpostgres/gpostgres/lib/pgerr"
)

// PostgreSQL 15 reports these newer MERGE forms as syntax errors at the
// word it does not expect (positions as psql shows them).
func TestMergeSyntaxOfLaterVersions(t *testing.T) {
	for q, want := range map[string]struct {
		msg string
		pos int32
	}{
		"MERGE INTO t USING s ON t.a = s.a WHEN MATCHED THEN DELETE RETURNING *":               {`syntax error at or near "RETURNING"`, 60},
		"SELECT 1; merge into t using s on true when not matched BY SOURCE then delete":        {`syntax error at or near "BY"`, 57},
		"PREPARE p AS MERGE INTO t USING s ON true WHEN NOT MATCHED by target THEN DO NOTHING": {`syntax error at or near "by"`, 60},
	} {
		_, err := Parse(q)
		var pe *pgerr.Error
		if !errors.As(err, &pe) || pe.Code != pgerr.SyntaxError || pe.Message != want.msg || pe.Position != want.pos {
			t.Errorf("%s: %v (position %d)", q, err, func() int32 {
				if pe != nil {
					return pe.Position
				}
				return 0
			}())
		}
	}
	// RETURNING inside brackets belongs to something else; MERGE without
	// the newer forms parses.
	for _, q := range []string{
		"MERGE INTO t USING (SELECT 1 AS a) s ON t.a = s.a WHEN MATCHED THEN DELETE WHEN NOT MATCHED THEN INSERT VALUES (1)",
		"SELECT 'returning by matched'",
	} {
		if _, err := Parse(q); err != nil {
			t.Errorf("%s: %v", q, err)
		}
	}
}
