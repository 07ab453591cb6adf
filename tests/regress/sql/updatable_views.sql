--
-- Automatically updatable views: INSERT, UPDATE and DELETE through simple
-- views (nested ones too), read-only columns, view defaults, the errors of
-- views that are not automatically updatable, WITH CHECK OPTION.
--

CREATE TABLE uv_items (id int NOT NULL, name text DEFAULT 'unnamed', qty int, price numeric(8,2) CHECK (price >= 0));
INSERT INTO uv_items SELECT g, 'item ' || g, g * 3, g * 1.25 FROM generate_series(1, 8) g;

-- A view of all columns, reordered and renamed, with computed ones.
CREATE VIEW uv_all AS SELECT * FROM uv_items;
CREATE VIEW uv_cheap AS SELECT id, name, price FROM uv_items WHERE price < 5;
CREATE VIEW uv_calc AS SELECT name AS label, id AS ident, qty * price AS total, upper(name) AS shout, qty FROM uv_items;

SELECT * FROM uv_cheap ORDER BY id;

-- INSERT
INSERT INTO uv_all VALUES (9, 'nine', 27, 11.25);
INSERT INTO uv_all (id) VALUES (10) RETURNING *;
INSERT INTO uv_all (qty, id) VALUES (1, 11) RETURNING id, name, qty, price, qty * 2 AS twice;
INSERT INTO uv_cheap VALUES (12, 'twelve', 0.5) RETURNING *;
INSERT INTO uv_cheap VALUES (13, 'expensive', 500) RETURNING *;
INSERT INTO uv_calc (ident, label) VALUES (14, 'fourteen') RETURNING *;
INSERT INTO uv_calc (label, ident, qty) VALUES ('fifteen', 15, 2), ('sixteen', 16, 3) RETURNING ident, total, shout;
INSERT INTO uv_calc (ident, label) SELECT id + 100, name || ' copy' FROM uv_items WHERE id <= 2 RETURNING ident, label;
INSERT INTO uv_calc VALUES ('bad', 17, 1);
INSERT INTO uv_calc (ident, total) VALUES (17, 1);
INSERT INTO uv_calc (shout, total) VALUES ('x', 1);
INSERT INTO uv_calc (ident, ident) VALUES (1, 2);
INSERT INTO uv_calc (nosuch) VALUES (1);
INSERT INTO uv_all (id) VALUES (NULL);
INSERT INTO uv_all (id, price) VALUES (18, -1);
INSERT INTO uv_all (id, qty) VALUES (18, 'many');
INSERT INTO uv_all DEFAULT VALUES;
INSERT INTO uv_all VALUES (19, DEFAULT, DEFAULT, DEFAULT) RETURNING *;
INSERT INTO uv_cheap VALUES (20, 'twenty', 1) ON CONFLICT DO NOTHING RETURNING id;
SELECT * FROM uv_items ORDER BY id;

-- UPDATE
UPDATE uv_cheap SET name = name || ' (cheap)' RETURNING *;
UPDATE uv_cheap SET price = price * 100 WHERE id = 12 RETURNING id, price;
UPDATE uv_cheap SET price = 0 WHERE id = 8 RETURNING *;
UPDATE uv_calc SET qty = qty + 1 WHERE ident IN (1, 2) RETURNING label, ident, total;
UPDATE uv_calc c SET label = c.shout WHERE c.ident = 3 RETURNING c.*;
UPDATE uv_calc SET (label, qty) = ('pair', 0) WHERE ident = 4 RETURNING *;
UPDATE uv_calc SET (label, qty) = (SELECT 'sub', 5) WHERE ident = 5 RETURNING *;
UPDATE uv_calc SET total = 0;
UPDATE uv_calc SET shout = 'x', total = 1;
UPDATE uv_calc SET total = 1, shout = 'x';
UPDATE uv_calc SET label = 'x', label = 'y';
UPDATE uv_calc SET nosuch = 1;
UPDATE uv_all SET price = -5 WHERE id = 1;
UPDATE uv_all SET id = NULL WHERE id = 1;
UPDATE uv_all SET name = DEFAULT WHERE id = 6 RETURNING *;
UPDATE uv_all SET qty = 'x';
SELECT * FROM uv_items ORDER BY id;

-- UPDATE ... FROM and DELETE ... USING, sub-selects reading the view
CREATE TABLE uv_orders (item int, amount int);
INSERT INTO uv_orders VALUES (1, 10), (2, 20), (7, 70), (99, 990);
WITH u AS (UPDATE uv_all v SET qty = v.qty - o.amount FROM uv_orders o WHERE o.item = v.id RETURNING v.id, v.qty, o.amount)
  SELECT * FROM u ORDER BY id;
UPDATE uv_cheap c SET name = 'ordered' WHERE EXISTS (SELECT 1 FROM uv_orders o WHERE o.item = c.id) RETURNING *;
UPDATE uv_calc SET label = (SELECT max(amount)::text FROM uv_orders o WHERE o.item = ident) WHERE ident < 3 RETURNING label, ident;
DELETE FROM uv_cheap c USING uv_orders o WHERE o.item = c.id AND o.amount > 15 RETURNING c.*, o.amount;
SELECT * FROM uv_items ORDER BY id;

-- DELETE
DELETE FROM uv_cheap WHERE id = 7 RETURNING *;
DELETE FROM uv_cheap WHERE id = 9 RETURNING *;
DELETE FROM uv_calc WHERE total IS NULL RETURNING ident, label;
DELETE FROM uv_calc WHERE ident > 100 RETURNING *;
SELECT count(*) FROM uv_items;

-- Data-modifying WITH and prepared statements through a view
WITH w AS (UPDATE uv_all SET qty = 100 WHERE id = 3 RETURNING id, qty) SELECT * FROM w;
WITH w AS (INSERT INTO uv_cheap VALUES (30, 'thirty', 3) RETURNING *) SELECT id, name FROM w;
WITH w AS (DELETE FROM uv_cheap WHERE id = 30 RETURNING *) SELECT count(*) FROM w;
PREPARE uv_bump(int) AS UPDATE uv_calc SET qty = qty + 1 WHERE ident = $1 RETURNING ident, qty, total;
EXECUTE uv_bump(3);
EXECUTE uv_bump(3);
DEALLOCATE uv_bump;

-- Whole-row references to the view are of the view's row type
INSERT INTO uv_cheap VALUES (40, 'forty', 4) RETURNING uv_cheap, pg_typeof(uv_cheap), (uv_cheap).name, row_to_json(uv_cheap);
UPDATE uv_cheap c SET price = 4.5 WHERE id = 40 RETURNING c, c IS NULL, c::text;
DELETE FROM uv_cheap WHERE id = 40 RETURNING pg_typeof(uv_cheap);

-- Names: the statement sees the view, not its table
UPDATE uv_cheap SET name = 'n' WHERE prise = 1;
UPDATE uv_calc SET label = 'n' WHERE uv_calc.name = 'x';
UPDATE uv_calc c SET label = 'n' WHERE c.idnet = 1;
UPDATE uv_calc c SET label = 'n' WHERE uv_calc.ident = 1;
DELETE FROM uv_cheap WHERE uv_items.id = 1;
INSERT INTO uv_cheap (prise) VALUES (1);
UPDATE public.uv_cheap SET name = name WHERE public.uv_cheap.id = 0;
DELETE FROM public.uv_cheap WHERE uv_cheap.id = 0 RETURNING public.uv_cheap.name;
UPDATE uv_cheap SET price = i.price FROM uv_items i WHERE i.id = uv_cheap.id + 100;
DELETE FROM uv_cheap USING uv_cheap AS other WHERE other.id = uv_cheap.id + 1000 RETURNING *;

-- MERGE into a view is refused by PostgreSQL 15
MERGE INTO uv_all t USING uv_orders o ON t.id = o.item WHEN MATCHED THEN DELETE;
MERGE INTO uv_cheap t USING uv_orders o ON t.id = o.item WHEN NOT MATCHED THEN INSERT VALUES (o.item, 'm', 1);

-- Nested views
CREATE VIEW uv_nest1 AS SELECT ident AS n_id, label AS n_label, qty AS n_qty, total FROM uv_calc WHERE ident < 50;
CREATE VIEW uv_nest2 AS SELECT n_label, n_id FROM uv_nest1 WHERE n_qty IS NOT NULL;
SELECT * FROM uv_nest2 ORDER BY n_id;
INSERT INTO uv_nest2 VALUES ('nested', 40) RETURNING *;
INSERT INTO uv_nest1 (n_id, n_qty) VALUES (41, 4) RETURNING *;
UPDATE uv_nest2 SET n_label = 'via nest2' WHERE n_id BETWEEN 2 AND 4 RETURNING *;
UPDATE uv_nest1 SET n_qty = n_qty * 2 WHERE n_id = 41 RETURNING n_id, n_qty, total;
UPDATE uv_nest1 SET total = 1;
DELETE FROM uv_nest2 WHERE n_id = 40 RETURNING *;
DELETE FROM uv_nest2 WHERE n_id = 14 RETURNING *;
CREATE VIEW uv_nest3 AS SELECT total, n_id FROM uv_nest1;
INSERT INTO uv_nest3 VALUES (1, 60);
INSERT INTO uv_nest3 (n_id) VALUES (60) RETURNING *;
UPDATE uv_nest3 SET total = 2;
DELETE FROM uv_nest3 WHERE n_id = 60 RETURNING *;
SELECT * FROM uv_items ORDER BY id;

-- Views that are not automatically updatable
CREATE VIEW uv_distinct AS SELECT DISTINCT qty FROM uv_items;
CREATE VIEW uv_distinct_on AS SELECT DISTINCT ON (qty) id, qty FROM uv_items;
CREATE VIEW uv_group AS SELECT qty, count(*) AS n FROM uv_items GROUP BY qty;
CREATE VIEW uv_having AS SELECT qty FROM uv_items GROUP BY qty HAVING count(*) > 1;
CREATE VIEW uv_agg AS SELECT max(id) AS m FROM uv_items;
CREATE VIEW uv_union AS SELECT id FROM uv_items UNION ALL SELECT item FROM uv_orders;
CREATE VIEW uv_with AS WITH w AS (SELECT id FROM uv_items) SELECT id FROM w;
CREATE VIEW uv_limit AS SELECT id FROM uv_items LIMIT 3;
CREATE VIEW uv_offset AS SELECT id FROM uv_items OFFSET 1;
CREATE VIEW uv_window AS SELECT id, rank() OVER (ORDER BY qty) FROM uv_items;
CREATE VIEW uv_srf AS SELECT id, generate_series(1, 2) AS g FROM uv_items;
CREATE VIEW uv_join AS SELECT i.id, o.amount FROM uv_items i JOIN uv_orders o ON o.item = i.id;
CREATE VIEW uv_cross AS SELECT i.id, o.amount FROM uv_items i, uv_orders o;
CREATE VIEW uv_subq AS SELECT id FROM (SELECT id FROM uv_items) s;
CREATE VIEW uv_func AS SELECT g FROM generate_series(1, 3) g;
CREATE VIEW uv_nofrom AS SELECT 1 AS one;
CREATE VIEW uv_values AS VALUES (1), (2);
CREATE VIEW uv_sample AS SELECT id FROM uv_items TABLESAMPLE BERNOULLI (50);
CREATE VIEW uv_nocols AS SELECT id + 1 AS next, 'const' AS k FROM uv_items;
CREATE VIEW uv_sys AS SELECT id, ctid AS row_ctid, xmin AS row_xmin FROM uv_items;
CREATE VIEW uv_over_ro AS SELECT qty FROM uv_distinct;
INSERT INTO uv_distinct VALUES (1);
UPDATE uv_distinct SET qty = 1;
DELETE FROM uv_distinct;
DELETE FROM uv_distinct_on;
INSERT INTO uv_group (qty) VALUES (1);
UPDATE uv_group SET qty = 1;
DELETE FROM uv_group;
DELETE FROM uv_having;
DELETE FROM uv_agg;
UPDATE uv_agg SET m = 1;
DELETE FROM uv_union;
INSERT INTO uv_with VALUES (1);
UPDATE uv_limit SET id = 1;
DELETE FROM uv_offset;
DELETE FROM uv_window;
UPDATE uv_srf SET id = 1;
INSERT INTO uv_join VALUES (1, 2);
DELETE FROM uv_cross;
DELETE FROM uv_subq;
UPDATE uv_func SET g = 1;
INSERT INTO uv_nofrom VALUES (1);
DELETE FROM uv_values;
DELETE FROM uv_sample;
INSERT INTO uv_nocols VALUES (1);
UPDATE uv_nocols SET k = 'x';
DELETE FROM uv_nocols WHERE next = 100 RETURNING *;
INSERT INTO uv_sys (row_ctid) VALUES ('(0,1)');
UPDATE uv_sys SET row_xmin = '1';
UPDATE uv_sys SET id = id WHERE id = 1 RETURNING id;
DELETE FROM uv_over_ro;
INSERT INTO uv_over_ro VALUES (1);
UPDATE pg_tables SET tablename = 'x';
DELETE FROM pg_views;
TRUNCATE uv_all;

-- The statement is analyzed before the view is refused
INSERT INTO uv_distinct (nosuch) VALUES (1);
INSERT INTO uv_distinct VALUES ('abc');
INSERT INTO uv_distinct VALUES (1, 2);
UPDATE uv_distinct SET qty = 'abc';
UPDATE uv_group SET qty = 1 WHERE nosuch = 2;
DELETE FROM uv_distinct WHERE qty = 1 RETURNING nosuch;
DELETE FROM uv_over_ro WHERE qty = 'x';
WITH w AS (INSERT INTO uv_distinct VALUES (1) RETURNING *) SELECT * FROM w;
INSERT INTO uv_calc (ident, total) VALUES (1, 'abc');
INSERT INTO uv_calc (ident, total) VALUES (1, 2) RETURNING nosuch;
INSERT INTO uv_calc (total) SELECT nosuch;
UPDATE uv_calc SET total = 'abc';
UPDATE uv_calc SET total = 1 WHERE nosuch = 1;
UPDATE uv_calc SET total = 1, nosuch = 2;
UPDATE uv_calc SET total = 1 RETURNING nosuch;

-- WITH CHECK OPTION is for automatically updatable views only
CREATE VIEW uv_co_bad AS SELECT DISTINCT qty FROM uv_items WITH CHECK OPTION;
CREATE VIEW uv_co_bad AS SELECT qty, count(*) FROM uv_items GROUP BY qty WITH LOCAL CHECK OPTION;
CREATE VIEW uv_co_bad AS SELECT id + 1 AS x FROM uv_items WITH CASCADED CHECK OPTION;
CREATE VIEW uv_co_bad WITH (check_option = local) AS SELECT max(id) FROM uv_items;
ALTER VIEW uv_distinct SET (check_option = local);
ALTER VIEW uv_nocols SET (check_option = cascaded);
ALTER VIEW uv_distinct RESET (check_option);

-- View options
CREATE VIEW uv_co_bad WITH (check_option = sometimes) AS SELECT * FROM uv_items;
CREATE VIEW uv_co_bad WITH (check_option) AS SELECT * FROM uv_items;
CREATE VIEW uv_co_bad WITH (fillfactor = 50) AS SELECT * FROM uv_items;
CREATE VIEW uv_co_bad WITH (check_option = local) AS SELECT * FROM uv_items WITH CHECK OPTION;
CREATE VIEW uv_co_bad WITH (check_option = local, check_option = local) AS SELECT * FROM uv_items;
ALTER VIEW uv_all SET (check_option = never);
ALTER VIEW uv_all SET (autovacuum_enabled = false);
ALTER VIEW uv_items SET (check_option = local);
ALTER VIEW IF EXISTS uv_nosuch SET (check_option = local);
ALTER VIEW uv_nosuch SET (check_option = local);

-- Local and cascaded check options
CREATE TABLE uv_nums (n int, m int DEFAULT 0);
CREATE VIEW uv_pos AS SELECT n, m FROM uv_nums WHERE n > 0;
CREATE VIEW uv_pos_small_local AS SELECT n, m FROM uv_pos WHERE n < 10 WITH LOCAL CHECK OPTION;
CREATE VIEW uv_pos_small_casc AS SELECT n, m FROM uv_pos WHERE n < 10 WITH CHECK OPTION;
CREATE VIEW uv_pos_checked WITH (check_option = local) AS SELECT n, m FROM uv_nums WHERE n > 0;
SELECT relname, reloptions FROM pg_class WHERE relname LIKE 'uv\_pos%' ORDER BY relname;
INSERT INTO uv_pos VALUES (-1, 1);
INSERT INTO uv_pos_small_local VALUES (5, 1);
INSERT INTO uv_pos_small_local VALUES (50, 1);
INSERT INTO uv_pos_small_local VALUES (-5, 1);
INSERT INTO uv_pos_small_local VALUES (NULL, 1);
INSERT INTO uv_pos_small_casc VALUES (6, 1) RETURNING *;
INSERT INTO uv_pos_small_casc VALUES (60, 1);
INSERT INTO uv_pos_small_casc VALUES (-6, 1);
INSERT INTO uv_pos_small_casc VALUES (NULL, 1);
INSERT INTO uv_pos_small_casc (m) VALUES (1);
INSERT INTO uv_pos_checked VALUES (7), (8) RETURNING *;
INSERT INTO uv_pos_checked VALUES (9), (0);
INSERT INTO uv_pos_checked SELECT n - 10, m FROM uv_nums WHERE n > 5;
UPDATE uv_pos_small_local SET n = n + 100 WHERE n = 5;
UPDATE uv_pos_small_local SET n = -n WHERE n = 5 RETURNING *;
UPDATE uv_pos_small_casc SET n = n + 100 WHERE n = 6;
UPDATE uv_pos_small_casc SET n = 0 WHERE n = 6;
UPDATE uv_pos_small_casc SET m = m + 1 RETURNING *;
UPDATE uv_pos_checked SET n = n - 7 WHERE n = 7;
UPDATE uv_pos_checked SET n = n + 1000 WHERE n = 7 RETURNING *;
DELETE FROM uv_pos_small_casc WHERE n = 8 RETURNING *;
SELECT * FROM uv_nums ORDER BY n NULLS FIRST, m;

-- The underlying view's own check applies through a view without one
CREATE VIEW uv_over_checked AS SELECT n, m FROM uv_pos_checked WHERE m < 100;
INSERT INTO uv_over_checked VALUES (-3, 500);
INSERT INTO uv_over_checked VALUES (3, 500) RETURNING *;
UPDATE uv_over_checked SET n = -n WHERE n = 3;
-- A cascaded check applies the conditions of every view below
CREATE VIEW uv_over_casc AS SELECT n, m FROM uv_pos_small_local WHERE m < 100 WITH CASCADED CHECK OPTION;
INSERT INTO uv_over_casc VALUES (2, 500);
INSERT INTO uv_over_casc VALUES (20, 5);
INSERT INTO uv_over_casc VALUES (-2, 5);
INSERT INTO uv_over_casc VALUES (2, 5) RETURNING *;
-- A local check does not apply those of views below without one
CREATE VIEW uv_over_local AS SELECT n, m FROM uv_pos WHERE m < 100 WITH LOCAL CHECK OPTION;
INSERT INTO uv_over_local VALUES (-4, 5) RETURNING *;
INSERT INTO uv_over_local VALUES (4, 500);

-- ALTER VIEW SET and RESET change the check
ALTER VIEW uv_pos SET (check_option = local);
INSERT INTO uv_over_local VALUES (-4, 6);
ALTER VIEW uv_pos RESET (check_option);
INSERT INTO uv_over_local VALUES (-4, 7) RETURNING *;
ALTER VIEW uv_over_local SET (check_option = cascaded);
INSERT INTO uv_over_local VALUES (-4, 8);
ALTER VIEW uv_over_local SET (check_option = 'LOCAL');
INSERT INTO uv_over_local VALUES (-4, 9) RETURNING *;
ALTER VIEW uv_over_local RESET (check_option, nosuch);
INSERT INTO uv_over_local VALUES (4, 900) RETURNING *;
SELECT relname, reloptions FROM pg_class WHERE relname LIKE 'uv\_over%' ORDER BY relname;
PREPARE uv_ins(int, int) AS INSERT INTO uv_over_local VALUES ($1, $2);
EXECUTE uv_ins(1, 1000);
ALTER VIEW uv_over_local SET (check_option = local);
EXECUTE uv_ins(1, 1001);
DEALLOCATE uv_ins;
CREATE OR REPLACE VIEW uv_over_local AS SELECT n, m FROM uv_pos WHERE m < 100;
SELECT relname, reloptions FROM pg_class WHERE relname = 'uv_over_local';
INSERT INTO uv_over_local VALUES (5, 1002) RETURNING *;
CREATE OR REPLACE VIEW uv_over_local AS SELECT n, m FROM uv_pos WHERE m < 50 WITH CHECK OPTION;
SELECT relname, reloptions FROM pg_class WHERE relname = 'uv_over_local';
INSERT INTO uv_over_local VALUES (5, 60);
INSERT INTO uv_over_local VALUES (-5, 6);

-- A check option whose condition has a sub-select
CREATE TABLE uv_allowed (n int);
INSERT INTO uv_allowed VALUES (1), (2), (3);
CREATE VIEW uv_in_allowed AS SELECT n, m FROM uv_nums WHERE n IN (SELECT n FROM uv_allowed) WITH CHECK OPTION;
INSERT INTO uv_in_allowed VALUES (2, 0) RETURNING *;
INSERT INTO uv_in_allowed VALUES (4, 0);
INSERT INTO uv_allowed VALUES (4);
INSERT INTO uv_in_allowed VALUES (4, 0) RETURNING *;
UPDATE uv_in_allowed SET n = 5 WHERE n = 4;
DELETE FROM uv_in_allowed RETURNING *;

-- A failed check undoes the statement's other rows
BEGIN;
INSERT INTO uv_pos_checked VALUES (11);
SAVEPOINT sp;
INSERT INTO uv_pos_checked VALUES (12), (-12);
ROLLBACK TO sp;
INSERT INTO uv_pos_checked VALUES (13);
COMMIT;
SELECT * FROM uv_pos_checked WHERE n > 10 ORDER BY n;

-- View column defaults come before the base table's
CREATE VIEW uv_dflt AS SELECT n AS num, m AS mark FROM uv_nums;
INSERT INTO uv_dflt (num) VALUES (200) RETURNING *;
ALTER VIEW uv_dflt ALTER COLUMN mark SET DEFAULT 42;
ALTER VIEW uv_dflt ALTER COLUMN num SET DEFAULT 300;
INSERT INTO uv_dflt (num) VALUES (201) RETURNING *;
INSERT INTO uv_dflt (mark) VALUES (1) RETURNING *;
INSERT INTO uv_dflt DEFAULT VALUES RETURNING *;
INSERT INTO uv_dflt VALUES (DEFAULT, DEFAULT), (202, DEFAULT), (DEFAULT, 2) RETURNING *;
UPDATE uv_dflt SET mark = DEFAULT WHERE num = 202 RETURNING *;
ALTER VIEW uv_dflt ALTER COLUMN mark DROP DEFAULT;
INSERT INTO uv_dflt (num) VALUES (203) RETURNING *;
UPDATE uv_dflt SET mark = DEFAULT WHERE num = 203 RETURNING *;
CREATE VIEW uv_dflt2 AS SELECT mark, num FROM uv_dflt;
INSERT INTO uv_dflt2 (mark) VALUES (3) RETURNING *;
ALTER VIEW uv_dflt2 ALTER COLUMN mark SET DEFAULT 77;
INSERT INTO uv_dflt2 (num) VALUES (204) RETURNING *;
ALTER VIEW uv_dflt ALTER COLUMN nosuch SET DEFAULT 1;
SELECT * FROM uv_nums WHERE n >= 200 ORDER BY n, m;

-- ALTER TABLE changes views too, with the subcommands a view takes
CREATE VIEW uv_alt AS SELECT n, m FROM uv_nums WHERE n < 0;
ALTER TABLE uv_alt SET (check_option = local);
ALTER TABLE uv_alt ALTER COLUMN m SET DEFAULT -1;
INSERT INTO uv_alt (n) VALUES (-300) RETURNING *;
INSERT INTO uv_alt (n) VALUES (300);
ALTER TABLE uv_alt RESET (check_option);
INSERT INTO uv_alt (n) VALUES (301) RETURNING *;
SELECT relname, reloptions FROM pg_class WHERE relname = 'uv_alt';
ALTER TABLE uv_alt ADD COLUMN z int;
ALTER VIEW uv_alt DROP COLUMN m;
ALTER VIEW uv_alt ALTER COLUMN m SET NOT NULL;
ALTER VIEW uv_alt ALTER COLUMN m DROP NOT NULL;
ALTER VIEW uv_alt ALTER COLUMN m TYPE text;
ALTER TABLE uv_alt ADD CONSTRAINT uv_alt_c CHECK (n < 0);
ALTER TABLE uv_alt DROP CONSTRAINT uv_alt_c;
ALTER TABLE uv_alt VALIDATE CONSTRAINT uv_alt_c;
ALTER TABLE uv_alt ALTER COLUMN m DROP DEFAULT, ADD COLUMN z int;
INSERT INTO uv_alt (n) VALUES (-302) RETURNING *;
ALTER VIEW uv_nums ALTER COLUMN m SET DEFAULT 1;
DROP VIEW uv_alt;

-- Identity and generated columns of the base table
CREATE TABLE uv_gen (id int GENERATED ALWAYS AS IDENTITY, half numeric GENERATED ALWAYS AS (v / 2) STORED, v int);
CREATE VIEW uv_gen_v AS SELECT v, half, id FROM uv_gen;
INSERT INTO uv_gen_v (v) VALUES (10), (20) RETURNING *;
INSERT INTO uv_gen_v (v, id) VALUES (30, 5);
INSERT INTO uv_gen_v (v, id) OVERRIDING SYSTEM VALUE VALUES (30, 5) RETURNING *;
INSERT INTO uv_gen_v (v, half) VALUES (30, 1);
UPDATE uv_gen_v SET half = 1;
UPDATE uv_gen_v SET v = v + 1 RETURNING *;

DROP VIEW uv_gen_v;
DROP TABLE uv_gen;
DROP VIEW uv_dflt2, uv_dflt, uv_in_allowed, uv_over_local, uv_over_casc, uv_over_checked,
  uv_pos_checked, uv_pos_small_casc, uv_pos_small_local, uv_pos;
DROP TABLE uv_allowed, uv_nums;
DROP VIEW uv_over_ro, uv_sys, uv_nocols, uv_sample, uv_values, uv_nofrom, uv_func, uv_subq, uv_cross, uv_join,
  uv_srf, uv_window, uv_offset, uv_limit, uv_with, uv_union, uv_agg, uv_having, uv_group, uv_distinct_on, uv_distinct;
DROP VIEW uv_nest3, uv_nest2, uv_nest1, uv_calc, uv_cheap, uv_all;
DROP TABLE uv_orders, uv_items;
