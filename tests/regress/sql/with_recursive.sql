--
-- WITH RECURSIVE, SEARCH and CYCLE (pending)
--
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 10) SELECT sum(n) FROM t;
WITH RECURSIVE fib(a, b) AS (SELECT 0::numeric, 1::numeric UNION ALL SELECT b, a + b FROM fib WHERE a < 1000) SELECT a FROM fib;
WITH RECURSIVE t(n) AS (SELECT 1 UNION SELECT n FROM t) SELECT * FROM t;
CREATE TABLE wr_tree (id int, parent int, name text);
INSERT INTO wr_tree VALUES (1, NULL, 'root'), (2, 1, 'a'), (3, 1, 'b'), (4, 2, 'a1'), (5, 2, 'a2'), (6, 4, 'a1x');
WITH RECURSIVE sub AS (SELECT id, name, 0 AS depth FROM wr_tree WHERE id = 2 UNION ALL SELECT t.id, t.name, s.depth + 1 FROM wr_tree t JOIN sub s ON t.parent = s.id) SELECT * FROM sub ORDER BY depth, id;
WITH RECURSIVE path AS (SELECT id, name::text AS p FROM wr_tree WHERE parent IS NULL UNION ALL SELECT t.id, path.p || '/' || t.name FROM wr_tree t JOIN path ON t.parent = path.id) SELECT p FROM path ORDER BY p;
WITH RECURSIVE anc(id, parent) AS (SELECT id, parent FROM wr_tree WHERE id = 6 UNION ALL SELECT t.id, t.parent FROM wr_tree t JOIN anc ON t.id = anc.parent) SELECT id FROM anc ORDER BY id;
WITH RECURSIVE s AS (SELECT id, parent FROM wr_tree WHERE parent IS NULL UNION ALL SELECT t.id, t.parent FROM wr_tree t JOIN s ON t.parent = s.id) SEARCH DEPTH FIRST BY id SET ord SELECT id FROM s ORDER BY ord;
WITH RECURSIVE s AS (SELECT id, parent FROM wr_tree WHERE parent IS NULL UNION ALL SELECT t.id, t.parent FROM wr_tree t JOIN s ON t.parent = s.id) SEARCH BREADTH FIRST BY id SET ord SELECT id FROM s ORDER BY ord;
UPDATE wr_tree SET parent = 6 WHERE id = 1;
WITH RECURSIVE s AS (SELECT id, parent FROM wr_tree WHERE id = 1 UNION ALL SELECT t.id, t.parent FROM wr_tree t JOIN s ON t.parent = s.id) CYCLE id SET is_cycle USING path SELECT id, is_cycle FROM s ORDER BY path;
WITH RECURSIVE t(n) AS (SELECT n FROM t) SELECT * FROM t;
DROP TABLE wr_tree;
WITH q1(x) AS (SELECT random() FROM generate_series(1, 5)) SELECT count(*) FROM (SELECT * FROM q1 UNION SELECT * FROM q1) s;
WITH cte(foo) AS (VALUES (1)) SELECT (SELECT foo FROM cte);
CREATE TABLE wr_d (a int);
WITH ins AS (INSERT INTO wr_d VALUES (1), (2) RETURNING a) SELECT sum(a) FROM ins;
WITH del AS (DELETE FROM wr_d WHERE a = 1 RETURNING a) SELECT count(*) FROM del;
SELECT * FROM wr_d;
DROP TABLE wr_d;
