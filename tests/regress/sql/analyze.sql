-- ANALYZE: pg_statistic and pg_stats, relpages and reltuples in pg_class.
-- Every table here fits in the sample (300 rows per unit of statistics
-- target), so the statistics are exact and the same on every run.
-- Rows of one size, so that the pages are filled alike.
CREATE TABLE an_t (id int, skew int, word text, flag bool, d date, rev int, js json, nostat int);
INSERT INTO an_t
SELECT g,
       CASE WHEN g % 10 < 5 THEN 1 WHEN g % 10 < 8 THEN 2 ELSE g END,
       'w' || (g % 7),
       g % 3 = 0,
       date '2024-01-01' + (g % 50),
       2001 - g,
       ('{"k": ' || (g % 5) || '}')::json,
       g
FROM generate_series(1, 2000) g;
ALTER TABLE an_t ALTER COLUMN nostat SET STATISTICS 0;
ALTER TABLE an_t ALTER COLUMN id SET STATISTICS 10;
ALTER TABLE an_t ALTER COLUMN rev SET STATISTICS 10;
SELECT attname, attstattarget FROM pg_attribute
WHERE attrelid = 'an_t'::regclass AND attnum > 0 ORDER BY attnum;
-- never analyzed
SELECT relpages, reltuples FROM pg_class WHERE relname = 'an_t';
SELECT count(*) FROM pg_stats WHERE tablename = 'an_t';
ANALYZE an_t;
SELECT relpages, reltuples FROM pg_class WHERE relname = 'an_t';
SELECT attname, inherited, null_frac, avg_width, n_distinct
FROM pg_stats WHERE tablename = 'an_t' ORDER BY attname;
SELECT attname, most_common_vals, most_common_freqs
FROM pg_stats WHERE tablename = 'an_t' ORDER BY attname;
SELECT attname, histogram_bounds, correlation
FROM pg_stats WHERE tablename = 'an_t' ORDER BY attname;
SELECT attname, most_common_elems, most_common_elem_freqs, elem_count_histogram
FROM pg_stats WHERE tablename = 'an_t' ORDER BY attname;
SELECT schemaname, tablename FROM pg_stats WHERE tablename = 'an_t' GROUP BY 1, 2;
-- the slots: kinds, operators and collations
SELECT a.attname, s.stakind1, s.stakind2, s.stakind3, s.stakind4, s.stakind5,
       s.staop1::regoperator, s.staop2::regoperator, s.staop3::regoperator,
       s.stacoll1, s.stacoll2, s.stacoll3, s.stainherit
FROM pg_statistic s JOIN pg_attribute a ON a.attrelid = s.starelid AND a.attnum = s.staattnum
WHERE s.starelid = 'an_t'::regclass ORDER BY a.attnum;
SELECT staattnum, stavalues1::text, pg_typeof(stavalues1), array_length(stanumbers1, 1)
FROM pg_statistic WHERE starelid = 'an_t'::regclass AND staattnum IN (2, 3, 4) ORDER BY 1;

-- NULLs, numeric widths, values wider than 1024 bytes (counted in the
-- width and as distinct, left out of the lists); one page
CREATE TABLE an_misc (sparse int, nulls text, amount numeric, wide text, allwide text);
INSERT INTO an_misc
SELECT CASE WHEN g % 4 = 0 THEN NULL ELSE g % 3 END,
       NULL,
       CASE WHEN g % 5 = 0 THEN NULL ELSE (g % 6) * 1.5 END,
       CASE WHEN g % 10 = 0 THEN repeat(chr(65 + g / 10), 1030) ELSE 's' || (g % 4) END,
       CASE WHEN g % 2 = 0 THEN repeat('z', 1021) ELSE NULL END
FROM generate_series(1, 40) g;
INSERT INTO an_misc (amount) VALUES (123456789.123456789), (-0.000001), ('NaN'), (0), (1e100);
ANALYZE an_misc;
SELECT relpages, reltuples FROM pg_class WHERE relname = 'an_misc';
SELECT attname, null_frac, avg_width, n_distinct, most_common_vals, most_common_freqs, histogram_bounds, correlation
FROM pg_stats WHERE tablename = 'an_misc' ORDER BY attname;

-- a column list analyzes those columns only
CREATE TABLE an_cols (a int, b text, c int);
INSERT INTO an_cols SELECT g % 3, 'b' || g, g FROM generate_series(1, 30) g;
ANALYZE an_cols (c, a);
SELECT attname, n_distinct, most_common_vals FROM pg_stats WHERE tablename = 'an_cols' ORDER BY attname;
ANALYZE an_cols (b);
SELECT attname, n_distinct FROM pg_stats WHERE tablename = 'an_cols' ORDER BY attname;
-- running it again replaces the rows
UPDATE an_cols SET a = 7;
ANALYZE an_cols;
SELECT attname, n_distinct, most_common_vals, most_common_freqs FROM pg_stats WHERE tablename = 'an_cols' ORDER BY attname;
SELECT count(*) FROM pg_statistic WHERE starelid = 'an_cols'::regclass;

-- correlation of ordered and reversed inserts, and of a shuffled order
CREATE TABLE an_corr (up int, down int, mixed int);
INSERT INTO an_corr SELECT g, 1001 - g, (g * 7919) % 1000 FROM generate_series(1, 1000) g;
ALTER TABLE an_corr ALTER COLUMN up SET STATISTICS 4;
ALTER TABLE an_corr ALTER COLUMN down SET STATISTICS 4;
ALTER TABLE an_corr ALTER COLUMN mixed SET STATISTICS 4;
ANALYZE an_corr;
SELECT attname, n_distinct, histogram_bounds, correlation FROM pg_stats WHERE tablename = 'an_corr' ORDER BY attname;
SELECT relpages, reltuples FROM pg_class WHERE relname = 'an_corr';

-- a table larger than the sample: 300 rows per unit of target, the
-- rows random (but never a value twice, so n_distinct is -1 whatever
-- the sample)
CREATE TABLE an_big (id int, pad text);
INSERT INTO an_big SELECT g, 'p' || g FROM generate_series(1, 5000) g;
ALTER TABLE an_big ALTER COLUMN id SET STATISTICS 1;
ALTER TABLE an_big ALTER COLUMN pad SET STATISTICS 2;
ANALYZE VERBOSE an_big;
SELECT relpages, reltuples FROM pg_class WHERE relname = 'an_big';
SELECT attname, null_frac, n_distinct, most_common_vals, array_length(histogram_bounds::text::text[], 1)
FROM pg_stats WHERE tablename = 'an_big' ORDER BY attname;
DROP TABLE an_big;

-- default_statistics_target sizes the lists of columns without a target
CREATE TABLE an_target (v int, s text);
INSERT INTO an_target SELECT g % 40, 's' || (g % 25) FROM generate_series(1, 400) g;
SET default_statistics_target = 5;
ANALYZE an_target;
SELECT attname, n_distinct, most_common_vals, most_common_freqs, histogram_bounds FROM pg_stats WHERE tablename = 'an_target' ORDER BY attname;
RESET default_statistics_target;
ANALYZE an_target;
SELECT attname, n_distinct, array_length(most_common_vals::text::text[], 1), histogram_bounds FROM pg_stats WHERE tablename = 'an_target' ORDER BY attname;
SET default_statistics_target = 0;
SET default_statistics_target = 10001;
SHOW default_statistics_target;

-- more types: unique text, dates, a domain, bigint and floats, all NULL
CREATE DOMAIN an_dom AS int CHECK (VALUE >= 0);
CREATE TABLE an_types (u text, dt timestamp, dm an_dom, big bigint, f float8, r real, allnull int, nulltext text, ch char(3), vc varchar(10));
INSERT INTO an_types SELECT 'u' || g, timestamp '2020-02-02 10:00' + g * interval '1 hour', g % 6, g * 1000000000, g / 8.0, (g % 9) / 4.0, NULL, NULL, chr(97 + g % 4), 'v' || (g % 3)
FROM generate_series(1, 300) g;
ALTER TABLE an_types ALTER COLUMN u SET STATISTICS 6;
ALTER TABLE an_types ALTER COLUMN dt SET STATISTICS 6;
ALTER TABLE an_types ALTER COLUMN big SET STATISTICS 6;
ALTER TABLE an_types ALTER COLUMN f SET STATISTICS 6;
ANALYZE an_types;
SELECT attname, null_frac, avg_width, n_distinct, most_common_vals, most_common_freqs, histogram_bounds, correlation
FROM pg_stats WHERE tablename = 'an_types' ORDER BY attname;

-- enums, composite values, arrays, jsonb, network and other types; xid
-- has "=" but no "<" (no histogram, no correlation), json neither
CREATE TYPE an_enum AS ENUM ('zz', 'aa', 'mm');
CREATE TYPE an_comp AS (x int, y text);
CREATE TABLE an_more (e an_enum, c an_comp, ia int[], ta text[], iv interval, u uuid, jb jsonb, ip inet,
    tz timetz, ba bytea, n name, o oid, f4 real, ch "char", xx xid, nu numeric(10,2), big numeric);
INSERT INTO an_more
SELECT (ARRAY['zz', 'aa', 'mm'])[1 + g % 3]::an_enum, ROW(g % 4, 'y' || (g % 2))::an_comp,
       ARRAY[g % 3, g % 2], ARRAY['a' || (g % 3)], (g % 7) * interval '1 day 2 hours',
       ('00000000-0000-0000-0000-' || lpad((g % 9)::text, 12, '0'))::uuid,
       ('{"a": ' || (g % 4) || ', "b": [1, 2]}')::jsonb, ('10.0.' || (g % 5) || '.1')::inet,
       ('10:00:00+0' || (g % 3))::timetz, decode(lpad(to_hex(g % 6), 4, '0'), 'hex'), 'nm' || (g % 8),
       g % 10, (g % 5) / 3.0, chr(97 + g % 3), (g % 4)::text::xid, (g % 11) * 1.25, (g % 6) * 123456.789
FROM generate_series(1, 60) g;
ANALYZE an_more;
SELECT attname, null_frac, avg_width, n_distinct, most_common_vals, most_common_freqs, histogram_bounds, correlation
FROM pg_stats WHERE tablename = 'an_more' ORDER BY attname;
SELECT a.attname, s.staop1::regoperator, s.staop2::regoperator, s.stacoll1
FROM pg_statistic s JOIN pg_attribute a ON a.attrelid = s.starelid AND a.attnum = s.staattnum
WHERE s.starelid = 'an_more'::regclass ORDER BY a.attnum;
-- widths as PostgreSQL stores the values
CREATE TABLE an_width (j jsonb, a int8[], b text[], c numeric[], d int[], e int[], n numeric, f float8[], r an_comp);
INSERT INTO an_width VALUES
 ('1', '{1}', '{abc}', '{1.5}', '{1,NULL,3}', '{{1,2},{3,4}}', 1e-70, '{1.5}', '(1,)'),
 ('"str"', '{1,2,3}', '{"a b", NULL}', '{12345678.9,-1}', '{}', '{{1},{2}}', 12345678901234567890.123, '{}', '(,abc)'),
 ('null', NULL, ARRAY[repeat('x', 150)], '{NaN}', '{NULL}', '[0:1]={5,6}', 'Infinity', '{1,2}', '(2,xyz)'),
 ('[true, false, null, 1.25, "x", {"k": [1, {"z": "long string value here"}]}]', '{9,9}', '{}', NULL,
  '{1,2,3,4,5,6,7,8,9,10}', NULL, -0.5, NULL, NULL),
 ('{"' || repeat('a', 130) || '": 1, "b": 2.5e10}', '{}', '{a,bb,ccc}', '{0.001,100000}', '{1}', '{{7}}', 1e100, '{3}', ROW(3, repeat('q', 200)));
ANALYZE an_width;
SELECT attname, null_frac, avg_width, n_distinct FROM pg_stats WHERE tablename = 'an_width' ORDER BY attname;

-- arrays: the scalar statistics of the arrays, then the most common
-- elements (each counted once per array) with their minimum, maximum
-- and NULL-element frequencies, and the histogram of distinct elements
-- per array with their average
CREATE TABLE an_arr (a int[], t text[], n numeric[], v varchar(5)[], j json[]);
INSERT INTO an_arr SELECT
  CASE WHEN g % 17 = 0 THEN NULL WHEN g % 13 = 0 THEN '{}'
       ELSE ARRAY[g % 5, g % 7, g % 5, CASE WHEN g % 11 = 0 THEN NULL ELSE g % 3 END] END,
  ARRAY['x' || (g % 4), 'y' || (g % 9)],
  ARRAY[(g % 4) * 1.5],
  ARRAY['v' || (g % 3)]::varchar(5)[],
  ARRAY['{}'::json]
FROM generate_series(1, 3000) g;
ANALYZE an_arr;
SELECT attname, null_frac, avg_width, n_distinct, most_common_elems, most_common_elem_freqs, elem_count_histogram
FROM pg_stats WHERE tablename = 'an_arr' ORDER BY attname;
SELECT attname, most_common_vals, most_common_freqs FROM pg_stats WHERE tablename = 'an_arr' AND attname IN ('n', 'v') ORDER BY attname;
SELECT a.attname, s.stakind1, s.stakind2, s.stakind3, s.stakind4, s.stakind5, s.staop4::regoperator, s.staop5::regoperator,
       s.stacoll4, s.stacoll5, s.stavalues4::text
FROM pg_statistic s JOIN pg_attribute a ON a.attrelid = s.starelid AND a.attnum = s.staattnum
WHERE s.starelid = 'an_arr'::regclass ORDER BY a.attnum;
DROP TABLE an_arr;

-- an empty table, and a materialized view
CREATE TABLE an_empty (a int);
ANALYZE an_empty;
SELECT relpages, reltuples FROM pg_class WHERE relname = 'an_empty';
SELECT count(*) FROM pg_statistic WHERE starelid = 'an_empty'::regclass;
CREATE MATERIALIZED VIEW an_mv AS SELECT g % 4 AS k, g AS v FROM generate_series(1, 100) g;
ALTER MATERIALIZED VIEW an_mv ALTER COLUMN v SET STATISTICS 3;
ANALYZE an_mv;
SELECT relpages, reltuples FROM pg_class WHERE relname = 'an_mv';
SELECT attname, n_distinct, most_common_vals, histogram_bounds FROM pg_stats WHERE tablename = 'an_mv' ORDER BY attname;

-- VERBOSE
CREATE TABLE an_small (id int, t text);
INSERT INTO an_small SELECT g, repeat('y', 100) FROM generate_series(1, 500) g;
ANALYZE VERBOSE an_small;
ANALYZE (VERBOSE) an_small (id);
ANALYZE (VERBOSE true, SKIP_LOCKED) an_small;
ANALYZE (VERBOSE false) an_small;
ANALYZE (VERBOSE on, SKIP_LOCKED off) an_small, an_empty;
ANALYZE (VERBOSE 1) an_empty;
ANALYZE (VERBOSE 0) an_empty;
-- rows this transaction deleted are dead, rows it inserted live
BEGIN;
DELETE FROM an_small WHERE id <= 100;
INSERT INTO an_small VALUES (1000, 'new');
ANALYZE VERBOSE an_small;
SELECT reltuples FROM pg_class WHERE relname = 'an_small';
SELECT n_distinct FROM pg_stats WHERE tablename = 'an_small' AND attname = 'id';
ROLLBACK;
-- relpages and reltuples are updated in place: they stay
SELECT reltuples FROM pg_class WHERE relname = 'an_small';
SELECT n_distinct FROM pg_stats WHERE tablename = 'an_small' AND attname = 'id';
-- rows updated in this transaction: the old versions are dead
BEGIN;
UPDATE an_small SET t = 'z' WHERE id <= 50;
ANALYZE VERBOSE an_small (t);
SELECT most_common_vals, most_common_freqs FROM pg_stats WHERE tablename = 'an_small' AND attname = 't';
COMMIT;

-- what ANALYZE skips or refuses
CREATE VIEW an_view AS SELECT * FROM an_small;
ANALYZE an_view;
CREATE SEQUENCE an_seq;
ANALYZE an_seq;
ANALYZE an_small, an_view;
ANALYZE an_missing;
ANALYZE public.an_missing;
ANALYZE nosuchschema.an_small;
ANALYZE an_small (nosuch);
ANALYZE an_small (id, t, id);
ANALYZE an_small (xmin);
ANALYZE an_small (ctid);
ANALYZE (FULL) an_small;
ANALYZE (FREEZE) an_small;
ANALYZE (VERBOSE, ANALYZE) an_small;
ANALYZE (VERBOSE 'maybe') an_small;
ANALYZE (SKIP_LOCKED 2) an_small;
ANALYZE (VERBOSE 1.5) an_small;
-- SET STATISTICS
ALTER TABLE an_small ALTER COLUMN id SET STATISTICS -2;
ALTER TABLE an_small ALTER COLUMN id SET STATISTICS 20000;
SELECT attstattarget FROM pg_attribute WHERE attrelid = 'an_small'::regclass AND attname = 'id';
ALTER TABLE an_small ALTER COLUMN id SET STATISTICS -1;
ALTER TABLE an_small ALTER COLUMN nosuch SET STATISTICS 5;
ALTER TABLE an_small ALTER COLUMN xmin SET STATISTICS 5;
ALTER TABLE an_small ALTER COLUMN 1 SET STATISTICS 5;
ALTER TABLE an_view ALTER COLUMN id SET STATISTICS 5;
ALTER TABLE IF EXISTS an_nosuch ALTER COLUMN id SET STATISTICS 5;
ALTER TABLE an_small ALTER id SET STATISTICS 7, ALTER t SET STATISTICS 8;
SELECT attname, attstattarget FROM pg_attribute WHERE attrelid = 'an_small'::regclass AND attnum > 0 ORDER BY attnum;

-- DROP COLUMN and ALTER COLUMN TYPE remove the column's statistics,
-- TRUNCATE keeps them, DROP TABLE removes them all
ANALYZE an_cols;
SELECT staattnum FROM pg_statistic WHERE starelid = 'an_cols'::regclass ORDER BY 1;
ALTER TABLE an_cols DROP COLUMN b;
SELECT staattnum FROM pg_statistic WHERE starelid = 'an_cols'::regclass ORDER BY 1;
ALTER TABLE an_cols ALTER COLUMN c TYPE bigint;
SELECT staattnum FROM pg_statistic WHERE starelid = 'an_cols'::regclass ORDER BY 1;
TRUNCATE an_cols;
SELECT staattnum FROM pg_statistic WHERE starelid = 'an_cols'::regclass ORDER BY 1;
SELECT relpages, reltuples FROM pg_class WHERE relname = 'an_cols';
ANALYZE an_cols;
SELECT staattnum FROM pg_statistic WHERE starelid = 'an_cols'::regclass ORDER BY 1;
SELECT relpages, reltuples FROM pg_class WHERE relname = 'an_cols';
DROP TABLE an_cols;
SELECT count(*) FROM pg_statistic s WHERE NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = s.starelid);

-- ANALYZE inside a transaction block: the statistics roll back with
-- it, relpages and reltuples do not
CREATE TABLE an_tx (a int);
INSERT INTO an_tx SELECT g % 2 FROM generate_series(1, 10) g;
BEGIN;
ANALYZE an_tx;
SELECT n_distinct, most_common_vals FROM pg_stats WHERE tablename = 'an_tx';
ROLLBACK;
SELECT count(*) FROM pg_stats WHERE tablename = 'an_tx';
SELECT relpages, reltuples FROM pg_class WHERE relname = 'an_tx';
-- a table made in the same transaction
BEGIN;
CREATE TABLE an_tx2 (a int);
INSERT INTO an_tx2 VALUES (1), (2);
ANALYZE an_tx2;
SELECT relpages, reltuples FROM pg_class WHERE relname = 'an_tx2';
SELECT attname, n_distinct FROM pg_stats WHERE tablename = 'an_tx2';
COMMIT;
SELECT relpages, reltuples FROM pg_class WHERE relname = 'an_tx2';
DROP TABLE an_tx2;

-- a whole-database ANALYZE covers catalogs and user tables
ANALYZE;
SELECT count(*) > 0 FROM pg_stats WHERE schemaname = 'pg_catalog' AND tablename = 'pg_class';
SELECT n_distinct FROM pg_stats WHERE tablename = 'an_tx';
SELECT reltuples FROM pg_class WHERE relname = 'an_tx';
SELECT count(*) FROM pg_statistic WHERE starelid = 'pg_statistic'::regclass;

DROP VIEW an_view;
DROP SEQUENCE an_seq;
DROP MATERIALIZED VIEW an_mv;
DROP TABLE an_t, an_misc, an_corr, an_target, an_types, an_more, an_width, an_empty, an_small, an_tx;
DROP DOMAIN an_dom;
DROP TYPE an_enum, an_comp;
