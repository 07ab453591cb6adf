--
-- setops: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
SELECT 1 AS a UNION SELECT 2 AS b ORDER BY b;
