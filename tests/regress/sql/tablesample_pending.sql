-- TABLESAMPLE where gpostgres differs from PostgreSQL 15: the sample
-- depends on where rows are stored, and an UPDATE on a page with room
-- freed by a DELETE puts the new row versions elsewhere than PostgreSQL
-- (which prunes the page and keeps them there).
CREATE TABLE tsp_rows (id int, pad text);
INSERT INTO tsp_rows SELECT g, repeat('x', 200) FROM generate_series(1, 300) g;
DELETE FROM tsp_rows WHERE id % 3 = 0;
UPDATE tsp_rows SET pad = 'y' WHERE id % 5 = 0;
SELECT ctid, id FROM tsp_rows WHERE id IN (65, 100) ORDER BY id;
SELECT id FROM tsp_rows TABLESAMPLE SYSTEM (30) REPEATABLE (11) ORDER BY id;
DROP TABLE tsp_rows;
