-- String literals as pg_get_expr, pg_get_viewdef and pg_get_constraintdef
-- print them: never E'', backslashes as they are; and the
-- storage a column takes from its type (pg_type.typstorage).
CREATE TABLE dl_t (
  id int,
  b bytea DEFAULT '\x00ff',
  t text DEFAULT 'a\b''c' CHECK (t <> 'x\y'),
  e text DEFAULT E'tab\there',
  ip inet,
  net cidr,
  n numeric,
  arr text[]
);
SELECT attname, attstorage FROM pg_attribute
 WHERE attrelid = 'dl_t'::regclass AND attnum > 0 ORDER BY attnum;
SELECT a.attname, pg_get_expr(d.adbin, d.adrelid)
  FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
 WHERE d.adrelid = 'dl_t'::regclass ORDER BY a.attnum;
SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'dl_t'::regclass;
CREATE VIEW dl_v AS SELECT 'a\b'::text AS x, E'q\\z' AS y, 'it''s' AS z;
SELECT pg_get_viewdef('dl_v'::regclass);
INSERT INTO dl_t (id) VALUES (1);
SELECT id, b, t, e FROM dl_t ORDER BY id;
SELECT * FROM dl_v;
CREATE DOMAIN dl_d AS inet;
CREATE TABLE dl_t2 (a dl_d);
SELECT attname, attstorage FROM pg_attribute
 WHERE attrelid = 'dl_t2'::regclass AND attnum > 0 ORDER BY attnum;
DROP TABLE dl_t2;
DROP DOMAIN dl_d;
DROP VIEW dl_v;
DROP TABLE dl_t;
