-- EXPLAIN of statements on keys: ON CONFLICT's resolution, arbiters and
-- filter, index scans through expression and partial indexes.
CREATE TABLE exk (k int PRIMARY KEY, v text, n int);
INSERT INTO exk SELECT g, 'v' || g, g FROM generate_series(1, 20000) g;
CREATE INDEX exk_lower ON exk (lower(v));
CREATE INDEX exk_part ON exk (n) WHERE n > 19000;
ANALYZE exk;
EXPLAIN (COSTS OFF) INSERT INTO exk VALUES (1, 'a', 1) ON CONFLICT (k) DO UPDATE SET v = excluded.v, n = exk.n + 1 WHERE exk.n > 0;
EXPLAIN (COSTS OFF) INSERT INTO exk AS t VALUES (1, 'a', 1) ON CONFLICT ON CONSTRAINT exk_pkey DO UPDATE SET v = t.v || excluded.v WHERE t.v <> excluded.v AND excluded.n IS NOT NULL;
EXPLAIN (COSTS OFF) INSERT INTO exk VALUES (1, 'a', 1) ON CONFLICT DO NOTHING;
EXPLAIN (COSTS OFF) INSERT INTO exk VALUES (1, 'a', 1) ON CONFLICT (k) DO NOTHING;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) INSERT INTO exk VALUES (1, 'a', 1), (30000, 'b', 2) ON CONFLICT (k) DO NOTHING;
EXPLAIN (COSTS OFF) SELECT * FROM exk WHERE n > 19990;
EXPLAIN (COSTS OFF) SELECT * FROM exk WHERE k = 5;
EXPLAIN (COSTS OFF) SELECT * FROM exk ORDER BY k LIMIT 10;
EXPLAIN (COSTS OFF) SELECT * FROM exk ORDER BY k DESC LIMIT 10;
CREATE TABLE exd (id int PRIMARY KEY, name text);
INSERT INTO exd SELECT g, 'd' || g FROM generate_series(1, 20) g;
ANALYZE exd;
EXPLAIN (COSTS OFF) SELECT * FROM exk JOIN exd ON exk.n = exd.id;
EXPLAIN (COSTS OFF) SELECT * FROM exd JOIN exk ON exk.n = exd.id;
DROP TABLE exk, exd;
CREATE TABLE exu (k int PRIMARY KEY, v text, n int);
INSERT INTO exu SELECT g, 'v' || g, g FROM generate_series(1, 100) g;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) INSERT INTO exu VALUES (1, 'a', 1), (5000, 'b', 2), (2, 'c', 3) ON CONFLICT (k) DO UPDATE SET v = excluded.v WHERE exu.n > 1;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) INSERT INTO exu VALUES (1, 'a', 1), (6000, 'b', 2) ON CONFLICT DO NOTHING;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF, FORMAT JSON) INSERT INTO exu VALUES (3, 'a', 1), (7000, 'b', 2) ON CONFLICT (k) DO UPDATE SET n = 0 WHERE exu.n < 0;
SELECT k, v, n FROM exu WHERE k IN (1, 2, 3, 5000, 6000, 7000) ORDER BY k;
DROP TABLE exu;
