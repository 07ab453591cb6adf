--
-- srf: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
SELECT * FROM generate_series(1, 3) AS g(a, b);
