-- B-tree indexes, PRIMARY KEY and UNIQUE constraints: their catalog rows,
-- psql's display, uniqueness enforced on INSERT, UPDATE and MERGE, and
-- the DDL that keeps them in step with their tables.
CREATE TABLE bt_users (id serial PRIMARY KEY, email text UNIQUE NOT NULL, name text, age int);
INSERT INTO bt_users (email, name, age) VALUES ('a@x', 'Ann', 30), ('b@x', 'Bob', 40), ('c@x', NULL, NULL);
INSERT INTO bt_users (email, name) VALUES ('a@x', 'Again');
INSERT INTO bt_users (id, email) VALUES (2, 'z@x');
INSERT INTO bt_users (id, email) VALUES (NULL, 'n@x');
UPDATE bt_users SET email = 'b@x' WHERE id = 1;
UPDATE bt_users SET id = id + 1;
UPDATE bt_users SET id = id + 10;
SELECT * FROM bt_users ORDER BY id;
\d bt_users
SELECT conname, contype, conkey, conindid::regclass, condeferrable FROM pg_constraint WHERE conrelid = 'bt_users'::regclass ORDER BY 1;
SELECT indexrelid::regclass, indnatts, indnkeyatts, indisunique, indisprimary, indkey, indoption, indimmediate, indisvalid, indisready
  FROM pg_index WHERE indrelid = 'bt_users'::regclass ORDER BY 1;
SELECT c.relname, c.relkind, a.amname, c.relnatts, c.relhasindex FROM pg_class c JOIN pg_am a ON a.oid = c.relam
  WHERE c.relname LIKE 'bt_users%' ORDER BY 1;
SELECT attname, atttypid::regtype, attnum FROM pg_attribute WHERE attrelid = 'bt_users_email_key'::regclass ORDER BY attnum;
SELECT schemaname, tablename, indexname, indexdef FROM pg_indexes WHERE tablename = 'bt_users' ORDER BY indexname;
SELECT pg_get_indexdef('bt_users_pkey'::regclass), pg_get_indexdef('bt_users_email_key'::regclass, 1, true);
SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'bt_users'::regclass ORDER BY conname;

-- plain indexes: several columns, DESC, NULLS FIRST/LAST, operator classes
CREATE INDEX ON bt_users (name);
CREATE INDEX bt_users_age_name ON bt_users (age DESC, name NULLS FIRST);
CREATE INDEX bt_users_pat ON bt_users (name text_pattern_ops DESC NULLS LAST);
CREATE INDEX ON bt_users (name, name);
CREATE INDEX bt_users_ff ON bt_users (age) WITH (fillfactor = 70);
CREATE INDEX IF NOT EXISTS bt_users_age_name ON bt_users (age);
CREATE INDEX bt_users_age_name ON bt_users (age);
CREATE UNIQUE INDEX bt_users_name_u ON bt_users (name);
INSERT INTO bt_users (email, name) VALUES ('d@x', 'Ann');
INSERT INTO bt_users (email, name) VALUES ('e@x', NULL), ('f@x', NULL);
CREATE UNIQUE INDEX bt_users_age_nnd ON bt_users (age) NULLS NOT DISTINCT;
DELETE FROM bt_users WHERE email IN ('e@x', 'f@x');
CREATE UNIQUE INDEX bt_users_age_nnd ON bt_users (age) NULLS NOT DISTINCT;
INSERT INTO bt_users (email) VALUES ('g@x');
\d bt_users
SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'bt_users' ORDER BY indexname;
SELECT relname, reloptions FROM pg_class WHERE relname = 'bt_users_ff';

-- errors
CREATE INDEX ON bt_users (nosuch);
CREATE INDEX ON bt_users (ctid);
CREATE INDEX ON bt_users USING nosuch (id);
CREATE INDEX ON bt_users (name int4_ops);
CREATE INDEX ON bt_users (name nosuch_ops);
CREATE INDEX ON bt_users (id) WITH (fillfactor = 5);
CREATE INDEX ON bt_users (id) WITH (nosuch = 1);
CREATE INDEX ON nosuch_table (id);
CREATE VIEW bt_v AS SELECT * FROM bt_users;
CREATE INDEX ON bt_v (id);
DROP VIEW bt_v;
CREATE TABLE bt_pt (p int[]);
CREATE INDEX ON bt_pt (p);
DROP TABLE bt_pt;
CREATE TABLE bt_js (j json);
CREATE INDEX ON bt_js (j);
DROP TABLE bt_js;

-- uniqueness across statements, transactions and savepoints
CREATE TABLE bt_k (k int PRIMARY KEY, v text);
INSERT INTO bt_k VALUES (1, 'one');
BEGIN;
DELETE FROM bt_k WHERE k = 1;
INSERT INTO bt_k VALUES (1, 'uno');
SAVEPOINT s1;
INSERT INTO bt_k VALUES (1, 'eins');
ROLLBACK TO SAVEPOINT s1;
INSERT INTO bt_k VALUES (2, 'two');
COMMIT;
SELECT * FROM bt_k ORDER BY k;
BEGIN;
INSERT INTO bt_k VALUES (3, 'three');
ROLLBACK;
INSERT INTO bt_k VALUES (3, 'drei');
INSERT INTO bt_k SELECT g, 'g' || g FROM generate_series(4, 2000) g;
INSERT INTO bt_k SELECT g, 'g' || g FROM generate_series(1999, 2001) g;
SELECT count(*), min(k), max(k) FROM bt_k;
UPDATE bt_k SET v = v || '!' WHERE k % 100 = 0;
SELECT count(*) FROM bt_k WHERE v LIKE '%!';
MERGE INTO bt_k USING (VALUES (5), (3000)) AS src(k) ON bt_k.k = src.k
  WHEN MATCHED THEN UPDATE SET v = 'merged' WHEN NOT MATCHED THEN INSERT VALUES (src.k, 'new');
MERGE INTO bt_k USING (VALUES (6)) AS src(k) ON false WHEN NOT MATCHED THEN INSERT VALUES (src.k, 'dup');
SELECT * FROM bt_k WHERE k IN (5, 3000) ORDER BY k;

-- composite keys and constraint names
CREATE TABLE bt_c (a int, b text, c date, PRIMARY KEY (a, b), CONSTRAINT bt_c_bc UNIQUE (b, c), UNIQUE (c));
INSERT INTO bt_c VALUES (1, 'x', '2024-01-01'), (1, 'y', '2024-01-02'), (2, 'x', NULL), (3, 'x', NULL);
INSERT INTO bt_c VALUES (1, 'x', '2024-01-03');
INSERT INTO bt_c VALUES (4, 'x', '2024-01-01');
INSERT INTO bt_c VALUES (5, 'z', '2024-01-01');
\d bt_c
CREATE TABLE bt_bad1 (a int PRIMARY KEY, b int PRIMARY KEY);
CREATE TABLE bt_bad2 (a int, PRIMARY KEY (a), UNIQUE (zz));
CREATE TABLE bt_bad3 (a int, PRIMARY KEY (a, a));
CREATE TABLE bt_bad4 (a int, CONSTRAINT dup UNIQUE (a), CONSTRAINT dup UNIQUE (a), UNIQUE (a), CONSTRAINT dup2 UNIQUE (a) NOT DEFERRABLE);
\d bt_bad4
DROP TABLE bt_bad4;
CREATE TABLE bt_bad5 (a int UNIQUE NOT DEFERRABLE INITIALLY IMMEDIATE, b int CHECK (b > 0) DEFERRABLE);
CREATE TABLE bt_bad6 (a int NOT DEFERRABLE);
\d bt_bad5
DROP TABLE bt_bad5;
CREATE TABLE bt_dedup (a int UNIQUE PRIMARY KEY, b int);
\d bt_dedup
DROP TABLE bt_dedup;

-- ALTER TABLE: constraints added and dropped, NOT NULL checked after
CREATE TABLE bt_a (a int, b int);
INSERT INTO bt_a VALUES (1, 1), (1, 2), (NULL, 3);
ALTER TABLE bt_a ADD PRIMARY KEY (a);
ALTER TABLE bt_a ADD UNIQUE (a);
DELETE FROM bt_a WHERE b = 2;
ALTER TABLE bt_a ADD PRIMARY KEY (a);
DELETE FROM bt_a WHERE a IS NULL;
ALTER TABLE bt_a ADD CONSTRAINT bt_a_pk PRIMARY KEY (a);
ALTER TABLE bt_a ADD PRIMARY KEY (b);
ALTER TABLE bt_a ADD CONSTRAINT bt_a_b UNIQUE (b);
ALTER TABLE bt_a ADD CONSTRAINT bt_a_b UNIQUE (b);
ALTER TABLE bt_a ADD COLUMN c int UNIQUE;
ALTER TABLE bt_a ADD COLUMN d int CHECK (d > 0);
INSERT INTO bt_a VALUES (2, 2, 5, -1);
INSERT INTO bt_a VALUES (2, 2, 5, 1);
INSERT INTO bt_a VALUES (3, 3, 5, 1);
\d bt_a
ALTER TABLE bt_a DROP CONSTRAINT bt_a_b;
INSERT INTO bt_a VALUES (4, 2, 6, 1);
ALTER TABLE bt_a DROP CONSTRAINT nosuch;
ALTER TABLE bt_a DROP CONSTRAINT IF EXISTS nosuch;
DROP INDEX bt_a_pk;
ALTER INDEX bt_a_pk RENAME TO bt_a_key0;
SELECT conname FROM pg_constraint WHERE conrelid = 'bt_a'::regclass ORDER BY 1;
ALTER TABLE bt_a DROP COLUMN c;
\d bt_a
ALTER TABLE bt_a ALTER COLUMN b TYPE bigint;
ALTER TABLE bt_a ADD COLUMN e int DEFAULT 7;
INSERT INTO bt_a VALUES (2, 9, 1);
SELECT * FROM bt_a ORDER BY a;

-- TRUNCATE, rewrites and materialized views keep indexes in step
TRUNCATE bt_k;
INSERT INTO bt_k VALUES (1, 'again'), (2, 'two');
INSERT INTO bt_k VALUES (1, 'dup');
CREATE MATERIALIZED VIEW bt_m AS SELECT k, v FROM bt_k;
CREATE UNIQUE INDEX bt_m_k ON bt_m (k);
INSERT INTO bt_k VALUES (3, 'three');
REFRESH MATERIALIZED VIEW bt_m;
SELECT * FROM bt_m ORDER BY k;
\d bt_m
CREATE TEMP TABLE bt_tmp (id int PRIMARY KEY, v text);
INSERT INTO bt_tmp VALUES (1, 'a');
INSERT INTO bt_tmp VALUES (1, 'b');
CREATE INDEX ON bt_tmp (v);
DROP TABLE bt_tmp;

-- moving and dropping
CREATE SCHEMA bt_s;
ALTER TABLE bt_c SET SCHEMA bt_s;
SELECT schemaname, indexname FROM pg_indexes WHERE tablename = 'bt_c' ORDER BY 2;
DROP INDEX bt_s.bt_c_c_key;
DROP INDEX bt_s.bt_c_pkey;
DROP INDEX IF EXISTS nosuch_index;
DROP INDEX nosuch_index;
DROP INDEX bt_users;
DROP TABLE bt_users_name_idx;
COMMENT ON INDEX bt_users_ff IS 'half full';
SELECT obj_description('bt_users_ff'::regclass, 'pg_class');
DROP TABLE bt_users, bt_k, bt_a CASCADE;
DROP SCHEMA bt_s CASCADE;
-- REINDEX
CREATE TABLE bt_rx (a int PRIMARY KEY, b int);
INSERT INTO bt_rx SELECT g, g % 10 FROM generate_series(1, 1000) g;
CREATE INDEX ON bt_rx (b);
REINDEX TABLE bt_rx;
REINDEX INDEX bt_rx_b_idx;
REINDEX TABLE nosuch;
REINDEX INDEX bt_rx;
REINDEX TABLE bt_rx_b_idx;
BEGIN;
REINDEX TABLE bt_rx;
INSERT INTO bt_rx VALUES (1001, 1);
INSERT INTO bt_rx VALUES (1001, 1);
ROLLBACK;
SELECT a, b FROM bt_rx WHERE a = 500;
CREATE TABLE bt_rn (a int);
REINDEX TABLE bt_rn;
REINDEX (VERBOSE false) TABLE bt_rx;
DROP TABLE bt_rx, bt_rn;

-- fillfactor leaves room on built leaf pages
CREATE TABLE bt_ff (a int PRIMARY KEY WITH (fillfactor = 50), b int);
INSERT INTO bt_ff SELECT g, g FROM generate_series(1, 20000) g;
CREATE INDEX bt_ff_b50 ON bt_ff (b) WITH (fillfactor = 50);
CREATE INDEX bt_ff_b ON bt_ff (b);
REINDEX INDEX bt_ff_pkey;
SELECT relname, relpages FROM pg_class WHERE relname LIKE 'bt_ff%' ORDER BY 1;
DROP TABLE bt_ff;

-- sizes in pg_class after CREATE TABLE, TRUNCATE, CREATE INDEX and a rewrite
CREATE TABLE bt_sz (a int PRIMARY KEY, b text);
SELECT relname, relpages, reltuples FROM pg_class WHERE relname LIKE 'bt_sz%' ORDER BY 1;
INSERT INTO bt_sz SELECT g, repeat('s', 50) || g FROM generate_series(1, 500) g;
TRUNCATE bt_sz;
SELECT relname, relpages, reltuples FROM pg_class WHERE relname LIKE 'bt_sz%' ORDER BY 1;
INSERT INTO bt_sz SELECT g, repeat('s', 50) || g FROM generate_series(1, 500) g;
CREATE INDEX ON bt_sz (b);
SELECT relname, relpages, reltuples FROM pg_class WHERE relname LIKE 'bt_sz%' ORDER BY 1;
ALTER TABLE bt_sz ADD COLUMN c float DEFAULT random();
SELECT relname, relpages, reltuples FROM pg_class WHERE relname LIKE 'bt_sz%' ORDER BY 1;
INSERT INTO bt_sz VALUES (500, 'dup');
DROP TABLE bt_sz;
SELECT count(*) FROM pg_class WHERE relname LIKE 'bt%';
