--
-- correlated: subqueries in FROM inside correlated subqueries, and
-- aggregates of an enclosing query written inside a subquery
--
CREATE TABLE co (k int, g int);
INSERT INTO co VALUES (1, 1), (2, 1), (3, 2);
SELECT k, (SELECT string_agg(y::text, ',') FROM (SELECT z + o.k AS y FROM generate_series(1,2) z) q) FROM co o ORDER BY k;
SELECT k, (SELECT sum(y) FROM (SELECT o.k AS y) q) FROM co o ORDER BY k;
SELECT k, (SELECT max(y) FROM (SELECT z * o.k AS y FROM generate_series(1,3) z WHERE z < o.k) q) FROM co o ORDER BY k;
SELECT g, (SELECT string_agg(y::text, ',') FROM (SELECT z + o.k AS y FROM generate_series(1,2) z) q) FROM co o GROUP BY g ORDER BY g;
SELECT g, (SELECT count(*) FROM (SELECT o.g) q) FROM co o GROUP BY g ORDER BY g;
SELECT k FROM co o WHERE EXISTS (SELECT 1 FROM (SELECT o.k AS y) q WHERE y > 1) ORDER BY k;
DROP TABLE co;
CREATE TABLE co (k int, g int);
INSERT INTO co VALUES (1, 1), (2, 1), (3, 2);
SELECT g, (SELECT count(*) FROM co c2 JOIN co c3 ON c2.k = c3.k AND c3.g = o.g) FROM co o GROUP BY g ORDER BY g;
SELECT g, (SELECT count(*) FROM co c2 JOIN co c3 ON c2.k = c3.k AND c3.k = o.k) FROM co o GROUP BY g ORDER BY g;
SELECT g, (SELECT x FROM (VALUES (o.g * 10)) v(x)) FROM co o GROUP BY g ORDER BY g;
SELECT g, (SELECT sum(s) FROM generate_series(1, o.g) s) FROM co o GROUP BY g ORDER BY g;
SELECT g, (SELECT y FROM (SELECT o.g AS y UNION ALL SELECT 0) u ORDER BY y DESC LIMIT 1) FROM co o GROUP BY g ORDER BY g;
SELECT g, (WITH w AS (SELECT o.g + 1 AS y) SELECT y FROM w) FROM co o GROUP BY g ORDER BY g;
SELECT g, sum(k), (SELECT max(y) FROM (SELECT sum(o.k) + z AS y FROM generate_series(1, 2) z) q) FROM co o GROUP BY g ORDER BY g;
SELECT k, (SELECT y FROM (SELECT o.k AS y UNION SELECT o.k + 1) u ORDER BY y LIMIT 1 OFFSET 1) FROM co o ORDER BY k;
SELECT k, (SELECT count(*) FROM co c2 LEFT JOIN co c3 ON c3.k = c2.k + o.k) FROM co o ORDER BY k;
DROP TABLE co;
CREATE TABLE co (k int, g int);
INSERT INTO co VALUES (1, 1), (2, 1), (3, 2);
SELECT (SELECT sum(o.k)) FROM co o;
SELECT (SELECT sum(o.k) FROM co c2 WHERE c2.k = 1) FROM co o;
SELECT g, (SELECT sum(o.k) + 1) FROM co o GROUP BY g ORDER BY g;
SELECT g, sum(k), (SELECT max(y) FROM (SELECT sum(o.k) + z AS y FROM generate_series(1, 2) z) q) FROM co o GROUP BY g ORDER BY g;
SELECT g, (SELECT sum(o.k) + count(*) FROM co c2) FROM co o GROUP BY g ORDER BY g;
SELECT g, (SELECT sum(o.k + c2.k) FROM co c2) FROM co o GROUP BY g ORDER BY g;
SELECT * FROM co o WHERE (SELECT sum(o.k)) > 1;
SELECT (SELECT 1 FROM co c2 WHERE c2.k = sum(o.k)) FROM co o;
SELECT (SELECT c2.k FROM co c2 WHERE c2.k = max(o.k)) FROM co o;
SELECT g FROM co o GROUP BY g HAVING (SELECT sum(o.k)) > 2 ORDER BY g;
SELECT count(*), (SELECT count(o.*)) FROM co o;
SELECT (SELECT string_agg(o.k::text, ',' ORDER BY o.k DESC)) FROM co o;
SELECT k, (SELECT sum(o.k) FILTER (WHERE o.k > 1)) FROM co o;
DROP TABLE co;
