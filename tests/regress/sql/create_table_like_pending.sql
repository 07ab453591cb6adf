--
-- create_table_like: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
CREATE TABLE like_lz (a text COMPRESSION pglz, b text COMPRESSION lz4);
CREATE TABLE like_lz_copy (LIKE like_lz INCLUDING COMPRESSION);
SELECT attname, attcompression FROM pg_attribute WHERE attrelid = 'like_lz_copy'::regclass AND attnum > 0 ORDER BY attnum;
DROP TABLE like_lz, like_lz_copy;
