--
-- setops_more: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
SELECT 1 UNION SELECT 2 FOR UPDATE;
SELECT * FROM (SELECT 1 UNION SELECT 2);
