-- Index-only scans: an index scan whose query reads from the table only
-- columns the index holds (key and INCLUDE columns) takes their values
-- from the index. Without a visibility map (never vacuumed tables) every
-- entry's row is still checked in the heap, which EXPLAIN ANALYZE counts
-- as Heap Fetches.
CREATE TABLE ios (id int PRIMARY KEY, k int, v text, w int);
INSERT INTO ios SELECT g, g % 100, 'v' || g, g * 2 FROM generate_series(1, 10000) g;
CREATE INDEX ios_k_incl ON ios (k) INCLUDE (w);
ANALYZE ios;

-- The primary key's column alone.
EXPLAIN (COSTS OFF) SELECT id FROM ios WHERE id < 20;
SELECT id FROM ios WHERE id < 20;
EXPLAIN SELECT id FROM ios WHERE id < 20;
EXPLAIN (COSTS OFF) SELECT count(*) FROM ios WHERE id BETWEEN 100 AND 150;
SELECT count(*) FROM ios WHERE id BETWEEN 100 AND 150;
EXPLAIN (COSTS OFF) SELECT id FROM ios WHERE id = 42;
SELECT id FROM ios WHERE id = 42;
EXPLAIN (COSTS OFF) SELECT id FROM ios WHERE id IN (3, 1, 2, 9999);
SELECT id FROM ios WHERE id IN (3, 1, 2, 9999);
-- A condition that is not a key, on an indexed column: a Filter.
EXPLAIN (COSTS OFF) SELECT id FROM ios WHERE id < 30 AND id % 7 = 0;
SELECT id FROM ios WHERE id < 30 AND id % 7 = 0;
-- A column the index lacks: an Index Scan.
EXPLAIN (COSTS OFF) SELECT id, v FROM ios WHERE id < 5;
EXPLAIN (COSTS OFF) SELECT id FROM ios WHERE id < 5 AND v <> 'x';
EXPLAIN (COSTS OFF) SELECT id FROM ios WHERE id < 5 ORDER BY v LIMIT 2;
SELECT id FROM ios WHERE id < 5 ORDER BY v LIMIT 2;
EXPLAIN (COSTS OFF) SELECT ctid, id FROM ios WHERE id < 3;
EXPLAIN (COSTS OFF) SELECT ios FROM ios WHERE id < 3;
SELECT ios FROM ios WHERE id < 3;

-- ORDER BY ... LIMIT, forward and backward.
EXPLAIN (COSTS OFF) SELECT id FROM ios ORDER BY id LIMIT 5;
SELECT id FROM ios ORDER BY id LIMIT 5;
EXPLAIN (COSTS OFF) SELECT id FROM ios ORDER BY id DESC LIMIT 5;
SELECT id FROM ios ORDER BY id DESC LIMIT 5;
EXPLAIN (COSTS OFF) SELECT id FROM ios WHERE id > 9990 ORDER BY id DESC LIMIT 3 OFFSET 2;
SELECT id FROM ios WHERE id > 9990 ORDER BY id DESC LIMIT 3 OFFSET 2;

-- INCLUDE columns come from the index too.
EXPLAIN (COSTS OFF) SELECT k, w FROM ios WHERE k = 7 AND w < 300;
SELECT k, w FROM ios WHERE k = 7 AND w < 300 ORDER BY w;

-- enable_indexonlyscan.
SET enable_indexonlyscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM ios WHERE id < 20;
EXPLAIN (COSTS OFF) SELECT id FROM ios ORDER BY id DESC LIMIT 5;
RESET enable_indexonlyscan;
SET enable_indexscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM ios WHERE id < 20;
RESET enable_indexscan;

-- EXPLAIN ANALYZE: Heap Fetches, one per entry (no page is known
-- all-visible), and in the other formats.
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT id FROM ios WHERE id < 20;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT id FROM ios WHERE id < 30 AND id % 7 = 0;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT id FROM ios ORDER BY id DESC LIMIT 5;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT id FROM ios WHERE id < 0;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT id FROM ios WHERE id IN (5, 6, 7);
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF, FORMAT JSON) SELECT id FROM ios WHERE id < 10 AND id % 2 = 0;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF, FORMAT YAML) SELECT id FROM ios ORDER BY id DESC LIMIT 2;
EXPLAIN (COSTS OFF, FORMAT JSON) SELECT id FROM ios WHERE id < 10;
EXPLAIN (COSTS OFF, VERBOSE) SELECT id FROM ios WHERE id < 10 AND id % 2 = 0;
EXPLAIN (COSTS OFF, VERBOSE) SELECT id + 1, id FROM ios WHERE id < 10;
EXPLAIN (COSTS OFF, VERBOSE) SELECT id FROM ios ORDER BY id DESC LIMIT 2;
EXPLAIN (COSTS OFF, VERBOSE, FORMAT YAML) SELECT k, w FROM ios WHERE k = 7 AND w < 300;

-- The inner side of a nested loop over an index.
EXPLAIN (COSTS OFF) SELECT a.id, b.id FROM ios a JOIN ios b ON b.id = a.k + 1 WHERE a.id < 4;
SELECT a.id, b.id FROM ios a JOIN ios b ON b.id = a.k + 1 WHERE a.id < 4 ORDER BY 1;
-- Heap Fetches is the total over the loops, not a loop's.
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT a.id, b.id FROM ios a JOIN ios b ON b.id = a.k + 1 WHERE a.id < 4;
-- A subquery's scan.
EXPLAIN (COSTS OFF) SELECT 1 + (SELECT count(*) FROM ios WHERE id < 17);
SELECT 1 + (SELECT count(*) FROM ios WHERE id < 17);

-- Visibility comes from the heap: rows deleted, updated and inserted by
-- the transaction itself.
BEGIN;
DELETE FROM ios WHERE id IN (2, 4);
UPDATE ios SET id = id + 100000 WHERE id = 6;
INSERT INTO ios VALUES (0, 0, 'zero', 0);
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT id FROM ios WHERE id < 8;
SELECT id FROM ios WHERE id < 8;
SELECT id FROM ios ORDER BY id DESC LIMIT 2;
ROLLBACK;
SELECT id FROM ios WHERE id < 8;
SELECT id FROM ios ORDER BY id DESC LIMIT 2;
-- Deleted for good.
DELETE FROM ios WHERE id BETWEEN 10 AND 15;
SELECT id FROM ios WHERE id BETWEEN 8 AND 17;
SELECT count(*) FROM ios WHERE id < 100;

-- NULLs, DESC and NULLS FIRST, several key columns.
CREATE TABLE iosn (a int, b int, c text);
INSERT INTO iosn SELECT CASE WHEN g % 5 = 0 THEN NULL ELSE g % 50 END,
       CASE WHEN g % 7 = 0 THEN NULL ELSE g END, 'c' || g
FROM generate_series(1, 5000) g;
CREATE INDEX iosn_a_b ON iosn (a DESC NULLS LAST, b NULLS FIRST);
ANALYZE iosn;
EXPLAIN (COSTS OFF) SELECT a, b FROM iosn WHERE a IS NULL AND b < 40;
SELECT a, b FROM iosn WHERE a IS NULL AND b < 40 ORDER BY b;
EXPLAIN (COSTS OFF) SELECT b FROM iosn WHERE a = 3 AND b IS NULL;
SELECT count(*) FROM iosn WHERE a = 3 AND b IS NULL;
EXPLAIN (COSTS OFF) SELECT a, b FROM iosn WHERE a = 3 ORDER BY b NULLS FIRST LIMIT 4;
SELECT a, b FROM iosn WHERE a = 3 ORDER BY b NULLS FIRST LIMIT 4;
EXPLAIN (COSTS OFF) SELECT a, b FROM iosn WHERE a = 3 ORDER BY b DESC NULLS LAST LIMIT 4;
SELECT a, b FROM iosn WHERE a = 3 ORDER BY b DESC NULLS LAST LIMIT 4;
EXPLAIN (COSTS OFF) SELECT a FROM iosn ORDER BY a DESC NULLS LAST LIMIT 3;
SELECT a FROM iosn ORDER BY a DESC NULLS LAST LIMIT 3;
EXPLAIN (COSTS OFF) SELECT a FROM iosn ORDER BY a NULLS FIRST LIMIT 3;
SELECT a FROM iosn ORDER BY a NULLS FIRST LIMIT 3;
EXPLAIN (COSTS OFF) SELECT a, b FROM iosn WHERE a = 48 AND b IS NOT NULL AND b > 4900;
SELECT a, b FROM iosn WHERE a = 48 AND b IS NOT NULL AND b > 4900 ORDER BY a, b;

-- Text keys (collation C), name keys, long values stored compressed in
-- the index.
CREATE TABLE iost (t text COLLATE "C", n name, big text, x int);
INSERT INTO iost SELECT 'k' || g, ('name' || g)::name, repeat(md5(g::text), 30) || g, g
FROM generate_series(1, 3000) g;
CREATE INDEX iost_t ON iost (t);
CREATE INDEX iost_n ON iost (n);
CREATE INDEX iost_big ON iost (big);
ANALYZE iost;
EXPLAIN (COSTS OFF) SELECT t FROM iost WHERE t >= 'k299' AND t < 'k3';
SELECT t FROM iost WHERE t >= 'k299' AND t < 'k3';
EXPLAIN (COSTS OFF) SELECT t FROM iost WHERE t > 'k9' ORDER BY t DESC LIMIT 4;
SELECT t FROM iost WHERE t > 'k9' ORDER BY t DESC LIMIT 4;
EXPLAIN (COSTS OFF) SELECT n FROM iost WHERE n = 'name77';
SELECT n, pg_typeof(n), length(n) FROM iost WHERE n = 'name77';
SELECT n FROM iost WHERE n < 'name1000' ORDER BY n DESC LIMIT 3;
SET plan_cache_mode = force_generic_plan;
PREPARE big_lookup(text) AS SELECT length(big), md5(big) FROM iost WHERE big = $1;
EXPLAIN (COSTS OFF) EXECUTE big_lookup(repeat(md5('5'), 30) || '5');
EXECUTE big_lookup(repeat(md5('5'), 30) || '5');
DEALLOCATE big_lookup;
RESET plan_cache_mode;
SELECT length(big), md5(big) = md5(repeat(md5('5'), 30) || '5') FROM iost WHERE big = repeat(md5('5'), 30) || '5';
SELECT length(big), right(big, 4) FROM iost WHERE big > repeat(md5('5'), 30) ORDER BY big LIMIT 3;

-- A partial index: the conditions its predicate implies are not
-- tested, nor do they need their columns.
CREATE TABLE iosp (id int, k int, v text);
INSERT INTO iosp SELECT g, g % 100, 'x' || g FROM generate_series(1, 10000) g;
CREATE INDEX iosp_part ON iosp (id) WHERE k > 90;
ANALYZE iosp;
EXPLAIN (COSTS OFF) SELECT id FROM iosp WHERE k > 90 AND id < 300;
SELECT id FROM iosp WHERE k > 90 AND id < 300;
EXPLAIN (COSTS OFF) SELECT id FROM iosp WHERE k > 95 AND id < 300;
SELECT id FROM iosp WHERE k > 95 AND id < 300;
-- UPDATE and DELETE test them: a newer version of a row may be
-- checked again.
EXPLAIN (COSTS OFF) UPDATE iosp SET v = 'y' WHERE k > 90 AND id < 300;
EXPLAIN (COSTS OFF) DELETE FROM iosp WHERE k > 90 AND id < 300;
EXPLAIN (COSTS OFF) INSERT INTO iosp SELECT id + 20000, k, 'z' FROM iosp WHERE k > 90 AND id < 300;
-- An expression index gives no column.
CREATE INDEX iosp_expr ON iosp ((id * 2));
EXPLAIN (COSTS OFF) SELECT id * 2 FROM iosp WHERE id * 2 = 84;
SELECT id * 2 FROM iosp WHERE id * 2 = 84;

-- The visibility map spares an index-only scan the heap pages it shows
-- all-visible (cost_index's allvisfrac, from pg_class.relallvisible,
-- which only VACUUM sets: here set by hand, read by a new session):
-- index-only scans of an index uncorrelated with the rows' order then
-- beat the bitmap scan the index scan loses to.
CREATE TABLE iosv (id int PRIMARY KEY, k int, v text);
INSERT INTO iosv SELECT g, (g * 7919) % 1000, 'v' || g FROM generate_series(1, 20000) g;
CREATE INDEX iosv_k ON iosv (k);
ANALYZE iosv;
EXPLAIN (COSTS OFF) SELECT k FROM iosv WHERE k < 100;
UPDATE pg_class SET relallvisible = relpages WHERE relname = 'iosv';
\c
EXPLAIN (COSTS OFF) SELECT k FROM iosv WHERE k < 100;
EXPLAIN (COSTS OFF) SELECT count(*) FROM iosv WHERE k < 200;
SELECT count(*) FROM iosv WHERE k < 200;
EXPLAIN (COSTS OFF) SELECT k, v FROM iosv WHERE k < 100;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT k FROM iosv WHERE k = 5;
SET enable_indexonlyscan = off;
EXPLAIN (COSTS OFF) SELECT k FROM iosv WHERE k < 100;
RESET enable_indexonlyscan;

DROP TABLE ios, iosn, iost, iosp, iosv;
