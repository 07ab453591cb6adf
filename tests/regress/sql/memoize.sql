-- Memoize: a nested loop's inner index scan answered from a cache of
-- the rows found for each outer key value.
CREATE TABLE memo_big (id int PRIMARY KEY, grp int, pad text);
INSERT INTO memo_big SELECT g, g % 1000, repeat('x', 50) FROM generate_series(1, 200000) g;
CREATE TABLE memo_f (id int, big_id int, tag text);
INSERT INTO memo_f SELECT g, (g % 500) * 7 + 1, 'k' || (g % 50) FROM generate_series(1, 20000) g;
INSERT INTO memo_f VALUES (20001, NULL, NULL), (20002, NULL, 'k1');
CREATE TABLE memo_tags (tag text PRIMARY KEY, label text);
INSERT INTO memo_tags SELECT 'k' || g, 'label ' || g FROM generate_series(0, 20000) g;
ANALYZE memo_big;
ANALYZE memo_f;
ANALYZE memo_tags;
-- 20000 outer rows, 500 distinct keys: the cache answers most lookups.
EXPLAIN (COSTS OFF) SELECT count(*), sum(b.grp) FROM memo_f f JOIN memo_big b ON b.id = f.big_id;
SELECT count(*), sum(b.grp) FROM memo_f f JOIN memo_big b ON b.id = f.big_id;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT count(*), sum(b.grp) FROM memo_f f JOIN memo_big b ON b.id = f.big_id;
-- An expression as the key.
EXPLAIN (COSTS OFF) SELECT sum(b.grp) FROM memo_f f JOIN memo_big b ON b.id = f.big_id + 1;
SELECT sum(b.grp) FROM memo_f f JOIN memo_big b ON b.id = f.big_id + 1;
-- Text keys; NULL keys find nothing and are never kept.
EXPLAIN (COSTS OFF) SELECT count(*), max(t.label) FROM memo_f f JOIN memo_tags t ON t.tag = f.tag;
SELECT count(*), max(t.label) FROM memo_f f JOIN memo_tags t ON t.tag = f.tag;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT count(*), max(t.label) FROM memo_f f JOIN memo_tags t ON t.tag = f.tag;
-- Fewer distinct keys than outer rows but no cache: the same answer.
SET enable_memoize = off;
SELECT count(*), sum(b.grp) FROM memo_f f JOIN memo_big b ON b.id = f.big_id;
RESET enable_memoize;
-- A small cache evicts the least recently used entries.
SET work_mem = '64kB';
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT count(*), sum(b.grp) FROM memo_f f JOIN memo_big b ON b.id = f.big_id;
SELECT count(*), sum(b.grp) FROM memo_f f JOIN memo_big b ON b.id = f.big_id;
RESET work_mem;
-- As many distinct keys as outer rows: no cache.
EXPLAIN (COSTS OFF) SELECT sum(b.grp) FROM memo_f f JOIN memo_big b ON b.id = f.id WHERE f.id < 30;
-- Several inner rows a key; an entry too big for the cache alone
-- overflows and its rows are joined without being kept.
CREATE INDEX memo_big_grp ON memo_big (grp);
CREATE TABLE memo_g (id int, grp int);
INSERT INTO memo_g SELECT g, g % 4 FROM generate_series(1, 400) g;
ANALYZE memo_g;
EXPLAIN (COSTS OFF) SELECT count(*), sum(b.id) FROM memo_g g JOIN memo_big b ON b.grp = g.grp;
SELECT count(*), sum(b.id) FROM memo_g g JOIN memo_big b ON b.grp = g.grp;
SET work_mem = '64kB';
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT count(*), sum(b.id) FROM memo_g g JOIN memo_big b ON b.grp = g.grp;
SELECT count(*), sum(b.id) FROM memo_g g JOIN memo_big b ON b.grp = g.grp;
RESET work_mem;
DROP TABLE memo_g;
DROP TABLE memo_big, memo_f, memo_tags;
