--
-- DISTINCT over types, NULLs and expressions; DISTINCT with ORDER BY and
-- LIMIT; IS DISTINCT FROM in joins and filters
--
CREATE TABLE dst_t (a int, b text, c numeric, d date);
INSERT INTO dst_t VALUES (1, 'x', 1.0, '2024-01-01'), (1, 'x', 1.00, '2024-01-01'), (2, 'y', 2, NULL), (NULL, NULL, NULL, NULL), (NULL, NULL, NULL, NULL), (2, 'Y', 2.0, '2024-01-02'), (3, '', 0, '2024-01-03');
SELECT DISTINCT a FROM dst_t ORDER BY a;
SELECT DISTINCT b FROM dst_t ORDER BY b NULLS FIRST;
SELECT DISTINCT c FROM dst_t ORDER BY c;
SELECT DISTINCT d FROM dst_t ORDER BY d DESC;
SELECT DISTINCT a, b FROM dst_t ORDER BY a, b;
SELECT DISTINCT a, c FROM dst_t ORDER BY 1, 2;
SELECT DISTINCT * FROM dst_t ORDER BY a, b, c, d;
SELECT count(*) FROM (SELECT DISTINCT * FROM dst_t) s;
SELECT DISTINCT lower(b) FROM dst_t ORDER BY 1;
SELECT DISTINCT a % 2 AS parity FROM dst_t ORDER BY parity;
SELECT DISTINCT a FROM dst_t ORDER BY a DESC LIMIT 2;
SELECT DISTINCT a FROM dst_t ORDER BY a LIMIT 2 OFFSET 1;
SELECT DISTINCT a FROM dst_t ORDER BY b;
SELECT DISTINCT a, b FROM dst_t ORDER BY b, a;
SELECT DISTINCT b FROM dst_t WHERE a > 1 ORDER BY b;
SELECT DISTINCT a, count(*) FROM dst_t GROUP BY a ORDER BY a;
SELECT DISTINCT count(*) FROM dst_t GROUP BY a ORDER BY 1;
SELECT count(DISTINCT a), count(DISTINCT b), count(DISTINCT c), count(DISTINCT d), count(DISTINCT lower(b)) FROM dst_t;
SELECT sum(DISTINCT a), avg(DISTINCT c), string_agg(DISTINCT b, '') IS NOT NULL FROM dst_t;
SELECT a, count(DISTINCT b) FROM dst_t GROUP BY a ORDER BY a;
SELECT DISTINCT x FROM (VALUES (1.0::float8), (1), (-0.0), (0.0), ('NaN'), ('NaN')) v(x) ORDER BY x;
SELECT DISTINCT x FROM (VALUES ('a'::char(3)), ('a  '), ('a')) v(x) ORDER BY x;
SELECT DISTINCT x FROM (VALUES ('a'::varchar), ('a  '), ('a')) v(x) ORDER BY x;
SELECT DISTINCT x FROM (VALUES (interval '1 day'), (interval '24 hours'), (interval '1 mon'), (interval '30 days')) v(x) ORDER BY x;
SELECT DISTINCT x FROM (VALUES (timestamptz '2024-01-01 00:00+00'), ('2023-12-31 16:00-08'), ('2024-01-01 00:00+01')) v(x) ORDER BY x;
SELECT DISTINCT x FROM (VALUES (true), (NULL), (false), (true)) v(x) ORDER BY x;
SELECT DISTINCT x FROM (VALUES ('\x00'::bytea), ('\x00'), ('')) v(x) ORDER BY x;
SELECT x.a, y.a FROM dst_t x JOIN dst_t y ON x.a IS NOT DISTINCT FROM y.a AND x.b IS NOT DISTINCT FROM y.b AND x.c IS NOT DISTINCT FROM y.c WHERE x.d IS NULL ORDER BY 1, 2;
SELECT a, b FROM dst_t WHERE b IS DISTINCT FROM 'x' ORDER BY a, b;
SELECT a, b FROM dst_t WHERE b IS NOT DISTINCT FROM NULL ORDER BY a;
SELECT count(*) FROM dst_t WHERE (a IS DISTINCT FROM 1) AND (c IS NOT DISTINCT FROM 2);
SELECT DISTINCT a FROM dst_t UNION SELECT DISTINCT a + 10 FROM dst_t ORDER BY 1;
SELECT DISTINCT ALL a FROM dst_t;
SELECT ALL DISTINCT a FROM dst_t;
DROP TABLE dst_t;
