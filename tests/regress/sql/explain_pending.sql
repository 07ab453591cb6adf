-- EXPLAIN: plans whose shape or estimates differ from PostgreSQL 15's
-- (see README.md, Known failures).
CREATE TABLE exp_big (id int PRIMARY KEY, grp int, label text);
INSERT INTO exp_big SELECT g, g % 100, 'item' || g FROM generate_series(1, 10000) g;
CREATE TABLE exp_mid (id int PRIMARY KEY, big_id int, kind int);
INSERT INTO exp_mid SELECT g, g % 500 + 1, g % 7 FROM generate_series(1, 2000) g;
CREATE TABLE exp_dim (k int, name text);
INSERT INTO exp_dim SELECT g, 'dim' || g FROM generate_series(1, 10) g;
CREATE INDEX exp_big_grp ON exp_big (grp);
ANALYZE exp_big;
ANALYZE exp_mid;
ANALYZE exp_dim;

-- no merge joins, no join order search, the hashed side is the one written second
EXPLAIN (COSTS OFF) SELECT * FROM exp_big b JOIN exp_mid m ON b.id = m.big_id;
EXPLAIN (COSTS OFF) SELECT * FROM exp_mid m JOIN exp_big b ON b.id = m.big_id WHERE m.id < 5;
EXPLAIN (COSTS OFF) SELECT * FROM exp_big t, exp_mid WHERE t.id = exp_mid.big_id AND exp_mid.id = 5;
EXPLAIN (COSTS OFF) SELECT * FROM exp_dim d1 LEFT JOIN exp_mid m ON m.kind = d1.k AND m.id < 10;
EXPLAIN (COSTS OFF) SELECT k FROM exp_dim INTERSECT ALL SELECT k FROM exp_dim WHERE k < 5;
-- subqueries are not pulled up into joins (semi and anti joins)
EXPLAIN (COSTS OFF) SELECT * FROM exp_dim d WHERE EXISTS (SELECT 1 FROM exp_mid m WHERE m.kind = d.k AND m.id > d.k);
EXPLAIN (COSTS OFF) SELECT * FROM exp_big WHERE id IN (SELECT big_id FROM exp_mid WHERE kind = 3);
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT * FROM exp_dim WHERE k IN (SELECT kind FROM exp_mid);
-- DISTINCT sorts, min/max read the whole table, aggregation is always hashed,
-- several windows are sorted for in the order written
EXPLAIN (COSTS OFF) SELECT k, (SELECT count(*) FROM exp_mid WHERE kind = sum(d.k)) FROM exp_dim d GROUP BY k;
EXPLAIN (COSTS OFF) SELECT k, row_number() OVER (ORDER BY k::bigint), sum(k) OVER (PARTITION BY name ORDER BY k) FROM exp_dim;
EXPLAIN (COSTS OFF) SELECT DISTINCT grp FROM exp_big;
EXPLAIN (COSTS OFF) SELECT max(id) FROM exp_big;
EXPLAIN SELECT DISTINCT grp FROM exp_big ORDER BY grp;
-- estimates: no correlation statistics, different inequality selectivities
EXPLAIN SELECT * FROM exp_dim WHERE k < 3;
EXPLAIN SELECT * FROM exp_big ORDER BY id LIMIT 10;
-- ON CONFLICT DO NOTHING without a target names all unique indexes
EXPLAIN (COSTS OFF) INSERT INTO exp_mid VALUES (1, 1, 1) ON CONFLICT DO NOTHING;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) INSERT INTO exp_mid VALUES (1, 1, 1), (5000, 1, 1) ON CONFLICT DO NOTHING;
-- MERGE's Tuples line is missing under ANALYZE
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) MERGE INTO exp_dim d USING (VALUES (1), (100)) s(k) ON d.k = s.k
  WHEN MATCHED THEN UPDATE SET name = 'm' WHEN NOT MATCHED THEN INSERT VALUES (s.k, 'new');
-- pseudo-constant conditions are tested with the others, not by a gating Result
EXPLAIN (COSTS OFF) SELECT * FROM exp_dim WHERE EXISTS (SELECT 1) AND k = 1;
-- options not supported
EXPLAIN (FORMAT XML) SELECT 1;
-- VERBOSE shows Output only where a projection is computed
EXPLAIN (VERBOSE, COSTS OFF) SELECT k, name || 'x' FROM exp_dim WHERE k = 1;
EXPLAIN (VERBOSE, COSTS OFF) SELECT d1.k FROM exp_dim d1 JOIN exp_dim d2 ON d1.k = d2.k ORDER BY d1.k;
-- types without a hash opclass (bit, bit varying, money): INTERSECT and
-- EXCEPT are hashed rather than sorted (SetOp), nested UNIONs not flattened
CREATE TABLE exp_bits (b varbit, m money);
EXPLAIN (COSTS OFF) SELECT b FROM exp_bits INTERSECT SELECT b FROM exp_bits;
EXPLAIN (COSTS OFF) SELECT m FROM exp_bits EXCEPT SELECT m FROM exp_bits;
EXPLAIN (COSTS OFF) SELECT m FROM exp_bits UNION SELECT m FROM exp_bits UNION SELECT '5';
DROP TABLE exp_bits;

DROP TABLE exp_big, exp_mid, exp_dim;
