-- MERGE: the source joined to the target, WHEN clauses tried in order.
CREATE TABLE m_stock (item int, qty int NOT NULL DEFAULT 0 CHECK (qty >= 0), note text);
CREATE TABLE m_delivery (item int, qty int, note text);
INSERT INTO m_stock VALUES (1, 10, 'bolts'), (2, 5, 'nuts'), (3, 0, 'washers'), (4, 7, 'pins');
INSERT INTO m_delivery VALUES (1, 5, 'more bolts'), (3, 2, NULL), (5, 9, 'springs'), (6, 1, 'clips');

-- update matched rows, insert the others
MERGE INTO m_stock s
USING m_delivery d ON s.item = d.item
WHEN MATCHED THEN UPDATE SET qty = s.qty + d.qty, note = coalesce(d.note, s.note)
WHEN NOT MATCHED THEN INSERT VALUES (d.item, d.qty, d.note);
\echo :ROW_COUNT
SELECT * FROM m_stock ORDER BY item;

-- conditions: the first clause whose condition holds acts
BEGIN;
MERGE INTO m_stock AS s
USING m_delivery AS d ON s.item = d.item
WHEN MATCHED AND d.qty > 4 THEN DELETE
WHEN MATCHED AND s.qty > 100 THEN UPDATE SET note = 'never'
WHEN MATCHED THEN UPDATE SET note = 'checked'
WHEN NOT MATCHED AND d.item > 100 THEN INSERT (item) VALUES (d.item);
\echo :ROW_COUNT
SELECT * FROM m_stock ORDER BY item;
ROLLBACK;

-- DO NOTHING, and rows no clause takes, are not counted
MERGE INTO m_stock s USING m_delivery d ON s.item = d.item
WHEN MATCHED AND s.item = 1 THEN DO NOTHING
WHEN MATCHED AND s.item = 3 THEN UPDATE SET qty = 0
WHEN NOT MATCHED THEN DO NOTHING;
\echo :ROW_COUNT
SELECT * FROM m_stock ORDER BY item;

-- sources: subquery, VALUES, WITH query, join, function
MERGE INTO m_stock s USING (SELECT item, qty * 2 AS qty FROM m_delivery WHERE item < 4) d ON s.item = d.item
WHEN MATCHED THEN UPDATE SET qty = d.qty;
\echo :ROW_COUNT
MERGE INTO m_stock s USING (VALUES (2, 'two'), (7, 'seven')) AS v(item, note) ON s.item = v.item
WHEN MATCHED THEN UPDATE SET note = v.note
WHEN NOT MATCHED THEN INSERT (item, note) VALUES (v.item, v.note);
\echo :ROW_COUNT
WITH w AS (SELECT 4 AS item, 'four' AS note)
MERGE INTO m_stock s USING w ON s.item = w.item
WHEN MATCHED THEN UPDATE SET note = w.note;
MERGE INTO m_stock s USING m_delivery d JOIN (VALUES (5)) AS k(item) ON d.item = k.item ON s.item = d.item
WHEN MATCHED THEN UPDATE SET note = d.note || '!';
MERGE INTO m_stock s USING generate_series(8, 9) AS g(n) ON s.item = g.n
WHEN NOT MATCHED THEN INSERT (item, qty) VALUES (g.n, g.n * 10);
SELECT * FROM m_stock ORDER BY item;

-- no alias: the table's name; ONLY; columns of the source unqualified
MERGE INTO m_stock USING m_delivery ON m_stock.item = m_delivery.item
WHEN MATCHED AND m_stock.item = 6 THEN UPDATE SET note = m_delivery.note || ' (again)';
MERGE INTO ONLY m_stock s USING m_delivery d ON s.item = d.item
WHEN NOT MATCHED THEN INSERT VALUES (item + 100, qty, note);
\echo :ROW_COUNT
SELECT * FROM m_stock ORDER BY item;

-- DEFAULT, DEFAULT VALUES, the defaults of columns not given
MERGE INTO m_stock s USING (VALUES (20), (21)) v(item) ON s.item = v.item
WHEN NOT MATCHED AND v.item = 20 THEN INSERT VALUES (v.item, DEFAULT, 'x')
WHEN NOT MATCHED THEN INSERT DEFAULT VALUES;
SELECT * FROM m_stock WHERE item >= 20 OR item IS NULL ORDER BY item;
MERGE INTO m_stock s USING (VALUES (20)) v(item) ON s.item = v.item
WHEN MATCHED THEN UPDATE SET qty = DEFAULT, note = DEFAULT;
SELECT * FROM m_stock WHERE item = 20;

-- expressions: subqueries in conditions and values, row-valued SET
MERGE INTO m_stock s USING (VALUES (1), (2)) v(item) ON s.item = v.item
WHEN MATCHED AND s.qty < (SELECT max(qty) FROM m_delivery) THEN UPDATE SET (qty, note) = (SELECT 1, 'one')
WHEN MATCHED THEN UPDATE SET (qty, note) = (s.qty + 1, upper(s.note));
SELECT * FROM m_stock WHERE item IN (1, 2) ORDER BY item;

-- constraints of the new rows
MERGE INTO m_stock s USING (VALUES (1)) v(item) ON s.item = v.item
WHEN MATCHED THEN UPDATE SET qty = -1;
MERGE INTO m_stock s USING (VALUES (1)) v(item) ON s.item = v.item
WHEN MATCHED THEN UPDATE SET qty = NULL;
MERGE INTO m_stock s USING (VALUES (50)) v(item) ON s.item = v.item
WHEN NOT MATCHED THEN INSERT (item, qty) VALUES (v.item, NULL);
MERGE INTO m_stock s USING (VALUES (50)) v(item) ON s.item = v.item
WHEN NOT MATCHED THEN INSERT (item, qty) VALUES (v.item, 'many');

-- a target row matched by two source rows
INSERT INTO m_delivery VALUES (1, 1, 'dup');
MERGE INTO m_stock s USING m_delivery d ON s.item = d.item
WHEN MATCHED THEN UPDATE SET qty = s.qty + d.qty;
MERGE INTO m_stock s USING m_delivery d ON s.item = d.item
WHEN MATCHED AND d.note = 'dup' THEN DELETE
WHEN MATCHED THEN UPDATE SET qty = 0;
-- ... which DO NOTHING does not touch
MERGE INTO m_stock s USING m_delivery d ON s.item = d.item
WHEN MATCHED THEN DO NOTHING;
\echo :ROW_COUNT
DELETE FROM m_delivery WHERE note = 'dup';

-- a MERGE in a transaction block, rolled back
BEGIN;
MERGE INTO m_stock s USING m_delivery d ON true WHEN MATCHED THEN DELETE;
ROLLBACK;
SELECT count(*) FROM m_stock;
BEGIN;
MERGE INTO m_stock s USING (SELECT 1) AS one ON true WHEN MATCHED THEN DELETE;
\echo :ROW_COUNT
SELECT count(*) FROM m_stock;
ROLLBACK;

-- generated and identity columns
CREATE TABLE m_gen (a int GENERATED ALWAYS AS IDENTITY, b int GENERATED BY DEFAULT AS IDENTITY, c int, d int GENERATED ALWAYS AS (c * 2) STORED);
MERGE INTO m_gen g USING m_delivery d ON g.c = d.item
WHEN NOT MATCHED THEN INSERT (c) VALUES (d.item);
SELECT * FROM m_gen ORDER BY a;
MERGE INTO m_gen g USING (VALUES (1)) v(x) ON g.c = v.x
WHEN MATCHED THEN UPDATE SET c = 100, a = DEFAULT;
MERGE INTO m_gen g USING (VALUES (7)) v(x) ON g.c = v.x
WHEN NOT MATCHED THEN INSERT (a, b, c) OVERRIDING SYSTEM VALUE VALUES (70, 71, v.x);
MERGE INTO m_gen g USING (VALUES (8)) v(x) ON g.c = v.x
WHEN NOT MATCHED THEN INSERT (b, c) OVERRIDING USER VALUE VALUES (80, v.x);
MERGE INTO m_gen g USING (VALUES (9)) v(x) ON g.c = v.x
WHEN NOT MATCHED THEN INSERT VALUES (DEFAULT, DEFAULT, v.x, DEFAULT);
SELECT * FROM m_gen ORDER BY a;
MERGE INTO m_gen g USING (VALUES (10)) v(x) ON g.c = v.x
WHEN NOT MATCHED THEN INSERT (a, c) VALUES (1, v.x);
MERGE INTO m_gen g USING (VALUES (10)) v(x) ON g.c = v.x
WHEN NOT MATCHED THEN INSERT (c, d) VALUES (v.x, 1);
MERGE INTO m_gen g USING (VALUES (3)) v(x) ON g.c = v.x
WHEN MATCHED THEN UPDATE SET d = 1;
MERGE INTO m_gen g USING (VALUES (3)) v(x) ON g.c = v.x
WHEN MATCHED THEN UPDATE SET a = 1;
DROP TABLE m_gen;

-- errors
MERGE INTO m_stock s USING m_delivery d ON s.item = d.item
WHEN MATCHED THEN DELETE
WHEN MATCHED AND d.qty > 1 THEN DO NOTHING;
MERGE INTO m_stock s USING m_delivery d ON s.item = d.item
WHEN NOT MATCHED THEN DO NOTHING
WHEN MATCHED THEN DELETE
WHEN NOT MATCHED THEN INSERT DEFAULT VALUES;
MERGE INTO m_nosuch s USING m_delivery d ON s.item = d.item WHEN MATCHED THEN DELETE;
MERGE INTO m_stock s USING m_nosuch d ON s.item = d.item WHEN MATCHED THEN DELETE;
MERGE INTO m_stock s USING m_delivery d ON s.item = d.item
WHEN NOT MATCHED THEN INSERT VALUES (s.item, d.qty);
MERGE INTO m_stock s USING m_delivery d ON s.item = d.item
WHEN NOT MATCHED AND s.qty > 0 THEN INSERT VALUES (d.item, d.qty);
MERGE INTO m_stock s USING m_delivery d ON s.item = d.item
WHEN NOT MATCHED THEN INSERT VALUES (d.item, qty);
MERGE INTO m_stock s USING (SELECT * FROM m_delivery WHERE item = s.item) d ON true
WHEN MATCHED THEN DELETE;
MERGE INTO m_stock s USING m_delivery s ON s.item = s.item WHEN MATCHED THEN DELETE;
MERGE INTO m_stock USING m_stock ON true WHEN MATCHED THEN DELETE;
MERGE INTO m_stock s USING m_delivery d ON item = d.item WHEN MATCHED THEN DELETE;
MERGE INTO m_stock s USING m_delivery d ON s.item = d.item WHEN MATCHED THEN UPDATE SET qty = qty;
MERGE INTO m_stock s USING m_delivery d ON nosuch = 1 WHEN MATCHED THEN DELETE;
MERGE INTO m_stock s USING m_delivery d ON sum(s.qty) > 0 WHEN MATCHED THEN DELETE;
MERGE INTO m_stock s USING m_delivery d ON generate_series(1, 2) > 0 WHEN MATCHED THEN DELETE;
MERGE INTO m_stock s USING m_delivery d ON s.item = d.item WHEN MATCHED AND d.qty THEN DELETE;
MERGE INTO m_stock s USING m_delivery d ON s.item = d.item WHEN MATCHED AND count(*) > 1 THEN DELETE;
MERGE INTO m_stock s USING m_delivery d ON s.item = d.item WHEN MATCHED AND rank() OVER () > 1 THEN DELETE;
MERGE INTO m_stock s USING m_delivery d ON s.item = d.item WHEN MATCHED AND generate_series(1, 2) > 1 THEN DELETE;
MERGE INTO m_stock s USING m_delivery d ON s.item = d.item WHEN MATCHED THEN UPDATE SET qty = count(*);
MERGE INTO m_stock s USING m_delivery d ON s.item = d.item WHEN MATCHED THEN UPDATE SET qty = generate_series(1, 2);
MERGE INTO m_stock s USING m_delivery d ON s.item = d.item WHEN NOT MATCHED THEN INSERT VALUES (sum(d.qty));
MERGE INTO m_stock s USING m_delivery d ON s.item = d.item WHEN NOT MATCHED THEN INSERT VALUES (generate_series(1, 2));
MERGE INTO m_stock s USING m_delivery d ON s.item = d.item WHEN MATCHED THEN UPDATE SET nosuch = 1;
MERGE INTO m_stock s USING m_delivery d ON s.item = d.item WHEN MATCHED THEN UPDATE SET s.qty = 1;
MERGE INTO m_stock s USING m_delivery d ON s.item = d.item WHEN MATCHED THEN UPDATE SET ctid = '(0,1)';
MERGE INTO m_stock s USING m_delivery d ON s.item = d.item WHEN MATCHED THEN UPDATE SET qty = 1, qty = 2;
MERGE INTO m_stock s USING m_delivery d ON s.item = d.item WHEN NOT MATCHED THEN INSERT (item, item) VALUES (1, 2);
MERGE INTO m_stock s USING m_delivery d ON s.item = d.item WHEN NOT MATCHED THEN INSERT (item) VALUES (1, 2);
MERGE INTO m_stock s USING m_delivery d ON s.item = d.item WHEN NOT MATCHED THEN INSERT (item, qty) VALUES (1);
MERGE INTO m_stock s USING m_delivery d ON s.item = d.item WHEN NOT MATCHED THEN INSERT VALUES (1, 2, 'x', 4);
MERGE INTO m_stock s USING m_delivery d ON s.item = d.item WHEN NOT MATCHED THEN INSERT (nosuch) VALUES (1);
MERGE INTO m_stock s USING m_delivery d ON s.item = d.item WHEN MATCHED THEN INSERT VALUES (1);
MERGE INTO m_stock s USING m_delivery d ON s.item = d.item WHEN NOT MATCHED THEN UPDATE SET qty = 1;
MERGE INTO m_stock s USING m_delivery d ON s.item = d.item WHEN NOT MATCHED THEN DELETE;
MERGE INTO m_stock s USING m_delivery d ON s.item = d.item WHEN MATCHED THEN DELETE RETURNING *;
MERGE INTO m_stock s USING m_delivery d ON s.item = d.item WHEN NOT MATCHED BY SOURCE THEN DELETE;
MERGE INTO m_stock s USING m_delivery d ON s.item = d.item WHEN NOT MATCHED BY TARGET THEN DO NOTHING;
MERGE INTO m_stock s USING m_delivery d ON s.item = d.item;
WITH m AS (MERGE INTO m_stock s USING m_delivery d ON s.item = d.item WHEN MATCHED THEN DELETE) SELECT 1;
WITH RECURSIVE r AS (SELECT 1 AS item) MERGE INTO m_stock s USING r ON s.item = r.item WHEN MATCHED THEN DELETE;
CREATE VIEW m_view AS SELECT * FROM m_stock;
MERGE INTO m_view v USING m_delivery d ON v.item = d.item WHEN MATCHED THEN DELETE;
DROP VIEW m_view;
CREATE SEQUENCE m_seq;
MERGE INTO m_seq s USING m_delivery d ON true WHEN MATCHED THEN DELETE;
DROP SEQUENCE m_seq;
SELECT * FROM m_stock ORDER BY item;

-- prepared
PREPARE m_prep(int, text) AS
MERGE INTO m_stock s USING (VALUES ($1)) v(item) ON s.item = v.item
WHEN MATCHED THEN UPDATE SET note = $2
WHEN NOT MATCHED THEN INSERT (item, note) VALUES (v.item, $2);
EXECUTE m_prep(1, 'prepared');
EXECUTE m_prep(30, 'new');
EXECUTE m_prep(30, 'newer');
SELECT * FROM m_stock WHERE item IN (1, 30) ORDER BY item;
DEALLOCATE m_prep;

-- read-only transactions
BEGIN READ ONLY;
MERGE INTO m_stock s USING m_delivery d ON s.item = d.item WHEN MATCHED THEN DELETE;
ROLLBACK;

-- data-modifying WITH queries run beside MERGE, which does not see
-- their changes; a MERGE sees the changes of the statements before it
CREATE TABLE m_a (id int, v text);
CREATE TABLE m_b (id int, v text);
INSERT INTO m_a VALUES (1, 'one');
WITH ins AS (INSERT INTO m_b VALUES (1, 'x'), (2, 'y') RETURNING *)
MERGE INTO m_a USING ins ON m_a.id = ins.id
WHEN MATCHED THEN UPDATE SET v = ins.v WHEN NOT MATCHED THEN INSERT VALUES (ins.id, ins.v);
SELECT * FROM m_a ORDER BY id;
WITH d AS (DELETE FROM m_b WHERE id = 1) MERGE INTO m_a USING m_b ON m_a.id = m_b.id WHEN MATCHED THEN DELETE;
SELECT * FROM m_a ORDER BY id;
SELECT * FROM m_b ORDER BY id;
BEGIN;
MERGE INTO m_a USING (SELECT 2 AS id) s ON m_a.id = s.id WHEN MATCHED THEN DELETE;
MERGE INTO m_a USING (SELECT 2 AS id) s ON m_a.id = s.id WHEN NOT MATCHED THEN INSERT VALUES (s.id, 'again');
SELECT * FROM m_a ORDER BY id;
COMMIT;
MERGE INTO m_a t USING (SELECT id, v FROM m_a) s ON t.id = s.id
WHEN MATCHED THEN UPDATE SET v = s.v || '+' WHEN NOT MATCHED THEN INSERT VALUES (0, 'never');
SELECT * FROM m_a ORDER BY id;
DROP TABLE m_a, m_b;

-- UPDATE's SET list is analyzed as MERGE's
CREATE TABLE m_u (a int, b int);
UPDATE m_u SET a = generate_series(1, 2);
UPDATE m_u SET xmin = 1;
UPDATE m_u SET m_u.a = 1;
INSERT INTO m_u (ctid) VALUES (NULL);
DROP TABLE m_u;

DROP TABLE m_stock, m_delivery;

-- PostgreSQL 15 takes a join condition that is not boolean as a qual: the value
-- read as a bool (non-zero for a type passed by value, true for one passed by reference)
CREATE TABLE mp_target (id int, val text);
CREATE TABLE mp_source (id int, val text, f float8, n numeric);
INSERT INTO mp_target VALUES (1, 'a'), (2, 'b');
INSERT INTO mp_source VALUES (1, 'x', -0.0, 0);
BEGIN;
MERGE INTO mp_target t USING mp_source s ON s.id WHEN MATCHED THEN UPDATE SET val = s.val;
SELECT * FROM mp_target ORDER BY id;
ROLLBACK;
BEGIN;
MERGE INTO mp_target t USING mp_source s ON s.id - 1 WHEN MATCHED THEN UPDATE SET val = s.val WHEN NOT MATCHED THEN INSERT VALUES (9, 'new');
SELECT * FROM mp_target ORDER BY id;
ROLLBACK;
BEGIN;
MERGE INTO mp_target t USING mp_source s ON s.val WHEN MATCHED THEN UPDATE SET val = s.val;
SELECT * FROM mp_target ORDER BY id;
ROLLBACK;
BEGIN;
MERGE INTO mp_target t USING mp_source s ON s.f WHEN MATCHED THEN UPDATE SET val = 'f';
SELECT * FROM mp_target ORDER BY id;
ROLLBACK;
MERGE INTO mp_target t USING mp_source s ON 1 WHEN MATCHED THEN DO NOTHING;
MERGE INTO mp_target t USING mp_source s ON NULL WHEN MATCHED THEN DO NOTHING;
MERGE INTO mp_target t USING mp_source s ON 'abc' WHEN MATCHED THEN DO NOTHING;
MERGE INTO mp_target t USING mp_source s ON t.id = s.id AND s.id WHEN MATCHED THEN DO NOTHING;
DROP TABLE mp_target, mp_source;
CREATE TABLE mp_t2 (id int, note text);
CREATE TABLE mp_s2 (f8 float8, f4 float4, n numeric, d date, i2 int2, b bool);
INSERT INTO mp_t2 VALUES (1, '');
INSERT INTO mp_s2 VALUES ('-0', '-0', 0, '2000-01-01', 0, NULL);
MERGE INTO mp_t2 t USING mp_s2 s ON s.f8 WHEN MATCHED THEN UPDATE SET note = note || 'f8 ';
MERGE INTO mp_t2 t USING mp_s2 s ON s.f4 WHEN MATCHED THEN UPDATE SET note = note || 'f4 ';
MERGE INTO mp_t2 t USING mp_s2 s ON s.n WHEN MATCHED THEN UPDATE SET note = note || 'n ';
MERGE INTO mp_t2 t USING mp_s2 s ON s.d WHEN MATCHED THEN UPDATE SET note = note || 'd ';
MERGE INTO mp_t2 t USING mp_s2 s ON s.i2 WHEN MATCHED THEN UPDATE SET note = note || 'i2 ';
MERGE INTO mp_t2 t USING mp_s2 s ON s.b WHEN MATCHED THEN UPDATE SET note = note || 'b ';
MERGE INTO mp_t2 t USING mp_s2 s ON 'f' WHEN MATCHED THEN UPDATE SET note = note || 'unknown ';
MERGE INTO mp_t2 t USING mp_s2 s ON s.d - '2000-01-01' WHEN MATCHED THEN UPDATE SET note = note || 'diff ';
SELECT * FROM mp_t2;
DROP TABLE mp_t2, mp_s2;
