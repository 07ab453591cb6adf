--
-- ORDER BY: directions, NULLS FIRST/LAST, multiple keys, expressions,
--
CREATE TABLE ob_t (id int, i int, t text, n numeric, f float8, d date, b bool, ts timestamp);
INSERT INTO ob_t VALUES
  (1, 3, 'banana', 2.5, 2.5, '2024-03-01', true, '2024-03-01 10:00'),
  (2, NULL, 'apple', NULL, 'NaN', NULL, NULL, NULL),
  (3, -1, 'Cherry', -7, '-Infinity', '2023-12-31', false, '2023-12-31 23:59:59'),
  (4, 3, '', 0, 0, '2024-02-29', true, '2024-02-29 00:00'),
  (5, 10, 'apple pie', 100, 'Infinity', '1999-01-01', false, '1999-01-01 00:00'),
  (6, 0, NULL, 2.50, -0.0, 'infinity', NULL, 'infinity'),
  (7, -20, 'Ápple', -0.001, 1e-300, '-infinity', true, '-infinity');
SELECT id, i FROM ob_t ORDER BY i, id;
SELECT id, i FROM ob_t ORDER BY i DESC, id;
SELECT id, i FROM ob_t ORDER BY i NULLS FIRST, id;
SELECT id, i FROM ob_t ORDER BY i DESC NULLS LAST, id;
SELECT id, i FROM ob_t ORDER BY i ASC NULLS LAST, id DESC;
SELECT id, t FROM ob_t ORDER BY t, id;
SELECT id, t FROM ob_t ORDER BY t DESC NULLS LAST;
SELECT id, t FROM ob_t ORDER BY t COLLATE "C";
SELECT id, t FROM ob_t ORDER BY lower(t) NULLS FIRST, id;
SELECT id, t FROM ob_t ORDER BY length(t) DESC NULLS LAST, t;
SELECT id, n FROM ob_t ORDER BY n, id;
SELECT id, n FROM ob_t ORDER BY n DESC NULLS FIRST, id;
SELECT id, f FROM ob_t ORDER BY f, id;
SELECT id, f FROM ob_t ORDER BY f DESC, id;
SELECT id, d FROM ob_t ORDER BY d, id;
SELECT id, d FROM ob_t ORDER BY d DESC NULLS LAST, id;
SELECT id, b FROM ob_t ORDER BY b, id;
SELECT id, b FROM ob_t ORDER BY b DESC, id;
SELECT id, ts FROM ob_t ORDER BY ts, id;
SELECT id, ts FROM ob_t ORDER BY ts DESC NULLS LAST, id;
SELECT id, i, t FROM ob_t ORDER BY i DESC NULLS LAST, t ASC NULLS FIRST;
SELECT id, i * -1 AS neg FROM ob_t ORDER BY neg, id;
SELECT id, i * -1 AS neg FROM ob_t ORDER BY 2 DESC NULLS LAST, 1;
SELECT id AS x, i FROM ob_t ORDER BY x DESC LIMIT 3;
SELECT id FROM ob_t ORDER BY i + 0, id;
SELECT id FROM ob_t ORDER BY COALESCE(i, 100), id;
SELECT id FROM ob_t ORDER BY CASE WHEN b THEN 0 WHEN NOT b THEN 1 ELSE 2 END, id;
SELECT id FROM ob_t ORDER BY b IS NULL, i IS NULL, id DESC;
SELECT id FROM ob_t ORDER BY (SELECT max(i) FROM ob_t o2 WHERE o2.id < ob_t.id) NULLS FIRST, id;
SELECT i, count(*) FROM ob_t GROUP BY i ORDER BY count(*) DESC, i NULLS FIRST;
SELECT i FROM ob_t GROUP BY i ORDER BY i DESC NULLS LAST;
SELECT DISTINCT i FROM ob_t ORDER BY i;
SELECT DISTINCT t FROM ob_t ORDER BY t DESC;
SELECT DISTINCT i FROM ob_t ORDER BY id;
SELECT id FROM ob_t ORDER BY 9;
SELECT id FROM ob_t ORDER BY 0;
SELECT id FROM ob_t ORDER BY nosuch;
SELECT id, i AS id FROM ob_t ORDER BY id;
SELECT id FROM ob_t ORDER BY i, i, i DESC, id;
SELECT id FROM ob_t ORDER BY 'constant', id;
SELECT id FROM ob_t ORDER BY id LIMIT 2 OFFSET 5;
SELECT id FROM ob_t ORDER BY f NULLS FIRST, id LIMIT 1;
SELECT * FROM (SELECT id, t FROM ob_t ORDER BY t DESC LIMIT 4) s ORDER BY id;
-- USING an ordering operator
SELECT id, i FROM ob_t ORDER BY i USING <, id;
SELECT id, i FROM ob_t ORDER BY i USING > NULLS LAST, id;
SELECT id, t FROM ob_t WHERE t IS NOT NULL ORDER BY t USING ~<~;
DROP TABLE ob_t;
SELECT x FROM (VALUES ('a'), ('B'), ('b'), ('A'), ('_'), ('1'), (' '), ('é'), ('E')) v(x) ORDER BY x;
SELECT x FROM (VALUES ('a'), ('B'), ('b'), ('A'), ('é'), ('E')) v(x) ORDER BY upper(x), x;
SELECT x FROM (VALUES ('10'), ('9'), ('100'), ('-1')) v(x) ORDER BY x;
SELECT x FROM (VALUES ('10'), ('9'), ('100'), ('-1')) v(x) ORDER BY x::int;
SELECT x FROM (VALUES ('abc'::bytea), ('\x00'), ('ab'), ('\xff')) v(x) ORDER BY x;
SELECT x FROM (VALUES (interval '1 day'), (interval '-1 hour'), (interval '1 month'), (interval '25 hours')) v(x) ORDER BY x DESC;
SELECT x FROM (VALUES (time '23:00'), (time '00:00'), (time '12:30')) v(x) ORDER BY x;
SELECT x, y FROM (VALUES (1, 'b'), (1, 'a'), (2, 'a'), (NULL, 'z'), (1, NULL)) v(x, y) ORDER BY x NULLS FIRST, y NULLS FIRST;
SELECT x, y FROM (VALUES (1, 'b'), (1, 'a'), (2, 'a'), (NULL, 'z'), (1, NULL)) v(x, y) ORDER BY x DESC, y DESC;
SELECT g FROM generate_series(1, 10) g ORDER BY g % 3, g DESC;
SELECT g FROM generate_series(1, 10) g ORDER BY random() IS NULL, g LIMIT 3;
-- ORDER BY ... USING in queries, aggregates and windows, and the operators it refuses
CREATE TABLE ob_u (id int, i int, t text, v varchar(10), c char(3), r int[], f float8, n numeric, d date);
INSERT INTO ob_u VALUES
  (1, 3, 'banana', 'b', 'b', '{1,2}', 2.5, 2.5, '2024-03-01'),
  (2, NULL, 'apple', NULL, 'a', NULL, 'NaN', NULL, NULL),
  (3, -1, 'Cherry', 'C', NULL, '{1}', '-Infinity', -7, '2023-12-31'),
  (4, 3, '', '', '', '{}', 0, 0, '2024-02-29'),
  (5, 10, 'apple pie', 'ap', 'ap', '{3}', 'Infinity', 100, 'infinity'),
  (6, 0, NULL, 'z', 'z', '{1,NULL}', -0.0, 2.50, '-infinity');
SELECT id, i FROM ob_u ORDER BY i USING <, id;
SELECT id, i FROM ob_u ORDER BY i USING > NULLS LAST, id;
SELECT id, i FROM ob_u ORDER BY i USING >, id USING >;
SELECT id, i FROM ob_u ORDER BY i USING < NULLS FIRST, id DESC;
SELECT id, t FROM ob_u WHERE t IS NOT NULL ORDER BY t USING ~<~;
SELECT id, t FROM ob_u ORDER BY t USING ~>~, id;
SELECT id, v FROM ob_u ORDER BY v USING ~<~, id;
SELECT id, c FROM ob_u ORDER BY c USING ~>~ NULLS LAST, id;
SELECT id, r FROM ob_u ORDER BY r USING >, id;
SELECT id, f FROM ob_u ORDER BY f USING OPERATOR(pg_catalog.<), id;
SELECT id, n FROM ob_u ORDER BY n::float4 USING <, id;
SELECT id, d FROM ob_u ORDER BY 2 USING >, 1;
SELECT id, d AS x FROM ob_u ORDER BY x USING <, 1;
SELECT DISTINCT i FROM ob_u ORDER BY i USING >;
SELECT i FROM ob_u UNION SELECT 42 ORDER BY 1 USING >;
SELECT string_agg(t, ',' ORDER BY t USING >), array_agg(id ORDER BY i USING < NULLS FIRST, id USING >) FROM ob_u;
SELECT id, row_number() OVER (ORDER BY i USING >, id) FROM ob_u ORDER BY id;
SELECT id, rank() OVER w FROM ob_u WINDOW w AS (ORDER BY f USING <) ORDER BY id;
SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY i USING >) FROM ob_u;
SELECT id FROM ob_u ORDER BY i USING ~<~;
SELECT id FROM ob_u ORDER BY i USING =;
SELECT id FROM ob_u ORDER BY i USING <>;
SELECT id FROM ob_u ORDER BY n USING <=;
SELECT id FROM ob_u ORDER BY f USING @@@;
SELECT id FROM ob_u ORDER BY i USING +;
SELECT id FROM ob_u ORDER BY 'a' USING <;
SELECT id FROM ob_u ORDER BY 'a'::text USING <;
SELECT string_agg(t, ',' ORDER BY t USING =) FROM ob_u;
SELECT id, row_number() OVER (ORDER BY i USING >=) FROM ob_u;
SELECT id FROM ob_u ORDER BY t USING OPERATOR(pg_catalog.~<=~);
SELECT id FROM ob_u ORDER BY ROW(id, t) USING <;
SELECT id FROM ob_u ORDER BY id::int2 USING <(int2, int4);
DROP TABLE ob_u;
SELECT 'a' ~<~ 'b', 'b'::char(3) ~>=~ 'b  ', 'é' ~<~ 'z', 'Z' ~>~ 'a', 'abc'::name ~<~ 'b', 'ab' ~<=~ 'ab', 'a ' ~>=~ 'a';
CREATE TABLE ob_v (i int, j int);
INSERT INTO ob_v VALUES (1, 1), (1, 2), (2, 5), (3, 1), (NULL, 7);
SELECT DISTINCT ON (i) i, j FROM ob_v ORDER BY i USING >, j USING <;
SELECT i, sum(j) OVER (ORDER BY i USING > RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) FROM ob_v ORDER BY i, j;
SELECT i, sum(j) OVER (ORDER BY i USING > ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM ob_v ORDER BY i, j;
CREATE VIEW ob_vw AS SELECT i, j FROM ob_v ORDER BY j USING >, i;
SELECT * FROM ob_vw;
DROP VIEW ob_vw;
SELECT i FROM ob_v GROUP BY i ORDER BY i USING >;
SELECT array_agg(DISTINCT i ORDER BY i USING >) FROM ob_v;
DROP TABLE ob_v;
