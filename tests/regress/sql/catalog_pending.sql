--
-- catalog: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
SELECT 'pg_catalog.upper(text)'::regprocedure;
SELECT 'nosuch.pg_class'::regclass;
