--
-- int: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
SELECT int4larger(3, 5), int4smaller(3, 5);
