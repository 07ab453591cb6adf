--
-- float_output: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
SELECT 1e23::float8, 1e23::numeric::float8, float8 '1e23';
