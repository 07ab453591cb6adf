package sqltest

import "testing"

func TestSmoke(t *testing.T) {
	c := NewCluster(t)
	s := c.NewSession(t)
	for _, q := range []string{
		"SELECT count(*) FROM pg_class",
		"CREATE TABLE t (a int not null default 5, b text, c varchar(10), d numeric(10,2) default 1.5)",
		"INSERT INTO t VALUES (1, 'x', 'y', 2.5), (2, NULL, 'z', DEFAULT)",
		"INSERT INTO t (b) VALUES ('only b') RETURNING *, ctid",
		"SELECT * FROM t ORDER BY a",
		"UPDATE t SET b = 'upd' WHERE a = 1 RETURNING a, b",
		"DELETE FROM t WHERE a = 2",
		"SELECT a, b, ctid FROM t ORDER BY a",
		"INSERT INTO t VALUES (NULL)",
		"SELECT count(*), sum(a), avg(a), min(b), max(b) FROM t",
		"TRUNCATE t",
		"SELECT count(*) FROM t",
		"INSERT INTO t SELECT g FROM generate_series(1, 1000) g",
		"SELECT count(*), sum(a) FROM t",
		"DROP TABLE t",
		"SELECT * FROM t",
	} {
		t.Logf("%s\n%s", q, s.Run(q))
	}
}
