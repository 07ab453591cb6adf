-- ORDER BY read from an index instead of sorted, when reading the
-- index costs less than sorting the rows: with or without LIMIT.
CREATE TABLE os (id int PRIMARY KEY, grp int, name text, score int, pad text);
INSERT INTO os SELECT g, g % 100, 'n' || lpad(g::text, 6, '0'), CASE WHEN g % 10 = 0 THEN NULL ELSE g % 997 END, repeat('p', 40)
  FROM generate_series(1, 50000) g;
CREATE INDEX os_name ON os (name);
CREATE INDEX os_score_desc ON os (score DESC);
CREATE INDEX os_grp_id ON os (grp, id);
ANALYZE os;
EXPLAIN (COSTS OFF) SELECT id FROM os ORDER BY id;
EXPLAIN (COSTS OFF) SELECT * FROM os ORDER BY id;
EXPLAIN (COSTS OFF) SELECT * FROM os ORDER BY id DESC;
EXPLAIN (COSTS OFF) SELECT * FROM os ORDER BY name;
EXPLAIN (COSTS OFF) SELECT * FROM os WHERE grp = 5 ORDER BY id;
EXPLAIN (COSTS OFF) SELECT * FROM os ORDER BY score DESC;
EXPLAIN (COSTS OFF) SELECT * FROM os ORDER BY grp, id;
EXPLAIN (COSTS OFF) SELECT * FROM os WHERE id < 1000 ORDER BY id;
EXPLAIN (COSTS OFF) SELECT * FROM os ORDER BY id OFFSET 10;
EXPLAIN (COSTS OFF) SELECT * FROM os ORDER BY pad, id;
SELECT id, name FROM os WHERE id < 1000 ORDER BY id DESC OFFSET 990;
SELECT score, count(*) OVER () FROM os ORDER BY score DESC OFFSET 49998;
SET enable_indexscan = off;
EXPLAIN (COSTS OFF) SELECT * FROM os ORDER BY id;
RESET enable_indexscan;
SET enable_sort = off;
EXPLAIN (COSTS OFF) SELECT * FROM os WHERE grp = 5 ORDER BY id;
RESET enable_sort;
DROP TABLE os;
