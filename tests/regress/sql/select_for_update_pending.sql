--
-- SELECT ... FOR UPDATE where gpostgres differs from PostgreSQL 15 (see
-- README.md, Known failures): EXISTS and IN stay subqueries at a level
-- with FOR UPDATE.
--
CREATE TABLE sfup_t (id int PRIMARY KEY, v int);
INSERT INTO sfup_t SELECT g, g * 10 FROM generate_series(1, 8) g;
CREATE TABLE sfup_u (id int PRIMARY KEY, w text);
INSERT INTO sfup_u SELECT g, 'w' || g FROM generate_series(1, 4) g;
CREATE VIEW sfup_v AS SELECT id, v FROM sfup_t WHERE v > 30;
ANALYZE sfup_t;
ANALYZE sfup_u;
-- EXISTS and IN stay subqueries at a level with FOR UPDATE, and a
-- subquery with FOR UPDATE is not made a join (PostgreSQL: semi joins)
EXPLAIN (COSTS OFF) SELECT * FROM sfup_t WHERE EXISTS (SELECT 1 FROM sfup_u WHERE sfup_u.id = sfup_t.id) FOR UPDATE;
EXPLAIN (COSTS OFF) SELECT * FROM sfup_t WHERE id IN (SELECT id FROM sfup_u FOR SHARE);
DROP VIEW sfup_v;
DROP TABLE sfup_t, sfup_u;
