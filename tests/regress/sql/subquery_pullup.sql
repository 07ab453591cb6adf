-- Subqueries in FROM and views pulled up into the query reading them
-- (pull_up_subqueries): plans show the view's tables joined with the
-- query's, and the results are those of the unflattened query.
CREATE TABLE spu_t (id int PRIMARY KEY, a int, b text);
CREATE TABLE spu_u (id int PRIMARY KEY, t_id int, c int);
CREATE INDEX spu_u_t_id ON spu_u (t_id);
INSERT INTO spu_t SELECT g, g % 10, 'b' || g FROM generate_series(1, 1000) g;
INSERT INTO spu_u SELECT g, (g * 7) % 1000 + 1, g % 7 FROM generate_series(1, 1000) g;
ANALYZE spu_t;
ANALYZE spu_u;
CREATE VIEW spu_v AS SELECT id, a, b FROM spu_t WHERE a > 2;
CREATE VIEW spu_vj AS SELECT spu_t.id, spu_t.a, spu_u.c FROM spu_t JOIN spu_u ON spu_u.t_id = spu_t.id;
CREATE VIEW spu_vv AS SELECT id, a FROM spu_v WHERE a < 8;
CREATE VIEW spu_vx AS SELECT id, a + 1 AS a1, b FROM spu_t;
-- A view with a condition.
EXPLAIN (COSTS OFF) SELECT * FROM spu_v WHERE id = 5;
SELECT * FROM spu_v WHERE id = 5;
SELECT * FROM spu_v WHERE id = 2;
-- Nested views.
EXPLAIN (COSTS OFF) SELECT * FROM spu_vv WHERE id < 20;
SELECT * FROM spu_vv WHERE id < 20 ORDER BY id;
-- A view joined with a table: an index of the view's table searched for
-- each outer row.
EXPLAIN (COSTS OFF) SELECT * FROM spu_u JOIN spu_v ON spu_u.t_id = spu_v.id WHERE spu_u.id < 10;
SELECT * FROM spu_u JOIN spu_v ON spu_u.t_id = spu_v.id WHERE spu_u.id < 10 ORDER BY spu_u.id;
EXPLAIN (COSTS OFF) SELECT * FROM spu_v JOIN spu_u ON spu_u.t_id = spu_v.id WHERE spu_u.c = 1 AND spu_v.b = 'b17';
SELECT * FROM spu_v JOIN spu_u ON spu_u.t_id = spu_v.id WHERE spu_u.c = 1 AND spu_v.b = 'b17';
-- A view over a join.
EXPLAIN (COSTS OFF) SELECT * FROM spu_vj WHERE a = 3 AND c = 6 AND id < 100;
SELECT * FROM spu_vj WHERE a = 3 AND c = 6 AND id < 100 ORDER BY id;
-- A subquery joined with a table.
EXPLAIN (COSTS OFF) SELECT * FROM (SELECT id, a FROM spu_t WHERE b LIKE 'b5%') s JOIN spu_u ON spu_u.t_id = s.id WHERE spu_u.id = 7;
SELECT * FROM (SELECT id, a FROM spu_t WHERE b LIKE 'b5%') s JOIN spu_u ON spu_u.t_id = s.id WHERE spu_u.id = 7;
EXPLAIN (COSTS OFF) SELECT s.x, spu_u.c FROM (SELECT id * 2 AS x, id FROM spu_t) s, spu_u WHERE s.id = spu_u.t_id AND spu_u.id BETWEEN 5 AND 8;
SELECT s.x, spu_u.c FROM (SELECT id * 2 AS x, id FROM spu_t) s, spu_u WHERE s.id = spu_u.t_id AND spu_u.id BETWEEN 5 AND 8 ORDER BY 1;
-- The same table in the view and in the query: the second is t_1.
EXPLAIN (COSTS OFF) SELECT * FROM spu_t JOIN spu_v ON spu_t.id = spu_v.id WHERE spu_t.b = 'b5';
SELECT * FROM spu_t JOIN spu_v ON spu_t.id = spu_v.id WHERE spu_t.b = 'b5';
-- Aggregates over a view.
EXPLAIN (COSTS OFF) SELECT count(*) FROM spu_v;
SELECT count(*) FROM spu_v;
EXPLAIN (COSTS OFF) SELECT spu_v.a, count(*) FROM spu_v JOIN spu_u ON spu_u.t_id = spu_v.id GROUP BY spu_v.a;
SELECT spu_v.a, count(*) FROM spu_v JOIN spu_u ON spu_u.t_id = spu_v.id GROUP BY spu_v.a ORDER BY 1;
-- The nullable side of an outer join: plain columns and strict
-- expressions of them are NULL in NULL-extended rows.
EXPLAIN (COSTS OFF) SELECT * FROM spu_u LEFT JOIN spu_v ON spu_u.t_id = spu_v.id WHERE spu_u.id < 5;
SELECT * FROM spu_u LEFT JOIN spu_v ON spu_u.t_id = spu_v.id WHERE spu_u.id < 5 ORDER BY spu_u.id;
SELECT spu_u.id, x.a1 FROM spu_u LEFT JOIN spu_vx x ON spu_u.t_id = x.id + 500 WHERE spu_u.id < 5 ORDER BY spu_u.id;
SELECT spu_u.id, x.k, x.z FROM spu_u LEFT JOIN (SELECT id, 42 AS k, coalesce(b, 'none') AS z FROM spu_t) x ON spu_u.t_id = x.id + 500 WHERE spu_u.id < 5 ORDER BY spu_u.id;
SELECT spu_u.id, x.k FROM spu_u LEFT JOIN (SELECT id, 42 AS k FROM spu_t WHERE a = 3) x ON spu_u.t_id = x.id WHERE spu_u.id < 30 ORDER BY spu_u.id;
SELECT spu_u.id, x.id FROM spu_u LEFT JOIN (SELECT id FROM spu_t WHERE a = 3) x ON spu_u.t_id = x.id WHERE spu_u.id < 30 ORDER BY spu_u.id;
SELECT x.id, spu_u.id FROM (SELECT id FROM spu_t WHERE a = 3) x LEFT JOIN spu_u ON spu_u.t_id = x.id WHERE x.id < 30 ORDER BY 1, 2;
SELECT x.id, y.id FROM (SELECT id FROM spu_t WHERE a = 3 AND id < 40) x FULL JOIN (SELECT id FROM spu_t WHERE a = 4 AND id < 40) y ON x.id + 1 = y.id ORDER BY 1, 2;
SELECT x.id, y.id FROM (SELECT id FROM spu_t WHERE id < 10) x LEFT JOIN (SELECT t.id FROM spu_t t JOIN spu_u u ON u.t_id = t.id WHERE u.c = 2) y ON x.id = y.id ORDER BY 1, 2;
-- A column that is not NULL in NULL-extended rows keeps the subquery
-- whole, unless nothing reads it.
EXPLAIN (COSTS OFF) SELECT spu_u.id, x.id FROM spu_u LEFT JOIN (SELECT id, 42 AS k, coalesce(b, 'none') AS z FROM spu_t) x ON spu_u.t_id = x.id WHERE spu_u.id < 5;
SELECT spu_u.id, x.id FROM spu_u LEFT JOIN (SELECT id, 42 AS k, coalesce(b, 'none') AS z FROM spu_t) x ON spu_u.t_id = x.id + 500 WHERE spu_u.id < 5 ORDER BY 1;
SELECT spu_u.id, (SELECT x.k) FROM spu_u LEFT JOIN (SELECT id, 42 AS k FROM spu_t) x ON spu_u.t_id = x.id + 500 WHERE spu_u.id < 5 ORDER BY 1;
SELECT spu_u.id, x.k IS NULL AS k_null FROM spu_u LEFT JOIN (SELECT id, 42 AS k FROM spu_t) x ON spu_u.t_id = x.id + 500 WHERE spu_u.id < 5 ORDER BY 1;
-- Not pulled up: grouping, DISTINCT, LIMIT, volatile outputs.
SELECT * FROM (SELECT a, count(*) AS n FROM spu_t GROUP BY a) g JOIN spu_u ON spu_u.c = g.a WHERE spu_u.id = 3;
EXPLAIN (COSTS OFF) SELECT * FROM (SELECT id FROM spu_t ORDER BY id LIMIT 3) l JOIN spu_u ON spu_u.t_id = l.id;
SELECT * FROM (SELECT id FROM spu_t ORDER BY id LIMIT 3) l JOIN spu_u ON spu_u.t_id = l.id ORDER BY spu_u.id;
SELECT count(*) FROM (SELECT id, random() AS r FROM spu_t) s WHERE s.r = s.r;
SELECT bool_and(r1 = r2) FROM (SELECT r AS r1, r AS r2 FROM (SELECT random() AS r FROM spu_t) s) s2;
-- The branches of a UNION pull up their views too.
EXPLAIN (COSTS OFF) SELECT * FROM spu_v WHERE id = 5 UNION ALL SELECT * FROM spu_v WHERE id = 7;
SELECT * FROM spu_v WHERE id = 5 UNION ALL SELECT * FROM spu_v WHERE id = 7 ORDER BY 1;
SELECT id FROM spu_v WHERE id = 5 UNION SELECT c FROM spu_v JOIN spu_u ON spu_u.t_id = spu_v.id WHERE spu_u.id = 7 ORDER BY 1;
-- FOR UPDATE of a view locks its table's rows at the query's level,
-- after the joins and conditions (only the rows returned).
CREATE VIEW spu_vl AS SELECT id, a FROM spu_t WHERE a > 2;
EXPLAIN (COSTS OFF) SELECT * FROM spu_vl v JOIN spu_u u ON u.t_id = v.id WHERE u.id < 4 FOR UPDATE OF v;
SELECT * FROM spu_vl v JOIN spu_u u ON u.t_id = v.id WHERE u.id < 4 ORDER BY u.id FOR UPDATE OF v;
EXPLAIN (COSTS OFF) SELECT * FROM spu_vl WHERE a = 5 AND random() < 2 FOR UPDATE;
EXPLAIN (COSTS OFF) SELECT * FROM spu_vl WHERE id = 5 FOR SHARE;
SELECT * FROM spu_vl WHERE id = 5 FOR SHARE;
EXPLAIN (COSTS OFF) SELECT * FROM (SELECT * FROM spu_vl WHERE id < 8) s JOIN spu_u u ON u.t_id = s.id FOR UPDATE;
-- A subquery's own FOR UPDATE keeps it whole.
SELECT * FROM (SELECT * FROM spu_t WHERE id < 3 FOR UPDATE) s JOIN spu_u u ON u.t_id = s.id ORDER BY 1;
DROP VIEW spu_vl;
-- Subqueries without FROM leave nothing to join where only inner joins
-- are above them.
EXPLAIN (COSTS OFF) SELECT * FROM spu_t, (SELECT 1 AS x) s WHERE spu_t.id = s.x;
EXPLAIN (COSTS OFF) SELECT * FROM spu_t CROSS JOIN (SELECT 5 AS lim) p WHERE spu_t.id < p.lim;
EXPLAIN (COSTS OFF) SELECT * FROM (SELECT 3 AS x) s, spu_t WHERE id < 5 + x ORDER BY a;
SELECT * FROM (SELECT 3 AS x) s, spu_t WHERE id < 5 + x ORDER BY a, id;
EXPLAIN (COSTS OFF) SELECT * FROM spu_t JOIN (SELECT 3 AS x, 'q'::text AS y WHERE 1 > 0) s ON spu_t.id = s.x JOIN (SELECT 7 AS z) s2 ON true;
SELECT * FROM spu_t JOIN (SELECT 3 AS x, 'q'::text AS y WHERE 1 > 0) s ON spu_t.id = s.x JOIN (SELECT 7 AS z) s2 ON true;
SELECT * FROM spu_t JOIN (SELECT 3 AS x WHERE 1 > 2) s ON spu_t.id = s.x;
EXPLAIN (COSTS OFF) SELECT * FROM (SELECT 1 AS x) s;
SELECT * FROM (SELECT 1 AS a) x, (SELECT 2 AS b) y;
SELECT *, (SELECT x + 1) FROM (SELECT 1 AS x) s;
EXPLAIN (COSTS OFF) SELECT count(*) FROM spu_t, LATERAL (SELECT spu_t.a * 2 AS d) l WHERE l.d > 10;
SELECT count(*) FROM spu_t, LATERAL (SELECT spu_t.a * 2 AS d) l WHERE l.d > 10;
SELECT count(*) FROM (SELECT random() AS r) s, spu_t WHERE s.r = s.r;
SELECT spu_t.id, s.x FROM spu_t LEFT JOIN (SELECT 1 AS x) s ON spu_t.id = s.x WHERE spu_t.id < 3 ORDER BY 1;
-- One row of VALUES is a subquery without FROM.
EXPLAIN (COSTS OFF) SELECT * FROM spu_t, (VALUES (3)) v(x) WHERE spu_t.id = v.x;
SELECT * FROM spu_t, (VALUES (3)) v(x) WHERE spu_t.id = v.x;
EXPLAIN (COSTS OFF) VALUES (1, 2);
EXPLAIN (VERBOSE, COSTS OFF) VALUES (1, 2);
EXPLAIN (COSTS OFF) VALUES (1, 2), (3, 4);
EXPLAIN (COSTS OFF) SELECT * FROM (VALUES (1, 'a')) v(x, y);
EXPLAIN (COSTS OFF) SELECT * FROM (VALUES (1, 'a'), (2, 'b')) v(x, y) WHERE x > 1;
EXPLAIN (COSTS OFF) INSERT INTO spu_u SELECT * FROM (VALUES (5001, 1, 2)) v;
EXPLAIN (COSTS OFF) SELECT * FROM (VALUES (random())) v(r);
-- A security_barrier view keeps its conditions below the query's.
CREATE VIEW spu_sb WITH (security_barrier) AS SELECT id, a FROM spu_t WHERE a > 2;
EXPLAIN (COSTS OFF) SELECT * FROM spu_sb WHERE id = 5;
SELECT * FROM spu_sb WHERE id = 5;
-- EXISTS and IN over views: semi and anti joins with the views' tables.
EXPLAIN (COSTS OFF) SELECT * FROM spu_t x WHERE x.id IN (SELECT a FROM spu_v WHERE b = 'b5');
SELECT * FROM spu_t x WHERE x.id IN (SELECT a FROM spu_v WHERE b = 'b5');
EXPLAIN (COSTS OFF) SELECT count(*) FROM spu_t x WHERE NOT EXISTS (SELECT 1 FROM (SELECT id FROM spu_t WHERE a < 5) s WHERE s.id = x.a + 1);
SELECT count(*) FROM spu_t x WHERE NOT EXISTS (SELECT 1 FROM (SELECT id FROM spu_t WHERE a < 5) s WHERE s.id = x.a + 1);
-- The view's table scanned first is still named after the query's.
SET enable_mergejoin = off;
SET enable_hashjoin = off;
EXPLAIN (COSTS OFF) SELECT * FROM spu_t JOIN spu_v ON spu_t.id = spu_v.a WHERE spu_v.id = 5;
SELECT * FROM spu_t JOIN spu_v ON spu_t.id = spu_v.a WHERE spu_v.id = 5;
RESET enable_mergejoin;
RESET enable_hashjoin;
-- Correlated subqueries reading a pulled-up subquery.
EXPLAIN (COSTS OFF) SELECT v.id, (SELECT count(*) FROM spu_u WHERE spu_u.t_id = v.id) FROM spu_v v WHERE v.id < 6;
EXPLAIN (COSTS OFF) SELECT * FROM spu_vx x WHERE x.a1 > (SELECT avg(c) FROM spu_u WHERE spu_u.t_id = x.id) AND x.id < 5;
SELECT * FROM spu_vx x WHERE x.a1 > (SELECT avg(c) FROM spu_u WHERE spu_u.t_id = x.id) AND x.id < 20 ORDER BY x.id;
SELECT v.id, (SELECT sum(k) FROM (SELECT spu_u.c + v.a AS k FROM spu_u WHERE spu_u.id < 4) q) FROM spu_v v WHERE v.id < 6 ORDER BY 1;
-- LATERAL subqueries: their references to earlier FROM items become
-- join conditions.
EXPLAIN (COSTS OFF) SELECT * FROM spu_v v, LATERAL (SELECT v.a + spu_u.c AS w FROM spu_u WHERE spu_u.t_id = v.id) l WHERE v.id < 10;
SELECT * FROM spu_v v, LATERAL (SELECT v.a + spu_u.c AS w FROM spu_u WHERE spu_u.t_id = v.id) l WHERE v.id < 10 ORDER BY 1;
EXPLAIN (COSTS OFF) SELECT * FROM spu_t LEFT JOIN LATERAL (SELECT c FROM spu_u WHERE spu_u.t_id = spu_t.id AND spu_u.c > 3) l ON true WHERE spu_t.id < 5;
SELECT * FROM spu_t LEFT JOIN LATERAL (SELECT c FROM spu_u WHERE spu_u.t_id = spu_t.id AND spu_u.c > 3) l ON true WHERE spu_t.id < 5 ORDER BY 1;
SELECT * FROM spu_t LEFT JOIN LATERAL (SELECT spu_t.a AS ta, c FROM spu_u WHERE spu_u.t_id = spu_t.id AND spu_u.c > 3) l ON true WHERE spu_t.id < 5 ORDER BY 1;
SELECT k.id, (SELECT string_agg(y::text, ',' ORDER BY y) FROM (SELECT g + k.id AS y FROM generate_series(1, 2) g) q) FROM spu_t k WHERE k.id < 4 ORDER BY 1;
SELECT v.id, (SELECT count(*) FROM spu_u WHERE spu_u.t_id = v.id) FROM spu_v v WHERE v.id < 6 ORDER BY 1;
-- WITH queries referenced once (or NOT MATERIALIZED) are inlined and
-- pulled up; referenced twice they are materialized.
EXPLAIN (COSTS OFF) WITH w AS (SELECT * FROM spu_t) SELECT * FROM w WHERE id = 1;
EXPLAIN (COSTS OFF) WITH w AS (SELECT * FROM spu_t WHERE a = 1) SELECT * FROM w JOIN spu_u ON spu_u.t_id = w.id WHERE spu_u.id = 3;
WITH w AS (SELECT * FROM spu_t WHERE a = 1) SELECT * FROM w JOIN spu_u ON spu_u.t_id = w.id WHERE spu_u.id < 30 ORDER BY w.id;
EXPLAIN (COSTS OFF) WITH w AS (SELECT * FROM spu_t WHERE a = 1) SELECT * FROM w w1 JOIN w w2 ON w1.id = w2.id;
EXPLAIN (COSTS OFF) WITH w AS NOT MATERIALIZED (SELECT * FROM spu_t WHERE a = 1) SELECT * FROM w w1 JOIN w w2 ON w1.id = w2.id + 10;
WITH w AS NOT MATERIALIZED (SELECT * FROM spu_t WHERE a = 1) SELECT * FROM w w1 JOIN w w2 ON w1.id = w2.id + 10 ORDER BY w1.id;
-- VALUES in FROM, several subqueries, estimates.
EXPLAIN (COSTS OFF) SELECT * FROM (VALUES (1), (2)) v(x) WHERE x > 1;
EXPLAIN (COSTS OFF) SELECT * FROM (VALUES (1), (2)) v(x) JOIN spu_t ON spu_t.id = v.x;
SELECT * FROM (VALUES (1), (2)) v(x) JOIN spu_t ON spu_t.id = v.x ORDER BY x;
EXPLAIN SELECT * FROM (SELECT id % 10 AS m FROM spu_t) s WHERE m = 1;
EXPLAIN (COSTS OFF) SELECT * FROM (SELECT * FROM spu_t) s, (SELECT * FROM spu_u) r WHERE s.id = r.t_id AND r.id = 3;
SELECT * FROM (SELECT * FROM spu_t) s, (SELECT * FROM spu_u) r WHERE s.id = r.t_id AND r.id = 3;
DROP VIEW spu_sb, spu_vv, spu_v, spu_vj, spu_vx;
DROP TABLE spu_t, spu_u;
