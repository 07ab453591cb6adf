--
-- GROUPING SETS, ROLLUP, CUBE, GROUP BY () and GROUPING()
--
CREATE TABLE gs_t (a text, b text, v int);
INSERT INTO gs_t VALUES ('x', 'p', 1), ('x', 'q', 2), ('y', 'p', 3), ('y', 'q', 4), ('y', 'q', 5);
CREATE TABLE gs_n (k int, c int, d int, w numeric);
INSERT INTO gs_n VALUES (1, 1, 1, 1.5), (1, 1, 2, 2.5), (1, 2, 1, NULL), (2, 1, 1, 10),
  (2, 2, 2, 20), (NULL, 1, 1, 7), (NULL, NULL, 3, 8);
CREATE TABLE gs_empty (a int, b int);
-- ROLLUP and CUBE
SELECT a, b, sum(v) FROM gs_t GROUP BY ROLLUP (a, b) ORDER BY a, b;
SELECT a, b, sum(v) FROM gs_t GROUP BY CUBE (a, b) ORDER BY a, b;
SELECT a, b, sum(v), grouping(a, b) FROM gs_t GROUP BY GROUPING SETS ((a), (b), ()) ORDER BY a, b;
SELECT a, b, count(*), grouping(a), grouping(b) FROM gs_t GROUP BY ROLLUP (a, b) ORDER BY 4, 5, 1, 2;
SELECT a, b, sum(v), grouping(a, b) AS g FROM gs_t GROUP BY CUBE (a, b) ORDER BY g, a, b;
SELECT a, sum(v) FROM gs_t GROUP BY ROLLUP (a) ORDER BY a;
SELECT b, max(v), min(v) FROM gs_t GROUP BY CUBE (b) ORDER BY b;
SELECT a, b, sum(v) FROM gs_t GROUP BY ROLLUP ((a, b)) ORDER BY a, b;
SELECT a, b, sum(v) FROM gs_t GROUP BY ROLLUP (a, (a, b)) ORDER BY a, b, 3;
SELECT a, b, sum(v) FROM gs_t GROUP BY CUBE ((a, b)) ORDER BY a, b;
-- GROUPING SETS
SELECT a, b, sum(v) FROM gs_t GROUP BY GROUPING SETS (a, b) ORDER BY a, b;
SELECT a, b, sum(v) FROM gs_t GROUP BY GROUPING SETS ((a, b)) ORDER BY a, b;
SELECT a, b, sum(v) FROM gs_t GROUP BY GROUPING SETS ((a, b), a, ()) ORDER BY a, b;
SELECT a, b, sum(v) FROM gs_t GROUP BY GROUPING SETS (ROLLUP (a, b), CUBE (b)) ORDER BY a, b, 3;
SELECT a, b, sum(v) FROM gs_t GROUP BY GROUPING SETS (a, GROUPING SETS (b, ())) ORDER BY a, b;
SELECT a, b, sum(v), grouping(a, b) FROM gs_t GROUP BY GROUPING SETS (a, a, b) ORDER BY 4, a, b;
SELECT sum(v), count(*) FROM gs_t GROUP BY GROUPING SETS (());
SELECT sum(v), count(*) FROM gs_t GROUP BY GROUPING SETS ((), ()) ORDER BY 1;
-- GROUP BY ()
SELECT count(*), sum(v) FROM gs_t GROUP BY ();
SELECT count(*), sum(a) FROM gs_empty GROUP BY ();
SELECT 1 AS one FROM gs_t GROUP BY ();
SELECT count(*) FROM gs_empty GROUP BY ROLLUP (a);
SELECT a, count(*) FROM gs_empty GROUP BY GROUPING SETS (a, ()) ORDER BY 1;
SELECT a, count(*) FROM gs_empty GROUP BY CUBE (a, b);
SELECT grouping(a) FROM gs_empty GROUP BY ROLLUP (a) HAVING grouping(a) = 1;
SELECT count(*) FROM gs_t GROUP BY (), ();
SELECT count(*) FROM gs_t WHERE false GROUP BY ();
SELECT count(*) FROM gs_t WHERE false HAVING count(*) = 0;
-- mixtures
SELECT a, b, sum(v) FROM gs_t GROUP BY a, ROLLUP (b) ORDER BY a, b;
SELECT a, b, sum(v) FROM gs_t GROUP BY ROLLUP (a), b ORDER BY a, b;
SELECT a, b, sum(v) FROM gs_t GROUP BY ROLLUP (a), ROLLUP (b) ORDER BY a, b;
SELECT a, b, sum(v) FROM gs_t GROUP BY CUBE (a), CUBE (b) ORDER BY a, b;
SELECT k, c, d, sum(w) FROM gs_n GROUP BY k, ROLLUP (c, d) ORDER BY k, c, d;
SELECT k, c, d, sum(w), grouping(k, c, d) FROM gs_n GROUP BY GROUPING SETS ((k, c), (c, d)), ROLLUP (k) ORDER BY 5, k, c, d, 4;
SELECT k, c, count(*), grouping(k, c) FROM gs_n GROUP BY ROLLUP (k), ROLLUP (k), c ORDER BY 4, 1, 2, 3;
-- GROUP BY DISTINCT
SELECT a, b, count(*) FROM gs_t GROUP BY DISTINCT ROLLUP (a, b), ROLLUP (a) ORDER BY a, b;
SELECT a, b, count(*) FROM gs_t GROUP BY ALL ROLLUP (a, b), ROLLUP (a) ORDER BY a, b, 3;
SELECT a, b, count(*) FROM gs_t GROUP BY DISTINCT CUBE (a, b), a ORDER BY a, b;
SELECT a, count(*) FROM gs_t GROUP BY DISTINCT a ORDER BY a;
SELECT a, count(*) FROM gs_t GROUP BY DISTINCT GROUPING SETS (a, a, ()) ORDER BY a;
-- NULLs in the data versus NULLs of a grouping set
SELECT k, count(*), grouping(k) FROM gs_n GROUP BY ROLLUP (k) ORDER BY 3, 1;
SELECT k, c, sum(w), grouping(k), grouping(c) FROM gs_n GROUP BY CUBE (k, c) ORDER BY 4, 5, 1, 2;
SELECT coalesce(k::text, CASE WHEN grouping(k) = 1 THEN 'all' ELSE 'none' END) AS key, count(*) FROM gs_n GROUP BY ROLLUP (k) ORDER BY 1;
-- expressions, positions and output names as grouping items
SELECT v % 2 AS parity, a, count(*) FROM gs_t GROUP BY ROLLUP (v % 2, a) ORDER BY 1, 2;
SELECT a, count(*) FROM gs_t GROUP BY ROLLUP (1) ORDER BY 1;
SELECT upper(a) AS ua, count(*) FROM gs_t GROUP BY CUBE (ua) ORDER BY 1;
SELECT a || b AS ab, sum(v) FROM gs_t GROUP BY ROLLUP (a || b) ORDER BY 1;
SELECT v + 1, count(*) FROM gs_t GROUP BY ROLLUP (v + 1) ORDER BY 1;
SELECT a, lower(b), sum(v) FROM gs_t GROUP BY ROLLUP (a, lower(b)) ORDER BY 1, 2;
SELECT length(a) + grouping(a), count(*) FROM gs_t GROUP BY ROLLUP (a) ORDER BY 1, 2;
-- GROUPING()
SELECT a, grouping(a) FROM gs_t GROUP BY a ORDER BY a;
SELECT a, b, grouping(b, a), grouping(a, b, a) FROM gs_t GROUP BY CUBE (a, b) ORDER BY 1, 2, 3;
SELECT g, count(*) FROM (SELECT grouping(k, c, d) AS g FROM gs_n GROUP BY CUBE (k, c, d)) s GROUP BY g ORDER BY g;
SELECT a, sum(v) FROM gs_t GROUP BY ROLLUP (a) ORDER BY grouping(a), a;
SELECT a, b, sum(v) FROM gs_t GROUP BY ROLLUP (a, b) ORDER BY grouping(a, b) DESC, a, b;
SELECT grouping(v % 2), v % 2, count(*) FROM gs_t GROUP BY ROLLUP (v % 2) ORDER BY 2;
SELECT pg_typeof(grouping(a)) FROM gs_t GROUP BY a LIMIT 1;
SELECT grouping(a) + 1 AS g1, a FROM gs_t GROUP BY ROLLUP (a) ORDER BY 2;
SELECT CASE grouping(a, b) WHEN 0 THEN 'detail' WHEN 1 THEN 'subtotal' ELSE 'total' END AS level, a, b, sum(v)
  FROM gs_t GROUP BY ROLLUP (a, b) ORDER BY a, b;
-- HAVING over grouping sets
SELECT a, b, sum(v) FROM gs_t GROUP BY ROLLUP (a, b) HAVING sum(v) > 5 ORDER BY a, b;
SELECT a, b, sum(v) FROM gs_t GROUP BY CUBE (a, b) HAVING grouping(a, b) = 2 ORDER BY a, b;
SELECT a, count(*) FROM gs_t GROUP BY GROUPING SETS (a, ()) HAVING count(*) > 2 ORDER BY a;
SELECT a, b FROM gs_t GROUP BY ROLLUP (a, b) HAVING a IS NULL ORDER BY a, b;
SELECT a, count(*) FROM gs_t GROUP BY ROLLUP (a) HAVING grouping(a) = 0 AND a > 'x' ORDER BY a;
-- aggregates of every kind over grouping sets
SELECT a, count(*), count(b), sum(v), avg(v), min(b), max(v), string_agg(b, ',' ORDER BY b, v), array_agg(v ORDER BY v DESC)
  FROM gs_t GROUP BY ROLLUP (a) ORDER BY a;
SELECT a, count(DISTINCT b), sum(DISTINCT v), array_agg(DISTINCT b) FROM gs_t GROUP BY ROLLUP (a) ORDER BY a;
SELECT a, count(*) FILTER (WHERE v > 2), sum(v) FILTER (WHERE b = 'q') FROM gs_t GROUP BY CUBE (a) ORDER BY a;
SELECT c, percentile_disc(0.5) WITHIN GROUP (ORDER BY w), mode() WITHIN GROUP (ORDER BY d) FROM gs_n GROUP BY ROLLUP (c) ORDER BY c, 2;
SELECT a, bool_and(v > 1), bool_or(v > 4), every(v < 10) FROM gs_t GROUP BY ROLLUP (a) ORDER BY a;
-- subqueries, joins, DISTINCT, LIMIT and set operations around grouping sets
SELECT * FROM (SELECT a, b, sum(v) AS s FROM gs_t GROUP BY ROLLUP (a, b)) r WHERE s > 3 ORDER BY a, b;
SELECT count(*) FROM (SELECT a, b FROM gs_t GROUP BY CUBE (a, b)) c;
SELECT a, sum(v), (SELECT count(*) FROM gs_t t2 WHERE t2.a = t1.a) AS cnt FROM gs_t t1 GROUP BY ROLLUP (a) ORDER BY a;
SELECT t.a, n.k, count(*) FROM gs_t t JOIN gs_n n ON n.d = t.v GROUP BY ROLLUP (t.a, n.k) ORDER BY 1, 2, 3;
SELECT DISTINCT sum(v) FROM gs_t GROUP BY GROUPING SETS (a, b) ORDER BY 1;
SELECT a, b, sum(v) FROM gs_t GROUP BY ROLLUP (a, b) ORDER BY a NULLS FIRST, b NULLS FIRST LIMIT 3;
SELECT a FROM gs_t GROUP BY ROLLUP (a) UNION ALL SELECT b FROM gs_t GROUP BY ROLLUP (b) ORDER BY 1;
SELECT a, b, sum(v) FROM gs_t WHERE v > 1 GROUP BY ROLLUP (a, b) ORDER BY a, b;
CREATE VIEW gs_v AS SELECT a, b, sum(v) AS s, grouping(a, b) AS g FROM gs_t GROUP BY ROLLUP (a, b);
SELECT * FROM gs_v ORDER BY g, a, b;
DROP VIEW gs_v;
CREATE TABLE gs_copy AS SELECT a, b, sum(v) AS s FROM gs_t GROUP BY CUBE (a, b);
SELECT count(*), sum(s) FROM gs_copy;
DROP TABLE gs_copy;
-- errors
SELECT grouping(a) FROM gs_t;
SELECT a, grouping(b) FROM gs_t GROUP BY a;
SELECT a FROM gs_t WHERE grouping(a) = 0 GROUP BY a;
SELECT a FROM gs_t GROUP BY a, grouping(a);
SELECT a, sum(grouping(a)) FROM gs_t GROUP BY a;
SELECT a, count(*) FILTER (WHERE grouping(a) = 0) FROM gs_t GROUP BY ROLLUP (a);
SELECT b FROM gs_t GROUP BY ROLLUP (a);
SELECT a, b FROM gs_t GROUP BY GROUPING SETS (a);
SELECT count(*) FROM gs_t GROUP BY CUBE (a, b, v, a, b, v, a, b, v, a, b, v, a);
SELECT count(*) FROM gs_t GROUP BY CUBE (a, b, v, a, b, v), CUBE (a, b, v, a, b, v), CUBE (a);
SELECT grouping(a, b, v, a, b, v, a, b, v, a, b, v, a, b, v, a, b, v, a, b, v, a, b, v, a, b, v, a, b, v, a, b) FROM gs_t GROUP BY a, b, v;
SELECT count(*) FROM gs_t GROUP BY ROLLUP (sum(v));
SELECT count(*) FROM gs_t GROUP BY ROLLUP (2);
SELECT count(*) FROM gs_t GROUP BY ROLLUP (nosuch);
SELECT a, b FROM gs_t GROUP BY ROLLUP (a, b) HAVING v > 1;
SELECT a FROM gs_t GROUP BY ROLLUP (a) ORDER BY b;
SELECT grouping(a) FROM gs_t GROUP BY a HAVING grouping(b) = 0;
SELECT a, b, grouping(a, b) FROM gs_t GROUP BY a;
SELECT b, v FROM gs_t GROUP BY ROLLUP (a) HAVING grouping(v) = 0;
SELECT a, sum(v) FROM gs_t GROUP BY ROLLUP (a) ORDER BY grouping(b);
UPDATE gs_t SET v = v RETURNING grouping(a);
-- correlated subqueries, prepared statements and more combinations
SELECT a, (SELECT string_agg(t2.b || gs_t.a, ',' ORDER BY t2.v * length(gs_t.a) DESC) FROM gs_t t2) FROM gs_t GROUP BY ROLLUP (a) ORDER BY a;
SELECT a, (SELECT percentile_disc(length(gs_t.a) / 2.0) WITHIN GROUP (ORDER BY t2.v) FROM gs_t t2) FROM gs_t GROUP BY ROLLUP (a) ORDER BY a;
SELECT a, (SELECT string_agg(t2.b, ',' ORDER BY t2.v) FILTER (WHERE t2.a = gs_t.a) FROM gs_t t2) FROM gs_t GROUP BY a ORDER BY a;
SELECT a, (SELECT array_agg(DISTINCT t2.v ORDER BY t2.v) FROM gs_t t2 WHERE t2.a = gs_t.a) FROM gs_t GROUP BY CUBE (a) ORDER BY a;
SELECT a, b, percentile_cont(0.5) WITHIN GROUP (ORDER BY v), rank(3) WITHIN GROUP (ORDER BY v) FROM gs_t GROUP BY ROLLUP (a, b) ORDER BY a, b;
SELECT a, percentile_disc(CASE WHEN a IS NULL THEN 1 ELSE 0 END) WITHIN GROUP (ORDER BY v) FROM gs_t GROUP BY ROLLUP (a) ORDER BY a;
SELECT a, string_agg(b, ',' ORDER BY v DESC) FILTER (WHERE v > 1) FROM gs_t GROUP BY ROLLUP (a) ORDER BY a;
SELECT a, count(DISTINCT b) FILTER (WHERE v < 5), array_agg(DISTINCT v ORDER BY v DESC) FROM gs_t GROUP BY GROUPING SETS (a, ()) ORDER BY a;
SELECT (SELECT sum(v) FROM gs_t) AS total, a FROM gs_t GROUP BY ROLLUP (a) ORDER BY a;
SELECT a, sum(v) FROM gs_t GROUP BY ROLLUP (a) HAVING (SELECT count(*) FROM gs_t t2 WHERE t2.a = gs_t.a) > 2 ORDER BY a;
PREPARE gs_p(int) AS SELECT a, b, sum(v) FROM gs_t WHERE v > $1 GROUP BY ROLLUP (a, b) ORDER BY a, b;
EXECUTE gs_p(2);
EXECUTE gs_p(0);
DEALLOCATE gs_p;
SELECT a, b, sum(v) FROM gs_t GROUP BY GROUPING SETS ((a, b), (b, a)) ORDER BY a, b;
SELECT a AS b, b AS a, sum(v) FROM gs_t GROUP BY ROLLUP (a, b) ORDER BY 1, 2;
SELECT sum(v) FROM gs_t GROUP BY ROLLUP (a), CUBE (b), GROUPING SETS ((), a) ORDER BY 1;
SELECT a, b, grouping(a), sum(v) FROM gs_t GROUP BY DISTINCT ROLLUP (a, b), CUBE (b, a) ORDER BY 3, a, b;
SELECT * FROM (SELECT a, grouping(a) g FROM gs_t GROUP BY ROLLUP (a)) s WHERE g = 1;
SELECT a, count(*) FROM gs_t GROUP BY ROLLUP (a) ORDER BY count(*) DESC, a;
SELECT DISTINCT ON (grouping(a)) grouping(a), a FROM gs_t GROUP BY ROLLUP (a) ORDER BY grouping(a), a;
SELECT string_agg(a, ',' ORDER BY a) FROM gs_t GROUP BY ROLLUP (b) ORDER BY 1;
SELECT v, rank(v) WITHIN GROUP (ORDER BY v) FROM gs_t GROUP BY v ORDER BY v;
SELECT rank(v) WITHIN GROUP (ORDER BY v) FROM gs_t;
SELECT count(*) FROM gs_t GROUP BY ROLLUP (a, (b, v)), CUBE ((a, b), v) ORDER BY 1;
-- GROUPING of an enclosing query level's columns
SELECT a, (SELECT count(*) FROM gs_t g2 WHERE grouping(gs_t.a) = 0) FROM gs_t GROUP BY ROLLUP (a) ORDER BY a;
SELECT a, (SELECT grouping(gs_t.a) FROM gs_t g2 LIMIT 1) FROM gs_t GROUP BY ROLLUP (a) ORDER BY a;
SELECT a, b, (SELECT grouping(gs_t.a, gs_t.b) + count(*) FROM gs_t g2 WHERE g2.a = gs_t.a) FROM gs_t GROUP BY CUBE (a, b) ORDER BY a, b;
SELECT a, (SELECT (SELECT grouping(gs_t.a)) FROM gs_t g2 LIMIT 1) FROM gs_t GROUP BY ROLLUP (a) ORDER BY a;
SELECT (SELECT grouping(gs_t.a) FROM gs_t g2 LIMIT 1) FROM gs_t;
SELECT (SELECT grouping(gs_t.b) FROM gs_t g2 LIMIT 1) FROM gs_t GROUP BY a;
SELECT a FROM gs_t GROUP BY a HAVING (SELECT grouping(gs_t.a) FROM gs_t g2 LIMIT 1) = 0 ORDER BY a;
SELECT a FROM gs_t WHERE (SELECT grouping(gs_t.a) FROM gs_t g2 LIMIT 1) = 0 GROUP BY a;
SELECT a, (SELECT grouping(g2.a) FROM gs_t g2 GROUP BY g2.a ORDER BY 1 LIMIT 1) FROM gs_t GROUP BY a ORDER BY a;
SELECT (SELECT grouping(gs_t.a, g2.b) FROM gs_t g2 GROUP BY g2.b LIMIT 1) FROM gs_t GROUP BY a;
DROP TABLE gs_t, gs_n, gs_empty;
