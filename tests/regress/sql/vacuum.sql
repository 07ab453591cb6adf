-- VACUUM: dead row versions and their index entries removed, their line
-- pointers reused, empty pages cut off the end, pg_class's sizes set;
-- the statement's options and errors.
CREATE TABLE vac (id int PRIMARY KEY, grp int, pad text);
CREATE INDEX vac_grp ON vac (grp);
INSERT INTO vac SELECT g, g % 10, repeat('v', 80) FROM generate_series(1, 3000) g;
DELETE FROM vac WHERE id % 3 = 0;
UPDATE vac SET grp = grp + 100 WHERE id % 3 = 1;
VACUUM vac;
SELECT relpages, reltuples FROM pg_class WHERE relname = 'vac';
SELECT relname, reltuples FROM pg_class WHERE relname IN ('vac_pkey', 'vac_grp') ORDER BY relname;
-- The same rows through every access path.
SET enable_indexscan = off; SET enable_bitmapscan = off;
SELECT count(*), sum(id), sum(grp) FROM vac WHERE grp >= 100;
RESET enable_indexscan; RESET enable_bitmapscan;
SET enable_seqscan = off; SET enable_bitmapscan = off;
SELECT count(*), sum(id), sum(grp) FROM vac WHERE grp >= 100;
SELECT count(*) FROM vac WHERE id BETWEEN 100 AND 1000;
RESET enable_bitmapscan;
SET enable_indexscan = off;
SELECT count(*), sum(id), sum(grp) FROM vac WHERE grp >= 100;
RESET enable_seqscan; RESET enable_indexscan;
-- New rows fill the room VACUUM freed instead of growing the table.
SELECT pg_relation_size('vac') AS before \gset
INSERT INTO vac SELECT g, -1, repeat('w', 80) FROM generate_series(3001, 3900) g;
SELECT pg_relation_size('vac') = :before AS same_size;
SELECT count(*) FROM vac;
-- Deleting the end of the table lets VACUUM cut it off.
DELETE FROM vac WHERE id > 1000;
VACUUM vac;
SELECT relpages < :before / 8192, reltuples FROM pg_class WHERE relname = 'vac';
SELECT pg_relation_size('vac') / 8192 = relpages FROM pg_class WHERE relname = 'vac';
DELETE FROM vac;
VACUUM (VERBOSE false, ANALYZE) vac;
SELECT pg_relation_size('vac'), relpages, reltuples FROM pg_class WHERE relname = 'vac';
INSERT INTO vac VALUES (1, 1, 'again');
SELECT * FROM vac WHERE id = 1;
-- A table without indexes frees its dead rows in one pass.
CREATE TABLE vac_heap (a int);
INSERT INTO vac_heap SELECT generate_series(1, 1000);
DELETE FROM vac_heap WHERE a > 10;
VACUUM vac_heap;
SELECT relpages, reltuples FROM pg_class WHERE relname = 'vac_heap';
SELECT sum(a) FROM vac_heap;
-- VACUUM FULL rewrites the table.
CREATE TABLE vac_full (id int PRIMARY KEY, pad text);
INSERT INTO vac_full SELECT g, repeat('f', 50) FROM generate_series(1, 2000) g;
DELETE FROM vac_full WHERE id % 4 <> 0;
SELECT txid_current() AS vac_full_before \gset
VACUUM FULL vac_full;
-- The rewrite froze every row, without FREEZE: relfrozenxid moved past
-- the transactions that wrote them.
SELECT relfrozenxid::text::bigint > :vac_full_before AS frozen FROM pg_class WHERE relname = 'vac_full';
SELECT relpages, reltuples FROM pg_class WHERE relname = 'vac_full';
SET enable_seqscan = off;
SELECT count(*), sum(id) FROM vac_full WHERE id > 0;
RESET enable_seqscan;
VACUUM (FULL, ANALYZE) vac_full;
SELECT count(*) FROM vac_full;
DROP TABLE vac_full;
-- VACUUM FULL of system catalogs. The mapped ones keep relfilenode 0 and
-- move through the relation map; the others get a new relfilenode.
SELECT relname FROM pg_class WHERE relfilenode = 0 AND relkind = 'r' ORDER BY 1;
CREATE TEMP TABLE vac_cat_files AS
  SELECT relname, pg_relation_filenode(oid) AS node FROM pg_class
  WHERE relname IN ('pg_class', 'pg_attribute', 'pg_type', 'pg_depend', 'pg_authid', 'pg_database');
VACUUM FULL pg_class;
VACUUM (FULL) pg_attribute, pg_type, pg_depend;
VACUUM FULL pg_authid, pg_database;
SELECT f.relname, pg_relation_filenode(f.relname::regclass) <> f.node AS moved,
       c.relfilenode = 0 AS mapped,
       c.relfilenode = 0 OR c.relfilenode = pg_relation_filenode(c.oid) AS relfilenode_is_file,
       pg_relation_filepath(c.oid) = CASE WHEN c.relisshared THEN 'global/'
         ELSE 'base/' || (SELECT oid FROM pg_database WHERE datname = current_database()) || '/' END
         || pg_relation_filenode(c.oid) AS path
FROM vac_cat_files f JOIN pg_class c ON c.relname = f.relname AND c.relnamespace = 'pg_catalog'::regnamespace
ORDER BY 1;
SELECT count(*) > 0 FROM pg_attribute WHERE attrelid = 'vac_cat_files'::regclass;
DROP TABLE vac_cat_files;
CREATE VIEW vac_cat_view AS SELECT 1 AS x;
SELECT pg_relation_filenode('vac_cat_view'), pg_relation_filepath('vac_cat_view'), pg_relation_filenode(0);
DROP VIEW vac_cat_view;
\set VERBOSITY terse
VACUUM (FULL, VERBOSE) pg_shseclabel;
\set VERBOSITY default
-- The whole database, catalogs included.
VACUUM FULL;
VACUUM (FULL, ANALYZE);
SELECT count(*) FROM pg_class WHERE relname = 'pg_class';
-- Options.
VACUUM (INDEX_CLEANUP off, TRUNCATE false) vac;
VACUUM (INDEX_CLEANUP auto, PROCESS_TOAST false, SKIP_LOCKED, DISABLE_PAGE_SKIPPING) vac;
VACUUM (INDEX_CLEANUP on, PARALLEL 0) vac, vac_heap;
VACUUM (ANALYZE) vac (id, grp);
VACUUM ANALYZE vac_heap;
VACUUM (foo) vac;
VACUUM (PARALLEL) vac;
VACUUM (PARALLEL -1) vac;
VACUUM (INDEX_CLEANUP maybe) vac;
VACUUM (TRUNCATE 'x') vac;
VACUUM vac (id);
VACUUM (FULL, PARALLEL 1) vac;
VACUUM (FULL, FREEZE) vac_heap;
VACUUM (FULL, DISABLE_PAGE_SKIPPING) vac;
VACUUM (FULL, PROCESS_TOAST false) vac;
VACUUM no_such_table;
VACUUM (SKIP_LOCKED) no_such_table;
CREATE VIEW vac_view AS SELECT 1 AS x;
VACUUM vac_view;
CREATE SEQUENCE vac_seq;
VACUUM vac_seq;
BEGIN;
VACUUM vac;
ROLLBACK;
DROP SEQUENCE vac_seq;
DROP VIEW vac_view;
DROP TABLE vac, vac_heap;
-- B-tree page deletion: the leaves VACUUM empties leave the tree, and
-- once no transaction can still see them, later splits reuse them
-- instead of growing the index.
CREATE TABLE vac_btdel (a int PRIMARY KEY) WITH (autovacuum_enabled = off);
INSERT INTO vac_btdel SELECT generate_series(1, 100000);
DELETE FROM vac_btdel WHERE a < 90000;
VACUUM vac_btdel;
SELECT relpages, reltuples FROM pg_class WHERE relname = 'vac_btdel_pkey';
SET enable_seqscan = off;
SELECT count(*), min(a), max(a) FROM vac_btdel WHERE a > 0;
SELECT a FROM vac_btdel WHERE a < 90003 ORDER BY a DESC;
RESET enable_seqscan;
VACUUM vac_btdel;
INSERT INTO vac_btdel SELECT generate_series(200000, 289999);
SELECT pg_relation_size('vac_btdel_pkey') / 8192 AS pages;
VACUUM vac_btdel;
SELECT pg_relation_size('vac_btdel_pkey') / 8192 AS pages, relpages FROM pg_class WHERE relname = 'vac_btdel_pkey';
INSERT INTO vac_btdel SELECT generate_series(300000, 389999);
SELECT pg_relation_size('vac_btdel_pkey') / 8192 AS pages;
SET enable_seqscan = off;
SELECT count(*), min(a), max(a) FROM vac_btdel WHERE a > 0;
SELECT count(*) FROM vac_btdel WHERE a BETWEEN 89990 AND 200005;
RESET enable_seqscan;
DROP TABLE vac_btdel;
