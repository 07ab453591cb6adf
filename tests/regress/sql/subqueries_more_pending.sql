--
-- subqueries_more: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
WITH t(a, b) AS (SELECT 1) SELECT * FROM t;
-- A subquery in LIMIT or OFFSET makes the backend panic today: these
-- come last, since the crash ends the session.
SELECT x FROM generate_series(1, 10) x ORDER BY x LIMIT (SELECT 2);
SELECT name FROM generate_series(1, 10) name ORDER BY 1 LIMIT (SELECT count(*) FROM generate_series(1, 4));
SELECT name FROM generate_series(1, 10) name ORDER BY 1 OFFSET (SELECT count(*) FROM generate_series(1, 4)) LIMIT 2;
