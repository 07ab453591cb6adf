--
-- datetime_funcs: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
SELECT pg_typeof(current_time);
SELECT current_time(1) IS NOT NULL;
