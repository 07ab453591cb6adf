-- Grouped aggregation: hashed (HashAggregate) or over rows in group
-- order (GroupAggregate), from an index or after a sort, whichever
-- costs less; group keys dependent on a grouped primary key are not
-- compared.
CREATE TABLE ga (id int PRIMARY KEY, grp int, name text, score int, pad text);
INSERT INTO ga SELECT g, g % 100, 'n' || lpad(g::text, 6, '0'), CASE WHEN g % 10 = 0 THEN NULL ELSE g % 997 END, repeat('p', 40)
  FROM generate_series(1, 50000) g;
CREATE INDEX ga_grp_id ON ga (grp, id);
ANALYZE ga;
-- Few groups: hashed, then sorted for ORDER BY.
EXPLAIN (COSTS OFF) SELECT grp, count(*) FROM ga GROUP BY grp;
EXPLAIN (COSTS OFF) SELECT grp, count(*), sum(score) FROM ga GROUP BY grp ORDER BY grp;
SELECT grp, count(*), sum(score) FROM ga GROUP BY grp ORDER BY grp LIMIT 5;
-- A group a key, in key order for a LIMIT: read from the index.
EXPLAIN (COSTS OFF) SELECT id, count(*) FROM ga GROUP BY id ORDER BY id LIMIT 10;
SELECT id, count(*) FROM ga GROUP BY id ORDER BY id LIMIT 3;
-- GROUP BY follows ORDER BY's order and direction.
EXPLAIN (COSTS OFF) SELECT score, grp, count(*) FROM ga GROUP BY score, grp ORDER BY grp, score;
SET enable_hashagg = off;
EXPLAIN (COSTS OFF) SELECT grp, count(*) FROM ga GROUP BY grp;
EXPLAIN (COSTS OFF) SELECT grp, sum(id) FROM ga GROUP BY grp HAVING sum(id) > 10 ORDER BY grp DESC;
SELECT grp, sum(id) FROM ga GROUP BY grp HAVING sum(id) > 10 ORDER BY grp DESC LIMIT 4;
EXPLAIN (COSTS OFF) SELECT score, count(*), min(name), max(name) FROM ga GROUP BY score ORDER BY score NULLS FIRST;
SELECT score, count(*), min(name), max(name) FROM ga GROUP BY score ORDER BY score NULLS FIRST LIMIT 4;
SELECT score, count(*), min(name), max(name) FROM ga GROUP BY score ORDER BY score DESC LIMIT 4;
SELECT count(*), count(DISTINCT score), sum(c) FROM (SELECT score, count(*) AS c FROM ga GROUP BY score) s;
-- Aggregates with ORDER BY and DISTINCT inside, in sorted groups.
SELECT grp, string_agg(name, ',' ORDER BY name DESC), count(DISTINCT score) FROM ga WHERE id <= 300 GROUP BY grp ORDER BY grp LIMIT 3;
RESET enable_hashagg;
-- Columns of a table grouped with its primary key depend on it: the
-- key alone is compared.
EXPLAIN (COSTS OFF) SELECT id, name, pad, count(*) FROM ga GROUP BY id, name, pad ORDER BY id LIMIT 5;
SELECT id, name, pad, count(*) FROM ga GROUP BY id, name, pad ORDER BY id LIMIT 5;
SET work_mem = '64kB';
EXPLAIN (COSTS OFF) SELECT pad, id, count(*) FROM ga GROUP BY pad, id;
SELECT count(*), sum(c) FROM (SELECT pad, id, count(*) AS c FROM ga GROUP BY pad, id) s;
-- Many groups beyond hash_mem: hashing would spill, sorting costs less.
EXPLAIN (COSTS OFF) SELECT name, count(*) FROM ga GROUP BY name;
SELECT count(*), min(name), max(name) FROM (SELECT name, count(*) FROM ga GROUP BY name) s;
RESET work_mem;
-- HAVING conditions on group keys alone filter the rows before
-- grouping; those on aggregates, or volatile ones, stay.
EXPLAIN (COSTS OFF) SELECT grp, count(*) FROM ga GROUP BY grp HAVING grp < 3;
SELECT grp, count(*) FROM ga GROUP BY grp HAVING grp < 3 ORDER BY grp;
EXPLAIN (COSTS OFF) SELECT grp, count(*) FROM ga GROUP BY grp HAVING grp < 3 AND count(*) > 1;
SELECT grp % 10, count(*) FROM ga GROUP BY grp % 10 HAVING grp % 10 = 3;
EXPLAIN (COSTS OFF) SELECT count(*) FROM ga HAVING count(*) > 1;
EXPLAIN (COSTS OFF) SELECT grp, count(*) FROM ga GROUP BY grp HAVING random() > 2;
SELECT grp, count(*) FROM ga GROUP BY grp HAVING grp > 97 AND sum(id) > 0 ORDER BY 1;
-- Expressions as keys are hashed.
EXPLAIN (COSTS OFF) SELECT grp % 7, count(*) FROM ga GROUP BY grp % 7 ORDER BY 1;
SELECT grp % 7, count(*) FROM ga GROUP BY grp % 7 ORDER BY 1;
DROP TABLE ga;
