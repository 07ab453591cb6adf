-- A table scan decodes only the columns the plan above it reads. Every
-- statement here reads a column in one place only (a filter, a sort key,
-- a grouping key, a correlated subquery, a whole-row reference, ...), so
-- a column wrongly left out would show as NULL or a wrong row.
CREATE TABLE sc (a int, b text, c int, d numeric, e text, f int);
INSERT INTO sc SELECT i, 'b' || i, i % 3, i * 1.5, repeat('e', i), 10 - i
  FROM generate_series(1, 9) i;
INSERT INTO sc VALUES (10, NULL, NULL, NULL, NULL, NULL);
-- A value stored out of line (TOAST) in a column few statements read.
INSERT INTO sc VALUES (11, 'big', 2, 0, (SELECT string_agg(md5(g::text), '') FROM generate_series(1, 400) g), 0);
ALTER TABLE sc DROP COLUMN f;
ALTER TABLE sc ADD COLUMN g int DEFAULT 7;
INSERT INTO sc VALUES (12, 'b12', 0, 18, 'eeee', 5);
CREATE TABLE sc2 (a int, x text, y int);
INSERT INTO sc2 SELECT i, 'x' || i, i * 100 FROM generate_series(1, 12, 2) i;

SELECT count(*) FROM sc;
SELECT count(e) FROM sc;
SELECT length(e) FROM sc WHERE a = 11;
SELECT a FROM sc WHERE b LIKE 'b1%' ORDER BY a;
SELECT a FROM sc ORDER BY d DESC NULLS LAST, a;
SELECT c, count(*) FROM sc GROUP BY c ORDER BY c;
SELECT c FROM sc GROUP BY c HAVING max(a) > 10 ORDER BY c;
SELECT count(*) FILTER (WHERE d > 5), sum(a) FILTER (WHERE e LIKE 'eee%') FROM sc;
SELECT string_agg(b, ',' ORDER BY d DESC) FROM sc WHERE c = 1;
SELECT array_agg(a ORDER BY b) FROM sc WHERE a < 5;
SELECT DISTINCT ON (c) a FROM sc ORDER BY c, d DESC;
SELECT DISTINCT c FROM sc ORDER BY c;
SELECT a, row_number() OVER (PARTITION BY c ORDER BY d) FROM sc ORDER BY a;
SELECT a, sum(a) OVER (ORDER BY d ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM sc ORDER BY a;
SELECT a, first_value(b) OVER (PARTITION BY c ORDER BY a) FROM sc ORDER BY a;
SELECT a, g FROM sc ORDER BY a;
SELECT a FROM sc WHERE g = 5;
SELECT a, (SELECT y FROM sc2 WHERE sc2.a = sc.a) FROM sc ORDER BY a;
SELECT a FROM sc WHERE EXISTS (SELECT 1 FROM sc2 WHERE sc2.y = sc.c * 100 + 100) ORDER BY a;
SELECT a FROM sc WHERE d > (SELECT avg(d) FROM sc) ORDER BY a;
SELECT a FROM sc WHERE c IN (SELECT y / 300 FROM sc2) ORDER BY a;
SELECT a FROM sc WHERE b = ANY (ARRAY['b2', 'b4', 'b12']) ORDER BY a;
SELECT a FROM sc WHERE (c, g) = (0, 7) ORDER BY a;
SELECT sc FROM sc WHERE a = 3;
SELECT row_to_json(sc) FROM sc WHERE a = 12;
SELECT count(sc.*) FROM sc;
SELECT a, (sc).b FROM sc WHERE a = 2;
SELECT s.a, s.b FROM sc s JOIN sc2 USING (a) ORDER BY 1;
SELECT sc.a FROM sc JOIN sc2 ON sc.c * 100 = sc2.y - 100 ORDER BY 1;
SELECT sc.a, sc2.x FROM sc LEFT JOIN sc2 ON sc.a = sc2.a AND sc.d > 4 ORDER BY 1;
SELECT sc.a, sc2.a FROM sc FULL JOIN sc2 ON sc.a + 1 = sc2.a AND sc.d > 6 ORDER BY 1, 2;
SELECT sc.a, l.y FROM sc, LATERAL (SELECT y FROM sc2 WHERE sc2.a = sc.c) l ORDER BY 1;
SELECT sc.a, g.n FROM sc, generate_series(1, sc.c) g(n) WHERE sc.a < 4 ORDER BY 1, 2;
SELECT a, generate_series(1, c) FROM sc WHERE a BETWEEN 4 AND 6 ORDER BY 1, 2;
SELECT b FROM sc WHERE a < 3 UNION SELECT x FROM sc2 WHERE y < 400 ORDER BY 1;
SELECT c FROM sc EXCEPT SELECT y / 100 FROM sc2 ORDER BY 1;
WITH w AS (SELECT a, d FROM sc WHERE c = 2) SELECT a FROM w WHERE d > 3 ORDER BY a;
WITH w AS MATERIALIZED (SELECT * FROM sc) SELECT count(*), max(b) FROM w;
WITH RECURSIVE r(n, s) AS (SELECT a, b FROM sc WHERE a = 1 UNION ALL
  SELECT sc.a, sc.b FROM r JOIN sc ON sc.a = r.n + 4) SELECT * FROM r;
SELECT a FROM (SELECT a, d FROM sc) s WHERE d < 3 ORDER BY a;
SELECT t.a FROM (SELECT a, b, c FROM sc ORDER BY d LIMIT 3) t ORDER BY 1;
SELECT a FROM sc ORDER BY d DESC NULLS LAST LIMIT 2;
SELECT * FROM (SELECT a FROM sc ORDER BY c FETCH FIRST 1 ROWS WITH TIES) s ORDER BY a;
SELECT c, a, grouping(c) FROM sc GROUP BY GROUPING SETS ((c), (a)) HAVING min(d) > 12 ORDER BY 1, 2;
SELECT CASE WHEN c = 1 THEN b ELSE e END FROM sc WHERE a IN (1, 2) ORDER BY 1;
SELECT coalesce(b, 'none') FROM sc WHERE a = 10;
SELECT a, ctid, xmin = xmin FROM sc WHERE a = 1;
CREATE VIEW scv AS SELECT a, b, d * 2 AS dd FROM sc WHERE c <> 0;
SELECT count(*) FROM scv;
SELECT b FROM scv WHERE dd > 20 ORDER BY b;
PREPARE scp(int) AS SELECT b FROM sc WHERE c = $1 ORDER BY a;
EXECUTE scp(2);
DEALLOCATE scp;

-- ORDER BY ... LIMIT over one table sorts the keys and the rows' places,
-- then reads the rows that make the cut again.
SELECT * FROM sc ORDER BY d DESC NULLS LAST, a LIMIT 3;
SELECT a, b, length(e) FROM sc ORDER BY d LIMIT 2 OFFSET 3;
SELECT b, e FROM sc WHERE c = 2 ORDER BY a DESC LIMIT 2;
SELECT b, a FROM sc ORDER BY a % 4, a DESC LIMIT 5;
SELECT b FROM sc ORDER BY c NULLS FIRST FETCH FIRST 1 ROW WITH TIES;
SELECT b, 42 AS k FROM sc ORDER BY g, a LIMIT 2;
SELECT e FROM sc ORDER BY a LIMIT 0;
SELECT b FROM sc ORDER BY a LIMIT NULL OFFSET 10;
SELECT length(e), a FROM sc ORDER BY length(e) DESC NULLS LAST LIMIT 1;
BEGIN;
UPDATE sc SET b = 'changed' WHERE a = 2;
DELETE FROM sc WHERE a = 3;
SELECT a, b FROM sc ORDER BY a LIMIT 3;
WITH u AS (UPDATE sc SET b = 'again' WHERE a = 4 RETURNING a) SELECT a, b FROM sc ORDER BY a LIMIT 3;
SELECT a, b FROM sc ORDER BY a LIMIT 3;
ROLLBACK;

-- Writes read every column of their target.
UPDATE sc SET c = c + 10 WHERE a = 1 RETURNING *;
UPDATE sc SET d = sc2.y FROM sc2 WHERE sc.a = sc2.a AND sc2.y > 800 RETURNING sc.a, sc.b, sc.d, length(sc.e), sc.g;
DELETE FROM sc USING sc2 WHERE sc.a = sc2.a + 1 AND sc2.x = 'x3' RETURNING sc.*, sc2.y;
CREATE TABLE sc3 (a int, b text);
INSERT INTO sc3 SELECT a, e FROM sc WHERE c = 2;
SELECT a, length(b) FROM sc3 ORDER BY a;
MERGE INTO sc3 USING sc ON sc3.a = sc.a WHEN MATCHED THEN UPDATE SET b = sc.b
  WHEN NOT MATCHED AND sc.a < 3 THEN INSERT VALUES (sc.a, sc.e);
SELECT * FROM sc3 ORDER BY a;
SELECT a, b, c, d, length(e), g FROM sc ORDER BY a;

DROP VIEW scv;
DROP TABLE sc, sc2, sc3;
