-- A LEFT JOIN whose preserved side is the cheaper to hash runs as a
-- Hash Right Join: the preserved rows are hashed, the other side probes
-- them, and the hashed rows nothing matched come out at the end.
CREATE TABLE hr_small (k int, label text);
CREATE TABLE hr_big (id int PRIMARY KEY, k int, pad text);
INSERT INTO hr_small SELECT g, 'k' || g FROM generate_series(1, 30) g;
INSERT INTO hr_small VALUES (NULL, 'null key'), (1000, 'no match');
INSERT INTO hr_big SELECT g, CASE WHEN g % 11 = 0 THEN NULL ELSE g % 40 END, repeat('x', 30) FROM generate_series(1, 20000) g;
ANALYZE hr_small;
ANALYZE hr_big;
EXPLAIN (COSTS OFF) SELECT s.label, b.id FROM hr_small s LEFT JOIN hr_big b ON b.k = s.k;
SELECT count(*), count(b.id), count(DISTINCT s.label) FROM hr_small s LEFT JOIN hr_big b ON b.k = s.k;
SELECT s.label, count(b.id) FROM hr_small s LEFT JOIN hr_big b ON b.k = s.k GROUP BY s.label ORDER BY s.label LIMIT 5;
SELECT s.label FROM hr_small s LEFT JOIN hr_big b ON b.k = s.k WHERE b.id IS NULL ORDER BY 1;
-- A join condition beyond the keys.
EXPLAIN (COSTS OFF) SELECT s.label, b.id FROM hr_small s LEFT JOIN hr_big b ON b.k = s.k AND b.id % 2 = 0;
SELECT count(*), count(b.id) FROM hr_small s LEFT JOIN hr_big b ON b.k = s.k AND b.id % 2 = 0 AND b.id > s.k * 500;
-- Batches on disk beyond work_mem: the hashed preserved rows are split
-- too, and each batch's unmatched ones come out.
CREATE TABLE hr_more (id int, k int);
INSERT INTO hr_more SELECT g, g % 25000 + 15000 FROM generate_series(1, 60000) g;
ANALYZE hr_more;
SET work_mem = '64kB';
EXPLAIN (COSTS OFF) SELECT count(*) FROM hr_big b LEFT JOIN hr_more m ON m.k = b.id;
SELECT count(*), count(m.id), sum(m.id), count(*) FILTER (WHERE m.id IS NULL) FROM hr_big b LEFT JOIN hr_more m ON m.k = b.id;
SELECT count(*), count(b.id), sum(b.id) FROM hr_small s LEFT JOIN hr_big b ON b.k = s.k;
RESET work_mem;
DROP TABLE hr_more;
-- The preserved side larger: a Hash Left Join.
EXPLAIN (COSTS OFF) SELECT b.id, s.label FROM hr_big b LEFT JOIN hr_small s ON s.k = b.k;
SELECT count(*), count(s.label) FROM hr_big b LEFT JOIN hr_small s ON s.k = b.k;
DROP TABLE hr_small, hr_big;
