--
-- create_table_like: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
CREATE TABLE like_lz (b text COMPRESSION lz4);
DROP TABLE IF EXISTS like_lz;
