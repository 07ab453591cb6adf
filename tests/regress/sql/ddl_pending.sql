--
-- ddl: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
CREATE TABLE ddl_d (a int, b int DEFAULT 1 + 2);
INSERT INTO ddl_d (a) VALUES (1);
CREATE TABLE ddl_e AS SELECT 1 AS one, 'two'::text AS two;
SELECT * FROM ddl_e;
CREATE TABLE ddl_f AS SELECT a, b * 2 AS b2 FROM ddl_d;
SELECT * FROM ddl_f;
CREATE TABLE ddl_g (x int, y text);
INSERT INTO ddl_g SELECT i, 'row ' || i FROM generate_series(1, 5) i;
CREATE TABLE ddl_h AS SELECT * FROM ddl_g WHERE x > 2;
SELECT * FROM ddl_h ORDER BY x;
CREATE TABLE ddl_i AS SELECT * FROM ddl_g WITH NO DATA;
SELECT count(*) FROM ddl_i;
SELECT * INTO ddl_j FROM ddl_g WHERE x = 1;
SELECT * FROM ddl_j;
DROP TABLE IF EXISTS ddl_d, ddl_e, ddl_f, ddl_g, ddl_h, ddl_i, ddl_j;
CREATE TABLE ddl_long_name_abcdefghijklmnopqrstuvwxyz_abcdefghijklmnopqrstuvwxyz (a int);
SELECT relname FROM pg_class WHERE relname LIKE 'ddl_long%';
DROP TABLE ddl_long_name_abcdefghijklmnopqrstuvwxyz_abcdefghijklmnopqrstuvwxyz;
