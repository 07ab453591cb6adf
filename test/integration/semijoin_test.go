// Semi and anti joins beyond work_mem: a hash join's batches and a
// nested loop's inner rows in temporary files give the same rows as in
// memory.

package integration

import (
	"context"
	"strings"
	"testing"
)

func TestSemiJoinSpills(t *testing.T) {
	c := newCluster(t, "work_mem = '64kB'", "log_temp_files = 0")
	c.start()
	ctx := context.Background()
	a := c.connect()
	for _, s := range []string{
		"create table so (id int, k int)", "create table si (id int, k int)",
		"insert into so select g, g from generate_series(1, 2500) g", "insert into so values (0, null)",
		"insert into si select g, g % 2000 from generate_series(1, 20000) g", "insert into si values (0, null)",
		"analyze so", "analyze si",
	} {
		if _, err := a.Exec(ctx, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	const (
		semi = "select count(*), sum(id) from so where exists (select 1 from si where si.k = so.k)"
		anti = "select count(*), sum(id) from so where not exists (select 1 from si where si.k = so.k)"
	)
	for _, m := range []struct{ name, settings, spill string }{
		{"hash", "set enable_nestloop = off; set enable_mergejoin = off; set enable_hashagg = off", "Batches: "},
		{"nestloop", "set enable_hashjoin = off; set enable_mergejoin = off; set enable_hashagg = off", "Nested Loop"},
	} {
		if _, err := a.Exec(ctx, "reset all; "+m.settings); err != nil {
			t.Fatal(err)
		}
		for _, q := range []struct {
			sql      string
			n, sum   int64
			joinName string
		}{{semi, 1999, 1999000, "Semi Join"}, {anti, 502, 1127250, "Anti Join"}} {
			var plan []string
			rows, err := a.Query(ctx, "explain (analyze, costs off, timing off) "+q.sql)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var line string
				if err := rows.Scan(&line); err != nil {
					t.Fatal(err)
				}
				plan = append(plan, line)
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			text := strings.Join(plan, "\n")
			if !strings.Contains(text, q.joinName) || !strings.Contains(text, m.spill) {
				t.Fatalf("%s: unexpected plan:\n%s", m.name, text)
			}
			if m.name == "hash" && strings.Contains(text, "Batches: 1 ") {
				t.Fatalf("hash join held in memory beyond work_mem:\n%s", text)
			}
			before := strings.Count(c.log(), "LOG:  temporary file")
			var n, sum int64
			if err := a.QueryRow(ctx, q.sql).Scan(&n, &sum); err != nil {
				t.Fatal(err)
			}
			if strings.Count(c.log(), "LOG:  temporary file") == before {
				t.Fatalf("%s: %s wrote no temporary file", m.name, q.sql)
			}
			if n != q.n || sum != q.sum {
				t.Fatalf("%s: %s gave %d, %d; want %d, %d", m.name, q.sql, n, sum, q.n, q.sum)
			}
		}
	}
	if left := tempFilesIn(t, c.dataDir); len(left) > 0 {
		t.Fatalf("temporary files left: %v", left)
	}
}
