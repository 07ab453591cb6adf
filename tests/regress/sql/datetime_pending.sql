--
-- datetime: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
SELECT timetz '12:00+02', timetz '12:00:00-08', timetz '23:59:59.5 +05:30';
SELECT make_interval(years => 1, days => 2, secs => 3.5);
