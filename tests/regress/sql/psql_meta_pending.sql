--
-- psql_meta: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
\dT int4
\df upper
