-- Sorts on an integer-like key, in memory and beyond a tiny work_mem:
-- a Sort of one integer column and an aggregate's DISTINCT or ORDER BY
-- input of one integer argument sort the values alone; wider rows sort
-- on the key as a word, then on the other keys. NULLs, DESC, NULLS
-- FIRST/LAST, negative values and the extremes of each type. Results are
-- checked through aggregates over the sorted rows.
CREATE TABLE sv_t (id int, a int, b bigint, c smallint, d date, ts timestamp, s text);
INSERT INTO sv_t
  SELECT x, (x * 7919) % 2003 - 1000, (x::bigint * 2654435761) % 1000003 - 500000,
         ((x * 31) % 601 - 300)::smallint, date '2000-01-01' + (x * 13) % 4001,
         timestamp '2001-02-03 04:05:06' + ((x * 17) % 997) * interval '1 hour', md5(x::text)
  FROM generate_series(1, 30000) x;
UPDATE sv_t SET a = NULL WHERE id % 53 = 0;
UPDATE sv_t SET b = NULL WHERE id % 59 = 0;
UPDATE sv_t SET c = NULL WHERE id % 61 = 0;
UPDATE sv_t SET d = NULL WHERE id % 67 = 0;
INSERT INTO sv_t VALUES (30001, -2147483648, -9223372036854775808, -32768, '4713-01-01 BC', '4713-01-01 BC', 'min'),
  (30002, 2147483647, 9223372036854775807, 32767, '5874897-12-31', '294276-12-31 23:59:59', 'max'),
  (30003, NULL, NULL, NULL, NULL, NULL, NULL);

-- In memory first, then with work_mem small enough for many runs.
SHOW work_mem;
SELECT count(DISTINCT a), count(DISTINCT b), count(DISTINCT c), count(DISTINCT d), count(DISTINCT ts) FROM sv_t;
SELECT sum(DISTINCT a), sum(DISTINCT b), sum(DISTINCT c), min(a), max(b) FROM sv_t;
SELECT md5(string_agg(a::text, ',')) FROM (SELECT a FROM sv_t ORDER BY a OFFSET 0) q;
SET work_mem = '64kB';
SELECT count(DISTINCT a), count(DISTINCT b), count(DISTINCT c), count(DISTINCT d), count(DISTINCT ts) FROM sv_t;
SELECT sum(DISTINCT a), sum(DISTINCT b), sum(DISTINCT c), min(a), max(b) FROM sv_t;

-- One column sorted: every order of NULLs and direction.
SELECT md5(string_agg(coalesce(a::text, 'N'), ',')) FROM (SELECT a FROM sv_t ORDER BY a OFFSET 0) q;
SELECT md5(string_agg(coalesce(a::text, 'N'), ',')) FROM (SELECT a FROM sv_t ORDER BY a DESC OFFSET 0) q;
SELECT md5(string_agg(coalesce(a::text, 'N'), ',')) FROM (SELECT a FROM sv_t ORDER BY a NULLS FIRST OFFSET 0) q;
SELECT md5(string_agg(coalesce(a::text, 'N'), ',')) FROM (SELECT a FROM sv_t ORDER BY a DESC NULLS LAST OFFSET 0) q;
SELECT md5(string_agg(coalesce(b::text, 'N'), ',')) FROM (SELECT b FROM sv_t ORDER BY b DESC OFFSET 0) q;
SELECT md5(string_agg(coalesce(c::text, 'N'), ',')) FROM (SELECT c FROM sv_t ORDER BY c OFFSET 0) q;
SELECT md5(string_agg(coalesce(d::text, 'N'), ',')) FROM (SELECT d FROM sv_t ORDER BY d DESC NULLS LAST OFFSET 0) q;
SELECT md5(string_agg(coalesce(ts::text, 'N'), ',')) FROM (SELECT ts FROM sv_t ORDER BY ts OFFSET 0) q;
SELECT a FROM sv_t ORDER BY a LIMIT 3;
SELECT b FROM sv_t ORDER BY b DESC NULLS LAST LIMIT 3;
SELECT DISTINCT c FROM sv_t ORDER BY c DESC LIMIT 4;

-- Wider rows on an integer first key: ties broken by the other keys,
-- the row number last, as PostgreSQL keeps no order among equal rows.
SELECT md5(string_agg(id::text, ',')) FROM (SELECT id FROM sv_t ORDER BY a, id OFFSET 0) q;
SELECT md5(string_agg(id::text, ',')) FROM (SELECT id FROM sv_t ORDER BY a DESC NULLS LAST, s OFFSET 0) q;
SELECT md5(string_agg(id::text, ',')) FROM (SELECT id FROM sv_t ORDER BY c NULLS FIRST, b DESC, id OFFSET 0) q;
SELECT md5(string_agg(id::text, ',')) FROM (SELECT id FROM sv_t ORDER BY d, id DESC OFFSET 0) q;
SELECT md5(string_agg(id::text, ',')) FROM (SELECT id, a % 7 m FROM sv_t ORDER BY m, id OFFSET 0) q;
SELECT id, a, b FROM sv_t ORDER BY b, id LIMIT 4;
SELECT id, a, c FROM sv_t ORDER BY c DESC, a, id LIMIT 4 OFFSET 100;

-- Aggregates collecting one integer argument, per group too.
SELECT count(*), sum(n), sum(dn) FROM
  (SELECT id % 10 g, count(DISTINCT a) n, count(DISTINCT c) dn FROM sv_t GROUP BY id % 10) q;
SELECT id % 4 g, count(DISTINCT b), sum(DISTINCT c), min(d) FROM sv_t GROUP BY id % 4 ORDER BY g;
SELECT md5(array_to_string(array_agg(DISTINCT a), ',', 'N')) FROM sv_t;
SELECT md5(array_to_string(array_agg(a ORDER BY a DESC), ',', 'N')) FROM sv_t;
SELECT md5(array_to_string(array_agg(c ORDER BY c NULLS FIRST), ',', 'N')) FROM sv_t;
SELECT md5(string_agg(DISTINCT b::text, ',')) FROM sv_t;
SELECT percentile_disc(0.25) WITHIN GROUP (ORDER BY a), percentile_disc(0.9) WITHIN GROUP (ORDER BY b DESC),
       mode() WITHIN GROUP (ORDER BY c) FROM sv_t;
SELECT rank(0) WITHIN GROUP (ORDER BY a), dense_rank(100) WITHIN GROUP (ORDER BY c DESC) FROM sv_t;
SELECT count(DISTINCT x), sum(DISTINCT x) FROM (SELECT (g * 7) % 50000 x FROM generate_series(1, 200000) g) q;
SELECT count(DISTINCT x) FILTER (WHERE x % 3 = 0), count(DISTINCT -x) FROM (SELECT (g * 11) % 70001 x FROM generate_series(1, 150000) g) q;
RESET work_mem;

DROP TABLE sv_t;
