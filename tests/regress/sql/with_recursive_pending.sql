--
-- WITH RECURSIVE ... SEARCH and CYCLE: gpostgres refuses them (0A000)
-- until it has the record type and arrays of records that their
-- ordering and path columns are
--
CREATE TABLE wrp_tree (id int, parent int);
INSERT INTO wrp_tree VALUES (1, NULL), (2, 1), (3, 1), (4, 2), (5, 2), (6, 4), (7, 3);
WITH RECURSIVE s AS (SELECT id, parent FROM wrp_tree WHERE parent IS NULL UNION ALL SELECT t.id, t.parent FROM wrp_tree t JOIN s ON t.parent = s.id) SEARCH DEPTH FIRST BY id SET ord SELECT id FROM s ORDER BY ord;
WITH RECURSIVE s AS (SELECT id, parent FROM wrp_tree WHERE parent IS NULL UNION ALL SELECT t.id, t.parent FROM wrp_tree t JOIN s ON t.parent = s.id) SEARCH BREADTH FIRST BY id SET ord SELECT id FROM s ORDER BY ord;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) SEARCH DEPTH FIRST BY n SET ord SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) SEARCH BREADTH FIRST BY n SET ord SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n % 3 + 1 FROM t) CYCLE n SET is_cycle USING path SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n % 3 + 1 FROM t) CYCLE n SET is_cycle TO 'Y' DEFAULT 'N' USING path SELECT n, is_cycle FROM t;
UPDATE wrp_tree SET parent = 6 WHERE id = 1;
WITH RECURSIVE s AS (SELECT id, parent FROM wrp_tree WHERE id = 1 UNION ALL SELECT t.id, t.parent FROM wrp_tree t JOIN s ON t.parent = s.id) CYCLE id SET is_cycle USING path SELECT id, is_cycle FROM s ORDER BY path;
DROP TABLE wrp_tree;
