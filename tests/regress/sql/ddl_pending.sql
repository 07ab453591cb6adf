--
-- ddl: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
CREATE TABLE ddl_long_name_abcdefghijklmnopqrstuvwxyz_abcdefghijklmnopqrstuvwxyz (a int);
SELECT relname FROM pg_class WHERE relname LIKE 'ddl_long%';
DROP TABLE ddl_long_name_abcdefghijklmnopqrstuvwxyz_abcdefghijklmnopqrstuvwxyz;
