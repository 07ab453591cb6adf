--
-- aggregates: count, sum, avg, min, max, bool_and/or, string_agg,
-- array_agg, DISTINCT, FILTER, empty input, NULL handling, errors
--
CREATE TABLE agg_t (g text, x int, y numeric, f float8, b bool, s text, d date);
INSERT INTO agg_t VALUES
  ('a', 1, 1.5, 1.5, true, 'one', '2024-01-01'),
  ('a', 2, 2.5, 2.5, true, 'two', '2024-01-02'),
  ('a', NULL, NULL, NULL, NULL, NULL, NULL),
  ('b', 10, -1, -1, false, 'ten', '2023-12-31'),
  ('b', 10, 100.25, 100.25, true, 'ten', '2024-06-30'),
  ('c', NULL, NULL, NULL, NULL, NULL, NULL),
  (NULL, 5, 5, 5, false, 'five', '2024-03-03');
SELECT count(*), count(x), count(DISTINCT x), count(g), count(DISTINCT g) FROM agg_t;
SELECT count(DISTINCT (g, x)) FROM agg_t;
SELECT sum(x), sum(y), sum(f), avg(x), avg(y), avg(f) FROM agg_t;
SELECT min(x), max(x), min(y), max(y), min(s), max(s), min(d), max(d), min(f), max(f) FROM agg_t;
SELECT array_agg(DISTINCT x) FROM agg_t;
SELECT sum(x) FILTER (WHERE sum(x) > 1) FROM agg_t;
SELECT count(*) FROM agg_t GROUP BY ();
SELECT bool_and(b), bool_or(b), every(b) FROM agg_t;
SELECT g, count(*), count(x), sum(x), avg(x), min(s), max(d) FROM agg_t GROUP BY g ORDER BY g NULLS FIRST;
SELECT g, sum(DISTINCT x), count(DISTINCT s), avg(DISTINCT x) FROM agg_t GROUP BY g ORDER BY g;
SELECT g, bool_and(b), bool_or(b) FROM agg_t GROUP BY g ORDER BY g;
SELECT count(*), sum(x), avg(x), min(x), max(x), bool_and(b), string_agg(s, ',') FROM agg_t WHERE false;
SELECT g, count(*) FROM agg_t WHERE false GROUP BY g;
SELECT sum(x) FILTER (WHERE x > 1), count(*) FILTER (WHERE b), avg(y) FILTER (WHERE g = 'a') FROM agg_t;
SELECT g, count(*) FILTER (WHERE x IS NULL) AS nulls FROM agg_t GROUP BY g ORDER BY g;
SELECT string_agg(s, '-') FROM agg_t WHERE g = 'b';
SELECT string_agg(DISTINCT s, ',') FROM agg_t WHERE g = 'b';
SELECT g, string_agg(s, ';') FROM (SELECT * FROM agg_t ORDER BY s) a WHERE s IS NOT NULL GROUP BY g ORDER BY g;
SELECT array_agg(x) FROM agg_t WHERE g = 'b';
SELECT array_agg(s) FROM agg_t WHERE g = 'a';
SELECT array_agg(x) FROM agg_t WHERE false;
SELECT pg_typeof(count(*)), pg_typeof(sum(x)), pg_typeof(avg(x)), pg_typeof(sum(y)), pg_typeof(sum(f)), pg_typeof(avg(f)), pg_typeof(max(s)) FROM agg_t;
SELECT sum(x::int2), pg_typeof(sum(x::int2)), sum(x::int8), pg_typeof(sum(x::int8)), avg(x::int8) FROM agg_t;
SELECT sum(x::float4), pg_typeof(sum(x::float4)) FROM agg_t;
SELECT avg(x::float4) FROM agg_t;
SELECT avg(f::float4), pg_typeof(avg(f::float4)) FROM agg_t;
SELECT sum(i) FROM generate_series(1, 100000) i;
SELECT sum(i::int8 * 100000000000) FROM generate_series(1, 1000) i;
SELECT sum(i), avg(i) FROM (VALUES (2147483647), (2147483647)) v(i);
SELECT sum(i) FROM (VALUES (9223372036854775807), (1)) v(i);
SELECT avg(i) FROM (VALUES (9223372036854775807), (9223372036854775807)) v(i);
SELECT max(x) + min(x), count(*) * 2, sum(x) / count(x) FROM agg_t;
SELECT count(*) FROM agg_t GROUP BY g HAVING count(*) > 1 ORDER BY 1;
SELECT g FROM agg_t GROUP BY g HAVING sum(x) > 5 ORDER BY g;
SELECT g, max(x) FROM agg_t GROUP BY g HAVING max(x) IS NULL ORDER BY g;
SELECT g, count(*) AS n FROM agg_t GROUP BY g HAVING bool_or(b) ORDER BY n DESC, g;
SELECT sum(sum(x)) FROM agg_t GROUP BY g;
SELECT count(x) FROM agg_t WHERE sum(x) > 1;
SELECT sum(s) FROM agg_t;
SELECT avg(b) FROM agg_t;
SELECT min(b) FROM agg_t;
SELECT count(*, x) FROM agg_t;
SELECT count(DISTINCT *) FROM agg_t;
SELECT count(*) FILTER (WHERE x) FROM agg_t;
SELECT max(DISTINCT x), min(ALL x) FROM agg_t;
SELECT count(1), count(NULL), count(NULL::int), sum(NULL::int), max(NULL::text) FROM agg_t;
SELECT count(*) FROM (SELECT 1 FROM agg_t) s;
SELECT (SELECT count(*) FROM agg_t a2 WHERE a2.g = a1.g) FROM agg_t a1 GROUP BY g ORDER BY 1;
SELECT g, (SELECT max(x) FROM agg_t a2 WHERE a2.g = a1.g) AS m FROM agg_t a1 GROUP BY g ORDER BY g;
SELECT g, sum(x) * 100 / (SELECT sum(x) FROM agg_t) AS pct FROM agg_t GROUP BY g ORDER BY g;
SELECT x, count(*) FROM agg_t GROUP BY x ORDER BY x NULLS FIRST;
SELECT x, y, count(*) FROM agg_t GROUP BY x, y ORDER BY x, y;
SELECT b, count(*), string_agg(coalesce(g, '?'), '') FROM (SELECT * FROM agg_t ORDER BY g) a GROUP BY b ORDER BY b NULLS LAST;
SELECT d IS NULL AS nodate, count(*) FROM agg_t GROUP BY d IS NULL ORDER BY 1;
SELECT upper(g), count(*) FROM agg_t GROUP BY upper(g) ORDER BY 1;
SELECT g || '!', count(*) FROM agg_t GROUP BY g ORDER BY 1;
SELECT max(x), min(s), count(*) FROM agg_t GROUP BY g HAVING g = 'a';
SELECT g FROM agg_t GROUP BY g HAVING g > 'a' ORDER BY 1;
SELECT count(DISTINCT g || x::text) FROM agg_t;
SELECT min(x) FROM generate_series(1, 0) x;
SELECT sum(y) / count(y), avg(y) FROM agg_t;
SELECT max(s) FILTER (WHERE g = 'b'), min(d) FILTER (WHERE b) FROM agg_t;
UPDATE agg_t SET x = (SELECT max(x) FROM agg_t) + 1 WHERE g = 'c' RETURNING x;
SELECT count(*), sum(x) FROM agg_t;
DROP TABLE agg_t;
SELECT count(*) FROM generate_series(1, 1000) i WHERE i % 7 = 0;
SELECT i % 3 AS k, count(*), sum(i), min(i), max(i) FROM generate_series(1, 20) i GROUP BY i % 3 ORDER BY k;
SELECT count(*), count(DISTINCT i % 10), sum(DISTINCT i % 10) FROM generate_series(1, 1000) i;
