-- Merge joins: the plans PostgreSQL 15 chooses by its cost model, and
-- their results with NULL keys, duplicates on both sides (the inner
-- rows of a key read again for each outer row of that key), several
-- merge keys, integers of different widths and text.
CREATE TABLE mj_big (id int PRIMARY KEY, k int, v text);
INSERT INTO mj_big SELECT g, g % 100, 'v' || g FROM generate_series(1, 5000) g;
CREATE TABLE mj_small (k int PRIMARY KEY, name text);
INSERT INTO mj_small SELECT g, 'n' || g FROM generate_series(0, 99) g;
CREATE TABLE mj_l (a int, b int8, s text, n int);
INSERT INTO mj_l SELECT g % 40, g % 7, 's' || (g % 13), g FROM generate_series(1, 2000) g;
INSERT INTO mj_l VALUES (NULL, 1, NULL, -1), (NULL, NULL, 's1', -2), (3, NULL, 's3', -3);
CREATE TABLE mj_r (a int8, b int, s text, n int);
INSERT INTO mj_r SELECT g % 50, g % 5, 's' || (g % 11), g FROM generate_series(1, 1500) g;
INSERT INTO mj_r VALUES (NULL, 1, NULL, -1), (NULL, NULL, 's2', -2), (4, NULL, NULL, -3);
ANALYZE mj_big;
ANALYZE mj_small;
ANALYZE mj_l;
ANALYZE mj_r;

-- An index scan in key order against a sorted small table: the merge
-- stops once the small table's keys are past.
EXPLAIN (COSTS OFF) SELECT * FROM mj_big b JOIN mj_small s ON b.id = s.k;
SELECT count(*), min(b.id), max(b.id) FROM mj_big b JOIN mj_small s ON b.id = s.k;
-- The same table on both sides, both in index order.
EXPLAIN (COSTS OFF) SELECT * FROM mj_big a JOIN mj_big b ON a.id = b.id;
SELECT count(*), sum(a.k + b.k) FROM mj_big a JOIN mj_big b ON a.id = b.id;
-- A LEFT JOIN whose preserved side is the small one: PostgreSQL reads the
-- big table in index order as the outer side of a Merge Right Join.
EXPLAIN (COSTS OFF) SELECT * FROM mj_small s LEFT JOIN mj_big b ON b.id = s.k;
SELECT count(*), count(b.id) FROM mj_small s LEFT JOIN mj_big b ON b.id = s.k;

-- Settings steer joins toward merge joins.
SET enable_hashjoin = off;
SET enable_nestloop = off;
EXPLAIN (COSTS OFF) SELECT * FROM mj_l l JOIN mj_r r ON l.a = r.a;
SELECT count(*), sum(l.n), sum(r.n) FROM mj_l l JOIN mj_r r ON l.a = r.a;
SELECT l.a, count(*), sum(l.n), sum(r.n) FROM mj_l l JOIN mj_r r ON l.a = r.a GROUP BY l.a ORDER BY l.a LIMIT 5;
EXPLAIN (COSTS OFF) SELECT * FROM mj_l l LEFT JOIN mj_r r ON l.a = r.a;
SELECT count(*), sum(l.n), count(r.n), sum(r.n) FROM mj_l l LEFT JOIN mj_r r ON l.a = r.a;
EXPLAIN (COSTS OFF) SELECT * FROM mj_l l FULL JOIN mj_r r ON l.a = r.a;
SELECT count(*), count(l.n), sum(l.n), count(r.n), sum(r.n) FROM mj_l l FULL JOIN mj_r r ON l.a = r.a;
SELECT l.n, r.n FROM mj_l l FULL JOIN mj_r r ON l.a = r.a WHERE l.a IS NULL OR r.a IS NULL ORDER BY l.n, r.n LIMIT 20;
SELECT count(*), count(l.n), sum(l.n), count(r.n), sum(r.n) FROM mj_l l RIGHT JOIN mj_r r ON l.a = r.a;
-- Two merge keys, and a condition that only filters the pairs.
EXPLAIN (COSTS OFF) SELECT * FROM mj_l l JOIN mj_r r ON l.a = r.a AND l.b = r.b;
SELECT count(*), sum(l.n), sum(r.n) FROM mj_l l JOIN mj_r r ON l.a = r.a AND l.b = r.b;
SELECT count(*), count(l.n), sum(l.n), count(r.n), sum(r.n) FROM mj_l l FULL JOIN mj_r r ON l.a = r.a AND l.b = r.b;
EXPLAIN (COSTS OFF) SELECT * FROM mj_l l FULL JOIN mj_r r ON l.a = r.a AND l.n < r.n;
SELECT count(*), count(l.n), sum(l.n), count(r.n), sum(r.n) FROM mj_l l FULL JOIN mj_r r ON l.a = r.a AND l.n < r.n;
SELECT count(*), count(l.n), sum(l.n), count(r.n), sum(r.n) FROM mj_l l LEFT JOIN mj_r r ON l.a = r.a AND l.n < r.n;
-- Text keys (collation C here), int4 against int8.
EXPLAIN (COSTS OFF) SELECT * FROM mj_l l FULL JOIN mj_r r ON l.s = r.s;
SELECT count(*), count(l.n), sum(l.n), count(r.n), sum(r.n) FROM mj_l l FULL JOIN mj_r r ON l.s = r.s;
SELECT count(*), count(l.n), sum(l.n), count(r.n), sum(r.n) FROM mj_l l FULL JOIN mj_r r ON l.b = r.a;
-- Three tables on one key.
EXPLAIN (COSTS OFF) SELECT * FROM mj_l l JOIN mj_r r ON l.a = r.a JOIN mj_big b ON b.id = r.a;
SELECT count(*), sum(b.k) FROM mj_l l JOIN mj_r r ON l.a = r.a JOIN mj_big b ON b.id = r.a;
-- Merge joins off.
RESET enable_hashjoin;
SET enable_mergejoin = off;
EXPLAIN (COSTS OFF) SELECT * FROM mj_l l JOIN mj_r r ON l.a = r.a;
RESET enable_mergejoin;
RESET enable_nestloop;
-- A FULL JOIN on a condition that cannot be hashed is merged.
EXPLAIN (COSTS OFF) SELECT * FROM mj_l l FULL JOIN mj_r r ON l.a = r.a AND l.n + 1 > r.n;
SELECT count(*), count(l.n), count(r.n) FROM mj_l l FULL JOIN mj_r r ON l.a = r.a AND l.n + 1 > r.n;
-- EXPLAIN ANALYZE counts: a unique inner side is read once, a merge
-- join's order serves ORDER BY, JSON tells of the unique inner side.
SET enable_hashjoin = off;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT * FROM mj_big a JOIN mj_big b ON a.id = b.id WHERE a.id < 300;
EXPLAIN (COSTS OFF) SELECT a.v, b.v FROM mj_big a JOIN mj_big b ON a.id = b.id WHERE a.id < 300 ORDER BY b.id;
SELECT a.v, b.v FROM mj_big a JOIN mj_big b ON a.id = b.id WHERE a.id < 300 ORDER BY b.id LIMIT 3;
EXPLAIN (FORMAT JSON, COSTS OFF) SELECT a.v, b.v FROM mj_big a JOIN mj_big b ON a.id = b.id WHERE a.id < 300;
RESET enable_hashjoin;
-- ORDER BY on the join key: a merge join over two index scans gives the
-- rows in order, cheaper than sorting a hash join's.
CREATE TABLE mj_o1 (id int PRIMARY KEY, c int, x text);
INSERT INTO mj_o1 SELECT g, g % 1000, 'x' || g FROM generate_series(1, 20000) g;
CREATE TABLE mj_o2 (id int PRIMARY KEY, o1 int, y int);
INSERT INTO mj_o2 SELECT g, (g * 7) % 20000 + 1, g % 50 FROM generate_series(1, 50000) g;
CREATE INDEX mj_o2_o1 ON mj_o2 (o1);
ANALYZE mj_o1;
ANALYZE mj_o2;
EXPLAIN (COSTS OFF) SELECT * FROM mj_o1 JOIN mj_o2 ON mj_o2.o1 = mj_o1.id;
EXPLAIN (COSTS OFF) SELECT * FROM mj_o1 JOIN mj_o2 ON mj_o2.o1 = mj_o1.id ORDER BY mj_o1.id;
EXPLAIN (COSTS OFF) SELECT * FROM mj_o1 JOIN mj_o2 ON mj_o2.o1 = mj_o1.id ORDER BY mj_o2.o1 LIMIT 10;
SELECT mj_o1.id, mj_o2.id FROM mj_o1 JOIN mj_o2 ON mj_o2.o1 = mj_o1.id ORDER BY mj_o1.id, mj_o2.id LIMIT 5;
SELECT mj_o2.o1, mj_o1.c FROM mj_o1 JOIN mj_o2 ON mj_o2.o1 = mj_o1.id ORDER BY mj_o2.o1 LIMIT 3;
DROP TABLE mj_o1, mj_o2;

-- Large groups of one key beyond work_mem: the inner rows kept for
-- re-reading go to a temporary file, the sort spills, and PostgreSQL puts
-- a Materialize over the inner Sort.
CREATE TABLE mj_wide AS SELECT g % 3 AS k, repeat('x', 200) || g AS pad FROM generate_series(1, 30000) g;
CREATE TABLE mj_keys AS SELECT g % 4 AS k, g AS n FROM generate_series(1, 40) g;
ANALYZE mj_wide;
ANALYZE mj_keys;
SET work_mem = '64kB';
SET enable_hashjoin = off;
SET enable_nestloop = off;
EXPLAIN (COSTS OFF) SELECT count(*), sum(length(w.pad)), sum(k.n) FROM mj_keys k JOIN mj_wide w ON w.k = k.k;
SELECT count(*), sum(length(w.pad)), sum(k.n) FROM mj_keys k JOIN mj_wide w ON w.k = k.k;
SELECT count(*), count(w.k), sum(length(w.pad)), count(k.k), sum(k.n) FROM mj_keys k FULL JOIN mj_wide w ON w.k = k.k;
SET enable_material = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM mj_keys k JOIN mj_wide w ON w.k = k.k;
RESET enable_material;
RESET enable_hashjoin;
RESET enable_nestloop;
-- Hash or merge by the cost of batches and of sorts that spill.
EXPLAIN (COSTS OFF) SELECT * FROM mj_wide a JOIN mj_wide b ON a.pad = b.pad;
EXPLAIN (COSTS OFF) SELECT * FROM mj_big a JOIN mj_big b ON a.id = b.id;
EXPLAIN (COSTS OFF) SELECT * FROM mj_big a JOIN mj_big b ON a.v = b.v;
RESET work_mem;
-- A hash table beyond work_mem x hash_mem_multiplier splits into
-- batches, and two index scans in order cost less.
CREATE TABLE mj_large (id int PRIMARY KEY, v text);
INSERT INTO mj_large SELECT g, md5(g::text) FROM generate_series(1, 100000) g;
ANALYZE mj_large;
EXPLAIN (COSTS OFF) SELECT * FROM mj_large a JOIN mj_large b ON a.id = b.id;
EXPLAIN (COSTS OFF) SELECT * FROM mj_large a JOIN mj_large b ON a.v = b.v;
SET enable_hashjoin = off;
EXPLAIN (COSTS OFF) SELECT * FROM mj_large a JOIN mj_large b ON a.v = b.v;
RESET enable_hashjoin;
DROP TABLE mj_large;
EXPLAIN (COSTS OFF) SELECT * FROM mj_wide a JOIN mj_wide b ON a.pad = b.pad;
EXPLAIN (COSTS OFF) SELECT * FROM mj_big a JOIN mj_big b ON a.id = b.id;
EXPLAIN (COSTS OFF) SELECT * FROM mj_big a JOIN mj_big b ON a.v = b.v;
DROP TABLE mj_big, mj_small, mj_l, mj_r, mj_wide, mj_keys;
