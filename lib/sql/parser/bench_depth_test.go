package parser

import (
	"strings"
	"testing"

	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"
)

func BenchmarkLongInsert(b *testing.B) {
	q := "insert into t values " + strings.Repeat("(1, 'abc', 2.5, now()), ", 30000) + "(1, 'a', 2.5, now())"
	b.Run("Parse", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := Parse(q); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("pg_query", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := pg_query.Parse(q); err != nil {
				b.Fatal(err)
			}
		}
	})
}
