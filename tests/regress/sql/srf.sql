--
-- set-returning functions and VALUES in FROM and in the select list
--
SELECT * FROM generate_series(1, 5);
SELECT * FROM generate_series(1, 10, 3) AS g;
SELECT * FROM generate_series(5, 1, -2) AS g(n);
SELECT * FROM generate_series(1, 0);
SELECT * FROM generate_series(1::int8, 3::int8);
SELECT * FROM generate_series(0.5, 2.0, 0.5);
SELECT * FROM generate_series(1, 3) WITH ORDINALITY;
SELECT * FROM generate_series(10, 30, 10) WITH ORDINALITY AS t(v, n);
SELECT g, g * g FROM generate_series(1, 4) g;
SELECT generate_series(1, 3), 'x';
SELECT generate_series(1, 2), generate_series(1, 3);
SELECT count(*) FROM generate_series(1, 10000);
SELECT sum(g) FROM generate_series(1, 100) g WHERE g % 2 = 1;
SELECT g FROM generate_series(1, 20) g WHERE g % 5 = 0 ORDER BY g DESC;
SELECT a.g, b.g FROM generate_series(1, 2) a(g), generate_series(1, 2) b(g) ORDER BY 1, 2;
SELECT * FROM generate_series(timestamp '2024-01-01', timestamp '2024-01-01 03:00', interval '1 hour');
SELECT * FROM generate_series(timestamptz '2024-11-02 12:00', timestamptz '2024-11-04 12:00', interval '1 day');
SELECT * FROM generate_series(timestamp '2024-01-31', timestamp '2024-06-30', interval '1 month');
SELECT * FROM generate_series(1, 5, 0);
SELECT * FROM generate_series(1.0, 2.0, 0);
SELECT * FROM generate_series(timestamp '2024-01-01', timestamp '2024-01-02', interval '0');
SELECT * FROM generate_series(1, NULL);
SELECT * FROM generate_series(NULL::int, 3);
SELECT * FROM (VALUES (1, 'a'), (2, 'b')) v;
SELECT * FROM (VALUES (1, 'a'), (2, 'b')) v(n);
SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS v(n, s) WHERE n > 1;
SELECT v.* FROM (VALUES (NULL::int), (3), (1)) v(x) ORDER BY x NULLS FIRST;
SELECT max(x), min(y) FROM (VALUES (1, 'z'), (5, 'a'), (3, 'm')) v(x, y);
SELECT x, count(*) FROM (VALUES ('a'), ('b'), ('a'), ('c'), ('a')) v(x) GROUP BY x ORDER BY count(*) DESC, x;
SELECT * FROM (VALUES (1), (2)) a(x) JOIN (VALUES (2), (3)) b(y) ON a.x = b.y;
SELECT * FROM (VALUES (1), (2)) a(x) FULL JOIN (VALUES (2), (3)) b(y) ON a.x = b.y ORDER BY x, y;
SELECT * FROM (VALUES (1, 2, 3)) v(a, b, c, d);
SELECT * FROM unnest(ARRAY[3, 1, 2]) u ORDER BY 1;
SELECT unnest(ARRAY['a', 'b']) AS letter, 1 AS one;
SELECT * FROM unnest('{10,20}'::int[]) WITH ORDINALITY AS u(v, i);
SELECT count(*) FROM generate_series(1, 3) a CROSS JOIN generate_series(1, 4) b CROSS JOIN generate_series(1, 5) c;
SELECT * FROM generate_series(1, 3) g WHERE g IN (SELECT * FROM generate_series(2, 5));
SELECT (SELECT count(*) FROM generate_series(1, g)) FROM generate_series(1, 4) g;
SELECT * FROM nosuchfunction(1);
SELECT * FROM pg_sleep(0);
SELECT * FROM lower('ABC');
SELECT * FROM abs(-3) AS a(v);
SELECT * FROM current_date AS d WHERE d IS NOT NULL AND false;
-- error messages moved from the pending file
SELECT * FROM generate_series(1, 3) AS g(a, b);
-- A strict function in FROM is not called with a NULL argument: a
-- set-returning one gives no rows, another one row of NULLs.
SELECT * FROM json_each(NULL);
SELECT * FROM jsonb_each_text(NULL);
SELECT * FROM generate_series(1, NULL);
SELECT * FROM unnest(NULL::int[]);
SELECT * FROM regexp_matches(NULL, 'a');
SELECT * FROM pg_options_to_table(NULL);
SELECT * FROM string_to_table(NULL, ',');
SELECT * FROM upper(NULL);
SELECT * FROM upper(NULL) WITH ORDINALITY;
SELECT * FROM pg_sequence_parameters(NULL);
SELECT * FROM pg_sequence_parameters(NULL) WITH ORDINALITY;
SELECT x FROM pg_sequence_parameters(NULL) x;
SELECT * FROM pg_get_object_address(NULL, NULL, NULL);
SELECT * FROM pg_identify_object(NULL, NULL, NULL);
SELECT * FROM pg_identify_object_as_address(NULL, NULL, NULL);
SELECT * FROM pg_walfile_name_offset(NULL);
SELECT * FROM pg_stat_get_replication_slot(NULL);
SELECT * FROM pg_stat_get_subscription_stats(NULL);
SELECT * FROM generate_series(1, 3) g, LATERAL pg_sequence_parameters(nullif(g, 2)::regclass) WHERE g = 2;
-- Not strict: a NULL document is a NULL record, or no rows.
SELECT * FROM json_to_record(NULL) AS x(a int);
SELECT * FROM jsonb_to_record(NULL) AS x(a int, b text);
SELECT * FROM json_to_recordset(NULL) AS x(a int);
SELECT * FROM jsonb_to_recordset(NULL) AS x(a int);
-- SQL functions likewise.
CREATE FUNCTION srf_null_comp(x int, OUT a int, OUT b text) STRICT LANGUAGE sql AS 'SELECT x, x::text';
CREATE FUNCTION srf_null_set(x int) RETURNS SETOF int STRICT LANGUAGE sql AS 'SELECT generate_series(1, x)';
CREATE FUNCTION srf_null_tab(x int) RETURNS TABLE (a int, b int) STRICT LANGUAGE sql AS 'SELECT x, x';
SELECT * FROM srf_null_comp(NULL);
SELECT * FROM srf_null_comp(NULL) WITH ORDINALITY;
SELECT * FROM srf_null_set(NULL);
SELECT * FROM srf_null_tab(NULL);
SELECT * FROM generate_series(1, 3) g, LATERAL srf_null_comp(nullif(g, 2)) ORDER BY g;
DROP FUNCTION srf_null_comp, srf_null_set, srf_null_tab;
