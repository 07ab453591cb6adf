-- Incremental Sort: rows that come from an index ordered on the first
-- ORDER BY keys are sorted on the rest one run of equal leading keys at
-- a time, when that costs less than sorting them all.
CREATE TABLE isort (id int PRIMARY KEY, grp int, name text, score int, pad text);
INSERT INTO isort SELECT g, g % 100, 'n' || lpad(((g * 7919) % 50000)::text, 6, '0'), CASE WHEN g % 10 = 0 THEN NULL ELSE g % 997 END, repeat('p', 40)
  FROM generate_series(1, 50000) g;
CREATE INDEX isort_score_desc ON isort (score DESC);
CREATE INDEX isort_grp_id ON isort (grp, id);
ANALYZE isort;
EXPLAIN (COSTS OFF) SELECT * FROM isort ORDER BY grp, name LIMIT 10;
SELECT id, grp, name FROM isort ORDER BY grp, name LIMIT 5;
SELECT id, grp, name FROM isort ORDER BY grp DESC, name DESC LIMIT 5;
EXPLAIN (COSTS OFF) SELECT * FROM isort ORDER BY id, name LIMIT 10;
EXPLAIN (COSTS OFF) SELECT * FROM isort ORDER BY grp, id, name LIMIT 10;
EXPLAIN (COSTS OFF) SELECT * FROM isort ORDER BY score DESC, id LIMIT 10;
SELECT id, score FROM isort ORDER BY score DESC, id LIMIT 5;
-- NULLs come first in DESC order, as one run.
SELECT id, score FROM isort ORDER BY score DESC, id DESC LIMIT 3;
SELECT id, score FROM isort ORDER BY score DESC, id DESC OFFSET 49997;
SELECT count(*), sum(id) FROM (SELECT id FROM isort ORDER BY grp, name LIMIT 30000) s;
-- All of the rows: sorting them at once costs less.
EXPLAIN (COSTS OFF) SELECT * FROM isort ORDER BY grp, name;
SET enable_incremental_sort = off;
EXPLAIN (COSTS OFF) SELECT * FROM isort ORDER BY grp, name LIMIT 10;
SELECT id, grp, name FROM isort ORDER BY grp, name LIMIT 5;
RESET enable_incremental_sort;
-- Runs larger than work_mem spill like a sort.
SET work_mem = '64kB';
SELECT grp, min(name), max(name), count(*) FROM (SELECT grp, name FROM isort ORDER BY grp, name LIMIT 20000) s GROUP BY grp ORDER BY grp LIMIT 3;
RESET work_mem;
DROP TABLE isort;
