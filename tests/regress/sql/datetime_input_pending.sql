--
-- datetime_input: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
SELECT '04:05:06 America/New_York'::time;
