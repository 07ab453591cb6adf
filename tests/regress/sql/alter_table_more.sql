--
-- ALTER TABLE subcommands of migrations and pg_dump scripts: RENAME
-- CONSTRAINT, ENABLE/DISABLE TRIGGER with session_replication_role,
-- ALTER CONSTRAINT, SET STORAGE/COMPRESSION, REPLICA IDENTITY, DROP
-- EXPRESSION and the no-op forms
--
CREATE TABLE atm_p (id int PRIMARY KEY, u int UNIQUE, c int CHECK (c > 0), t text);
CREATE TABLE atm_c (id int, pid int REFERENCES atm_p);
-- RENAME CONSTRAINT: a key constraint renames its index too
ALTER TABLE atm_p RENAME CONSTRAINT atm_p_pkey TO atm_p_pk;
ALTER TABLE atm_p RENAME CONSTRAINT nope TO x;
ALTER TABLE atm_p RENAME CONSTRAINT atm_p_u_key TO atm_p_c_check;
ALTER TABLE atm_p RENAME CONSTRAINT atm_p_c_check TO atm_p_pk;
ALTER TABLE atm_p RENAME CONSTRAINT atm_p_c_check TO c_positive;
ALTER TABLE atm_c RENAME CONSTRAINT atm_c_pid_fkey TO c_fk;
ALTER TABLE IF EXISTS atm_nope RENAME CONSTRAINT a TO b;
ALTER TABLE atm_nope RENAME CONSTRAINT a TO b;
CREATE INDEX atm_i ON atm_p (c);
ALTER TABLE atm_p RENAME CONSTRAINT atm_p_u_key TO atm_i;
ALTER TABLE atm_i RENAME CONSTRAINT a TO b;
SELECT conname, contype FROM pg_constraint
 WHERE conrelid IN ('atm_p'::regclass, 'atm_c'::regclass) ORDER BY 1;
SELECT relname FROM pg_class WHERE relname LIKE 'atm%' ORDER BY 1;
\d atm_p
INSERT INTO atm_p VALUES (1, 1, 1);
INSERT INTO atm_p VALUES (1, 2, 2);
INSERT INTO atm_p VALUES (2, 2, 0);
CREATE DOMAIN atm_d AS int CONSTRAINT d_pos CHECK (VALUE > 0) CONSTRAINT d_small CHECK (VALUE < 100);
ALTER DOMAIN atm_d RENAME CONSTRAINT d_pos TO d_positive;
ALTER DOMAIN atm_d RENAME CONSTRAINT nope TO x;
ALTER DOMAIN atm_d RENAME CONSTRAINT d_small TO d_positive;
SELECT conname FROM pg_constraint WHERE contypid = 'atm_d'::regtype ORDER BY 1;
SELECT 0::atm_d;
DROP DOMAIN atm_d;
-- ENABLE / DISABLE TRIGGER: the internal triggers of foreign keys
SELECT tgname LIKE 'RI_ConstraintTrigger_%', tgtype, tgenabled FROM pg_trigger
 WHERE tgrelid = 'atm_c'::regclass ORDER BY tgtype;
ALTER TABLE atm_c DISABLE TRIGGER ALL;
SELECT tgtype, tgenabled FROM pg_trigger WHERE tgrelid = 'atm_c'::regclass ORDER BY tgtype;
INSERT INTO atm_c VALUES (1, 999);
ALTER TABLE atm_c ENABLE TRIGGER ALL;
INSERT INTO atm_c VALUES (2, 998);
-- USER triggers leave the internal ones alone
ALTER TABLE atm_c DISABLE TRIGGER USER;
INSERT INTO atm_c VALUES (2, 998);
ALTER TABLE atm_c DISABLE TRIGGER nope;
ALTER TABLE atm_c ENABLE REPLICA TRIGGER ALL;
-- session_replication_role: origin triggers do not fire on a replica
SET session_replication_role = replica;
SHOW session_replication_role;
INSERT INTO atm_c VALUES (3, 997);
SET session_replication_role = local;
INSERT INTO atm_c VALUES (4, 996);
RESET session_replication_role;
-- REPLICA and ALWAYS name one trigger
SELECT format('ALTER TABLE atm_c ENABLE REPLICA TRIGGER %I', tgname) FROM pg_trigger
 WHERE tgrelid = 'atm_c'::regclass AND tgtype = 5 \gexec
SELECT tgtype, tgenabled FROM pg_trigger WHERE tgrelid = 'atm_c'::regclass ORDER BY tgtype;
INSERT INTO atm_c VALUES (5, 995);
SET session_replication_role = replica;
INSERT INTO atm_c VALUES (5, 995);
RESET session_replication_role;
SELECT format('ALTER TABLE atm_c ENABLE ALWAYS TRIGGER %I', tgname) FROM pg_trigger
 WHERE tgrelid = 'atm_c'::regclass AND tgtype = 5 \gexec
SET session_replication_role = replica;
INSERT INTO atm_c VALUES (6, 994);
RESET session_replication_role;
INSERT INTO atm_c VALUES (6, 994);
SELECT format('ALTER TABLE atm_c DISABLE TRIGGER %I', tgname) FROM pg_trigger
 WHERE tgrelid = 'atm_c'::regclass AND tgtype = 5 \gexec
INSERT INTO atm_c VALUES (7, 993);
SELECT * FROM atm_c ORDER BY id;
DELETE FROM atm_c;
ALTER TABLE atm_c ENABLE TRIGGER ALL;
-- the referenced side: the actions' triggers
INSERT INTO atm_c VALUES (1, 1);
ALTER TABLE atm_p DISABLE TRIGGER ALL;
\d atm_p
DELETE FROM atm_p WHERE id = 1;
ALTER TABLE atm_p ENABLE TRIGGER ALL;
INSERT INTO atm_p VALUES (1, 1, 1);
DELETE FROM atm_p WHERE id = 1;
DELETE FROM atm_c;
-- ALTER CONSTRAINT: foreign keys only
CREATE TABLE atm_c2 (id int, pid int CONSTRAINT c2_fk REFERENCES atm_p ON DELETE CASCADE,
  pid2 int CONSTRAINT c2_fk2 REFERENCES atm_p);
ALTER TABLE atm_c2 ALTER CONSTRAINT c2_fk DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE atm_c2 ALTER CONSTRAINT c2_fk2 INITIALLY DEFERRED;
ALTER TABLE atm_p ALTER CONSTRAINT atm_p_pk DEFERRABLE;
ALTER TABLE atm_p ALTER CONSTRAINT c_positive DEFERRABLE;
ALTER TABLE atm_p ALTER CONSTRAINT nope DEFERRABLE;
ALTER TABLE atm_c2 ALTER CONSTRAINT c2_fk2 NOT DEFERRABLE INITIALLY DEFERRED;
SELECT conname, condeferrable, condeferred FROM pg_constraint
 WHERE conrelid = 'atm_c2'::regclass ORDER BY 1;
SELECT conname, tgtype, tgdeferrable, tginitdeferred
  FROM pg_trigger t JOIN pg_constraint c ON c.oid = t.tgconstraint
 WHERE conrelid = 'atm_c2'::regclass ORDER BY 1, 2, tgrelid;
\d atm_c2
BEGIN;
INSERT INTO atm_c2 VALUES (1, 10, 10);
INSERT INTO atm_p VALUES (10, 10, 10);
COMMIT;
BEGIN;
INSERT INTO atm_c2 VALUES (2, NULL, 11);
COMMIT;
ALTER TABLE atm_c2 ALTER CONSTRAINT c2_fk2 DEFERRABLE INITIALLY IMMEDIATE;
BEGIN;
INSERT INTO atm_c2 VALUES (2, NULL, 11);
ROLLBACK;
BEGIN;
SET CONSTRAINTS c2_fk2 DEFERRED;
INSERT INTO atm_c2 VALUES (2, NULL, 11);
SET CONSTRAINTS c2_fk2 IMMEDIATE;
ROLLBACK;
ALTER TABLE atm_c2 ALTER CONSTRAINT c2_fk2 NOT DEFERRABLE;
BEGIN;
SET CONSTRAINTS c2_fk2 DEFERRED;
ROLLBACK;
INSERT INTO atm_c2 VALUES (3, NULL, 12);
SELECT * FROM atm_c2 ORDER BY id;
DROP TABLE atm_c2;
-- pending events: a rename goes ahead, other subcommands wait
CREATE TABLE atm_c3 (pid int CONSTRAINT c3_fk REFERENCES atm_p DEFERRABLE INITIALLY DEFERRED);
BEGIN;
INSERT INTO atm_c3 VALUES (1);
ALTER TABLE atm_c3 RENAME CONSTRAINT c3_fk TO c3_fk2;
ALTER TABLE atm_c3 ALTER CONSTRAINT c3_fk2 NOT DEFERRABLE;
ROLLBACK;
-- a deferred check fired after the rename names the constraint as it is
BEGIN;
INSERT INTO atm_c3 VALUES (999);
ALTER TABLE atm_c3 RENAME CONSTRAINT c3_fk TO c3_fk2;
COMMIT;
BEGIN;
INSERT INTO atm_c3 VALUES (1);
ALTER TABLE atm_c3 DISABLE TRIGGER ALL;
ROLLBACK;
DROP TABLE atm_c3;
-- SET STORAGE and SET COMPRESSION
ALTER TABLE atm_p ALTER COLUMN t SET STORAGE EXTERNAL;
ALTER TABLE atm_p ALTER COLUMN id SET STORAGE EXTERNAL;
ALTER TABLE atm_p ALTER COLUMN id SET STORAGE PLAIN;
ALTER TABLE atm_p ALTER COLUMN t SET STORAGE bogus;
ALTER TABLE atm_p ALTER COLUMN nope SET STORAGE MAIN;
ALTER TABLE atm_p ALTER COLUMN xmin SET STORAGE MAIN;
ALTER TABLE atm_p ALTER COLUMN t SET COMPRESSION pglz;
ALTER TABLE atm_p ALTER COLUMN t SET COMPRESSION bogus;
ALTER TABLE atm_p ALTER COLUMN id SET COMPRESSION pglz;
CREATE INDEX atm_p_t ON atm_p (t);
ALTER TABLE atm_p ALTER COLUMN t SET STORAGE MAIN;
SELECT attrelid::regclass, attname, attstorage, attcompression FROM pg_attribute
 WHERE attrelid IN ('atm_p'::regclass, 'atm_p_t'::regclass) AND attnum > 0 ORDER BY 1, attnum;
\d+ atm_p
ALTER TABLE atm_p ALTER COLUMN t SET COMPRESSION default;
DROP INDEX atm_p_t;
-- the toaster follows the column's storage: MAIN keeps a compressible
-- value inline, EXTERNAL moves it out
INSERT INTO atm_p VALUES (20, 20, 20, repeat('x', 10000));
SELECT pg_relation_size(reltoastrelid) = 0 AS toast_empty FROM pg_class WHERE relname = 'atm_p';
ALTER TABLE atm_p ALTER COLUMN t SET STORAGE EXTERNAL;
INSERT INTO atm_p VALUES (21, 21, 21, repeat('x', 10000));
SELECT pg_relation_size(reltoastrelid) = 0 AS toast_empty FROM pg_class WHERE relname = 'atm_p';
SELECT id, length(t) FROM atm_p WHERE t IS NOT NULL ORDER BY id;
-- REPLICA IDENTITY
ALTER TABLE atm_p REPLICA IDENTITY FULL;
SELECT relreplident FROM pg_class WHERE relname = 'atm_p';
\d+ atm_p
ALTER TABLE atm_p REPLICA IDENTITY NOTHING;
ALTER TABLE atm_p REPLICA IDENTITY USING INDEX atm_p_u_key;
CREATE UNIQUE INDEX atm_p_part ON atm_p (id) WHERE id > 0;
ALTER TABLE atm_p REPLICA IDENTITY USING INDEX atm_p_part;
CREATE UNIQUE INDEX atm_p_expr ON atm_p ((id + 1));
ALTER TABLE atm_p REPLICA IDENTITY USING INDEX atm_p_expr;
ALTER TABLE atm_p REPLICA IDENTITY USING INDEX atm_i;
ALTER TABLE atm_p REPLICA IDENTITY USING INDEX nope;
CREATE TABLE atm_o (id int PRIMARY KEY, k int NOT NULL);
CREATE UNIQUE INDEX atm_o_k ON atm_o (k);
ALTER TABLE atm_p REPLICA IDENTITY USING INDEX atm_o_k;
ALTER TABLE atm_o ADD CONSTRAINT atm_o_dk UNIQUE (k) DEFERRABLE;
ALTER TABLE atm_o REPLICA IDENTITY USING INDEX atm_o_dk;
ALTER TABLE atm_o REPLICA IDENTITY USING INDEX atm_o_k;
SELECT relname, relreplident FROM pg_class WHERE relname IN ('atm_p', 'atm_o') ORDER BY 1;
ALTER TABLE atm_p REPLICA IDENTITY USING INDEX atm_p_pk;
SELECT indexrelid::regclass, indisreplident FROM pg_index
 WHERE indrelid IN ('atm_p'::regclass, 'atm_o'::regclass) ORDER BY 1;
\d atm_p
\d atm_o
ALTER TABLE atm_p REPLICA IDENTITY DEFAULT;
SELECT relreplident FROM pg_class WHERE relname = 'atm_p';
SELECT indexrelid::regclass, indisreplident FROM pg_index
 WHERE indrelid = 'atm_p'::regclass ORDER BY 1;
DROP TABLE atm_o;
-- DROP EXPRESSION
CREATE TABLE atm_g (a int, g int GENERATED ALWAYS AS (a * 2) STORED);
INSERT INTO atm_g (a) VALUES (1);
ALTER TABLE atm_g ALTER COLUMN a DROP EXPRESSION;
ALTER TABLE atm_g ALTER COLUMN a DROP EXPRESSION IF EXISTS;
ALTER TABLE atm_g ALTER COLUMN nope DROP EXPRESSION;
ALTER TABLE atm_g ALTER COLUMN g DROP EXPRESSION;
SELECT attname, attgenerated = '' AS plain FROM pg_attribute
 WHERE attrelid = 'atm_g'::regclass AND attnum > 0 ORDER BY attnum;
SELECT count(*) FROM pg_attrdef WHERE adrelid = 'atm_g'::regclass;
INSERT INTO atm_g VALUES (2, 100);
INSERT INTO atm_g (a) VALUES (3);
UPDATE atm_g SET a = 10 WHERE a = 1;
SELECT * FROM atm_g ORDER BY a;
\d atm_g
ALTER TABLE atm_g DROP COLUMN a;
DROP TABLE atm_g;
-- a deferrable unique constraint's recheck trigger: disabled, or not
-- firing on a replica, it lets duplicates in, as in PostgreSQL
create table atm_u (k int unique deferrable);
alter table atm_u disable trigger all;
select tgenabled from pg_trigger where tgrelid = 'atm_u'::regclass;
insert into atm_u values (1);
insert into atm_u values (1);
begin;
set constraints all deferred;
insert into atm_u values (2);
insert into atm_u values (2);
commit;
select k, count(*) from atm_u group by k order by k;
alter table atm_u enable trigger all;
insert into atm_u values (3), (3);
set session_replication_role = replica;
insert into atm_u values (4), (4);
reset session_replication_role;
select k, count(*) from atm_u group by k order by k;
drop table atm_u;
-- attribute options: n_distinct replaces ANALYZE's estimate
create table atm_s (a int, b text);
insert into atm_s select i % 10, 'x' || (i % 100) from generate_series(1, 1000) i;
alter table atm_s alter column a set (n_distinct = 500);
alter table atm_s alter column b set (n_distinct = -0.5, n_distinct_inherited = 3);
select attname, attoptions from pg_attribute where attrelid = 'atm_s'::regclass and attnum > 0 order by attnum;
analyze atm_s;
select attname, n_distinct from pg_stats where tablename = 'atm_s' order by attname;
explain select a from atm_s group by a;
alter table atm_s alter column a set (n_distinct = -2);
alter table atm_s alter column a set (n_distinct = abc);
alter table atm_s alter column a set (foo = 1);
alter table atm_s alter column a set (n_distinct);
alter table atm_s alter column a set (n_distinct = 1, n_distinct = 2);
alter table atm_s alter column a set (x.n_distinct = 1);
alter table atm_s alter column a reset (n_distinct = 1);
alter table atm_s alter column a reset (foo);
alter table atm_s alter column b set (n_distinct = 7);
select attname, attoptions from pg_attribute where attrelid = 'atm_s'::regclass and attnum > 0 order by attnum;
alter table atm_s alter column a reset (n_distinct);
alter table atm_s alter column b reset (n_distinct, n_distinct_inherited);
select attname, attoptions from pg_attribute where attrelid = 'atm_s'::regclass and attnum > 0 order by attnum;
analyze atm_s;
select attname, n_distinct from pg_stats where tablename = 'atm_s' order by attname;
alter table atm_s alter column xmin set (n_distinct = 1);
alter table atm_s alter column nope set (n_distinct = 1);
\set VERBOSITY sqlstate
alter table atm_s alter column a set (n_distinct = -2);
alter table atm_s alter column a set (foo = 1);
alter table atm_s alter column a reset (n_distinct = 1);
alter table atm_s alter column a set (x.n_distinct = 1);
\set VERBOSITY default
drop table atm_s;
-- materialized views take some of them, views and sequences none
create table atm_b (id int primary key, t text);
create materialized view atm_mv as select id, t from atm_b;
create unique index atm_mv_id on atm_mv (id);
alter materialized view atm_mv alter column id set (n_distinct = 7);
alter materialized view atm_mv alter column id reset (n_distinct);
alter materialized view atm_mv alter column id set (n_distinct = 7);
alter materialized view atm_mv set tablespace pg_default;
alter materialized view atm_mv set access method heap;
alter table atm_mv replica identity using index atm_mv_id;
alter table atm_mv replica identity full;
alter table atm_mv disable trigger all;
alter table atm_mv alter column id drop expression;
alter table atm_mv set without oids;
alter table atm_mv alter constraint x deferrable;
alter table atm_mv enable replica trigger x;
select attname, attoptions from pg_attribute where attrelid = 'atm_mv'::regclass and attnum > 0 order by attnum;
select relreplident from pg_class where relname = 'atm_mv';
insert into atm_b values (1, 'a'), (2, 'b');
refresh materialized view atm_mv;
analyze atm_mv;
select attname, n_distinct from pg_stats where tablename = 'atm_mv' order by 1;
create view atm_v as select 1 as a;
alter table atm_v disable trigger all;
alter table atm_v alter constraint x deferrable;
alter table atm_v replica identity full;
create sequence atm_s;
alter table atm_s disable trigger all;
alter table atm_s replica identity full;
alter index atm_mv_id disable trigger all;
drop view atm_v;
drop sequence atm_s;
drop materialized view atm_mv;
drop table atm_b;
-- the forms that change nothing
ALTER TABLE atm_p SET WITHOUT OIDS;
ALTER TABLE atm_p SET ACCESS METHOD heap;
ALTER TABLE atm_p SET ACCESS METHOD nope;
ALTER TABLE atm_p SET ACCESS METHOD btree;
ALTER TABLE atm_p SET TABLESPACE pg_default;
ALTER TABLE atm_p SET TABLESPACE nope;
ALTER TABLE atm_p SET TABLESPACE pg_global;
SELECT relname, relam = (SELECT oid FROM pg_am WHERE amname = 'heap') AS heap, reltablespace
  FROM pg_class WHERE relname = 'atm_p';
-- the codes
\set VERBOSITY sqlstate
ALTER TABLE atm_p RENAME CONSTRAINT nope TO x;
ALTER TABLE atm_p RENAME CONSTRAINT atm_p_u_key TO atm_i;
ALTER TABLE atm_p RENAME CONSTRAINT atm_p_u_key TO c_positive;
ALTER TABLE atm_c DISABLE TRIGGER nope;
ALTER TABLE atm_p ALTER CONSTRAINT atm_p_pk DEFERRABLE;
ALTER TABLE atm_p ALTER CONSTRAINT nope DEFERRABLE;
ALTER TABLE atm_p ALTER COLUMN id SET STORAGE EXTERNAL;
ALTER TABLE atm_p ALTER COLUMN t SET STORAGE bogus;
ALTER TABLE atm_p ALTER COLUMN id SET COMPRESSION pglz;
ALTER TABLE atm_p REPLICA IDENTITY USING INDEX atm_p_u_key;
ALTER TABLE atm_p REPLICA IDENTITY USING INDEX atm_p_part;
ALTER TABLE atm_p REPLICA IDENTITY USING INDEX atm_p_expr;
ALTER TABLE atm_p REPLICA IDENTITY USING INDEX atm_i;
ALTER TABLE atm_p REPLICA IDENTITY USING INDEX nope;
ALTER TABLE atm_p ALTER COLUMN c DROP EXPRESSION;
ALTER TABLE atm_p SET ACCESS METHOD btree;
\set VERBOSITY default
DROP TABLE atm_c, atm_p;

-- Values read compressed stay compressed when stored again (as
-- toast_tuple_init keeps a compressed datum), whatever the column's
-- storage, but for a PLAIN column a value from a TOAST table.
CREATE TABLE atm_src (id int, t text, u text);
INSERT INTO atm_src VALUES (1, repeat('abc', 3000), repeat('q', 100)), (2, repeat('xy', 700), repeat('z', 1500));
INSERT INTO atm_src VALUES (3, (SELECT string_agg(md5(i::text), '') FROM generate_series(1, 300) i), 'a');
SELECT id, pg_column_compression(t), pg_column_compression(u) FROM atm_src ORDER BY id;
CREATE TABLE atm_ext (id int, t text);
ALTER TABLE atm_ext ALTER COLUMN t SET STORAGE EXTERNAL;
INSERT INTO atm_ext SELECT id, t FROM atm_src;
SELECT id, pg_column_compression(t), length(t) FROM atm_ext ORDER BY id;
CREATE TABLE atm_plain (id int, t text);
ALTER TABLE atm_plain ALTER COLUMN t SET STORAGE PLAIN;
INSERT INTO atm_plain SELECT id, t FROM atm_src WHERE id < 3;
SELECT id, pg_column_compression(t), length(t) FROM atm_plain ORDER BY id;
INSERT INTO atm_plain SELECT id, t FROM atm_ext WHERE id = 3;
CREATE TABLE atm_main (id int, t text, u text);
ALTER TABLE atm_main ALTER COLUMN t SET STORAGE MAIN;
INSERT INTO atm_main SELECT id, t, u FROM atm_src;
SELECT id, pg_column_compression(t), pg_column_compression(u) FROM atm_main ORDER BY id;
UPDATE atm_main SET id = id + 10;
SELECT id, pg_column_compression(t), pg_column_compression(u) FROM atm_main ORDER BY id;
CREATE TABLE atm_ctas AS SELECT * FROM atm_src;
SELECT id, pg_column_compression(t), pg_column_compression(u) FROM atm_ctas ORDER BY id;
DROP TABLE atm_src, atm_ext, atm_plain, atm_main, atm_ctas;
