--
-- interval_input: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
SELECT interval '1 year 1 year', extract(epoch from interval '1 year 1 year');
SELECT interval '1 hour 1 hour', extract(epoch from interval '1 hour 1 hour');
