--
-- larger volumes: sorts, hash aggregation, DISTINCT, joins and set
-- operations over ten thousand rows, with the default work_mem and
-- with a small one (PostgreSQL spills to disk; the answers must not change)
--
CREATE TABLE vol_a (id int, k int, s text, n numeric, f float8);
INSERT INTO vol_a SELECT g, g % 997, md5(g::text), g * 1.5, g / 7.0 FROM generate_series(1, 10000) g;
CREATE TABLE vol_b (k int, label text);
INSERT INTO vol_b SELECT g, 'label ' || g FROM generate_series(0, 1999, 2) g;
SELECT count(*), count(DISTINCT k), count(DISTINCT s), sum(id), sum(n), round(sum(f)::numeric, 6) FROM vol_a;
SELECT k, count(*), sum(id), min(s), max(s) FROM vol_a GROUP BY k ORDER BY count(*) DESC, k LIMIT 5;
SELECT k, count(*) FROM vol_a GROUP BY k HAVING count(*) < 31 ORDER BY k LIMIT 5;
SELECT id, s FROM vol_a ORDER BY s LIMIT 5;
SELECT id, s FROM vol_a ORDER BY s DESC LIMIT 5;
SELECT id FROM vol_a ORDER BY k DESC, id LIMIT 5 OFFSET 500;
SELECT count(*) FROM (SELECT DISTINCT k, id % 3 FROM vol_a) d;
SELECT count(*), sum(a.id), count(DISTINCT b.label) FROM vol_a a JOIN vol_b b ON a.k = b.k;
SELECT count(*), count(b.k) FROM vol_a a LEFT JOIN vol_b b ON a.k = b.k;
SELECT count(*) FROM vol_a a WHERE EXISTS (SELECT 1 FROM vol_b b WHERE b.k = a.k);
SELECT count(*) FROM vol_a a WHERE a.k NOT IN (SELECT k FROM vol_b);
SELECT count(*) FROM (SELECT k FROM vol_a UNION SELECT k FROM vol_b) u;
SELECT count(*) FROM (SELECT k FROM vol_a INTERSECT SELECT k FROM vol_b) u;
SELECT count(*) FROM (SELECT k FROM vol_a EXCEPT ALL SELECT k FROM vol_b) u;
SELECT count(*) FROM (SELECT s FROM vol_a UNION ALL SELECT s FROM vol_a) u;
SET work_mem = '64kB';
SELECT count(*), count(DISTINCT k), count(DISTINCT s), sum(id), sum(n) FROM vol_a;
SELECT k, count(*), sum(id), min(s), max(s) FROM vol_a GROUP BY k ORDER BY count(*) DESC, k LIMIT 5;
SELECT id, s FROM vol_a ORDER BY s LIMIT 5;
SELECT id FROM vol_a ORDER BY k DESC, id LIMIT 5 OFFSET 500;
SELECT count(*) FROM (SELECT DISTINCT k, id % 3 FROM vol_a) d;
SELECT count(*), sum(a.id), count(DISTINCT b.label) FROM vol_a a JOIN vol_b b ON a.k = b.k;
SELECT count(*) FROM (SELECT s FROM vol_a UNION SELECT s FROM vol_a) u;
SELECT count(*) FROM (SELECT id, s FROM vol_a ORDER BY s, id) o;
SELECT sum(x) FROM (SELECT id * k AS x FROM vol_a ORDER BY id * k DESC LIMIT 100) t;
RESET work_mem;
UPDATE vol_a SET s = upper(s) WHERE id % 100 = 0;
SELECT count(*) FROM vol_a WHERE s = upper(s);
DELETE FROM vol_a WHERE id % 3 = 0;
SELECT count(*), sum(id) FROM vol_a;
INSERT INTO vol_a SELECT id + 100000, k, s, n, f FROM vol_a WHERE id < 1000;
SELECT count(*), max(id) FROM vol_a;
SELECT count(*) FROM vol_a a1 JOIN vol_a a2 ON a1.id = a2.id + 100000;
DROP TABLE vol_a, vol_b;
