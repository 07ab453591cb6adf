-- A LEFT JOIN to a table that matches each row at most once and whose
-- columns nothing reads is not run at all.
CREATE TABLE jr_a (id int PRIMARY KEY, b_id int, c_code text, note text);
CREATE TABLE jr_b (id int PRIMARY KEY, c_id int, label text);
CREATE TABLE jr_c (code text, region int, name text, UNIQUE (code, region));
CREATE TABLE jr_d (k int, v text);
INSERT INTO jr_a SELECT g, g % 50, 'c' || (g % 7), 'note ' || g FROM generate_series(1, 2000) g;
INSERT INTO jr_b SELECT g, g % 5, 'b' || g FROM generate_series(0, 40) g;
INSERT INTO jr_c SELECT 'c' || g, r, 'name ' || g || '/' || r FROM generate_series(0, 6) g, generate_series(1, 3) r;
INSERT INTO jr_d SELECT g % 10, 'd' || g FROM generate_series(1, 100) g;
ANALYZE jr_a; ANALYZE jr_b; ANALYZE jr_c; ANALYZE jr_d;
-- Removed: the key is the primary key, nothing of jr_b is read.
EXPLAIN (COSTS OFF) SELECT a.id, a.note FROM jr_a a LEFT JOIN jr_b b ON b.id = a.b_id;
SELECT count(*), sum(a.id) FROM jr_a a LEFT JOIN jr_b b ON b.id = a.b_id;
-- A condition on the table alone fixes another key column.
EXPLAIN (COSTS OFF) SELECT a.id, a.note FROM jr_a a LEFT JOIN jr_c c ON c.code = a.c_code AND c.region = 2 WHERE a.id < 10;
SELECT a.id FROM jr_a a LEFT JOIN jr_c c ON c.code = a.c_code AND c.region = 2 WHERE a.id < 10 ORDER BY a.id;
-- Chains: b goes once c, which only b's condition read, has gone.
EXPLAIN (COSTS OFF) SELECT a.id FROM jr_a a LEFT JOIN jr_b b ON b.id = a.b_id LEFT JOIN jr_b b2 ON b2.id = b.c_id;
-- Kept: a column of the table is read ...
EXPLAIN (COSTS OFF) SELECT a.id, b.label FROM jr_a a LEFT JOIN jr_b b ON b.id = a.b_id WHERE a.id < 500;
EXPLAIN (COSTS OFF) SELECT a.id FROM jr_a a LEFT JOIN jr_b b ON b.id = a.b_id WHERE b.label IS NULL;
EXPLAIN (COSTS OFF) SELECT count(*) FROM jr_a a LEFT JOIN jr_b b ON b.id = a.b_id GROUP BY b.c_id;
-- ... the key is not unique, or not all of a unique key is fixed ...
EXPLAIN (COSTS OFF) SELECT a.id FROM jr_a a LEFT JOIN jr_d d ON d.k = a.b_id;
SELECT count(*) FROM jr_a a LEFT JOIN jr_d d ON d.k = a.b_id;
EXPLAIN (COSTS OFF) SELECT a.id FROM jr_a a LEFT JOIN jr_c c ON c.code = a.c_code;
SELECT count(*) FROM jr_a a LEFT JOIN jr_c c ON c.code = a.c_code;
-- ... or an inner join, which drops unmatched rows.
EXPLAIN (COSTS OFF) SELECT a.id FROM jr_a a JOIN jr_b b ON b.id = a.b_id;
SELECT count(*) FROM jr_a a JOIN jr_b b ON b.id = a.b_id;
DROP TABLE jr_a, jr_b, jr_c, jr_d;
