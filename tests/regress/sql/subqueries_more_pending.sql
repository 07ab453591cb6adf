--
-- subqueries_more: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
WITH t(a, b) AS (SELECT 1) SELECT * FROM t;
