-- Sorts, hash aggregates, joins, windows and WITH queries beyond
-- work_mem: with a tiny work_mem they spill to temporary files and must
-- still give exactly the in-memory answers. Results are checked through
-- aggregates (sums, md5 of ordered concatenations) rather than listed.
SET work_mem = '64kB';
SHOW work_mem;
SHOW hash_mem_multiplier;

CREATE TABLE wm_t (id int, k int, t text, n numeric, f float8);
INSERT INTO wm_t
  SELECT x, (x * 7919) % 1013, 'v' || ((x * 1009) % 5003), ((x * 31) % 997) / 7.0, ((x * 13) % 101) * 0.5
  FROM generate_series(1, 40000) x;
UPDATE wm_t SET k = NULL WHERE id % 97 = 0;
UPDATE wm_t SET t = NULL WHERE id % 89 = 0;
SELECT count(*), count(k), count(t) FROM wm_t;

-- ORDER BY: the order is checked through string_agg over the sorted rows.
SELECT md5(string_agg(id::text, ',')) FROM (SELECT id FROM wm_t ORDER BY k, id OFFSET 0) s;
SELECT md5(string_agg(id::text, ',')) FROM (SELECT id FROM wm_t ORDER BY k DESC NULLS LAST, t, id OFFSET 0) s;
SELECT md5(string_agg(id::text, ',')) FROM (SELECT id FROM wm_t ORDER BY t NULLS FIRST, n DESC, id OFFSET 0) s;
SELECT md5(string_agg(id::text, ',')) FROM (SELECT id FROM wm_t ORDER BY n, f DESC, id OFFSET 0) s;
SELECT md5(string_agg(x::text, ',')) FROM (SELECT x FROM generate_series(1, 60000) x ORDER BY (x * 7919) % 60013 OFFSET 0) s;
SELECT id, k, t, n FROM wm_t ORDER BY t DESC NULLS LAST, id LIMIT 5;
SELECT id, k, t, n FROM wm_t ORDER BY n DESC, id DESC LIMIT 3 OFFSET 20000;

-- DISTINCT and DISTINCT ON.
SELECT count(*), sum(k), md5(string_agg(t, ',' ORDER BY t, k)) FROM (SELECT DISTINCT k, t FROM wm_t) s;
SELECT count(*), sum(id) FROM (SELECT DISTINCT ON (t) t, id FROM wm_t ORDER BY t, id DESC) s;

-- Hash aggregation.
SELECT count(*), sum(c), sum(s), sum(mx) FROM (SELECT t, count(*) c, sum(id) s, max(n) mx FROM wm_t GROUP BY t) s;
SELECT count(*), sum(c) FROM (SELECT id % 20011 g, count(*) c FROM wm_t GROUP BY 1) s;
SELECT count(*), md5(string_agg(l, ';' ORDER BY g)) FROM
  (SELECT k g, string_agg(id::text, ',' ORDER BY id DESC) l FROM wm_t GROUP BY k) s;
SELECT count(*), sum(d), sum(a) FROM (SELECT k, count(DISTINCT t) d, avg(f)::numeric(10,4) a FROM wm_t GROUP BY k) s;
SELECT count(*), sum(c), count(k), count(t) FROM
  (SELECT k, t, count(*) c FROM wm_t GROUP BY GROUPING SETS ((k), (t), (k, t), ())) s;
SELECT count(*), sum(c) FROM (SELECT k % 10 a, t, count(*) c FROM wm_t GROUP BY ROLLUP (k % 10, t)) s;
SELECT count(*), sum(m) FROM (SELECT t, percentile_disc(0.5) WITHIN GROUP (ORDER BY id) m FROM wm_t GROUP BY t) s;
SELECT t, count(*) FROM wm_t GROUP BY t HAVING count(*) > 13 ORDER BY 2 DESC, 1 LIMIT 4;

-- Set operations.
SELECT count(*) FROM (SELECT t FROM wm_t UNION SELECT 'w' || x FROM generate_series(1, 3000) x) s;
SELECT count(*) FROM (SELECT k, t FROM wm_t INTERSECT SELECT k, t FROM wm_t WHERE id % 3 = 0) s;
SELECT count(*) FROM (SELECT id % 5000 FROM wm_t EXCEPT ALL SELECT x FROM generate_series(1, 2000) x) s;
SELECT count(*), sum(k) FROM (SELECT k, t FROM wm_t EXCEPT SELECT k, t FROM wm_t WHERE id % 2 = 0) s;
SELECT count(*), sum(k) FROM (SELECT k FROM wm_t INTERSECT ALL SELECT k FROM wm_t WHERE id % 5 = 0) s;
SELECT count(*), md5(string_agg(t, ',' ORDER BY t)) FROM (SELECT t FROM wm_t UNION SELECT t || 'x' FROM wm_t) s;

-- Joins.
SELECT count(*), sum(a.id + b.id) FROM wm_t a JOIN wm_t b ON a.id = b.id + 1;
SELECT count(*), sum(b.id), count(b.id) FROM wm_t a LEFT JOIN wm_t b ON a.t = b.t AND b.id % 50 = 0 WHERE a.id % 7 = 0;
SELECT count(*), count(a.id), count(b.x) FROM (SELECT * FROM wm_t WHERE id <= 30000) a
  FULL JOIN generate_series(20000, 50000) b(x) ON a.id = b.x;
SELECT count(*), count(a.id), count(b.id), sum(a.id), sum(b.id) FROM wm_t a
  FULL JOIN wm_t b ON a.t = b.t AND a.k % 3 = b.k % 3 AND a.id % 1000 = b.id % 1000;
SELECT count(*), count(b.id), sum(b.id) FROM wm_t b RIGHT JOIN wm_t a ON a.id = b.id + 7 WHERE a.id % 2 = 0;
SELECT count(*), sum(a.id) FROM wm_t a JOIN wm_t b ON a.n = b.k / 7.0 AND b.id < 2000;
SELECT count(*), sum(b.id), md5(string_agg(b.t, ',' ORDER BY b.id)) FROM (SELECT * FROM wm_t WHERE id <= 50) a
  JOIN wm_t b ON b.id BETWEEN a.id * 10 AND a.id * 10 + 5;
SELECT count(*), count(b.id), sum(b.id) FROM (SELECT * FROM wm_t WHERE id <= 60) a
  LEFT JOIN wm_t b ON b.id < a.id - 50 AND b.t > 'v4';

-- Window functions.
SELECT sum(rn), sum(rk * 2 + dr), md5(string_agg(id::text, ',' ORDER BY id)) FROM
  (SELECT id, row_number() OVER (PARTITION BY k ORDER BY t, id) rn,
          rank() OVER (PARTITION BY k ORDER BY t) rk,
          dense_rank() OVER (ORDER BY n) dr FROM wm_t) s;
SELECT sum(s), sum(l), count(l) FROM
  (SELECT sum(id) OVER (PARTITION BY t ORDER BY id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) s,
          lag(id, 3) OVER (ORDER BY k, id) l FROM wm_t) q;
SELECT sum(c) FROM (SELECT count(*) OVER (PARTITION BY id % 3) c FROM wm_t) s;

-- WITH queries.
WITH w AS MATERIALIZED (SELECT id, t FROM wm_t ORDER BY t, id)
SELECT count(*), sum(a.id) FROM w a JOIN w b ON a.id = b.id WHERE a.t < 'v3';
WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r WHERE x < 30000)
SELECT count(*), sum(x), md5(string_agg(x::text, ',' ORDER BY x DESC)) FROM r;
WITH RECURSIVE r(x, d) AS (SELECT g, 0 FROM generate_series(1, 20000) g
  UNION ALL SELECT x + 1, d + 1 FROM r WHERE d < 4)
SELECT count(*), sum(x), sum(d), md5(string_agg(x::text || '/' || d, ',' ORDER BY d, x)) FROM r;
WITH RECURSIVE r(x) AS (SELECT g FROM generate_series(1, 5000) g
  UNION SELECT (x * 7) % 20011 FROM r)
SELECT count(*), sum(x) FROM r;
WITH w AS MATERIALIZED (SELECT id, t FROM wm_t)
SELECT (SELECT count(*) FROM w), (SELECT sum(id) FROM w WHERE id > 30000), count(*) FROM w WHERE t = 'v7';
WITH w AS MATERIALIZED (SELECT id, k, t FROM wm_t)
SELECT count(*), sum(a.id * b.k) FROM w a JOIN w b ON a.id = b.id * 3 WHERE b.t IS NOT NULL;

-- A WITH query first read inside a subquery, then outside it; a
-- subquery abandoning its spilled sort after one row, for each outer row.
WITH w AS MATERIALIZED (SELECT x FROM generate_series(1, 30000) x ORDER BY x % 1000 DESC, x)
SELECT (SELECT max(x) FROM (SELECT x FROM w LIMIT 10) s), (SELECT sum(x) FROM w), count(*), md5(string_agg(x::text, ',')) FROM w;
SELECT o, (SELECT x FROM generate_series(1, 30000) x ORDER BY (x * 7 + o) % 30011 LIMIT 1) FROM generate_series(1, 6) o ORDER BY o;

-- temp_file_limit stops a statement whose temporary files grow past it.
SET temp_file_limit = '64kB';
SELECT md5(string_agg(id::text, ',')) FROM (SELECT id FROM wm_t ORDER BY t, id OFFSET 0) s;
RESET temp_file_limit;
SELECT count(*) FROM (SELECT id FROM wm_t ORDER BY t, id OFFSET 0) s;

RESET work_mem;
DROP TABLE wm_t;
-- ORDER BY ... LIMIT whose bounded sort outgrows work_mem goes external
SET work_mem = '64kB';
SELECT count(*), sum(x), md5(string_agg(x::text, ',')) FROM (SELECT g x FROM generate_series(1,200000) g ORDER BY g % 1000, g LIMIT 150000) s;
SELECT count(*), sum(x) FROM (SELECT g x FROM generate_series(1,100000) g ORDER BY g % 7, g DESC LIMIT 20000 OFFSET 5) s;
SELECT count(*) FROM (SELECT g x FROM generate_series(1,100000) g ORDER BY g % 2 FETCH FIRST 3 ROWS WITH TIES) s;
SELECT x FROM (SELECT g x FROM generate_series(1,100000) g ORDER BY g DESC LIMIT 3) s;
RESET work_mem;
