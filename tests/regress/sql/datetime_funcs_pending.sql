--
-- datetime_funcs: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
SELECT make_time(25, 0, 0);
