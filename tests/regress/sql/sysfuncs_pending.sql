--
-- sysfuncs: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
SELECT pg_column_size('abc'::text), pg_column_size(1.5::numeric);
