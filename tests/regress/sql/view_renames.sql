-- Views and materialized views keep reading what they read when the
-- tables, columns and schemas they name are renamed or moved, and a
-- caller's search_path does not change what they read.
CREATE TABLE vr_items (id int, name text, price numeric, cat int);
INSERT INTO vr_items VALUES (1, 'apple', 1.50, 1), (2, 'pear', 2.25, 1), (3, 'fig', 4.00, 2), (4, 'kiwi', NULL, 3);
CREATE TABLE vr_cats (cid int, label text);
INSERT INTO vr_cats VALUES (1, 'fruit'), (2, 'dried'), (3, 'exotic');

-- plain and qualified column references, output names from columns
CREATE VIEW vr_v1 AS SELECT id, name, vr_items.price FROM vr_items WHERE price > 1;
CREATE VIEW vr_v2 AS SELECT i.id, i.name AS item, c.label FROM vr_items i JOIN vr_cats c ON c.cid = i.cat;
CREATE VIEW vr_v3 AS SELECT cat, count(*) AS n, sum(price) FROM vr_items GROUP BY cat HAVING count(name) > 0 ORDER BY cat;
CREATE VIEW vr_v4 AS SELECT name, rank() OVER (PARTITION BY cat ORDER BY price DESC NULLS LAST) FROM vr_items;
CREATE VIEW vr_v5 AS SELECT x.name FROM (SELECT name, price FROM vr_items) x WHERE x.price < 3;
CREATE VIEW vr_v6 AS WITH w AS (SELECT cat, max(price) AS top FROM vr_items GROUP BY cat) SELECT label, top FROM w JOIN vr_cats ON cid = cat;
CREATE VIEW vr_v7 AS SELECT label, (SELECT count(*) FROM vr_items WHERE vr_items.cat = vr_cats.cid) AS items FROM vr_cats;
CREATE VIEW vr_v8 AS SELECT name FROM vr_items WHERE cat IN (SELECT cid FROM vr_cats WHERE label LIKE 'f%') UNION SELECT label FROM vr_cats;
CREATE VIEW vr_v9 AS SELECT vr_items FROM vr_items WHERE id = 1;
CREATE VIEW vr_v10 AS SELECT t.a, t.b FROM vr_items AS t(a, b) WHERE t.a < 3;
CREATE VIEW vr_v11 AS SELECT * FROM vr_items;
CREATE VIEW vr_v12 AS SELECT name, ctid IS NOT NULL AS has_ctid, vr_items.tableoid = 'vr_items'::regclass AS same FROM vr_items WHERE id = 2;
CREATE MATERIALIZED VIEW vr_m1 AS SELECT cat, string_agg(name, ',' ORDER BY name) AS names FROM vr_items GROUP BY cat;

ALTER TABLE vr_items RENAME COLUMN name TO title;
ALTER TABLE vr_items RENAME COLUMN price TO cost;
ALTER TABLE vr_cats RENAME COLUMN label TO tag;
SELECT * FROM vr_v1 ORDER BY id;
SELECT * FROM vr_v2 ORDER BY id;
SELECT * FROM vr_v3;
SELECT * FROM vr_v4 ORDER BY name;
SELECT * FROM vr_v5 ORDER BY name;
SELECT * FROM vr_v6 ORDER BY label;
SELECT * FROM vr_v7 ORDER BY label;
SELECT * FROM vr_v8 ORDER BY name;
SELECT * FROM vr_v9;
SELECT * FROM vr_v10 ORDER BY a;
SELECT * FROM vr_v11 ORDER BY id;
SELECT * FROM vr_v12;
REFRESH MATERIALIZED VIEW vr_m1;
SELECT * FROM vr_m1 ORDER BY cat;
SELECT pg_get_viewdef('vr_v1');
SELECT pg_get_viewdef('vr_v3');
SELECT pg_get_viewdef('vr_m1');

-- the tables renamed
ALTER TABLE vr_items RENAME TO vr_goods;
ALTER TABLE vr_cats RENAME TO vr_kinds;
SELECT * FROM vr_v1 ORDER BY id;
SELECT * FROM vr_v2 ORDER BY id;
SELECT * FROM vr_v7 ORDER BY label;
SELECT * FROM vr_v9;
SELECT * FROM vr_v12;
REFRESH MATERIALIZED VIEW vr_m1;
SELECT * FROM vr_m1 ORDER BY cat;
SELECT pg_get_viewdef('vr_v1');
SELECT pg_get_viewdef('vr_v7');
\d+ vr_v1

-- moved to another schema, then the schema renamed
CREATE SCHEMA vr_s;
ALTER TABLE vr_goods SET SCHEMA vr_s;
SELECT * FROM vr_v1 ORDER BY id;
SELECT * FROM vr_v5 ORDER BY name;
SELECT * FROM vr_v12;
ALTER SCHEMA vr_s RENAME TO vr_store;
SELECT * FROM vr_v1 ORDER BY id;
SELECT * FROM vr_v2 ORDER BY id;
SELECT * FROM vr_v3;
REFRESH MATERIALIZED VIEW vr_m1;
SELECT * FROM vr_m1 ORDER BY cat;
SELECT pg_get_viewdef('vr_v2');

-- a view over a view: its columns and its name renamed
CREATE VIEW vr_w1 AS SELECT id, item FROM vr_v2 WHERE id < 4;
CREATE VIEW vr_w2 AS SELECT vr_v2.item, vr_v2.label FROM vr_v2;
ALTER VIEW vr_v2 RENAME COLUMN item TO thing;
SELECT * FROM vr_w1 ORDER BY id;
SELECT * FROM vr_w2 ORDER BY item;
ALTER VIEW vr_v2 RENAME TO vr_v2b;
SELECT * FROM vr_w1 ORDER BY id;
SELECT * FROM vr_w2 ORDER BY item;
SELECT pg_get_viewdef('vr_w2');

-- a caller's search_path does not change what a view reads
CREATE SCHEMA vr_a;
CREATE TABLE vr_a.vr_t (v int);
INSERT INTO vr_a.vr_t VALUES (1);
SET search_path = vr_a, public;
CREATE VIEW public.vr_pv AS SELECT v FROM vr_t;
RESET search_path;
CREATE TABLE vr_t (v int);
INSERT INTO vr_t VALUES (2);
SELECT * FROM vr_pv;
SET search_path = vr_a, public;
SELECT * FROM vr_pv;
RESET search_path;

-- renames that leave views alone
ALTER TABLE vr_kinds RENAME COLUMN cid TO cid;
ALTER TABLE vr_t RENAME COLUMN v TO w;
SELECT * FROM vr_pv;

-- SQL-standard function bodies follow renames too
CREATE TABLE vr_f (a int, b text);
CREATE FUNCTION vr_count() RETURNS bigint LANGUAGE sql BEGIN ATOMIC SELECT count(b) FROM vr_f WHERE a > 0; END;
CREATE FUNCTION vr_add(v int) RETURNS int LANGUAGE sql
  BEGIN ATOMIC INSERT INTO vr_f (a, b) VALUES (v, 'i'); UPDATE vr_f SET b = b || '!' WHERE a = v; SELECT count(*)::int FROM vr_f; END;
CREATE FUNCTION vr_ret(int) RETURNS bigint LANGUAGE sql RETURN $1 + (SELECT count(*) FROM vr_f);
SELECT vr_add(1), vr_count(), vr_ret(10);
ALTER TABLE vr_f RENAME COLUMN b TO bb;
ALTER TABLE vr_f RENAME COLUMN a TO aa;
SELECT vr_add(2), vr_count(), vr_ret(10);
ALTER TABLE vr_f RENAME TO vr_g;
SELECT vr_add(3), vr_count(), vr_ret(10);
ALTER TABLE vr_g SET SCHEMA vr_a;
SELECT vr_add(4), vr_count(), vr_ret(10);
SELECT * FROM vr_a.vr_g ORDER BY aa;
-- a caller's search_path does not change what a body reads
CREATE TABLE vr_g (aa int, bb text);
SET search_path = public, vr_a;
SELECT vr_count();
RESET search_path;
DROP TABLE vr_g;
DROP FUNCTION vr_count, vr_add, vr_ret;

DROP VIEW vr_pv;
DROP TABLE vr_t;
DROP SCHEMA vr_a CASCADE;
DROP SCHEMA vr_store CASCADE;
DROP TABLE vr_kinds CASCADE;
