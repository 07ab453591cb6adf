--
-- Data-modifying statements in WITH: INSERT, UPDATE and DELETE with
-- RETURNING read by the main query, run once and to completion, all
-- in one snapshot; the errors PostgreSQL gives; command tags
--
CREATE TABLE wd_a (id int, v text);
CREATE TABLE wd_b (id int, v text);
CREATE TABLE wd_log (op text, id int);
INSERT INTO wd_a VALUES (1, 'one'), (2, 'two'), (3, 'three'), (4, 'four');
-- RETURNING rows read by a SELECT
WITH ins AS (INSERT INTO wd_b VALUES (1, 'x'), (2, 'y') RETURNING id) SELECT sum(id) FROM ins;
WITH del AS (DELETE FROM wd_b WHERE id = 1 RETURNING *) SELECT * FROM del;
WITH upd AS (UPDATE wd_b SET v = v || '!' RETURNING id, v) SELECT * FROM upd;
SELECT * FROM wd_b ORDER BY id;
WITH ins AS (INSERT INTO wd_b VALUES (5, 'five') RETURNING id * 10 AS tens, upper(v) AS big) SELECT tens, big, pg_typeof(tens) FROM ins;
WITH ins(a, b) AS (INSERT INTO wd_b VALUES (6, 'six') RETURNING id, v) SELECT b, a FROM ins;
WITH ins(a) AS (INSERT INTO wd_b VALUES (7, 'seven') RETURNING id, v) SELECT * FROM ins;
-- the main query does not see the changes, whichever table it reads
WITH del AS (DELETE FROM wd_a WHERE id = 1 RETURNING *) SELECT (SELECT count(*) FROM wd_a) AS before, (SELECT count(*) FROM del) AS deleted;
SELECT count(*) FROM wd_a;
WITH del AS (DELETE FROM wd_a WHERE id = 2 RETURNING id) SELECT a.id, a.v, d.id IS NOT NULL AS deleted FROM wd_a a LEFT JOIN del d USING (id) ORDER BY a.id;
WITH ins AS (INSERT INTO wd_a VALUES (30, 'thirty') RETURNING id) SELECT * FROM ins WHERE id = (SELECT max(id) FROM wd_a);
WITH upd AS (UPDATE wd_a SET v = 'changed' WHERE id = 3 RETURNING v) SELECT w.v AS old, u.v AS new FROM wd_a w, upd u WHERE w.id = 3;
SELECT * FROM wd_a ORDER BY id;
-- run to completion even when the main query reads part of the rows, or none
WITH ins AS (INSERT INTO wd_log SELECT 'gen', g FROM generate_series(1, 5) g RETURNING id) SELECT * FROM ins LIMIT 2;
SELECT count(*) FROM wd_log;
WITH ins AS (INSERT INTO wd_log VALUES ('unread', 100) RETURNING id) SELECT 1 AS one;
WITH ins AS (INSERT INTO wd_log VALUES ('norows', 101)) SELECT 2 AS two;
WITH ins AS (INSERT INTO wd_log VALUES ('empty', 102) RETURNING id) SELECT * FROM ins WHERE false;
WITH del AS (DELETE FROM wd_log WHERE op = 'gen' RETURNING id) SELECT EXISTS (SELECT 1 FROM del);
SELECT op, id FROM wd_log ORDER BY id;
-- run exactly once, however often they are referenced
WITH ins AS (INSERT INTO wd_log VALUES ('once', 200) RETURNING id) SELECT * FROM ins i1, ins i2;
WITH ins AS (INSERT INTO wd_log VALUES ('twice-read', 201) RETURNING id) SELECT (SELECT count(*) FROM ins), (SELECT sum(id) FROM ins);
SELECT op, count(*) FROM wd_log WHERE id >= 200 GROUP BY op ORDER BY op;
-- into INSERT, UPDATE and DELETE, with their command tags
WITH moved AS (DELETE FROM wd_log WHERE id >= 200 RETURNING op, id) INSERT INTO wd_b SELECT id, op FROM moved;
SELECT * FROM wd_b ORDER BY id;
WITH src AS (DELETE FROM wd_b WHERE id >= 200 RETURNING id) UPDATE wd_a SET v = v || '+' WHERE id IN (SELECT id - 197 FROM src);
SELECT * FROM wd_a ORDER BY id;
WITH gone AS (DELETE FROM wd_b WHERE id = 5 RETURNING id) DELETE FROM wd_a WHERE id IN (SELECT id - 1 FROM gone);
SELECT * FROM wd_a ORDER BY id;
WITH ins AS (INSERT INTO wd_b VALUES (40, 'forty') RETURNING *) INSERT INTO wd_log VALUES ('tag', 1) RETURNING op, id;
WITH x AS (UPDATE wd_b SET v = 'w' WHERE id = 40 RETURNING *) UPDATE wd_b SET v = 'v' WHERE id = 40 RETURNING *;
SELECT * FROM wd_b WHERE id = 40;
WITH x AS (DELETE FROM wd_b WHERE id = 40 RETURNING id) DELETE FROM wd_b WHERE id = 40;
SELECT count(*) FROM wd_b WHERE id = 40;
WITH x AS (SELECT 1) DELETE FROM wd_log WHERE id = 1;
-- chained: one data-modifying WITH query reads another's RETURNING rows
WITH a AS (INSERT INTO wd_log VALUES ('a', 300) RETURNING id), b AS (INSERT INTO wd_log SELECT 'b', id + 1 FROM a RETURNING id) SELECT * FROM b;
WITH a AS (DELETE FROM wd_log WHERE id >= 300 RETURNING op, id), b AS (INSERT INTO wd_b SELECT id, op FROM a RETURNING *), c AS (SELECT count(*) AS n FROM b) SELECT n FROM c;
SELECT * FROM wd_b WHERE id >= 300 ORDER BY id;
-- with a recursive WITH query
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 4), ins AS (INSERT INTO wd_log SELECT 'seq', n FROM seq RETURNING id) SELECT sum(id) FROM ins;
WITH RECURSIVE ins AS (INSERT INTO wd_log VALUES ('r', 400) RETURNING id), r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3) SELECT * FROM ins, r ORDER BY n;
SELECT op, count(*) FROM wd_log GROUP BY op ORDER BY op;
-- CREATE TABLE AS and SELECT INTO
CREATE TABLE wd_ctas AS WITH d AS (DELETE FROM wd_log WHERE op = 'seq' AND id <= 2 RETURNING id) SELECT id FROM d;
SELECT * FROM wd_ctas ORDER BY id;
WITH d AS (DELETE FROM wd_log WHERE op = 'seq' RETURNING id) SELECT id INTO wd_into FROM d;
SELECT * FROM wd_into ORDER BY id;
SELECT count(*) FROM wd_log WHERE op = 'seq';
DROP TABLE wd_ctas, wd_into;
-- a prepared statement
PREPARE wd_p(int) AS WITH d AS (DELETE FROM wd_log WHERE id = $1 RETURNING op) SELECT * FROM d;
EXECUTE wd_p(400);
EXECUTE wd_p(400);
DEALLOCATE wd_p;
-- in a transaction that is rolled back
BEGIN;
WITH d AS (DELETE FROM wd_a RETURNING id) SELECT count(*) FROM d;
SELECT count(*) FROM wd_a;
ROLLBACK;
SELECT count(*) FROM wd_a;
-- a read-only transaction refuses them
BEGIN READ ONLY;
WITH d AS (DELETE FROM wd_a RETURNING id) SELECT count(*) FROM d;
ROLLBACK;
-- a row changed by one statement of the command is not changed again by another
CREATE TABLE wd_s (id int, v text);
INSERT INTO wd_s VALUES (1, 'a'), (2, 'b'), (3, 'c');
WITH u AS (UPDATE wd_s SET v = 'cte' WHERE id = 1 RETURNING id) UPDATE wd_s SET v = 'outer' FROM u WHERE wd_s.id = u.id;
WITH d AS (DELETE FROM wd_s WHERE id = 2 RETURNING id) UPDATE wd_s SET v = 'x' WHERE id IN (SELECT id FROM d) RETURNING *;
WITH a AS (UPDATE wd_s SET v = 'a1' WHERE id = 3 RETURNING id), b AS (UPDATE wd_s SET v = 'b1' WHERE id = 3 RETURNING id) SELECT (SELECT count(*) FROM a), (SELECT count(*) FROM b);
WITH a AS (UPDATE wd_s SET v = 'a2' WHERE id = 3 RETURNING id), b AS (UPDATE wd_s SET v = 'b2' WHERE id = 3 RETURNING id) SELECT 1;
SELECT * FROM wd_s ORDER BY id;
WITH i AS (INSERT INTO wd_s SELECT id + 10, v FROM wd_s RETURNING *) SELECT count(*) FROM i;
SELECT * FROM wd_s ORDER BY id;
DROP TABLE wd_s;
-- errors
WITH x AS (DELETE FROM wd_a WHERE id = 1) SELECT * FROM x;
WITH x AS (INSERT INTO wd_log VALUES ('e', 1)) SELECT count(*) FROM x;
SELECT * FROM (WITH x AS (DELETE FROM wd_a RETURNING *) SELECT * FROM x) s;
SELECT (WITH x AS (DELETE FROM wd_a RETURNING *) SELECT count(*) FROM x);
WITH y AS (WITH x AS (DELETE FROM wd_a RETURNING *) SELECT * FROM x) SELECT * FROM y;
SELECT 1 UNION ALL (WITH x AS (DELETE FROM wd_a RETURNING id) SELECT id FROM x);
INSERT INTO wd_b WITH x AS (DELETE FROM wd_a RETURNING *) SELECT * FROM x;
CREATE VIEW wd_v AS WITH x AS (DELETE FROM wd_a RETURNING *) SELECT * FROM x;
WITH RECURSIVE x AS (INSERT INTO wd_log SELECT 'r', id FROM x RETURNING *) SELECT * FROM x;
WITH x AS (DELETE FROM nosuch RETURNING *) SELECT 1;
WITH x AS (INSERT INTO wd_log VALUES ('e', 1) RETURNING nosuch) SELECT 1;
WITH x AS (INSERT INTO wd_log VALUES ('e', 1) RETURNING id) SELECT * FROM x, x;
WITH x(a, b, c) AS (INSERT INTO wd_log VALUES ('e', 1) RETURNING id, op) SELECT 1;
WITH x AS (UPDATE wd_a SET nosuch = 1 RETURNING *) SELECT 1;
SELECT op FROM wd_log WHERE op = 'e';
SELECT * FROM wd_a ORDER BY id;
DROP TABLE wd_a, wd_b, wd_log;
