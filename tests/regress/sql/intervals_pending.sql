--
-- intervals: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
SELECT interval 'P0003-04-05T06:07:08';
SELECT interval '05:06.7' minute to second;
