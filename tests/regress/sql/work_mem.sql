-- Sorts, hash aggregates, aggregates' ORDER BY and DISTINCT input, joins,
-- windows and WITH queries beyond work_mem: with a tiny work_mem they
-- spill to temporary files and must still give exactly the in-memory
-- answers. Results are checked through
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

-- Windows over one partition far beyond work_mem: the partition is kept
-- in a temporary file and every frame is read back from it, with values
-- of every type (numeric, interval, jsonb, text, NULLs).
CREATE TABLE wm_w AS SELECT id, k, n, t, make_interval(secs => id % 977) iv,
  jsonb_build_object('a', id % 13, 'b', t) j FROM wm_t;
SELECT count(*), sum(s), sum(c), md5(string_agg(m, ',' ORDER BY id)) FROM
  (SELECT id, sum(id) OVER w s, count(k) OVER w c, max(t) OVER w m FROM wm_w
   WINDOW w AS (ORDER BY id ROWS BETWEEN 5 PRECEDING AND CURRENT ROW)) q;
SELECT count(*), sum(c), sum(s), max(a) FROM
  (SELECT count(*) OVER () c, sum(n) OVER () s, avg(iv) OVER () a FROM wm_w) q;
SELECT md5(string_agg(concat_ws('/', l, ld, le, j3), ',' ORDER BY id)) FROM
  (SELECT id, lag(n, 3) OVER w l, lead(iv, 1000, '1 day') OVER w ld, lead(j) OVER w le,
          lag(t, id % 7) OVER w j3 FROM wm_w WINDOW w AS (ORDER BY id)) q;
SELECT md5(string_agg(concat_ws('/', f, l, nv, s), ',' ORDER BY id)) FROM
  (SELECT id, first_value(j) OVER w f, last_value(n) OVER w l, nth_value(iv, 4) OVER w nv, sum(n) OVER w s
   FROM wm_w WINDOW w AS (ORDER BY id ROWS BETWEEN 30 PRECEDING AND 20 FOLLOWING EXCLUDE CURRENT ROW)) q;
SELECT md5(string_agg(concat_ws('/', rk, dr, pr, cd, nt), ',' ORDER BY id)) FROM
  (SELECT id, rank() OVER w rk, dense_rank() OVER w dr, percent_rank() OVER w pr,
          cume_dist() OVER w cd, ntile(37) OVER (ORDER BY id) nt FROM wm_w WINDOW w AS (ORDER BY k)) q;
SELECT md5(string_agg(concat_ws('/', s, c, mn), ',' ORDER BY id)) FROM
  (SELECT id, sum(id) OVER w s, count(*) OVER w c, min(id) OVER w mn FROM wm_w
   WINDOW w AS (ORDER BY k RANGE BETWEEN 3 PRECEDING AND 2 FOLLOWING)) q;
SELECT md5(string_agg(concat_ws('/', s, c), ',' ORDER BY id)) FROM
  (SELECT id, sum(id) OVER w s, count(t) OVER w c FROM wm_w
   WHERE id <= 8000 WINDOW w AS (ORDER BY n DESC NULLS FIRST RANGE BETWEEN 1.5 PRECEDING AND 0.5 FOLLOWING EXCLUDE TIES)) q;
SELECT md5(string_agg(concat_ws('/', s, c, f, l), ',' ORDER BY id)) FROM
  (SELECT id, sum(id) OVER w s, count(*) OVER w c, first_value(k / 10) OVER w f, last_value(k / 10) OVER w l FROM wm_w
   WHERE id <= 8000 WINDOW w AS (ORDER BY k / 10 GROUPS BETWEEN 2 PRECEDING AND 1 FOLLOWING EXCLUDE GROUP)) q;
SELECT md5(string_agg(concat_ws('/', s, c), ',' ORDER BY id)) FROM
  (SELECT id, sum(id) OVER w s, count(*) FILTER (WHERE t > 'v2') OVER w c FROM wm_w
   WINDOW w AS (ORDER BY k GROUPS BETWEEN 1 FOLLOWING AND 3 FOLLOWING)) q;
SELECT md5(string_agg(concat_ws('/', s, l), ',' ORDER BY id)) FROM
  (SELECT id, sum(id) OVER w s, last_value(id) OVER w l FROM wm_w
   WINDOW w AS (ORDER BY id DESC ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING)) q;
SELECT md5(string_agg(concat_ws('/', s, a), ',' ORDER BY id)) FROM
  (SELECT id, sum(id) OVER w s, string_agg(t, ',') OVER w a FROM wm_w
   WINDOW w AS (PARTITION BY id % 3 ORDER BY id ROWS BETWEEN 3 PRECEDING AND 1 PRECEDING)) q;
SELECT count(*), sum(s) FROM (SELECT sum(x) OVER (ORDER BY x ROWS BETWEEN 5 PRECEDING AND CURRENT ROW) s
  FROM generate_series(1, 100000) x) q;
SELECT lag(x, 2) OVER (ORDER BY x), nth_value(x, 3) OVER (ORDER BY x RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING)
  FROM generate_series(1, 100000) x ORDER BY x DESC LIMIT 3;

-- An aggregate's ORDER BY and DISTINCT input within one group beyond
-- work_mem goes through the external sort.
SELECT md5(string_agg(t, ',' ORDER BY t DESC, id)), count(DISTINCT t), count(DISTINCT n), sum(DISTINCT k) FROM wm_w;
SELECT md5(string_agg(j::text, ';' ORDER BY j, id)), count(DISTINCT iv), md5(array_agg(DISTINCT iv ORDER BY iv)::text) FROM wm_w;
SELECT k % 3 g, md5(string_agg(t, ',' ORDER BY n, id)), count(DISTINCT (t, k)), sum(DISTINCT id % 1000) FROM wm_w GROUP BY 1 ORDER BY 1;
SELECT count(DISTINCT x), sum(x ORDER BY x DESC) FROM generate_series(1, 100000) x;
DROP TABLE wm_w;

RESET work_mem;
DROP TABLE wm_t;
-- ORDER BY ... LIMIT whose bounded sort outgrows work_mem goes external
SET work_mem = '64kB';
SELECT count(*), sum(x), md5(string_agg(x::text, ',')) FROM (SELECT g x FROM generate_series(1,200000) g ORDER BY g % 1000, g LIMIT 150000) s;
SELECT count(*), sum(x) FROM (SELECT g x FROM generate_series(1,100000) g ORDER BY g % 7, g DESC LIMIT 20000 OFFSET 5) s;
SELECT count(*) FROM (SELECT g x FROM generate_series(1,100000) g ORDER BY g % 2 FETCH FIRST 3 ROWS WITH TIES) s;
SELECT x FROM (SELECT g x FROM generate_series(1,100000) g ORDER BY g DESC LIMIT 3) s;
RESET work_mem;
