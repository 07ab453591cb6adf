--
-- sysfuncs: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
SELECT nspname FROM pg_namespace WHERE nspname IN ('pg_catalog', 'public', 'information_schema') ORDER BY 1;
SELECT pg_column_size('abc'::text), pg_column_size(1.5::numeric);
