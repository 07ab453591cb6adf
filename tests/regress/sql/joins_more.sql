--
-- more joins: non-equi and OR conditions, anti and semi joins, USING with
-- several columns, NATURAL without common columns, joins of grouped
-- subqueries, four-way joins, NULL keys
--
CREATE TABLE jm_a (x int, y int, name text);
CREATE TABLE jm_b (x int, y int, val numeric);
CREATE TABLE jm_c (z int, label text);
INSERT INTO jm_a VALUES (1, 1, 'a11'), (1, 2, 'a12'), (2, 1, 'a21'), (3, NULL, 'a3n'), (NULL, NULL, 'ann'), (4, 4, 'a44');
INSERT INTO jm_b VALUES (1, 1, 10), (1, 2, 20), (1, 2, 25), (2, 2, 30), (3, NULL, 40), (NULL, NULL, 50), (5, 5, 60);
INSERT INTO jm_c VALUES (10, 'ten'), (20, 'twenty'), (30, 'thirty'), (99, 'none');
SELECT a.name, b.val FROM jm_a a JOIN jm_b b USING (x, y) ORDER BY a.name, b.val;
SELECT x, y, name, val FROM jm_a NATURAL JOIN jm_b ORDER BY name, val;
SELECT x, y, name, val FROM jm_a FULL JOIN jm_b USING (x, y) ORDER BY x NULLS LAST, y NULLS LAST, name NULLS LAST, val NULLS LAST;
SELECT a.name, b.val FROM jm_a a JOIN jm_b b ON a.x = b.x AND a.y < b.y ORDER BY 1, 2;
SELECT a.name, b.val FROM jm_a a JOIN jm_b b ON a.x = b.x OR a.y = b.y ORDER BY 1, 2;
SELECT a.name, b.val FROM jm_a a JOIN jm_b b ON a.x + a.y = b.x + b.y ORDER BY 1, 2;
SELECT a.name, b.val FROM jm_a a JOIN jm_b b ON b.val BETWEEN a.x * 10 AND a.x * 10 + 5 ORDER BY 1, 2;
SELECT a.name, b.val FROM jm_a a LEFT JOIN jm_b b ON a.x = b.x AND b.val > 15 ORDER BY 1, 2;
SELECT a.name FROM jm_a a LEFT JOIN jm_b b ON a.x = b.x WHERE b.x IS NULL ORDER BY 1;
SELECT a.name FROM jm_a a WHERE NOT EXISTS (SELECT 1 FROM jm_b b WHERE b.x = a.x) ORDER BY 1;
SELECT a.name FROM jm_a a WHERE EXISTS (SELECT 1 FROM jm_b b WHERE b.x = a.x AND b.y = a.y) ORDER BY 1;
SELECT a.name FROM jm_a a WHERE (a.x) IN (SELECT b.x FROM jm_b b WHERE b.val > 20) ORDER BY 1;
SELECT a.name, c.label FROM jm_a a NATURAL JOIN jm_c c ORDER BY 1, 2 LIMIT 5;
SELECT count(*) FROM jm_a NATURAL JOIN jm_c;
SELECT a.name, s.total FROM jm_a a JOIN (SELECT x, sum(val) AS total FROM jm_b GROUP BY x) s ON s.x = a.x ORDER BY 1;
SELECT a.name, s.total FROM jm_a a LEFT JOIN (SELECT x, sum(val) AS total FROM jm_b GROUP BY x) s ON s.x = a.x ORDER BY 1;
SELECT a.name, b.val, c.label FROM jm_a a JOIN jm_b b ON a.x = b.x AND a.y = b.y JOIN jm_c c ON c.z = b.val ORDER BY 1;
SELECT a.name, b.val, c.label FROM jm_a a LEFT JOIN jm_b b ON a.x = b.x AND a.y = b.y LEFT JOIN jm_c c ON c.z = b.val ORDER BY 1, 2;
SELECT c.label, b.val, a.name FROM jm_c c LEFT JOIN jm_b b ON b.val = c.z LEFT JOIN jm_a a ON a.x = b.x AND a.y = b.y ORDER BY 1;
SELECT a1.name, a2.name FROM jm_a a1 JOIN jm_a a2 ON a1.x = a2.y AND a1.y = a2.x WHERE a1.name < a2.name ORDER BY 1;
SELECT a1.name, a2.name, b.val FROM jm_a a1 JOIN jm_a a2 ON a1.x = a2.x JOIN jm_b b ON b.x = a2.x AND b.y = a2.y WHERE a1.name <> a2.name ORDER BY 1, 2, 3;
SELECT a.x, count(b.val), sum(b.val), max(b.val) FROM jm_a a LEFT JOIN jm_b b ON a.x = b.x GROUP BY a.x ORDER BY a.x NULLS LAST;
SELECT a.x, count(*) FROM jm_a a JOIN jm_b b ON a.x = b.x GROUP BY a.x HAVING count(*) > 2 ORDER BY 1;
SELECT x, string_agg(name, ',') FROM (SELECT b.x, a.name FROM jm_b b JOIN jm_a a ON a.x = b.x ORDER BY a.name, b.val) j GROUP BY x ORDER BY 1;
SELECT DISTINCT a.x FROM jm_a a JOIN jm_b b ON a.x = b.x ORDER BY 1;
SELECT a.name, b.val FROM jm_a a JOIN jm_b b ON a.x = b.x ORDER BY b.val DESC, a.name LIMIT 3;
SELECT a.name, b.val FROM jm_a a JOIN jm_b b ON a.x = b.x ORDER BY b.val, a.name OFFSET 4;
SELECT * FROM jm_a a JOIN jm_b b ON a.x = b.x AND a.y = b.y AND a.x IS NULL;
SELECT * FROM jm_a a JOIN jm_b b ON a.x IS NOT DISTINCT FROM b.x AND a.y IS NOT DISTINCT FROM b.y ORDER BY a.name, b.val;
SELECT a.name, b.val FROM jm_a a CROSS JOIN jm_b b WHERE a.x = 4 ORDER BY b.val;
SELECT a.name, b.val FROM jm_a a, jm_b b, jm_c c WHERE a.x = b.x AND b.val = c.z ORDER BY 1, 2;
SELECT a.name, b.val FROM jm_a a RIGHT JOIN jm_b b ON a.x = b.x AND a.y = b.y WHERE a.name IS NULL ORDER BY 2;
SELECT COALESCE(a.x, b.x) AS k, a.name, b.val FROM jm_a a FULL JOIN jm_b b ON a.x = b.x AND a.y = b.y ORDER BY k NULLS LAST, a.name NULLS LAST, b.val NULLS LAST;
SELECT count(*), count(a.x), count(b.x) FROM jm_a a FULL JOIN jm_b b ON a.x = b.x;
SELECT x FROM jm_a JOIN jm_b USING (x) ORDER BY x;
SELECT jm_a.x FROM jm_a JOIN jm_b USING (x) ORDER BY 1 LIMIT 2;
SELECT * FROM jm_a JOIN jm_b USING (x) JOIN jm_c ON jm_c.z = jm_b.val ORDER BY name, val;
SELECT * FROM jm_a JOIN jm_b USING (x, x);
SELECT * FROM jm_a JOIN jm_c USING (x);
SELECT * FROM jm_a a JOIN jm_b a ON true;
SELECT * FROM jm_a JOIN jm_b ON x = 1;
UPDATE jm_b SET val = val + 1 FROM jm_a WHERE jm_a.x = jm_b.x AND jm_a.y = jm_b.y AND jm_a.name = 'a12' AND jm_b.val = 20 RETURNING jm_b.x, jm_b.y, jm_b.val;
UPDATE jm_b SET val = val + 1 FROM jm_a WHERE jm_a.x = jm_b.x AND jm_a.y = jm_b.y AND jm_a.name = 'a12' AND jm_b.val <> 21;
DELETE FROM jm_b USING jm_c WHERE jm_b.val = jm_c.z AND jm_c.z = 30 RETURNING jm_b.val, jm_c.label;
DELETE FROM jm_b USING jm_c WHERE jm_b.val = jm_c.z;
SELECT * FROM jm_b ORDER BY val;
DROP TABLE jm_a, jm_b, jm_c;

-- A USING column's merged value is in the common type of its sides
-- (the coerced left side for LEFT, the uncoerced side for an inner join).
CREATE TABLE ju_a (k int, x text);
CREATE TABLE ju_b (k bigint, y text);
INSERT INTO ju_a VALUES (1, 'a'), (2, 'b');
INSERT INTO ju_b VALUES (1, 'c'), (3, 'd');
SELECT k, pg_typeof(k) FROM ju_a JOIN ju_b USING (k);
SELECT k, pg_typeof(k) FROM ju_a LEFT JOIN ju_b USING (k) ORDER BY 1;
SELECT k, pg_typeof(k) FROM ju_a RIGHT JOIN ju_b USING (k) ORDER BY 1;
SELECT k, pg_typeof(k) FROM ju_a FULL JOIN ju_b USING (k) ORDER BY 1;
SELECT * FROM ju_a NATURAL JOIN (SELECT k::numeric AS k FROM ju_b) s;
CREATE TABLE ju_c (k text);
SELECT * FROM ju_a JOIN ju_c USING (k);
CREATE TABLE ju_d (k varchar(10)); CREATE TABLE ju_e (k varchar(20));
INSERT INTO ju_d VALUES ('x'); INSERT INTO ju_e VALUES ('x');
CREATE VIEW ju_v AS SELECT k FROM ju_d JOIN ju_e USING (k);
SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'ju_v'::regclass AND attnum > 0;
DROP VIEW ju_v;
DROP TABLE ju_a, ju_b, ju_c, ju_d, ju_e;
