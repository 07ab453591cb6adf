--
-- catalog: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
SELECT aggfnoid::regproc FROM pg_aggregate WHERE aggfnoid IN (2108, 2147) ORDER BY aggfnoid;
SELECT 'pg_catalog.upper(text)'::regprocedure;
SELECT 'nosuch.pg_class'::regclass;
