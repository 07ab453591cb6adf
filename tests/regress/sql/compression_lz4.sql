-- TOAST compression with pglz and lz4: COMPRESSION on columns,
-- default_toast_compression, ALTER TABLE ... SET COMPRESSION, values
-- compressed inline and out of line, read back intact.
CREATE TABLE cm_pglz (id int, v text COMPRESSION pglz);
CREATE TABLE cm_lz4 (id int, v text COMPRESSION lz4);
\d+ cm_lz4
SELECT attname, attcompression FROM pg_attribute
 WHERE attrelid = 'cm_lz4'::regclass AND attnum > 0 ORDER BY attnum;
-- Inline compressed (a repetitive 10000-byte value) and out of line
-- (compressible to about a third of 96000 bytes).
INSERT INTO cm_pglz VALUES (1, repeat('1234567890', 1000));
INSERT INTO cm_lz4 VALUES (1, repeat('1234567890', 1000));
INSERT INTO cm_pglz SELECT 2, string_agg(repeat(md5(g::text), 3), '') FROM generate_series(1, 1000) g;
INSERT INTO cm_lz4 SELECT 2, string_agg(repeat(md5(g::text), 3), '') FROM generate_series(1, 1000) g;
SELECT id, length(v), md5(v) FROM cm_pglz ORDER BY id;
SELECT id, length(v), md5(v) FROM cm_lz4 ORDER BY id;
SELECT a.id, a.v = b.v AS same FROM cm_pglz a JOIN cm_lz4 b USING (id) ORDER BY a.id;
SELECT substr(v, 9990, 20), substr(v, 1, 12) FROM cm_lz4 ORDER BY id;
-- The default method for columns that name none.
SHOW default_toast_compression;
SET default_toast_compression = 'lz4';
SHOW default_toast_compression;
CREATE TABLE cm_default (v text);
INSERT INTO cm_default VALUES (repeat('abc', 5000));
SELECT length(v), md5(v) FROM cm_default;
SET default_toast_compression = 'I do not exist';
SET default_toast_compression = 'zstd';
RESET default_toast_compression;
-- A column's method changed: new values use it, old ones stay readable.
ALTER TABLE cm_pglz ALTER COLUMN v SET COMPRESSION lz4;
\d+ cm_pglz
INSERT INTO cm_pglz VALUES (3, repeat('xyz', 4000));
SELECT id, length(v), md5(v) FROM cm_pglz ORDER BY id;
ALTER TABLE cm_pglz ALTER COLUMN v SET COMPRESSION default;
SELECT attcompression FROM pg_attribute WHERE attrelid = 'cm_pglz'::regclass AND attname = 'v';
-- Copies and rewrites keep the values.
CREATE TABLE cm_copy AS SELECT * FROM cm_lz4;
SELECT id, md5(v) FROM cm_copy ORDER BY id;
VACUUM FULL cm_lz4;
SELECT id, md5(v) FROM cm_lz4 ORDER BY id;
-- An index on an lz4 column: long keys are compressed in the index too.
CREATE TABLE cm_idx (v text COMPRESSION lz4);
INSERT INTO cm_idx SELECT repeat(g::text, 400) FROM generate_series(1, 20) g;
CREATE INDEX cm_idx_v ON cm_idx (v);
SET enable_seqscan = off;
SELECT length(v) FROM cm_idx WHERE v = repeat('7', 400);
RESET enable_seqscan;
-- Refused.
CREATE TABLE cm_bad (v text COMPRESSION I_Do_Not_Exist_Compression);
CREATE TABLE cm_bad (v int COMPRESSION lz4);
ALTER TABLE cm_lz4 ALTER COLUMN id SET COMPRESSION lz4;
DROP TABLE cm_pglz, cm_lz4, cm_default, cm_copy, cm_idx;
