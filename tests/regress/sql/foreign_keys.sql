-- FOREIGN KEY constraints: declarations, the catalog rows, the checks of
-- referencing rows, the actions on referenced rows, MATCH FULL, ALTER
-- TABLE, TRUNCATE and DROP.

-- Declarations: column and table constraints, names chosen.
CREATE TABLE fk_p (id int PRIMARY KEY, code text UNIQUE, n numeric, loose int);
CREATE TABLE fk_c (
    id serial PRIMARY KEY,
    pid int REFERENCES fk_p,
    pcode text REFERENCES fk_p (code) ON DELETE CASCADE ON UPDATE CASCADE,
    other int,
    CONSTRAINT named_fk FOREIGN KEY (other) REFERENCES fk_p (id) ON DELETE SET NULL
);
SELECT conname, contype, conrelid::regclass, confrelid::regclass, conindid::regclass,
       conkey, confkey, conpfeqop, conppeqop, conffeqop, confupdtype, confdeltype,
       confmatchtype, condeferrable, condeferred, convalidated, confdelsetcols,
       conislocal, coninhcount, connoinherit, conparentid, contypid, conbin
  FROM pg_constraint WHERE conrelid = 'fk_c'::regclass ORDER BY conname;
SELECT conname, pg_get_constraintdef(oid), pg_get_constraintdef(oid, true)
  FROM pg_constraint WHERE conrelid = 'fk_c'::regclass AND contype = 'f' ORDER BY conname;
SELECT relname, relhastriggers FROM pg_class WHERE relname IN ('fk_p', 'fk_c') ORDER BY relname;
COMMENT ON CONSTRAINT named_fk ON fk_c IS 'other row';
COMMENT ON CONSTRAINT fk_p_pkey ON fk_p IS 'the key';
SELECT conname, obj_description(oid, 'pg_constraint') FROM pg_constraint
 WHERE conrelid IN ('fk_c'::regclass, 'fk_p'::regclass) ORDER BY conname;
SELECT pg_describe_object(classid, objid, objsubid) AS obj,
       pg_describe_object(refclassid, refobjid, refobjsubid) AS ref, deptype
  FROM pg_depend
 WHERE classid = 'pg_constraint'::regclass
   AND objid IN (SELECT oid FROM pg_constraint WHERE conrelid = 'fk_c'::regclass AND contype = 'f')
 ORDER BY 1, 2;
\d fk_c
\d fk_p

-- Errors in declarations.
CREATE TABLE fk_bad (x int REFERENCES fk_p (loose));
CREATE TABLE fk_bad (x int REFERENCES fk_nothere);
CREATE TABLE fk_bad (x int, FOREIGN KEY (x, x) REFERENCES fk_p (id, code));
CREATE TABLE fk_bad (x int, FOREIGN KEY (x, x) REFERENCES fk_p (id, id));
CREATE TABLE fk_bad (x int, FOREIGN KEY (nope) REFERENCES fk_p (id));
CREATE TABLE fk_bad (x int, FOREIGN KEY (x) REFERENCES fk_p (nope));
CREATE TABLE fk_bad (x text REFERENCES fk_p);
CREATE TABLE fk_bad (x numeric REFERENCES fk_p);
CREATE TABLE fk_bad (x int REFERENCES fk_p MATCH PARTIAL);
CREATE TABLE fk_bad (x int, y int, FOREIGN KEY (x) REFERENCES fk_p ON DELETE SET NULL (y));
CREATE TABLE fk_bad (x int, y int, FOREIGN KEY (x) REFERENCES fk_p ON DELETE SET NULL (zz));
CREATE VIEW fk_v AS SELECT 1 AS a;
CREATE TABLE fk_bad (x int REFERENCES fk_v);
DROP VIEW fk_v;
CREATE TEMP TABLE fk_bad (x int REFERENCES fk_p);
CREATE TABLE fk_nopk (a int);
CREATE TABLE fk_bad (x int REFERENCES fk_nopk);
DROP TABLE fk_nopk;
CREATE TABLE fk_two (a int, b int, PRIMARY KEY (a, b));
CREATE TABLE fk_bad (x int REFERENCES fk_two);
CREATE TABLE fk_bad (x int, FOREIGN KEY (x) REFERENCES fk_two (a, b));
DROP TABLE fk_two;

-- Types that compare across: the operators chosen.
CREATE TABLE fk_types (a int8 REFERENCES fk_p, b varchar REFERENCES fk_p (code), c smallint REFERENCES fk_p);
SELECT conname, conpfeqop, conppeqop, conffeqop FROM pg_constraint
 WHERE conrelid = 'fk_types'::regclass ORDER BY conname;
INSERT INTO fk_p VALUES (1, 'one', 1, 1), (2, 'two', 2, 2), (3, 'three', 3, 3);
INSERT INTO fk_types VALUES (1, 'one', 2), (NULL, NULL, NULL);
INSERT INTO fk_types VALUES (9999999999, NULL, NULL);
INSERT INTO fk_types VALUES (NULL, 'four', NULL);
DROP TABLE fk_types;

-- Checks of referencing rows.
INSERT INTO fk_c (pid, pcode) VALUES (1, 'one');
INSERT INTO fk_c (pid, pcode) VALUES (4, 'one');
INSERT INTO fk_c (pid, pcode) VALUES (1, 'four');
INSERT INTO fk_c (pid, pcode) VALUES (NULL, NULL);
INSERT INTO fk_c (pid, pcode, other) VALUES (2, 'two', 2), (3, 'three', 3);
INSERT INTO fk_c (pid) SELECT g FROM generate_series(1, 5) g;
UPDATE fk_c SET pid = 7 WHERE pid = 2;
UPDATE fk_c SET other = 3 WHERE pid = 2;
UPDATE fk_c SET pid = 3 WHERE pid = 2 RETURNING id, pid;
SELECT id, pid, pcode, other FROM fk_c ORDER BY id;

-- NO ACTION on delete and update of referenced rows.
DELETE FROM fk_p WHERE id = 1;
UPDATE fk_p SET id = 10 WHERE id = 1;
UPDATE fk_p SET n = 10 WHERE id = 1;
-- A row that still has the key after the statement satisfies NO ACTION.
-- (Which key the unique check reports depends on the order a bitmap scan
-- reads the rows in: the heap's, which differs without heap-only tuples.)
\set VERBOSITY terse
UPDATE fk_p SET id = CASE id WHEN 1 THEN 2 WHEN 2 THEN 1 ELSE id END WHERE id IN (1, 2);
\set VERBOSITY default
SELECT id, code FROM fk_p ORDER BY id;

-- CASCADE and SET NULL.
UPDATE fk_p SET code = 'THREE' WHERE code = 'three';
SELECT id, pid, pcode, other FROM fk_c ORDER BY id;
DELETE FROM fk_c WHERE pid = 3 AND pcode IS NULL;
UPDATE fk_c SET pid = NULL WHERE pcode = 'THREE';
DELETE FROM fk_p WHERE code = 'THREE';
SELECT id, pid, pcode, other FROM fk_c ORDER BY id;
INSERT INTO fk_p VALUES (3, 'three', 3, 3);
INSERT INTO fk_c (other) VALUES (3);
DELETE FROM fk_p WHERE id = 3;
SELECT id, pid, pcode, other FROM fk_c ORDER BY id;

-- RESTRICT is not satisfied by a new row with the old key.
CREATE TABLE fk_r (k int REFERENCES fk_p ON UPDATE RESTRICT ON DELETE RESTRICT);
INSERT INTO fk_r VALUES (1);
\set VERBOSITY terse
UPDATE fk_p SET id = CASE id WHEN 1 THEN 2 WHEN 2 THEN 1 ELSE id END WHERE id IN (1, 2);
\set VERBOSITY default
DELETE FROM fk_p WHERE id = 1;
\d fk_r
DROP TABLE fk_r;

-- MATCH SIMPLE and MATCH FULL over two columns.
CREATE TABLE fk_p2 (x int, y int, PRIMARY KEY (x, y));
INSERT INTO fk_p2 VALUES (1, 1), (1, 2), (2, 2);
CREATE TABLE fk_simple (a int, b int, FOREIGN KEY (a, b) REFERENCES fk_p2);
CREATE TABLE fk_full (a int, b int, FOREIGN KEY (b, a) REFERENCES fk_p2 (y, x) MATCH FULL ON DELETE SET NULL ON UPDATE CASCADE);
INSERT INTO fk_simple VALUES (1, 1), (1, NULL), (NULL, 9), (NULL, NULL);
INSERT INTO fk_simple VALUES (9, 9);
INSERT INTO fk_full VALUES (1, 2), (NULL, NULL);
INSERT INTO fk_full VALUES (1, NULL);
INSERT INTO fk_full VALUES (3, 3);
UPDATE fk_p2 SET y = 5 WHERE x = 1 AND y = 2;
SELECT * FROM fk_full ORDER BY 1, 2;
DELETE FROM fk_p2 WHERE y = 5;
SELECT * FROM fk_full ORDER BY 1, 2;
SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'fk_full'::regclass;
DROP TABLE fk_simple, fk_full;

-- SET DEFAULT, and ON DELETE SET NULL / SET DEFAULT with columns.
CREATE TABLE fk_def (a int DEFAULT 1, b int DEFAULT 1, note text,
    FOREIGN KEY (a, b) REFERENCES fk_p2 ON DELETE SET DEFAULT ON UPDATE SET DEFAULT);
INSERT INTO fk_p2 VALUES (3, 3);
INSERT INTO fk_def VALUES (2, 2, 'x'), (3, 3, 'y');
DELETE FROM fk_p2 WHERE x = 2;
UPDATE fk_p2 SET x = 4 WHERE x = 3;
SELECT * FROM fk_def ORDER BY note;
DELETE FROM fk_p2 WHERE x = 1 AND y = 1;
DROP TABLE fk_def;
CREATE TABLE fk_cols (tenant int DEFAULT 0, a int,
    FOREIGN KEY (tenant, a) REFERENCES fk_p2 ON DELETE SET NULL (a));
INSERT INTO fk_p2 VALUES (0, 7);
INSERT INTO fk_cols VALUES (1, 1), (0, 7);
DELETE FROM fk_p2 WHERE x = 0;
SELECT * FROM fk_cols ORDER BY 1, 2;
\d fk_cols
DROP TABLE fk_cols;
CREATE TABLE fk_cols (tenant int, a int DEFAULT 0,
    FOREIGN KEY (tenant, a) REFERENCES fk_p2 ON DELETE SET DEFAULT (a));
INSERT INTO fk_p2 VALUES (1, 0), (1, 8);
INSERT INTO fk_cols VALUES (1, 8);
DELETE FROM fk_p2 WHERE x = 1 AND y = 8;
SELECT * FROM fk_cols;
SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'fk_cols'::regclass;
DROP TABLE fk_cols;

-- Self-reference and chains of cascades.
CREATE TABLE fk_tree (id int PRIMARY KEY, parent int REFERENCES fk_tree ON DELETE CASCADE, label text);
INSERT INTO fk_tree VALUES (1, NULL, 'root'), (2, 1, 'a'), (3, 2, 'b'), (4, 3, 'c'), (5, 1, 'd');
INSERT INTO fk_tree VALUES (6, 7, 'x'), (7, 6, 'y');
INSERT INTO fk_tree VALUES (8, 9, 'bad');
DELETE FROM fk_tree WHERE id = 2;
SELECT * FROM fk_tree ORDER BY id;
INSERT INTO fk_tree SELECT g, g - 1, 'chain' FROM generate_series(10, 60) g WHERE g > 10
  UNION ALL SELECT 10, NULL, 'chain';
DELETE FROM fk_tree WHERE id = 10;
SELECT count(*) FROM fk_tree;
\d fk_tree
CREATE TABLE fk_a (id int PRIMARY KEY);
CREATE TABLE fk_b (id int PRIMARY KEY, a int REFERENCES fk_a ON DELETE CASCADE);
CREATE TABLE fk_cc (id int PRIMARY KEY, b int REFERENCES fk_b ON DELETE CASCADE);
CREATE TABLE fk_d (c int REFERENCES fk_cc);
INSERT INTO fk_a VALUES (1), (2);
INSERT INTO fk_b VALUES (1, 1), (2, 2);
INSERT INTO fk_cc VALUES (1, 1), (2, 2);
INSERT INTO fk_d VALUES (2);
DELETE FROM fk_a WHERE id = 1;
DELETE FROM fk_a WHERE id = 2;
SELECT (SELECT count(*) FROM fk_a) a, (SELECT count(*) FROM fk_b) b, (SELECT count(*) FROM fk_cc) c;

-- In transactions: a failed check rolls back the statement only to
-- the savepoint.
BEGIN;
INSERT INTO fk_a VALUES (3);
INSERT INTO fk_b VALUES (3, 3);
SAVEPOINT s;
INSERT INTO fk_b VALUES (4, 4);
ROLLBACK TO s;
DELETE FROM fk_a WHERE id = 3;
SELECT count(*) FROM fk_b;
COMMIT;

-- TRUNCATE.
TRUNCATE fk_a;
TRUNCATE fk_a, fk_b;
TRUNCATE fk_a CASCADE;
TRUNCATE fk_tree;

-- ALTER TABLE: ADD checks existing rows, NOT VALID defers that to
-- VALIDATE CONSTRAINT, DROP CONSTRAINT.
CREATE TABLE fk_alt (v int, w int);
INSERT INTO fk_alt VALUES (1, 1), (2, 99), (NULL, 3);
ALTER TABLE fk_alt ADD FOREIGN KEY (w) REFERENCES fk_p;
ALTER TABLE fk_alt ADD FOREIGN KEY (v) REFERENCES fk_p;
ALTER TABLE fk_alt ADD FOREIGN KEY (v) REFERENCES fk_p;
ALTER TABLE fk_alt ADD CONSTRAINT fk_alt_w FOREIGN KEY (w) REFERENCES fk_p NOT VALID;
ALTER TABLE fk_alt ADD CONSTRAINT fk_alt_w FOREIGN KEY (w) REFERENCES fk_p;
SELECT conname, convalidated, pg_get_constraintdef(oid) FROM pg_constraint
 WHERE conrelid = 'fk_alt'::regclass ORDER BY conname;
INSERT INTO fk_alt VALUES (1, 98);
UPDATE fk_alt SET v = 2 WHERE w = 99;
ALTER TABLE fk_alt VALIDATE CONSTRAINT fk_alt_w;
DELETE FROM fk_alt WHERE w = 99;
ALTER TABLE fk_alt VALIDATE CONSTRAINT fk_alt_w;
ALTER TABLE fk_alt VALIDATE CONSTRAINT fk_alt_w;
\d fk_alt
ALTER TABLE fk_alt DROP CONSTRAINT fk_alt_v_fkey1;
ALTER TABLE fk_alt DROP CONSTRAINT fk_alt_v_fkey1;
ALTER TABLE fk_alt DROP CONSTRAINT IF EXISTS fk_alt_v_fkey1;
SELECT conname FROM pg_constraint WHERE conrelid = 'fk_alt'::regclass ORDER BY conname;
DELETE FROM fk_p WHERE id = 1;

-- DROP: the referenced table, the index a key uses, a referenced column.
DROP TABLE fk_p;
DROP INDEX fk_p_code_key;
ALTER TABLE fk_p DROP CONSTRAINT fk_p_code_key;
ALTER TABLE fk_p DROP COLUMN id;
ALTER TABLE fk_c DROP COLUMN pcode;
\d fk_c
DROP TABLE fk_p CASCADE;
\d fk_c
\d fk_alt
INSERT INTO fk_alt VALUES (12345, 12345);
DROP TABLE fk_d, fk_cc, fk_b, fk_a, fk_tree, fk_c, fk_alt, fk_p2;

-- DEFERRABLE keys and SET CONSTRAINTS.
CREATE TABLE fk_dp (id int PRIMARY KEY);
CREATE TABLE fk_dc (pid int REFERENCES fk_dp DEFERRABLE INITIALLY DEFERRED, q int);
CREATE TABLE fk_dc2 (pid int, CONSTRAINT fk_dc2_k FOREIGN KEY (pid) REFERENCES fk_dp ON DELETE CASCADE DEFERRABLE);
\d fk_dc
SELECT conname, condeferrable, condeferred, pg_get_constraintdef(oid) FROM pg_constraint
 WHERE conrelid IN ('fk_dc'::regclass, 'fk_dc2'::regclass) ORDER BY 1;
INSERT INTO fk_dc VALUES (1);
BEGIN;
INSERT INTO fk_dc VALUES (1);
INSERT INTO fk_dp VALUES (1);
COMMIT;
BEGIN;
INSERT INTO fk_dc VALUES (2), (3);
SELECT count(*) FROM fk_dc;
COMMIT;
SELECT count(*) FROM fk_dc;
-- A row gone before the commit is not checked.
BEGIN;
INSERT INTO fk_dc VALUES (5);
DELETE FROM fk_dc WHERE pid = 5;
INSERT INTO fk_dc VALUES (6);
UPDATE fk_dc SET pid = 1 WHERE pid = 6;
COMMIT;
SELECT * FROM fk_dc ORDER BY 1;
BEGIN;
INSERT INTO fk_dc VALUES (7);
SET CONSTRAINTS fk_dc_pid_fkey IMMEDIATE;
ROLLBACK;
BEGIN;
INSERT INTO fk_dc VALUES (7);
SET CONSTRAINTS ALL IMMEDIATE;
ROLLBACK;
BEGIN;
SET CONSTRAINTS ALL IMMEDIATE;
INSERT INTO fk_dc VALUES (7);
ROLLBACK;
BEGIN;
SET CONSTRAINTS fk_dc2_k DEFERRED;
INSERT INTO fk_dc2 VALUES (8);
INSERT INTO fk_dp VALUES (8);
COMMIT;
SET CONSTRAINTS ALL DEFERRED;
SET CONSTRAINTS nope IMMEDIATE;
BEGIN;
SET CONSTRAINTS nope IMMEDIATE;
ROLLBACK;
BEGIN;
SET CONSTRAINTS fk_dp_pkey DEFERRED;
ROLLBACK;
BEGIN;
SET CONSTRAINTS fk_dp_pkey IMMEDIATE;
SET CONSTRAINTS public.fk_dc_pid_fkey, fk_dc2_k IMMEDIATE;
INSERT INTO fk_dc VALUES (100);
ROLLBACK;
-- A deferred NO ACTION is satisfied by the key coming back.
BEGIN;
DELETE FROM fk_dp WHERE id = 1;
INSERT INTO fk_dp VALUES (1);
COMMIT;
BEGIN;
DELETE FROM fk_dp WHERE id = 1;
COMMIT;
-- CASCADE is never deferred.
BEGIN;
DELETE FROM fk_dp WHERE id = 8;
SELECT count(*) FROM fk_dc2;
ROLLBACK;
-- Savepoints forget what they deferred and set.
BEGIN;
INSERT INTO fk_dc VALUES (10);
SAVEPOINT a;
INSERT INTO fk_dc VALUES (11);
ROLLBACK TO a;
INSERT INTO fk_dp VALUES (10);
COMMIT;
BEGIN;
SAVEPOINT a;
SET CONSTRAINTS ALL IMMEDIATE;
ROLLBACK TO a;
INSERT INTO fk_dc VALUES (12);
COMMIT;
BEGIN;
INSERT INTO fk_dc VALUES (13);
SAVEPOINT b;
SET CONSTRAINTS fk_dc_pid_fkey IMMEDIATE;
ROLLBACK TO b;
DELETE FROM fk_dc WHERE pid = 13;
COMMIT;
-- Several statements of one Query message share its transaction.
INSERT INTO fk_dc VALUES (14) \; INSERT INTO fk_dp VALUES (14);
INSERT INTO fk_dc VALUES (15) \; SELECT 1;
SELECT * FROM fk_dc ORDER BY 1;
DROP TABLE fk_dc, fk_dc2, fk_dp;

-- Plans made before a key, domains, statements that delete the
-- references themselves, MERGE, ON CONFLICT, renames.
CREATE TABLE fk_ep (id int PRIMARY KEY, v int);
CREATE TABLE fk_ec (pid int, w int);
INSERT INTO fk_ep VALUES (1, 1), (2, 2);
PREPARE fk_ins(int) AS INSERT INTO fk_ec VALUES ($1);
EXECUTE fk_ins(5);
DELETE FROM fk_ec;
ALTER TABLE fk_ec ADD FOREIGN KEY (pid) REFERENCES fk_ep;
EXECUTE fk_ins(5);
EXECUTE fk_ins(2);
DEALLOCATE fk_ins;
INSERT INTO fk_ec VALUES (9) ON CONFLICT DO NOTHING;
CREATE DOMAIN fk_dint AS int CHECK (VALUE > 0);
CREATE TABLE fk_ed (pid fk_dint REFERENCES fk_ep);
INSERT INTO fk_ed VALUES (1);
INSERT INTO fk_ed VALUES (3);
WITH d AS (DELETE FROM fk_ec WHERE pid = 2 RETURNING *) DELETE FROM fk_ep WHERE id = 2;
SELECT * FROM fk_ep;
INSERT INTO fk_ep VALUES (3, 3), (4, 4);
INSERT INTO fk_ec VALUES (3);
UPDATE fk_ep SET v = 30 WHERE id = 3;
MERGE INTO fk_ec USING (VALUES (4)) s(x) ON fk_ec.pid = s.x WHEN NOT MATCHED THEN INSERT VALUES (s.x);
MERGE INTO fk_ec USING (VALUES (5)) s(x) ON fk_ec.pid = s.x WHEN NOT MATCHED THEN INSERT VALUES (s.x);
MERGE INTO fk_ec USING (VALUES (4)) s(x) ON fk_ec.pid = s.x WHEN MATCHED THEN UPDATE SET pid = 6;
ALTER TABLE fk_ec RENAME COLUMN pid TO parent;
ALTER TABLE fk_ep RENAME TO fk_ep2;
\d fk_ec
INSERT INTO fk_ec VALUES (77);
CREATE SCHEMA fk_s;
ALTER TABLE fk_ep2 SET SCHEMA fk_s;
\d fk_ec
SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'fk_ec_pid_fkey';
DELETE FROM fk_s.fk_ep2 WHERE id = 3;
SELECT * FROM fk_ec ORDER BY 1;
DROP TABLE fk_ed, fk_ec;
DROP SCHEMA fk_s CASCADE;
DROP DOMAIN fk_dint;

-- ADD COLUMN ... REFERENCES, a unique index that is no constraint, and
-- dropping what a key uses with CASCADE.
CREATE TABLE fk_xp (id int PRIMARY KEY, u int);
CREATE UNIQUE INDEX fk_xp_u ON fk_xp (u);
INSERT INTO fk_xp VALUES (1, 10), (2, 20);
CREATE TABLE fk_xc (a int);
INSERT INTO fk_xc VALUES (1), (2);
ALTER TABLE fk_xc ADD COLUMN b int REFERENCES fk_xp;
ALTER TABLE fk_xc ADD COLUMN c int DEFAULT 5 REFERENCES fk_xp;
ALTER TABLE fk_xc ADD COLUMN c int DEFAULT 2 REFERENCES fk_xp (id) ON DELETE CASCADE;
ALTER TABLE fk_xc ADD COLUMN d int REFERENCES fk_xp (u);
UPDATE fk_xc SET d = 10;
UPDATE fk_xc SET d = 11;
DROP INDEX fk_xp_u;
DROP INDEX fk_xp_u CASCADE;
\d fk_xc
ALTER TABLE fk_xp DROP CONSTRAINT fk_xp_pkey CASCADE;
\d fk_xc
UPDATE fk_xc SET b = 99;
ALTER TABLE fk_xc ALTER COLUMN a TYPE bigint;
DROP TABLE fk_xc, fk_xp;

-- A table with deferred events pending cannot be truncated, dropped or
-- altered.
CREATE TABLE fk_hp (id int PRIMARY KEY);
CREATE TABLE fk_hc (pid int REFERENCES fk_hp DEFERRABLE INITIALLY DEFERRED);
BEGIN;
INSERT INTO fk_hc VALUES (9);
TRUNCATE fk_hc;
ROLLBACK;
BEGIN;
INSERT INTO fk_hc VALUES (9);
DROP TABLE fk_hc;
ROLLBACK;
BEGIN;
INSERT INTO fk_hc VALUES (9);
ALTER TABLE fk_hc ADD COLUMN z int;
ROLLBACK;
BEGIN;
INSERT INTO fk_hp VALUES (1);
INSERT INTO fk_hc VALUES (1);
DELETE FROM fk_hp;
TRUNCATE fk_hp;
ROLLBACK;
DROP TABLE fk_hc, fk_hp;

-- A referenced key changed to an equal value of other bytes is a new
-- key.
CREATE TABLE fk_np (id numeric PRIMARY KEY);
CREATE TABLE fk_nc (pid numeric REFERENCES fk_np ON UPDATE CASCADE);
INSERT INTO fk_np VALUES (1.0);
INSERT INTO fk_nc VALUES (1.0);
UPDATE fk_np SET id = 1.00;
SELECT * FROM fk_nc;
UPDATE fk_nc SET pid = 1;
CREATE TABLE fk_nc2 (pid numeric REFERENCES fk_np ON UPDATE RESTRICT);
INSERT INTO fk_nc2 VALUES (1);
UPDATE fk_np SET id = 1.000;
DROP TABLE fk_nc, fk_nc2, fk_np;

-- ALTER COLUMN TYPE of a referencing column chooses the operators
-- again, or refuses a type that cannot compare.
CREATE TABLE fk_tp (id int PRIMARY KEY, code text UNIQUE);
INSERT INTO fk_tp VALUES (1, 'a'), (2, 'b');
CREATE TABLE fk_tc (pid int REFERENCES fk_tp, code varchar(5) REFERENCES fk_tp (code), o int);
INSERT INTO fk_tc VALUES (1, 'a', 9);
ALTER TABLE fk_tc ADD CONSTRAINT fk_tc_o_fkey FOREIGN KEY (o) REFERENCES fk_tp NOT VALID;
ALTER TABLE fk_tc ALTER COLUMN pid TYPE bigint;
ALTER TABLE fk_tc ALTER COLUMN o TYPE bigint;
SELECT conname, conpfeqop, conppeqop, conffeqop, convalidated FROM pg_constraint
 WHERE conrelid = 'fk_tc'::regclass ORDER BY 1;
ALTER TABLE fk_tc ALTER COLUMN pid TYPE text;
ALTER TABLE fk_tc ALTER COLUMN pid TYPE numeric;
ALTER TABLE fk_tc ALTER COLUMN code TYPE text;
ALTER TABLE fk_tc ALTER COLUMN code TYPE varchar(1);
SELECT conname, conpfeqop, conppeqop, conffeqop, convalidated FROM pg_constraint
 WHERE conrelid = 'fk_tc'::regclass ORDER BY 1;
INSERT INTO fk_tc VALUES (3, 'a');
INSERT INTO fk_tc VALUES (2, 'c');
INSERT INTO fk_tc VALUES (2, 'b');
\d fk_tc
DROP TABLE fk_tc, fk_tp;

-- The internal RI triggers' pg_trigger rows, which go with their
-- constraint.
CREATE TABLE fk_zp (id int PRIMARY KEY);
CREATE TABLE fk_zc (pid int REFERENCES fk_zp ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED);
SELECT tgname ~ '^RI_ConstraintTrigger_[ac]_[0-9]+$' AS name_ok, tgrelid::regclass, tgfoid::regproc, tgtype,
       tgenabled, tgisinternal, tgconstrrelid::regclass, tgconstrindid::regclass, tgdeferrable, tginitdeferred,
       tgnargs, tgattr, tgargs, tgqual, tgoldtable, tgnewtable, tgparentid,
       tgconstraint = (SELECT oid FROM pg_constraint WHERE conname = 'fk_zc_pid_fkey') AS con_ok
  FROM pg_trigger WHERE tgrelid IN ('fk_zp'::regclass, 'fk_zc'::regclass) ORDER BY oid;
SELECT count(*) FROM pg_depend d JOIN pg_trigger t ON d.objid = t.oid
 WHERE d.classid = 'pg_trigger'::regclass AND d.refclassid = 'pg_constraint'::regclass AND d.deptype = 'i'
   AND t.tgrelid IN ('fk_zp'::regclass, 'fk_zc'::regclass);
SELECT regexp_replace(pg_describe_object('pg_trigger'::regclass, oid, 0), '[0-9]+', 'N')
  FROM pg_trigger WHERE tgrelid = 'fk_zp'::regclass;
ALTER TABLE fk_zc DROP CONSTRAINT fk_zc_pid_fkey;
SELECT count(*) FROM pg_trigger WHERE tgrelid IN ('fk_zp'::regclass, 'fk_zc'::regclass);
ALTER TABLE fk_zc ADD FOREIGN KEY (pid) REFERENCES fk_zp;
DROP TABLE fk_zp CASCADE;
SELECT count(*) FROM pg_trigger WHERE tgrelid = 'fk_zc'::regclass;
DROP TABLE fk_zc;

-- Another schema, two columns, long names.
CREATE SCHEMA fk_ms;
CREATE TABLE fk_ms.p (a int, b text, PRIMARY KEY (a, b));
CREATE TABLE fk_mc (x int, y text, a_really_long_column_name_that_goes_on_and_on_and_on int,
  another_really_long_column_name_for_names int,
  FOREIGN KEY (x, y) REFERENCES fk_ms.p,
  FOREIGN KEY (a_really_long_column_name_that_goes_on_and_on_and_on, another_really_long_column_name_for_names) REFERENCES fk_ms.p);
CREATE TABLE fk_mc (x int, y text, a_really_long_column_name_that_goes_on_and_on_and_on int,
  another_really_long_column_name_for_names text,
  FOREIGN KEY (x, y) REFERENCES fk_ms.p,
  FOREIGN KEY (a_really_long_column_name_that_goes_on_and_on_and_on, another_really_long_column_name_for_names) REFERENCES fk_ms.p);
\d fk_mc
\d fk_ms.p
SET search_path = fk_ms, public;
\d p
SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'fk_mc'::regclass ORDER BY 1;
RESET search_path;
INSERT INTO fk_ms.p VALUES (1, 'x');
INSERT INTO fk_mc VALUES (1, 'x', 1, 'x'), (1, NULL, NULL, 'zz');
INSERT INTO fk_mc VALUES (1, 'y', 1, 'x');
DROP TABLE fk_mc;
DROP SCHEMA fk_ms CASCADE;

-- What cannot be referenced or declared.
CREATE TABLE fk_oc (x oid REFERENCES pg_class);
CREATE SEQUENCE fk_oseq;
CREATE TABLE fk_oc (x int REFERENCES fk_oseq);
CREATE TABLE fk_op (id int PRIMARY KEY);
CREATE MATERIALIZED VIEW fk_omv AS SELECT 1 AS id;
CREATE TABLE fk_oc (x int REFERENCES fk_omv);
CREATE TABLE fk_oc (x int GENERATED ALWAYS AS (1) STORED REFERENCES fk_op ON DELETE SET NULL);
CREATE TABLE fk_oc (x int GENERATED ALWAYS AS (1) STORED REFERENCES fk_op ON UPDATE CASCADE);
CREATE TABLE fk_oc (x int GENERATED ALWAYS AS (1) STORED REFERENCES fk_op);
INSERT INTO fk_oc DEFAULT VALUES;
DROP TABLE fk_oc;
CREATE TEMP TABLE fk_otp (id int PRIMARY KEY);
CREATE TEMP TABLE fk_otc (x int REFERENCES fk_otp ON DELETE CASCADE);
INSERT INTO fk_otp VALUES (1);
INSERT INTO fk_otc VALUES (1);
DELETE FROM fk_otp;
SELECT count(*) FROM fk_otc;
CREATE TABLE fk_oc (x int REFERENCES fk_otp);
CREATE TABLE fk_oc (x int[] REFERENCES fk_op);
CREATE TABLE fk_oc (x int REFERENCES fk_op (id) ON UPDATE SET NULL (x));
CREATE TABLE fk_oc (x int REFERENCES fk_op (id) ON DELETE SET DEFAULT (x, x));
\d fk_oc
DROP TABLE fk_oc, fk_op, fk_otc, fk_otp;
DROP MATERIALIZED VIEW fk_omv;
DROP SEQUENCE fk_oseq;

-- Data-modifying WITH, and a self-referencing key updated by the
-- statement that changes the rows it references.
CREATE TABLE fk_wp (id int PRIMARY KEY);
CREATE TABLE fk_wc (pid int REFERENCES fk_wp);
WITH x AS (INSERT INTO fk_wc VALUES (5)) INSERT INTO fk_wp VALUES (5);
WITH x AS (INSERT INTO fk_wc VALUES (6)) INSERT INTO fk_wp VALUES (7);
WITH x AS (DELETE FROM fk_wc WHERE pid = 5) DELETE FROM fk_wp WHERE id = 5;
SELECT * FROM fk_wp, fk_wc;
CREATE TABLE fk_tree2 (id int PRIMARY KEY, parent int REFERENCES fk_tree2 ON UPDATE CASCADE ON DELETE SET NULL);
INSERT INTO fk_tree2 VALUES (1, NULL), (2, 1), (3, 2), (4, 1);
UPDATE fk_tree2 SET id = id + 100;
SELECT * FROM fk_tree2 ORDER BY id;
DELETE FROM fk_tree2 WHERE id = 101;
SELECT * FROM fk_tree2 ORDER BY id;
UPDATE fk_tree2 SET parent = 999 WHERE id = 102;
DROP TABLE fk_tree2, fk_wc, fk_wp;

-- DEFERRABLE and INITIALLY clauses of column constraints.
CREATE TABLE fk_qp (id int PRIMARY KEY);
CREATE TABLE fk_qc (x int REFERENCES fk_qp NOT DEFERRABLE INITIALLY DEFERRED);
CREATE TABLE fk_qc (x int REFERENCES fk_qp INITIALLY DEFERRED NOT DEFERRABLE);
CREATE TABLE fk_qc (x int REFERENCES fk_qp DEFERRABLE DEFERRABLE);
CREATE TABLE fk_qc (x int CHECK (x > 0) DEFERRABLE);
CREATE TABLE fk_qc (x int REFERENCES fk_qp INITIALLY IMMEDIATE INITIALLY DEFERRED);
CREATE TABLE fk_qc (x int, FOREIGN KEY (x) REFERENCES fk_qp NOT DEFERRABLE INITIALLY DEFERRED);
CREATE TABLE fk_qc (x int REFERENCES fk_qp INITIALLY DEFERRED, y int REFERENCES fk_qp DEFERRABLE INITIALLY IMMEDIATE,
  z int REFERENCES fk_qp NOT DEFERRABLE);
\d fk_qc
DROP TABLE fk_qc, fk_qp;

-- Keys of many types, looked up in the referenced unique index.
CREATE TABLE fk_typ_p (u uuid unique, n numeric unique, ts timestamptz unique, b bytea unique, iv interval unique, c char(3) unique, v varchar(5) unique, d date unique, f float8 unique, bo boolean unique);
INSERT INTO fk_typ_p values ('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 1.50, '2020-01-01 00:00+00', '\x0102', '1 day', 'ab', 'xy', '2020-01-02', 1.5, true);
CREATE TABLE fk_typ_c (u uuid references fk_typ_p(u), n numeric references fk_typ_p(n), ts timestamptz references fk_typ_p(ts), b bytea references fk_typ_p(b),
  iv interval references fk_typ_p(iv), c char(3) references fk_typ_p(c), v varchar(5) references fk_typ_p(v), d date references fk_typ_p(d), f float8 references fk_typ_p(f), bo boolean references fk_typ_p(bo));
INSERT INTO fk_typ_c values ('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 1.5, '2019-12-31 16:00-08', '\x0102', '24 hours', 'ab ', 'xy', '2020-01-02', 1.50, true);
INSERT INTO fk_typ_c (u) values ('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a12');
INSERT INTO fk_typ_c (n) values (1.51);
INSERT INTO fk_typ_c (ts) values ('2020-01-01 00:00:01+00');
INSERT INTO fk_typ_c (b) values ('\x0103');
INSERT INTO fk_typ_c (iv) values ('25 hours');
INSERT INTO fk_typ_c (c) values ('abc');
INSERT INTO fk_typ_c (v) values ('xyz');
INSERT INTO fk_typ_c (d) values ('2020-01-03');
INSERT INTO fk_typ_c (f) values (1.25);
INSERT INTO fk_typ_c (bo) values (false);
INSERT INTO fk_typ_c (f) values ('-0');
SELECT * FROM fk_typ_c;
DROP TABLE fk_typ_c, fk_typ_p;
