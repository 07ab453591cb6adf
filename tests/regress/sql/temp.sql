-- Temporary tables, views and sequences: the session's pg_temp schema,
-- shadowing, ON COMMIT, rollback, DISCARD TEMP, restrictions.
-- (The schema's number differs between servers: it is never printed.)

-- Before any temporary object, the search path has no temporary schema.
SELECT current_schemas(true), current_schemas(false);
SELECT pg_my_temp_schema() = 0 AS no_temp_schema_yet;
SELECT * FROM pg_temp.tmp_nosuch;
SET temp_buffers = 200;
SHOW temp_buffers;

-- A query sent again as text resolves its names again; a prepared one
-- does after the temporary schema appeared, not after later shadowing.
CREATE TABLE tmp_plan (v text);
INSERT INTO tmp_plan VALUES ('permanent');
SELECT * FROM tmp_plan;
PREPARE tmp_p1 AS SELECT * FROM tmp_plan;
EXECUTE tmp_p1;
CREATE TEMP TABLE tmp_plan (v text);
INSERT INTO tmp_plan VALUES ('temporary');
SELECT * FROM tmp_plan;
EXECUTE tmp_p1;
DROP TABLE tmp_plan;
PREPARE tmp_p2 AS SELECT * FROM tmp_plan;
CREATE TEMP TABLE tmp_plan (v text);
INSERT INTO tmp_plan VALUES ('temporary 2');
SELECT * FROM tmp_plan;
EXECUTE tmp_p2;
DROP TABLE tmp_plan;
EXECUTE tmp_p1;
DROP TABLE tmp_plan;
DEALLOCATE tmp_p1;
DEALLOCATE tmp_p2;

CREATE TEMP TABLE tmp_a (id int, label text);
INSERT INTO tmp_a VALUES (1, 'one'), (2, 'two');
SELECT * FROM tmp_a ORDER BY id;
SELECT relpersistence, relkind FROM pg_class WHERE relname = 'tmp_a';
SELECT n.nspname ~ '^pg_temp_[0-9]+$' AS temp_schema, c.relnamespace = pg_my_temp_schema() AS mine
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = 'tmp_a';
SELECT regexp_replace(current_schemas(true)::text, 'pg_temp_[0-9]+', 'pg_temp_N') AS implicit,
       current_schemas(false) AS explicit;
SELECT pg_is_other_temp_schema(pg_my_temp_schema()) AS other_mine,
       pg_is_other_temp_schema('public'::regnamespace) AS other_public;
SELECT count(*) AS temp_schemas FROM pg_namespace
  WHERE oid = pg_my_temp_schema() OR nspname = regexp_replace((SELECT nspname FROM pg_namespace WHERE oid = pg_my_temp_schema()), 'pg_temp', 'pg_toast_temp');

-- temp_buffers is fixed once temporary tables were accessed.
SET temp_buffers = 200;
SET temp_buffers = 300;
SET temp_buffers = 50;
SHOW temp_buffers;

-- Qualified with the pg_temp alias.
SELECT count(*) FROM pg_temp.tmp_a;
INSERT INTO pg_temp.tmp_a VALUES (3, 'three');
SELECT * FROM pg_temp.tmp_nosuch;
CREATE TABLE pg_temp.tmp_b (x int);
SELECT relpersistence FROM pg_class WHERE relname = 'tmp_b';
CREATE UNLOGGED TABLE pg_temp.tmp_c (x int);
CREATE TEMP TABLE public.tmp_c (x int);
CREATE TEMP SEQUENCE public.tmp_seq_c;
DROP TABLE tmp_b;

-- Long values go to the temporary TOAST table.
CREATE TEMPORARY TABLE tmp_long (id int, body text);
INSERT INTO tmp_long SELECT g, repeat(md5(g::text), 400) FROM generate_series(1, 20) g;
SELECT count(*), sum(length(body)) FROM tmp_long;
UPDATE tmp_long SET body = body || 'x' WHERE id % 2 = 0;
DELETE FROM tmp_long WHERE id > 15;
SELECT count(*), sum(length(body)) FROM tmp_long;
SELECT t.relpersistence, n.nspname ~ '^pg_toast_temp_[0-9]+$' AS toast_temp_schema
  FROM pg_class c JOIN pg_class t ON t.oid = c.reltoastrelid JOIN pg_namespace n ON n.oid = t.relnamespace
  WHERE c.relname = 'tmp_long';
-- More pages than local buffers: some are written out and read back.
CREATE TEMP TABLE tmp_big AS SELECT g AS id, repeat('y', 500) AS pad FROM generate_series(1, 5000) g;
SELECT count(*), min(id), max(id), sum(length(pad)) FROM tmp_big;
UPDATE tmp_big SET id = -id WHERE id % 1000 = 0;
SELECT count(*) FILTER (WHERE id < 0) AS negated, sum(id) FROM tmp_big;
DROP TABLE tmp_big, tmp_long;

-- A temporary table shadows a permanent one of the same name.
CREATE TABLE tmp_shadow (v text);
INSERT INTO tmp_shadow VALUES ('permanent');
CREATE TEMP TABLE tmp_shadow (v text);
INSERT INTO tmp_shadow VALUES ('temporary');
SELECT * FROM tmp_shadow;
SELECT * FROM public.tmp_shadow;
SELECT * FROM pg_temp.tmp_shadow;
DROP TABLE tmp_shadow;
SELECT * FROM tmp_shadow;
DROP TABLE tmp_shadow;

-- search_path may place pg_temp elsewhere, or first (creating in it).
SET search_path = public, pg_temp;
SELECT regexp_replace(current_schemas(true)::text, 'pg_temp_[0-9]+', 'pg_temp_N') AS path;
SELECT count(*) FROM tmp_a;
SET search_path = pg_temp, public;
SELECT regexp_replace(current_schemas(true)::text, 'pg_temp_[0-9]+', 'pg_temp_N') AS path;
CREATE TABLE tmp_by_path (x int);
SELECT relpersistence FROM pg_class WHERE relname = 'tmp_by_path';
DROP TABLE tmp_by_path;
RESET search_path;

-- ON COMMIT.
CREATE TEMP TABLE tmp_preserve (x int) ON COMMIT PRESERVE ROWS;
CREATE TEMP TABLE tmp_delete (x int) ON COMMIT DELETE ROWS;
BEGIN;
INSERT INTO tmp_preserve VALUES (1);
INSERT INTO tmp_delete VALUES (1), (2);
SELECT count(*) FROM tmp_delete;
COMMIT;
SELECT count(*) FROM tmp_preserve;
SELECT count(*) FROM tmp_delete;
INSERT INTO tmp_delete VALUES (3);
SELECT count(*) FROM tmp_delete;
BEGIN;
CREATE TEMP TABLE tmp_drop (x int) ON COMMIT DROP;
INSERT INTO tmp_drop VALUES (1);
SELECT * FROM tmp_drop;
COMMIT;
SELECT * FROM tmp_drop;
CREATE TEMP TABLE tmp_drop2 AS SELECT 1 AS x;
CREATE TEMP TABLE tmp_drop3 ON COMMIT DROP AS SELECT 1 AS x;
SELECT * FROM tmp_drop3;
CREATE TABLE tmp_not_temp (x int) ON COMMIT DELETE ROWS;
CREATE TABLE tmp_not_temp2 (x int) ON COMMIT DROP;
CREATE TABLE tmp_not_temp3 ON COMMIT DELETE ROWS AS SELECT 1 AS x;
DROP TABLE tmp_drop2, tmp_preserve, tmp_delete;

-- A rolled-back creation leaves nothing behind.
BEGIN;
CREATE TEMP TABLE tmp_rolled (x int);
INSERT INTO tmp_rolled VALUES (1);
ROLLBACK;
SELECT * FROM tmp_rolled;
BEGIN;
CREATE TEMP TABLE tmp_sp (x int);
SAVEPOINT s1;
INSERT INTO tmp_sp VALUES (1);
ROLLBACK TO SAVEPOINT s1;
INSERT INTO tmp_sp VALUES (2);
COMMIT;
SELECT * FROM tmp_sp;
DROP TABLE tmp_sp;

-- CREATE TABLE AS, SELECT INTO, sequences, serial columns.
CREATE TEMP TABLE tmp_ctas AS SELECT g AS n FROM generate_series(1, 3) g;
SELECT 7 AS seven INTO TEMP tmp_into;
SELECT 8 AS eight INTO TEMPORARY TABLE tmp_into2;
SELECT * FROM tmp_ctas, tmp_into, tmp_into2 ORDER BY n;
CREATE TEMP SEQUENCE tmp_seq START 10;
SELECT nextval('tmp_seq'), nextval('tmp_seq'), currval('tmp_seq');
SELECT relpersistence, relkind FROM pg_class WHERE relname = 'tmp_seq';
CREATE TEMP TABLE tmp_serial (id serial, v text);
INSERT INTO tmp_serial (v) VALUES ('a'), ('b');
SELECT * FROM tmp_serial ORDER BY id;
SELECT relpersistence FROM pg_class WHERE relname = 'tmp_serial_id_seq';
DROP TABLE tmp_into, tmp_into2, tmp_serial;
DROP SEQUENCE tmp_seq;

-- Views: a view over a temporary table is temporary.
CREATE VIEW tmp_v AS SELECT n FROM tmp_ctas;
SELECT relpersistence FROM pg_class WHERE relname = 'tmp_v';
SELECT * FROM tmp_v ORDER BY n;
CREATE TEMP VIEW tmp_v2 AS SELECT 1 AS one;
SELECT * FROM tmp_v2;
SELECT relpersistence FROM pg_class WHERE relname = 'tmp_v2';
CREATE VIEW public.tmp_v3 AS SELECT n FROM tmp_ctas;
CREATE VIEW tmp_v4 AS SELECT * FROM tmp_v2;
SELECT relpersistence FROM pg_class WHERE relname = 'tmp_v4';
DROP TABLE tmp_ctas;
DROP TABLE tmp_ctas CASCADE;
DROP VIEW tmp_v4, tmp_v2;

-- DISCARD TEMP drops everything temporary.
CREATE TEMP TABLE tmp_d1 (x int);
CREATE TEMP VIEW tmp_d2 AS SELECT * FROM tmp_d1;
DISCARD TEMP;
SELECT * FROM tmp_d1;
SELECT count(*) FROM pg_class WHERE relnamespace = pg_my_temp_schema();
SELECT count(*) FROM tmp_a;
-- Used again after DISCARD.
CREATE TEMP TABLE tmp_after (x int);
INSERT INTO tmp_after VALUES (42);
SELECT * FROM tmp_after;
DISCARD ALL;
SELECT * FROM tmp_after;

-- Other statements on temporary tables.
CREATE TEMP TABLE tmp_ops (a int, b text);
INSERT INTO tmp_ops VALUES (1, 'x'), (2, 'y');
TRUNCATE tmp_ops;
INSERT INTO tmp_ops VALUES (3, 'z');
ALTER TABLE tmp_ops ADD COLUMN c int DEFAULT 5;
ALTER TABLE tmp_ops RENAME TO tmp_ops2;
SELECT * FROM tmp_ops2;
CREATE TEMP TABLE IF NOT EXISTS tmp_ops2 (a int);
CREATE TEMP TABLE tmp_ops2 (a int);
CREATE TEMP TABLE "Tmp Mixed" (a int);
INSERT INTO "Tmp Mixed" VALUES (1);
SELECT * FROM "Tmp Mixed";
-- Nothing moves into or out of a temporary schema.
ALTER TABLE tmp_ops2 SET SCHEMA public;
CREATE TABLE tmp_perm (a int);
ALTER TABLE tmp_perm SET SCHEMA pg_temp;
CREATE TEMP SEQUENCE tmp_seq2;
ALTER SEQUENCE tmp_seq2 SET SCHEMA public;
DROP TABLE tmp_perm, tmp_ops2, "Tmp Mixed";
DROP SEQUENCE tmp_seq2;

-- A read-only transaction may change temporary tables, nothing else.
CREATE TEMP TABLE tmp_ro (a int);
CREATE TABLE tmp_ro_perm (a int);
BEGIN READ ONLY;
INSERT INTO tmp_ro VALUES (1);
UPDATE tmp_ro SET a = 2;
SELECT * FROM tmp_ro;
DELETE FROM tmp_ro;
INSERT INTO tmp_ro_perm SELECT * FROM tmp_ro;
ROLLBACK;
BEGIN READ ONLY;
CREATE TEMP TABLE tmp_ro2 (a int);
ROLLBACK;
DROP TABLE tmp_ro, tmp_ro_perm;

-- Functions in the temporary schema: found only when qualified.
CREATE FUNCTION pg_temp.tmp_f() RETURNS int LANGUAGE sql AS 'SELECT 1';
SELECT pg_temp.tmp_f();
SELECT tmp_f();
DROP FUNCTION pg_temp.tmp_f();

-- PREPARE TRANSACTION after touching temporary objects is refused and the
-- transaction rolled back: reading or writing a temporary table, creating
-- in the temporary schema, even in a savepoint rolled back since.
CREATE TEMP TABLE tmpp_a (a int);
BEGIN;
INSERT INTO tmpp_a VALUES (1);
PREPARE TRANSACTION 'tmpp_x';
SELECT count(*) FROM tmpp_a;
BEGIN;
SELECT * FROM tmpp_a;
PREPARE TRANSACTION 'tmpp_x';
BEGIN;
CREATE TEMP TABLE tmpp_b (a int);
PREPARE TRANSACTION 'tmpp_x';
SELECT * FROM tmpp_b;
BEGIN;
SAVEPOINT s;
DELETE FROM tmpp_a;
ROLLBACK TO s;
PREPARE TRANSACTION 'tmpp_x';
-- A failed block is rolled back; outside a block it only warns.
BEGIN;
SELECT 1/0;
PREPARE TRANSACTION 'tmpp_x';
PREPARE TRANSACTION 'tmpp_x';
DROP TABLE tmpp_a;
