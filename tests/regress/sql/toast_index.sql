-- A table's TOAST table and its index (pg_toast.pg_toast_<table>_index):
-- their catalog rows, and the sizes the size functions and \dt+ report
-- for empty tables, a few rows and a few out-of-line values, through
-- UPDATE, DELETE, VACUUM, VACUUM FULL, TRUNCATE, REINDEX, ALTER TABLE
-- rewrites and DROP. Names holding OIDs are printed with the OID
-- replaced by the owning table's name.
CREATE TABLE toast_t (k int, doc text) WITH (autovacuum_enabled = off);
CREATE TABLE toast_none (k int, d date) WITH (autovacuum_enabled = off);
CREATE VIEW toast_rels AS
  SELECT t.relname AS owner,
         replace(c.relname, t.oid::text, t.relname) AS relname,
         c.relnamespace::regnamespace AS nsp, c.relkind, c.relam, c.relnatts,
         c.relhasindex, c.relpersistence, c.reltoastrelid <> 0 AS has_toast,
         c.reltype <> 0 AS has_type, c.relpages, c.reltuples
    FROM pg_class t
    JOIN pg_class c ON c.oid IN (t.reltoastrelid,
                                 (SELECT i.indexrelid FROM pg_index i WHERE i.indrelid = t.reltoastrelid))
   WHERE t.relname LIKE 'toast\_%';
SELECT * FROM toast_rels ORDER BY owner, relkind DESC;
-- The index: unique and primary, on chunk_id (oid_ops) and chunk_seq
-- (int4_ops), auto-dependent on the TOAST table's two columns.
SELECT i.indnatts, i.indnkeyatts, i.indisunique, i.indisprimary, i.indisvalid, i.indisready, i.indislive,
       i.indimmediate, i.indkey::text, i.indclass::text, i.indoption::text, i.indcollation::text,
       i.indexprs IS NULL AS no_exprs, i.indpred IS NULL AS no_pred
  FROM pg_index i JOIN pg_class t ON i.indrelid = t.reltoastrelid WHERE t.relname = 'toast_t';
SELECT a.attnum, a.attname, a.atttypid::regtype, a.attstorage, a.attnotnull
  FROM pg_attribute a JOIN pg_index i ON a.attrelid = i.indexrelid JOIN pg_class t ON i.indrelid = t.reltoastrelid
 WHERE t.relname = 'toast_t' ORDER BY a.attnum;
SELECT d.refobjsubid, d.deptype
  FROM pg_depend d JOIN pg_index i ON d.objid = i.indexrelid JOIN pg_class t ON i.indrelid = t.reltoastrelid
 WHERE t.relname = 'toast_t' AND d.classid = 'pg_class'::regclass ORDER BY d.refobjsubid;
SELECT replace(pg_get_indexdef(i.indexrelid), t.oid::text, 'N') AS def
  FROM pg_index i JOIN pg_class t ON i.indrelid = t.reltoastrelid WHERE t.relname = 'toast_t';
SELECT replace(indexname, t.oid::text, 'N') AS indexname, replace(tablename, t.oid::text, 'N') AS tablename
  FROM pg_indexes JOIN pg_class t ON tablename = 'pg_toast_' || t.oid WHERE t.relname = 'toast_t';

-- Sizes: an empty table with a TOAST table counts the index's metapage.
CREATE VIEW toast_sizes AS
  SELECT c.relname, pg_relation_size(c.oid) AS main, pg_table_size(c.oid) AS table_size,
         pg_indexes_size(c.oid) AS indexes, pg_total_relation_size(c.oid) AS total,
         pg_relation_size(c.reltoastrelid) AS toast,
         pg_table_size(c.reltoastrelid) AS toast_table_size,
         pg_total_relation_size(c.reltoastrelid) AS toast_total,
         (SELECT sum(pg_relation_size(i.indexrelid)) FROM pg_index i WHERE i.indrelid = c.reltoastrelid) AS toast_index
    FROM pg_class c WHERE c.relname LIKE 'toast\_%' AND c.relkind = 'r';
SELECT * FROM toast_sizes ORDER BY relname;
\dt+ toast_*
-- A few short rows: no chunks.
INSERT INTO toast_t SELECT g, 'short ' || g FROM generate_series(1, 5) g;
INSERT INTO toast_none SELECT g, date '2024-01-01' + g FROM generate_series(1, 5) g;
SELECT * FROM toast_sizes ORDER BY relname;
-- Out-of-line values (hex digits pglz cannot shrink enough).
INSERT INTO toast_t
  SELECT g, (SELECT string_agg(md5(g::text || '/' || i::text), '') FROM generate_series(1, 200) i)
    FROM generate_series(6, 10) g;
SELECT * FROM toast_sizes ORDER BY relname;
\dt+ toast_t
SELECT count(*), sum(length(doc)) FROM toast_t;
SELECT k, md5(doc) = md5((SELECT string_agg(md5(k::text || '/' || i::text), '') FROM generate_series(1, 200) i)) AS same
  FROM toast_t WHERE k > 5 ORDER BY k;
-- The chunks, read through the index and from the table.
SELECT reltoastrelid::regclass AS toast_rel FROM pg_class WHERE relname = 'toast_t' \gset
SET enable_seqscan = off;
SELECT count(*) AS chunks, count(DISTINCT chunk_id) AS values, max(chunk_seq) FROM :toast_rel WHERE chunk_id > 0;
RESET enable_seqscan;
SELECT count(*) AS chunks, count(DISTINCT chunk_id) AS values, max(chunk_seq) FROM :toast_rel;
-- Updated and deleted values leave dead chunks until VACUUM.
UPDATE toast_t SET doc = doc || 'x' WHERE k IN (6, 7);
DELETE FROM toast_t WHERE k = 8;
SELECT count(*), sum(length(doc)) FROM toast_t;
SELECT * FROM toast_sizes WHERE relname = 'toast_t';
VACUUM toast_t;
SELECT * FROM toast_sizes WHERE relname = 'toast_t';
SELECT count(*) AS chunks, count(DISTINCT chunk_id) AS values FROM :toast_rel;
-- New values after VACUUM reuse the freed room.
INSERT INTO toast_t
  SELECT g, (SELECT string_agg(md5(g::text || '/' || i::text), '') FROM generate_series(1, 200) i)
    FROM generate_series(11, 12) g;
SELECT * FROM toast_sizes WHERE relname = 'toast_t';
SELECT count(*), sum(length(doc)) FROM toast_t;
-- VACUUM FULL rewrites the table, its TOAST table and the index.
VACUUM FULL toast_t;
SELECT * FROM toast_sizes WHERE relname = 'toast_t';
SELECT relname, relpages, reltuples FROM toast_rels WHERE owner = 'toast_t' ORDER BY relkind DESC;
SELECT count(*), sum(length(doc)) FROM toast_t;
-- REINDEX TABLE rebuilds the TOAST index too.
CREATE INDEX toast_t_k ON toast_t (k);
SELECT * FROM toast_sizes WHERE relname = 'toast_t';
REINDEX TABLE toast_t;
REINDEX TABLE toast_none;
SELECT * FROM toast_sizes WHERE relname = 'toast_t';
SELECT relname, relpages, reltuples FROM toast_rels WHERE owner = 'toast_t' ORDER BY relkind DESC;
SELECT count(*), sum(length(doc)) FROM toast_t;
\di+ toast_t_k
-- An ALTER TABLE that rewrites the table writes the values anew.
ALTER TABLE toast_t ALTER COLUMN k TYPE bigint;
SELECT relname, relpages, reltuples FROM toast_rels WHERE owner = 'toast_t' ORDER BY relkind DESC;
SELECT pg_relation_size(:'toast_rel') AS toast, pg_relation_size('toast_t') AS main;
SELECT count(*), sum(length(doc)) FROM toast_t;
VACUUM toast_t;
SELECT * FROM toast_sizes WHERE relname = 'toast_t';
-- TRUNCATE: empty files, the index's metapage only.
TRUNCATE toast_t;
SELECT * FROM toast_sizes WHERE relname = 'toast_t';
SELECT relname, relpages, reltuples FROM toast_rels WHERE owner = 'toast_t' ORDER BY relkind DESC;
\dt+ toast_t
INSERT INTO toast_t VALUES (1, (SELECT string_agg(md5(i::text), '') FROM generate_series(1, 200) i));
SELECT count(*), sum(length(doc)) FROM toast_t;
-- A rolled-back insertion's chunks stay until VACUUM.
BEGIN;
INSERT INTO toast_t VALUES (2, (SELECT string_agg(md5(i::text || 'b'), '') FROM generate_series(1, 200) i));
ROLLBACK;
SELECT * FROM toast_sizes WHERE relname = 'toast_t';
VACUUM toast_t;
SELECT count(*) AS chunks FROM :toast_rel;
-- A temporary table's TOAST table and index are temporary too; ON
-- COMMIT DELETE ROWS empties them and the table's own index.
CREATE TEMP TABLE toast_tmp (k int PRIMARY KEY, doc text) ON COMMIT DELETE ROWS;
SELECT relname, relkind, relpersistence, relhasindex FROM toast_rels WHERE owner = 'toast_tmp' ORDER BY relkind DESC;
BEGIN;
INSERT INTO toast_tmp VALUES (1, (SELECT string_agg(md5(i::text), '') FROM generate_series(1, 200) i));
SELECT count(*), sum(length(doc)) FROM toast_tmp;
COMMIT;
SELECT pg_table_size('toast_tmp') AS table_size, pg_indexes_size('toast_tmp') AS indexes,
       pg_total_relation_size('toast_tmp') AS total;
BEGIN;
INSERT INTO toast_tmp VALUES (1, (SELECT string_agg(md5(i::text || 'c'), '') FROM generate_series(1, 200) i));
SET LOCAL enable_seqscan = off;
SELECT k, length(doc) FROM toast_tmp WHERE k = 1;
COMMIT;
INSERT INTO toast_tmp VALUES (2, (SELECT string_agg(md5(i::text), '') FROM generate_series(1, 200) i));
SELECT count(*) FROM toast_tmp;
-- REFRESH of a materialized view: a new TOAST table and index too.
CREATE MATERIALIZED VIEW toast_mv AS SELECT g AS k, repeat('x', g) AS doc FROM generate_series(1, 3) g;
REFRESH MATERIALIZED VIEW toast_mv;
SELECT relname, relkind, relpages, reltuples FROM toast_rels WHERE owner = 'toast_mv' ORDER BY relkind DESC;
SELECT count(*), sum(length(doc)) FROM toast_mv;
DROP MATERIALIZED VIEW toast_mv;
-- Tables that need no TOAST table have none.
CREATE TABLE toast_fixed (a int, b float8, c date);
SELECT relname, reltoastrelid = 0 AS no_toast, pg_table_size(oid) FROM pg_class WHERE relname = 'toast_fixed';
-- DROP takes the TOAST table and its index.
SELECT reltoastrelid AS toast_oid FROM pg_class WHERE relname = 'toast_t' \gset
DROP TABLE toast_t, toast_none, toast_fixed, toast_tmp CASCADE;
SELECT count(*) FROM pg_class WHERE oid = :toast_oid OR relname = 'pg_toast_' || :toast_oid || '_index';
SELECT count(*) FROM pg_index WHERE indrelid = :toast_oid;
DROP VIEW toast_rels, toast_sizes;
