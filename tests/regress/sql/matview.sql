--
-- matview: CREATE / REFRESH / DROP / ALTER MATERIALIZED VIEW
--
CREATE TABLE mv_base (id int, grp text, amount numeric(10,2));
INSERT INTO mv_base VALUES (1, 'a', 10.50), (2, 'a', 20.25), (3, 'b', 5.00), (4, 'c', NULL);
-- creation variants; the command tag counts the rows
CREATE MATERIALIZED VIEW mv_tot AS SELECT grp, sum(amount) AS total, count(*) AS n FROM mv_base GROUP BY grp;
SELECT * FROM mv_tot ORDER BY grp;
CREATE MATERIALIZED VIEW IF NOT EXISTS mv_tot AS SELECT 1;
CREATE MATERIALIZED VIEW mv_tot AS SELECT 1;
CREATE MATERIALIZED VIEW mv_base AS SELECT 1;
CREATE MATERIALIZED VIEW mv_cols (ident, label) AS SELECT id, grp FROM mv_base WHERE id <= 3;
SELECT * FROM mv_cols ORDER BY ident;
CREATE MATERIALIZED VIEW mv_part (only_id) AS SELECT id, grp FROM mv_base;
SELECT * FROM mv_part ORDER BY 1;
CREATE MATERIALIZED VIEW mv_toomany (a, b, c) AS SELECT id, grp FROM mv_base;
CREATE MATERIALIZED VIEW mv_tot (a, b, c, d) AS SELECT 1;
CREATE MATERIALIZED VIEW mv_dup (a, a) AS SELECT id, grp FROM mv_base;
CREATE MATERIALIZED VIEW mv_dup AS SELECT id AS x, grp AS x FROM mv_base;
CREATE MATERIALIZED VIEW mv_rec AS SELECT row(1, 2) AS r;
CREATE MATERIALIZED VIEW mv_vals AS VALUES (1, 'one'), (2, 'two');
SELECT * FROM mv_vals ORDER BY column1;
CREATE MATERIALIZED VIEW mv_lits AS SELECT 'text literal' AS t, NULL AS nothing, 1.5::numeric(4,1) AS num, ARRAY[1, 2] AS arr;
SELECT * FROM mv_lits;
SELECT attname, atttypid::regtype, atttypmod FROM pg_attribute
  WHERE attrelid = 'mv_lits'::regclass AND attnum > 0 ORDER BY attnum;
CREATE MATERIALIZED VIEW mv_heap USING heap TABLESPACE pg_default AS TABLE mv_base;
SELECT count(*) FROM mv_heap;
CREATE MATERIALIZED VIEW mv_badam USING nosuch AS SELECT 1;
CREATE MATERIALIZED VIEW mv_badts TABLESPACE nosuch AS SELECT 1;
CREATE MATERIALIZED VIEW mv_ff WITH (fillfactor = 70, autovacuum_enabled = false) AS SELECT id FROM mv_base;
SELECT reloptions FROM pg_class WHERE relname = 'mv_ff';
CREATE MATERIALIZED VIEW mv_badopt WITH (nosuch = 1) AS SELECT 1;
CREATE MATERIALIZED VIEW mv_badopt WITH (fillfactor = 5) AS SELECT 1;
CREATE MATERIALIZED VIEW mv_ordered AS SELECT id FROM mv_base ORDER BY id DESC LIMIT 2;
SELECT * FROM mv_ordered ORDER BY id;
CREATE MATERIALIZED VIEW mv_err AS SELECT nosuch FROM mv_base;
CREATE MATERIALIZED VIEW mv_err AS SELECT * FROM nosuch_table;
CREATE MATERIALIZED VIEW IF NOT EXISTS mv_tot AS SELECT * FROM nosuch_table;
CREATE MATERIALIZED VIEW mv_err AS SELECT 1 / 0;
SELECT count(*) FROM pg_class WHERE relname = 'mv_err';
CREATE MATERIALIZED VIEW mv_err AS WITH d AS (DELETE FROM mv_base RETURNING *) SELECT * FROM d;
CREATE MATERIALIZED VIEW nosuch_schema.mv_err AS SELECT 1;
-- no temporary or unlogged materialized views
CREATE TEMP MATERIALIZED VIEW mv_err AS SELECT 1;
CREATE UNLOGGED MATERIALIZED VIEW mv_err AS SELECT 1;
CREATE MATERIALIZED VIEW pg_temp.mv_err AS SELECT 1;
CREATE TEMP TABLE mv_temp (x int);
CREATE MATERIALIZED VIEW mv_err AS SELECT * FROM mv_temp;
CREATE MATERIALIZED VIEW pg_temp.mv_err AS SELECT 1 WITH NO DATA;
DROP TABLE mv_temp;
-- WITH NO DATA: not populated, cannot be scanned
CREATE MATERIALIZED VIEW mv_nodata AS SELECT id, grp FROM mv_base WITH NO DATA;
SELECT * FROM mv_nodata;
SELECT count(*) FROM mv_nodata;
SELECT * FROM mv_base b JOIN mv_nodata n USING (id);
SELECT * FROM mv_nodata TABLESAMPLE SYSTEM (100);
CREATE MATERIALIZED VIEW mv_over_nodata AS SELECT * FROM mv_nodata;
CREATE MATERIALIZED VIEW mv_over_nodata AS SELECT * FROM mv_nodata WITH NO DATA;
CREATE VIEW mv_view_nodata AS SELECT id FROM mv_nodata;
SELECT * FROM mv_view_nodata;
SELECT relname, relkind, relispopulated, relhasrules, relpersistence FROM pg_class
  WHERE relname LIKE 'mv\_%' ORDER BY relname;
-- REFRESH
REFRESH MATERIALIZED VIEW mv_nodata;
SELECT * FROM mv_nodata ORDER BY id;
REFRESH MATERIALIZED VIEW mv_over_nodata;
SELECT * FROM mv_view_nodata ORDER BY id;
INSERT INTO mv_base VALUES (5, 'b', 7.75), (6, 'd', 1.00);
SELECT * FROM mv_tot ORDER BY grp;
REFRESH MATERIALIZED VIEW mv_tot;
SELECT * FROM mv_tot ORDER BY grp;
REFRESH MATERIALIZED VIEW public.mv_tot WITH DATA;
SELECT count(*) FROM mv_tot;
REFRESH MATERIALIZED VIEW mv_nodata WITH NO DATA;
SELECT * FROM mv_nodata;
SELECT relispopulated FROM pg_class WHERE relname = 'mv_nodata';
REFRESH MATERIALIZED VIEW mv_nodata;
SELECT count(*) FROM mv_nodata;
REFRESH MATERIALIZED VIEW mv_base;
REFRESH MATERIALIZED VIEW mv_view_nodata;
REFRESH MATERIALIZED VIEW nosuch;
REFRESH MATERIALIZED VIEW nosuch_schema.mv_tot;
REFRESH MATERIALIZED VIEW pg_catalog.pg_class;
REFRESH MATERIALIZED VIEW CONCURRENTLY mv_tot;
REFRESH MATERIALIZED VIEW CONCURRENTLY mv_tot WITH NO DATA;
REFRESH MATERIALIZED VIEW CONCURRENTLY mv_base;
REFRESH MATERIALIZED VIEW mv_nodata WITH NO DATA;
REFRESH MATERIALIZED VIEW CONCURRENTLY mv_nodata;
REFRESH MATERIALIZED VIEW mv_nodata;
-- a refresh that fails leaves the old contents
CREATE MATERIALIZED VIEW mv_div AS SELECT id, round(100 / amount, 3) AS inv FROM mv_base WHERE amount IS NOT NULL;
SELECT * FROM mv_div ORDER BY id;
UPDATE mv_base SET amount = 0 WHERE id = 1;
REFRESH MATERIALIZED VIEW mv_div;
SELECT * FROM mv_div ORDER BY id;
SELECT relispopulated FROM pg_class WHERE relname = 'mv_div';
UPDATE mv_base SET amount = 4 WHERE id = 1;
REFRESH MATERIALIZED VIEW mv_div;
SELECT * FROM mv_div ORDER BY id;
-- REFRESH is transactional
BEGIN;
DELETE FROM mv_base WHERE grp = 'a';
REFRESH MATERIALIZED VIEW mv_tot;
SELECT * FROM mv_tot ORDER BY grp;
ROLLBACK;
SELECT * FROM mv_tot ORDER BY grp;
BEGIN;
REFRESH MATERIALIZED VIEW mv_tot WITH NO DATA;
SELECT relispopulated FROM pg_class WHERE relname = 'mv_tot';
ROLLBACK;
SELECT relispopulated FROM pg_class WHERE relname = 'mv_tot';
SELECT count(*) FROM mv_tot;
BEGIN;
INSERT INTO mv_base VALUES (7, 'e', 3.00);
SAVEPOINT s1;
REFRESH MATERIALIZED VIEW mv_tot;
SELECT * FROM mv_tot WHERE grp = 'e';
ROLLBACK TO s1;
SELECT * FROM mv_tot WHERE grp = 'e';
REFRESH MATERIALIZED VIEW mv_tot;
SELECT * FROM mv_tot WHERE grp = 'e';
COMMIT;
SELECT * FROM mv_tot ORDER BY grp;
BEGIN;
CREATE MATERIALIZED VIEW mv_rolled AS SELECT id FROM mv_base;
SELECT count(*) FROM mv_rolled;
ROLLBACK;
SELECT * FROM mv_rolled;
CREATE MATERIALIZED VIEW mv_rolled AS SELECT id * 10 AS id10 FROM mv_base WHERE id = 1;
SELECT * FROM mv_rolled;
-- a prepared query sees the refreshed state
PREPARE mv_count AS SELECT count(*) FROM mv_tot;
EXECUTE mv_count;
REFRESH MATERIALIZED VIEW mv_tot WITH NO DATA;
EXECUTE mv_count;
REFRESH MATERIALIZED VIEW mv_tot;
EXECUTE mv_count;
DEALLOCATE mv_count;
-- a table gaining columns does not widen a materialized view over *
ALTER TABLE mv_base ADD COLUMN extra int DEFAULT 42;
REFRESH MATERIALIZED VIEW mv_heap;
SELECT * FROM mv_heap ORDER BY id;
-- large values go out of line and come back after a refresh
CREATE MATERIALIZED VIEW mv_big AS SELECT id, repeat(grp, 5000) AS big FROM mv_base WHERE id <= 2;
SELECT id, length(big) FROM mv_big ORDER BY id;
UPDATE mv_base SET grp = 'zz' WHERE id = 2;
REFRESH MATERIALIZED VIEW mv_big;
SELECT id, length(big), substr(big, 1, 6) FROM mv_big ORDER BY id;
-- materialized views cannot be changed
INSERT INTO mv_tot VALUES ('x', 1, 1);
INSERT INTO mv_tot SELECT * FROM mv_tot WHERE false;
UPDATE mv_tot SET n = 0;
DELETE FROM mv_tot;
DELETE FROM mv_tot WHERE grp = 'nosuch';
WITH d AS (DELETE FROM mv_tot RETURNING *) SELECT count(*) FROM d;
MERGE INTO mv_tot t USING mv_base b ON t.grp = b.grp WHEN MATCHED THEN DELETE;
TRUNCATE mv_tot;
TRUNCATE mv_base, mv_tot;
SELECT count(*) FROM mv_base;
ALTER TABLE mv_tot ADD COLUMN c int;
ALTER TABLE mv_tot DROP COLUMN n;
ALTER TABLE mv_tot ALTER COLUMN n SET DEFAULT 1;
ALTER TABLE mv_tot ALTER COLUMN n DROP DEFAULT;
ALTER TABLE mv_tot ALTER COLUMN n SET NOT NULL;
ALTER TABLE mv_tot ALTER COLUMN n DROP NOT NULL;
ALTER TABLE mv_tot ALTER COLUMN n TYPE int;
ALTER TABLE mv_tot ADD CONSTRAINT mv_c CHECK (n > 0);
ALTER TABLE mv_tot DROP CONSTRAINT mv_c;
ALTER TABLE mv_tot OWNER TO postgres, ADD COLUMN c int;
-- reading works in every context
SELECT t.grp, t.total, c.label FROM mv_tot t LEFT JOIN mv_cols c ON c.label = t.grp ORDER BY 1, 3;
SELECT grp FROM mv_tot WHERE n = (SELECT max(n) FROM mv_tot) ORDER BY grp;
SELECT tableoid::regclass, grp FROM mv_tot WHERE grp = 'a';
WITH w AS (SELECT * FROM mv_tot) SELECT count(*) FROM w;
CREATE TABLE mv_copy AS SELECT * FROM mv_tot;
SELECT count(*) FROM mv_copy;
DROP TABLE mv_copy;
LOCK TABLE mv_tot;
BEGIN;
LOCK TABLE mv_tot IN ACCESS EXCLUSIVE MODE;
COMMIT;
-- catalogs
SELECT schemaname, matviewname, matviewowner, tablespace, hasindexes, ispopulated
  FROM pg_matviews WHERE matviewname LIKE 'mv\_%' ORDER BY matviewname;
SELECT c.relname, r.rulename, r.ev_type, r.is_instead FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class
  WHERE c.relname LIKE 'mv\_%' ORDER BY 1;
SELECT c.relname, c.relam, t.typname, c.relnatts FROM pg_class c JOIN pg_type t ON t.oid = c.reltype
  WHERE c.relname IN ('mv_tot', 'mv_nodata') ORDER BY 1;
SELECT pg_describe_object(classid, objid, objsubid) AS obj, pg_describe_object(refclassid, refobjid, refobjsubid) AS ref, deptype
  FROM pg_depend WHERE refobjid = 'mv_base'::regclass AND classid = 'pg_rewrite'::regclass ORDER BY 1, 2, 3;
SELECT pg_get_viewdef('mv_tot') IS NOT NULL AS has_def;
\dm mv_*
\dm+ mv_ordered
\d mv_tot
\d mv_nodata
\dt mv_*
-- COMMENT
COMMENT ON MATERIALIZED VIEW mv_tot IS 'totals per group';
SELECT obj_description('mv_tot'::regclass, 'pg_class');
COMMENT ON MATERIALIZED VIEW mv_tot IS NULL;
SELECT obj_description('mv_tot'::regclass, 'pg_class');
COMMENT ON COLUMN mv_tot.total IS 'sum of amounts';
SELECT col_description('mv_tot'::regclass, 2);
COMMENT ON MATERIALIZED VIEW mv_base IS 'no';
COMMENT ON MATERIALIZED VIEW nosuch IS 'no';
COMMENT ON TABLE mv_tot IS 'no';
COMMENT ON VIEW mv_tot IS 'no';
-- ALTER MATERIALIZED VIEW
ALTER MATERIALIZED VIEW mv_cols RENAME TO mv_cols2;
SELECT * FROM mv_cols2 ORDER BY 1;
ALTER MATERIALIZED VIEW mv_cols2 RENAME COLUMN label TO grp_label;
SELECT * FROM mv_cols2 ORDER BY 1;
REFRESH MATERIALIZED VIEW mv_cols2;
SELECT * FROM mv_cols2 ORDER BY 1;
ALTER MATERIALIZED VIEW mv_cols2 RENAME ident TO grp_label;
ALTER MATERIALIZED VIEW mv_cols2 RENAME COLUMN nosuch TO x;
ALTER MATERIALIZED VIEW mv_cols2 RENAME COLUMN ident TO xmin;
ALTER MATERIALIZED VIEW mv_cols2 RENAME COLUMN xmin TO x;
ALTER MATERIALIZED VIEW mv_cols2 RENAME TO mv_tot;
ALTER MATERIALIZED VIEW IF EXISTS nosuch RENAME TO x;
ALTER MATERIALIZED VIEW IF EXISTS nosuch RENAME COLUMN a TO b;
ALTER MATERIALIZED VIEW nosuch RENAME TO x;
ALTER MATERIALIZED VIEW mv_base RENAME TO x;
ALTER MATERIALIZED VIEW pg_class RENAME TO x;
ALTER VIEW mv_cols2 RENAME TO x;
ALTER SEQUENCE mv_cols2 RENAME TO x;
ALTER TABLE mv_cols2 RENAME TO mv_cols;
ALTER TABLE mv_cols RENAME COLUMN grp_label TO label;
SELECT * FROM mv_cols ORDER BY 1;
CREATE SCHEMA mv_s;
ALTER MATERIALIZED VIEW mv_cols SET SCHEMA mv_s;
SELECT * FROM mv_s.mv_cols ORDER BY 1;
SELECT schemaname, matviewname FROM pg_matviews WHERE matviewname = 'mv_cols';
REFRESH MATERIALIZED VIEW mv_s.mv_cols;
ALTER TABLE mv_s.mv_cols SET SCHEMA public;
ALTER MATERIALIZED VIEW IF EXISTS nosuch SET SCHEMA mv_s;
ALTER MATERIALIZED VIEW mv_base SET SCHEMA mv_s;
ALTER MATERIALIZED VIEW mv_cols SET SCHEMA nosuch_schema;
ALTER MATERIALIZED VIEW mv_cols OWNER TO postgres;
ALTER TABLE mv_cols OWNER TO postgres;
ALTER MATERIALIZED VIEW mv_base OWNER TO postgres;
SELECT matviewowner FROM pg_matviews WHERE matviewname = 'mv_cols';
-- DROP and dependencies
DROP TABLE mv_tot;
DROP VIEW mv_tot;
DROP SEQUENCE mv_tot;
DROP MATERIALIZED VIEW mv_base;
DROP MATERIALIZED VIEW mv_view_nodata;
DROP MATERIALIZED VIEW nosuch;
DROP MATERIALIZED VIEW IF EXISTS nosuch;
DROP MATERIALIZED VIEW IF EXISTS nosuch_schema.nosuch;
DROP MATERIALIZED VIEW mv_tot, nosuch;
DROP MATERIALIZED VIEW IF EXISTS mv_tot, nosuch;
SELECT count(*) FROM pg_class WHERE relname = 'mv_tot';
DROP MATERIALIZED VIEW mv_nodata;
DROP MATERIALIZED VIEW mv_nodata RESTRICT;
ALTER TABLE mv_base DROP COLUMN grp;
ALTER TABLE mv_base ALTER COLUMN amount TYPE float8;
DROP TABLE mv_base;
DROP MATERIALIZED VIEW mv_nodata CASCADE;
DROP MATERIALIZED VIEW mv_cols, mv_part, mv_vals, mv_lits, mv_ff, mv_ordered;
DROP TABLE mv_base CASCADE;
-- the error codes
\set VERBOSITY sqlstate
CREATE TABLE mv_base (id int);
CREATE MATERIALIZED VIEW mv_codes AS SELECT id FROM mv_base WITH NO DATA;
SELECT * FROM mv_codes;
INSERT INTO mv_codes VALUES (1);
REFRESH MATERIALIZED VIEW mv_base;
REFRESH MATERIALIZED VIEW CONCURRENTLY mv_codes;
REFRESH MATERIALIZED VIEW mv_codes;
REFRESH MATERIALIZED VIEW CONCURRENTLY mv_codes;
REFRESH MATERIALIZED VIEW CONCURRENTLY mv_codes WITH NO DATA;
CREATE UNLOGGED MATERIALIZED VIEW mv_err AS SELECT 1;
CREATE MATERIALIZED VIEW pg_temp.mv_err AS SELECT 1;
DROP TABLE mv_codes;
ALTER TABLE mv_codes ADD COLUMN x int;
MERGE INTO mv_codes t USING mv_base b ON t.id = b.id WHEN MATCHED THEN DELETE;
DROP TABLE mv_base;
\set VERBOSITY default
DROP TABLE mv_base CASCADE;
SELECT relname FROM pg_class WHERE relname LIKE 'mv\_%' ORDER BY 1;
SELECT count(*) FROM pg_rewrite r WHERE NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = r.ev_class);
DROP SCHEMA mv_s;

-- an index on a view made WITH NO DATA starts empty (pg_dump's scripts
-- create the indexes of views they refresh afterwards)
CREATE TABLE mv_ix_base (a int, b text);
INSERT INTO mv_ix_base SELECT g, 'v' || g FROM generate_series(1, 500) g;
CREATE MATERIALIZED VIEW mv_ix AS SELECT a, b FROM mv_ix_base WITH NO DATA;
CREATE UNIQUE INDEX mv_ix_a ON mv_ix (a);
SELECT c.relname, c.reltuples FROM pg_class c WHERE c.relname = 'mv_ix_a';
SELECT * FROM mv_ix WHERE a = 5;
REFRESH MATERIALIZED VIEW mv_ix;
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT * FROM mv_ix WHERE a = 5;
SELECT * FROM mv_ix WHERE a = 5;
REFRESH MATERIALIZED VIEW mv_ix WITH NO DATA;
CREATE INDEX mv_ix_b ON mv_ix (b);
REFRESH MATERIALIZED VIEW mv_ix;
EXPLAIN (COSTS OFF) SELECT * FROM mv_ix WHERE b = 'v7';
SELECT * FROM mv_ix WHERE b = 'v7';
RESET enable_seqscan;
DROP MATERIALIZED VIEW mv_ix;
DROP TABLE mv_ix_base;
-- REFRESH ... CONCURRENTLY applies the difference in place: the rows it
-- does not change keep their ctid, the indexes follow the deletes and
-- inserts
CREATE TABLE mv_cc_base (id int PRIMARY KEY, amount numeric, note text);
INSERT INTO mv_cc_base VALUES (1, 1.0, 'a'), (2, 2, 'b'), (3, NULL, 'c'), (5, 5, 'e'), (6, 6, NULL);
CREATE MATERIALIZED VIEW mv_cc AS SELECT id AS "Key", amount, note AS "select" FROM mv_cc_base;
CREATE UNIQUE INDEX mv_cc_key ON mv_cc ("Key");
CREATE INDEX mv_cc_note ON mv_cc ("select");
SELECT ctid, * FROM mv_cc ORDER BY "Key";
-- 1.00 equals 1.0 but is not the same value: the row is replaced
UPDATE mv_cc_base SET amount = 1.00 WHERE id = 1;
UPDATE mv_cc_base SET note = 'x' WHERE id = 2;
DELETE FROM mv_cc_base WHERE id = 3;
INSERT INTO mv_cc_base VALUES (4, 4, 'd');
REFRESH MATERIALIZED VIEW CONCURRENTLY mv_cc;
SELECT ctid, * FROM mv_cc ORDER BY "Key";
REFRESH MATERIALIZED VIEW CONCURRENTLY public.mv_cc;
SELECT ctid, * FROM mv_cc ORDER BY "Key";
SET enable_seqscan = off;
SELECT "Key", "select" FROM mv_cc WHERE "Key" = 4;
SELECT "Key", "select" FROM mv_cc WHERE "select" = 'x';
SELECT "Key" FROM mv_cc WHERE "select" = 'c';
RESET enable_seqscan;
BEGIN;
DELETE FROM mv_cc_base WHERE id > 4;
REFRESH MATERIALIZED VIEW CONCURRENTLY mv_cc;
SELECT "Key" FROM mv_cc ORDER BY "Key";
ROLLBACK;
SELECT "Key" FROM mv_cc ORDER BY "Key";
SELECT count(*) FROM pg_class WHERE relname LIKE 'pg_temp%';
-- duplicate rows without a NULL are refused; with one they are kept
CREATE TABLE mv_dup_base (a int, b int, c text);
INSERT INTO mv_dup_base VALUES (1, 1, 'one'), (2, NULL, 'two');
CREATE MATERIALIZED VIEW mv_dup AS SELECT a, b, c FROM mv_dup_base;
CREATE UNIQUE INDEX mv_dup_b ON mv_dup (b) INCLUDE (a);
CREATE UNIQUE INDEX mv_dup_expr ON mv_dup ((a * 10));
INSERT INTO mv_dup_base VALUES (1, 1, 'one');
REFRESH MATERIALIZED VIEW CONCURRENTLY mv_dup;
\set VERBOSITY sqlstate
REFRESH MATERIALIZED VIEW CONCURRENTLY mv_dup;
\set VERBOSITY default
SELECT * FROM mv_dup ORDER BY a, b;
DROP INDEX mv_dup_expr;
DELETE FROM mv_dup_base WHERE a = 1;
INSERT INTO mv_dup_base VALUES (2, NULL, 'two'), (3, NULL, 'three'), (4, 4, 'four');
REFRESH MATERIALIZED VIEW CONCURRENTLY mv_dup;
SELECT * FROM mv_dup ORDER BY a, b, c;
-- a view whose only unique index is on an expression cannot
DROP INDEX mv_dup_b;
CREATE UNIQUE INDEX mv_dup_expr ON mv_dup ((c || 'x'), a, b);
REFRESH MATERIALIZED VIEW CONCURRENTLY mv_dup;
DROP INDEX mv_dup_expr;
CREATE UNIQUE INDEX mv_dup_expr ON mv_dup ((c || 'x'));
REFRESH MATERIALIZED VIEW CONCURRENTLY mv_dup;
DROP MATERIALIZED VIEW mv_dup;
DROP MATERIALIZED VIEW mv_cc;
DROP TABLE mv_dup_base, mv_cc_base;
-- rows are matched whole and exactly, whatever extra_float_digits prints
CREATE TABLE mv_fl_base (id int PRIMARY KEY, f float8);
INSERT INTO mv_fl_base VALUES (1, 0.3), (2, 1);
CREATE MATERIALIZED VIEW mv_fl AS SELECT id, f FROM mv_fl_base;
CREATE UNIQUE INDEX mv_fl_id ON mv_fl (id);
SET extra_float_digits = 0;
UPDATE mv_fl_base SET f = 0.1::float8 + 0.2::float8 WHERE id = 1;
REFRESH MATERIALIZED VIEW CONCURRENTLY mv_fl;
SELECT id, f = 0.1::float8 + 0.2::float8 AS changed FROM mv_fl ORDER BY id;
SHOW extra_float_digits;
INSERT INTO mv_fl_base VALUES (3, 1e-300), (4, 1e-300);
UPDATE mv_fl_base SET id = 5 WHERE id = 4;
REFRESH MATERIALIZED VIEW CONCURRENTLY mv_fl;
RESET extra_float_digits;
DROP MATERIALIZED VIEW mv_fl;
DROP TABLE mv_fl_base;

-- SET STORAGE and SET COMPRESSION of a materialized view's columns, for
-- the rows REFRESH stores from then on (and of its index's columns).
CREATE TABLE mv_st_base (id int, t text);
INSERT INTO mv_st_base VALUES (1, repeat('abc', 3000)), (2, 'short');
CREATE MATERIALIZED VIEW mv_st AS SELECT id, t FROM mv_st_base;
CREATE UNIQUE INDEX mv_st_t ON mv_st (t);
SELECT id, pg_column_compression(t) FROM mv_st ORDER BY id;
ALTER MATERIALIZED VIEW mv_st ALTER COLUMN t SET STORAGE EXTERNAL;
SELECT c.relname, a.attname, a.attstorage, a.attcompression FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
 WHERE a.attrelid IN ('mv_st'::regclass, 'mv_st_t'::regclass) AND a.attnum > 0 ORDER BY 1, a.attnum;
ALTER MATERIALIZED VIEW mv_st ALTER COLUMN t SET STORAGE EXTENDED, ALTER COLUMN t SET COMPRESSION pglz;
SELECT c.relname, a.attname, a.attstorage, a.attcompression FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
 WHERE a.attrelid IN ('mv_st'::regclass, 'mv_st_t'::regclass) AND a.attnum > 0 ORDER BY 1, a.attnum;
REFRESH MATERIALIZED VIEW mv_st;
SELECT id, pg_column_compression(t), length(t) FROM mv_st ORDER BY id;
REFRESH MATERIALIZED VIEW CONCURRENTLY mv_st;
SELECT id, length(t) FROM mv_st ORDER BY id;
ALTER MATERIALIZED VIEW mv_st ALTER COLUMN t SET STORAGE EXTERNAL;
REFRESH MATERIALIZED VIEW mv_st;
SELECT id, pg_column_compression(t), length(t) FROM mv_st ORDER BY id;
ALTER MATERIALIZED VIEW mv_st ALTER COLUMN t SET COMPRESSION default;
ALTER MATERIALIZED VIEW mv_st ALTER COLUMN t SET STORAGE MAIN;
ALTER TABLE mv_st ALTER COLUMN t SET STORAGE EXTENDED;
SELECT attname, attstorage, attcompression FROM pg_attribute WHERE attrelid = 'mv_st'::regclass AND attnum > 0 ORDER BY attnum;
ALTER MATERIALIZED VIEW mv_st ALTER COLUMN id SET STORAGE EXTERNAL;
ALTER MATERIALIZED VIEW mv_st ALTER COLUMN id SET COMPRESSION pglz;
ALTER MATERIALIZED VIEW mv_st ALTER COLUMN t SET STORAGE bogus;
ALTER MATERIALIZED VIEW mv_st ALTER COLUMN t SET COMPRESSION bogus;
ALTER MATERIALIZED VIEW mv_st ALTER COLUMN nosuch SET STORAGE PLAIN;
ALTER MATERIALIZED VIEW mv_st ALTER COLUMN xmin SET STORAGE PLAIN;
ALTER MATERIALIZED VIEW IF EXISTS mv_nosuch ALTER COLUMN t SET STORAGE PLAIN;
ALTER MATERIALIZED VIEW mv_st_base ALTER COLUMN t SET STORAGE PLAIN;
CREATE VIEW mv_st_v AS SELECT * FROM mv_st_base;
ALTER VIEW mv_st_v ALTER COLUMN t SET STORAGE PLAIN;
ALTER TABLE mv_st_v ALTER COLUMN t SET COMPRESSION pglz;
ALTER MATERIALIZED VIEW mv_st_v ALTER COLUMN t SET STORAGE PLAIN;
DROP VIEW mv_st_v;
DROP MATERIALIZED VIEW mv_st;
DROP TABLE mv_st_base;
