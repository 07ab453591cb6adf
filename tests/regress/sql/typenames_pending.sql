--
-- typenames: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
SELECT format_type('bit'::regtype, 5);
