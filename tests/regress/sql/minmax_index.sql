-- min() and max() read from one end of an index instead of aggregating
-- every row (an InitPlan per aggregate, a Limit over an ordered index
-- scan), when that costs less.
CREATE TABLE mm (id int PRIMARY KEY, grp int, name text, score int, pad text);
INSERT INTO mm SELECT g, g % 100, 'n' || lpad(g::text, 6, '0'), CASE WHEN g % 10 = 0 THEN NULL ELSE g % 997 END, repeat('p', 40)
  FROM generate_series(1, 50000) g;
CREATE INDEX mm_name ON mm (name);
CREATE INDEX mm_score_desc ON mm (score DESC);
CREATE INDEX mm_grp_id ON mm (grp, id);
ANALYZE mm;
EXPLAIN (COSTS OFF) SELECT max(id) FROM mm;
EXPLAIN (COSTS OFF) SELECT min(id), max(id) FROM mm;
SELECT min(id), max(id) FROM mm;
-- The same aggregate twice is one subquery; HAVING becomes the
-- Result's One-Time Filter.
EXPLAIN (COSTS OFF) SELECT max(id), max(id) + 1 FROM mm HAVING max(id) > 5;
SELECT max(id), max(id) + 1 FROM mm HAVING max(id) > 5;
SELECT max(id) FROM mm HAVING max(id) > 50000;
-- Other conditions are tested on the rows the index gives, in order.
EXPLAIN (COSTS OFF) SELECT max(id) FROM mm WHERE pad = repeat('p', 40) AND grp = 7;
SELECT max(id) FROM mm WHERE pad = repeat('p', 40) AND grp = 7;
SELECT max(id) FROM mm WHERE pad = 'none';
-- Text keys; a DESC index read forward for max; NULLs are skipped.
EXPLAIN (COSTS OFF) SELECT min(name), max(name) FROM mm;
SELECT min(name), max(name) FROM mm;
EXPLAIN (COSTS OFF) SELECT min(score), max(score) FROM mm;
SELECT min(score), max(score) FROM mm;
SELECT min(score), max(score) FROM mm WHERE id % 10 = 0;
-- An equality on the leading column gives the order of the next.
EXPLAIN (COSTS OFF) SELECT max(id) FROM mm WHERE grp = 42;
SELECT max(id) FROM mm WHERE grp = 42;
-- Not rewritten: grouping, other aggregates, an unindexed column,
-- FILTER, ORDER BY inside the call.
EXPLAIN (COSTS OFF) SELECT grp, max(id) FROM mm GROUP BY grp;
EXPLAIN (COSTS OFF) SELECT max(id), count(*) FROM mm;
EXPLAIN (COSTS OFF) SELECT max(pad) FROM mm;
EXPLAIN (COSTS OFF) SELECT max(id) FILTER (WHERE grp = 3) FROM mm;
EXPLAIN (COSTS OFF) SELECT max(id ORDER BY id) FROM mm;
SELECT max(id) FILTER (WHERE grp = 3), max(id ORDER BY id) FROM mm;
-- An empty table: NULL, as the aggregate gives it.
CREATE TABLE mm_empty (id int PRIMARY KEY);
EXPLAIN (COSTS OFF) SELECT max(id) FROM mm_empty;
SELECT max(id), min(id) FROM mm_empty;
DROP TABLE mm, mm_empty;
