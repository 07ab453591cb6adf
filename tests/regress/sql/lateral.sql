--
-- lateral: LATERAL subqueries and functions in FROM reading the items
-- before them
--
CREATE TABLE lt (id int, grp text, v int);
INSERT INTO lt VALUES (1, 'a', 10), (2, 'a', 20), (3, 'b', 5), (4, 'b', 7), (5, 'c', 1);
SELECT * FROM generate_series(1,3) a, generate_series(1, a) b ORDER BY 1, 2;
SELECT * FROM generate_series(1,3) a, LATERAL generate_series(1, a) b ORDER BY 1, 2;
SELECT g.grp, top.id, top.v FROM (SELECT DISTINCT grp FROM lt) g, LATERAL (SELECT id, v FROM lt WHERE lt.grp = g.grp ORDER BY v DESC LIMIT 1) top ORDER BY 1;
SELECT g.grp, top.id FROM (VALUES ('a'), ('b'), ('z')) g(grp) LEFT JOIN LATERAL (SELECT id FROM lt WHERE lt.grp = g.grp ORDER BY id LIMIT 1) top ON true ORDER BY 1;
SELECT g.grp, top.id FROM (VALUES ('a'), ('b'), ('z')) g(grp) JOIN LATERAL (SELECT id FROM lt WHERE lt.grp = g.grp) top ON top.id > 1 ORDER BY 1, 2;
SELECT l.id, x FROM lt l, LATERAL (SELECT l.v * 2 AS x) s ORDER BY 1;
SELECT l.id, s.* FROM lt l CROSS JOIN LATERAL (SELECT count(*) AS n, max(l2.v) AS m FROM lt l2 WHERE l2.v < l.v) s ORDER BY 1;
SELECT l.id, u FROM lt l, LATERAL unnest(ARRAY[l.id, l.v]) u ORDER BY 1, 2;
SELECT * FROM lt l, LATERAL (SELECT * FROM lt l2 WHERE l2.id = l.id + 1) n ORDER BY 1;
SELECT * FROM (VALUES (1), (2)) a(x), LATERAL (SELECT x + 1 AS y) b, LATERAL (SELECT y * 10 AS z) c ORDER BY 1;
SELECT * FROM (VALUES (1), (2)) a(x) RIGHT JOIN LATERAL (SELECT x AS y) b ON true;
SELECT * FROM (VALUES (1), (2)) a(x) FULL JOIN LATERAL (SELECT x AS y) b ON true;
SELECT * FROM (SELECT a.x) s, (VALUES (1)) a(x);
SELECT * FROM (VALUES (1)) a(x), (SELECT a.x) s;
SELECT (SELECT sum(y) FROM (VALUES (1), (2)) a(x), LATERAL (SELECT x * o.id AS y) s) FROM lt o ORDER BY id;
SELECT * FROM lt l, LATERAL (SELECT l.id WHERE l.v > 6) s(k) ORDER BY 1;
DROP TABLE lt;
CREATE TABLE lt2 (k int, tags text[]);
INSERT INTO lt2 VALUES (1, '{a,b}'), (2, '{}'), (3, NULL), (4, '{c}');
SELECT k, t FROM lt2, unnest(tags) t ORDER BY 1, 2;
SELECT k, t FROM lt2 LEFT JOIN LATERAL unnest(tags) t ON true ORDER BY 1, 2;
SELECT k, t, n FROM lt2, unnest(tags) WITH ORDINALITY AS u(t, n) ORDER BY 1, 3;
SELECT k, x FROM lt2 JOIN LATERAL (SELECT array_length(lt2.tags, 1) AS x) s ON x IS NOT NULL ORDER BY 1;
SELECT * FROM lt2 a, LATERAL (SELECT b.k FROM lt2 b WHERE b.k > a.k ORDER BY b.k LIMIT 1) n ORDER BY 1;
SELECT * FROM lt2 a JOIN lt2 b ON a.k = b.k, LATERAL (SELECT a.k + b.k AS s) x ORDER BY 1;
SELECT * FROM LATERAL (SELECT 1 AS one) s;
SELECT * FROM lt2 a, LATERAL (SELECT * FROM (SELECT a.k AS kk) q) n ORDER BY 1;
WITH w AS (SELECT 2 AS m) SELECT k, p FROM lt2, w, LATERAL (SELECT k * w.m AS p) s ORDER BY 1;
DROP TABLE lt2;
-- LATERAL over a grouped subquery and with LIMIT (from grouping_sets_pending)
CREATE TABLE lt_gs (a text, b text, v int);
INSERT INTO lt_gs VALUES ('x', 'p', 1), ('x', 'q', 2), ('y', 'p', 3), ('y', 'q', 4), ('y', 'q', 5);
SELECT g.a, l.m FROM (SELECT DISTINCT a FROM lt_gs) g, LATERAL (SELECT max(v) AS m FROM lt_gs WHERE lt_gs.a = g.a) l ORDER BY g.a;
SELECT g.a, l.v FROM (SELECT DISTINCT a FROM lt_gs) g LEFT JOIN LATERAL (SELECT v FROM lt_gs WHERE lt_gs.a = g.a ORDER BY v DESC LIMIT 2) l ON true ORDER BY 1, 2;
DROP TABLE lt_gs;
-- LATERAL inside a correlated subquery: conditions pushed down to the
-- lateral side read the subquery's own row and the enclosing query's, a
-- LATERAL subquery that reads only the enclosing query (first in FROM
-- or not), and function arguments reading the enclosing query.
CREATE TABLE la (x int);
INSERT INTO la VALUES (1), (2), (3), (NULL);
CREATE TABLE lb (y int);
INSERT INTO lb VALUES (2), (3), (4);
SELECT x, (SELECT count(*) FROM lb, LATERAL (SELECT lb.y + la.x AS z) q WHERE q.z > la.x + 2) FROM la ORDER BY 1;
SELECT x, (SELECT count(*) FROM lb, LATERAL (SELECT lb.y + la.x AS z WHERE la.x > 1) q) FROM la ORDER BY 1;
SELECT x, (SELECT max(q.z) FROM lb LEFT JOIN LATERAL (SELECT lb.y * la.x AS z) q ON q.z > 5) FROM la ORDER BY 1;
SELECT x, (SELECT sum(q.z) FROM lb, LATERAL (SELECT la.x * 10 AS z) q) FROM la ORDER BY 1;
SELECT x, (SELECT q.z FROM LATERAL (SELECT la.x AS z) q) FROM la ORDER BY 1;
SELECT x, (SELECT sum(q.z) FROM LATERAL (SELECT la.x AS z) q, lb WHERE q.z < lb.y) FROM la ORDER BY 1;
SELECT x, (SELECT sum(g) FROM lb, LATERAL generate_series(lb.y, la.x + 3) g) FROM la ORDER BY 1;
SELECT x, (SELECT s.z FROM (SELECT la.x * 10 AS z) s) FROM la ORDER BY 1;
SELECT * FROM la, LATERAL (SELECT * FROM lb, LATERAL (SELECT la.x + lb.y AS w) r WHERE r.w > 4) s ORDER BY 1, 2;
SELECT * FROM la, LATERAL (SELECT * FROM LATERAL (SELECT la.x * 2 AS w) r) s ORDER BY 1, 2;
SELECT * FROM la LEFT JOIN LATERAL (SELECT count(*) c FROM lb WHERE lb.y < la.x) s ON true ORDER BY 1;
SELECT * FROM la, LATERAL (SELECT la.x AS a UNION ALL SELECT la.x + 1) s WHERE s.a > 1 ORDER BY 1, 2;
SELECT * FROM la LEFT JOIN LATERAL generate_series(1, la.x) g ON g > 1 ORDER BY 1, 2;
-- The inner side streams: a large one per outer row needs no memory.
SELECT count(*), sum(b) FROM generate_series(1, 3) a, LATERAL generate_series(1, 400000) b;
DROP TABLE la, lb;
