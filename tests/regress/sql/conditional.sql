--
-- conditional expressions: CASE forms and result types, evaluation order
-- and short-circuiting, COALESCE/NULLIF/GREATEST/LEAST over types,
-- constant folding errors
--
SELECT CASE WHEN x > 2 THEN 'big' WHEN x > 1 THEN 'mid' ELSE 'small' END FROM generate_series(0, 3) x;
SELECT CASE x WHEN 1 THEN 'one' WHEN 2 THEN 'two' END FROM generate_series(0, 3) x;
SELECT CASE x % 2 WHEN 0 THEN x * 10 ELSE -x END FROM generate_series(1, 4) x;
SELECT CASE WHEN x IS NULL THEN 'null' WHEN x THEN 'true' ELSE 'false' END FROM (VALUES (true), (false), (NULL)) v(x);
SELECT CASE 'a' WHEN 'A' THEN 1 WHEN 'a' THEN 2 END, CASE 1.0 WHEN 1 THEN 'eq' END, CASE date '2024-01-01' WHEN '2024-01-01' THEN 'd' END;
SELECT pg_typeof(CASE WHEN true THEN 1 END), pg_typeof(CASE WHEN true THEN 1 ELSE 2.0 END), pg_typeof(CASE WHEN true THEN 1::int2 ELSE 1::int8 END), pg_typeof(CASE WHEN true THEN 'a' END), pg_typeof(CASE WHEN true THEN 'a'::varchar ELSE 'b' END);
SELECT pg_typeof(CASE WHEN true THEN 1.5::float4 ELSE 1 END), pg_typeof(CASE WHEN true THEN NULL ELSE date '2024-01-01' END), pg_typeof(CASE WHEN false THEN NULL END);
SELECT CASE WHEN true THEN date '2024-01-01' ELSE 1 END;
SELECT CASE WHEN true THEN 1 ELSE false END;
SELECT CASE WHEN 1 THEN 1 END;
SELECT CASE WHEN 'x' THEN 1 END;
SELECT CASE WHEN 'true' THEN 1 END;
SELECT CASE WHEN x > 0 THEN 10 / x ELSE 0 END FROM generate_series(-1, 2) x;
SELECT CASE WHEN x = 0 THEN 0 ELSE 100 / x END FROM (VALUES (0), (5)) v(x);
SELECT x, COALESCE(NULLIF(x, 0), -1) FROM (VALUES (0), (3), (NULL)) v(x);
SELECT x, y, x > 0 AND y / x > 1 FROM (VALUES (0, 5), (2, 5), (NULL, 1)) v(x, y);
SELECT x FROM (VALUES (0), (2)) v(x) WHERE x <> 0 AND 10 / x > 1;
SELECT COALESCE(x, y, z, 'none') FROM (VALUES (NULL, NULL, 'c'), ('a', 'b', 'c'), (NULL, 'b', NULL), (NULL, NULL, NULL)) v(x, y, z);
SELECT COALESCE(NULL::int, 1.5), pg_typeof(COALESCE(NULL::int, 1.5)), COALESCE(1::int2, 2::int8), pg_typeof(COALESCE(1::int2, 2::int8));
SELECT COALESCE(date '2024-01-01', '2024-02-02'), COALESCE(NULL, timestamp '2024-01-01 10:00'), COALESCE(NULL::interval, '1 day');
SELECT COALESCE(1, 'x');
SELECT NULLIF('a', 'a'), NULLIF('a', 'b'), NULLIF(1.0, 1), NULLIF(date '2024-01-01', '2024-01-01'), NULLIF(NULL::int, NULL);
SELECT NULLIF(1, 'x');
SELECT GREATEST(1, 2.5, 2), LEAST(1, 2.5, 0.5), GREATEST('b', 'a', 'c'), LEAST(date '2024-01-01', '2023-12-31'), GREATEST(interval '1 day', '23 hours');
SELECT GREATEST(NULL, NULL, 1), LEAST(NULL::int), GREATEST(1::int2, 2::int8), pg_typeof(GREATEST(1::int2, 2::int8)), GREATEST(true, false);
SELECT GREATEST(1, 'x');
SELECT GREATEST(1.5::float8, 'NaN'), LEAST(1.5::float8, 'NaN'), GREATEST(numeric 'NaN', 1), GREATEST(float8 '-Infinity', -1e308);
SELECT CASE WHEN x < 3 THEN 'low' WHEN x < 6 THEN 'mid' ELSE 'high' END AS band, count(*), sum(x) FROM generate_series(1, 10) x GROUP BY 1 ORDER BY 1;
SELECT sum(CASE WHEN x % 2 = 0 THEN x ELSE 0 END), sum(CASE WHEN x % 2 = 1 THEN 1 END), count(CASE WHEN x > 5 THEN 1 END) FROM generate_series(1, 10) x;
SELECT x FROM generate_series(1, 6) x ORDER BY CASE WHEN x % 2 = 0 THEN 0 ELSE 1 END, x DESC;
SELECT CASE WHEN EXISTS (SELECT 1 WHERE false) THEN 'y' ELSE 'n' END, CASE WHEN 1 IN (SELECT 1) THEN 'y' ELSE 'n' END, CASE (SELECT 2) WHEN 2 THEN 'two' END;
SELECT CASE WHEN true THEN (SELECT max(x) FROM generate_series(1, 3) x) END;
SELECT 1 WHERE CASE WHEN false THEN true END;
SELECT 1 WHERE COALESCE(NULL::bool, true);
SELECT NOT CASE WHEN true THEN false END, CASE WHEN true THEN NULL::bool END IS NULL;
SELECT CASE WHEN 1 = 1 THEN 'yes' END = 'yes', CASE WHEN 1 = 2 THEN 'yes' END = 'yes';
SELECT CASE 1 WHEN 1 THEN CASE 2 WHEN 2 THEN 'nested' END END;
SELECT CASE WHEN true THEN 1 ELSE 1/0 END, CASE WHEN false THEN 1/0 ELSE 2 END;
SELECT true OR 1/0 = 1;
SELECT false AND 1/0 = 1;
SELECT COALESCE(1, 1/0);
SELECT x, CASE WHEN x = 0 THEN 'zero' ELSE (1/x)::text END FROM (VALUES (0), (1)) v(x);
SELECT 1/0 = 1 OR true;
CREATE TABLE cond_t (id int, status text, score int);
INSERT INTO cond_t VALUES (1, 'new', NULL), (2, 'done', 80), (3, 'done', 55), (4, NULL, 95), (5, 'open', 0);
SELECT id, CASE status WHEN 'new' THEN 1 WHEN 'open' THEN 2 WHEN 'done' THEN 3 ELSE 0 END AS stage, CASE WHEN score >= 90 THEN 'A' WHEN score >= 70 THEN 'B' WHEN score >= 50 THEN 'C' WHEN score IS NULL THEN '-' ELSE 'F' END AS grade FROM cond_t ORDER BY id;
SELECT COALESCE(status, 'unknown'), count(*), avg(COALESCE(score, 0)) FROM cond_t GROUP BY 1 ORDER BY 1;
UPDATE cond_t SET status = CASE WHEN score IS NULL THEN 'pending' WHEN score > 60 THEN 'pass' ELSE 'fail' END RETURNING id, status;
UPDATE cond_t SET score = NULLIF(score, 0) RETURNING id, score;
SELECT id FROM cond_t WHERE CASE WHEN status = 'pass' THEN score > 90 ELSE false END;
DROP TABLE cond_t;
