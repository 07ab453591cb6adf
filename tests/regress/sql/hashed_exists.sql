-- EXISTS whose subquery reads the enclosing row in one equality only
-- runs the subquery once and looks each row's value up in a hash
-- table; NOT EXISTS too. The answers are EXISTS's, NULLs included.
CREATE TABLE he_o (id int, k int, t text);
CREATE TABLE he_i (id int, k bigint, t text, flag bool);
INSERT INTO he_o VALUES (1, 1, 'a'), (2, 2, 'b'), (3, NULL, NULL), (4, 4, 'd'), (5, 5, 'e');
INSERT INTO he_i VALUES (10, 1, 'a', true), (11, 2, 'b', false), (12, NULL, NULL, true), (13, 4, 'x', true), (14, 4, 'y', false);
SELECT id FROM he_o o WHERE EXISTS (SELECT 1 FROM he_i i WHERE i.k = o.k) ORDER BY id;
SELECT id FROM he_o o WHERE NOT EXISTS (SELECT 1 FROM he_i i WHERE i.k = o.k) ORDER BY id;
SELECT id FROM he_o o WHERE EXISTS (SELECT 1 FROM he_i i WHERE o.k = i.k AND i.flag) ORDER BY id;
SELECT id FROM he_o o WHERE NOT EXISTS (SELECT 1 FROM he_i i WHERE o.k = i.k AND i.flag) ORDER BY id;
SELECT id, EXISTS (SELECT 1 FROM he_i i WHERE i.t = o.t) AS e, NOT EXISTS (SELECT * FROM he_i i WHERE i.t = o.t || '') AS ne FROM he_o o ORDER BY id;
SELECT id FROM he_o o WHERE EXISTS (SELECT 1 FROM he_i i WHERE i.k = o.k + 1 LIMIT 1) ORDER BY id;
SELECT id FROM he_o o WHERE EXISTS (SELECT 1 FROM he_i i WHERE i.k = o.k AND false) ORDER BY id;
SELECT id FROM he_o o WHERE NOT EXISTS (SELECT 1 FROM he_i i WHERE i.k = o.k AND false) ORDER BY id;
-- Not rewritten, the same answers: two correlated conditions, a
-- volatile one, LIMIT 0, a correlation that is not an equality.
SELECT id FROM he_o o WHERE EXISTS (SELECT 1 FROM he_i i WHERE i.k = o.k AND i.t = o.t) ORDER BY id;
SELECT id FROM he_o o WHERE EXISTS (SELECT 1 FROM he_i i WHERE i.k = o.k AND random() >= 0) ORDER BY id;
SELECT id FROM he_o o WHERE EXISTS (SELECT 1 FROM he_i i WHERE i.k = o.k LIMIT 0) ORDER BY id;
SELECT id FROM he_o o WHERE EXISTS (SELECT 1 FROM he_i i WHERE i.k > o.k) ORDER BY id;
-- Many rows on both sides.
CREATE TABLE he_big (id int, k int);
INSERT INTO he_big SELECT g, g * 3 FROM generate_series(1, 30000) g;
SELECT count(*) FROM he_big a WHERE EXISTS (SELECT 1 FROM he_big b WHERE b.k = a.id);
SELECT count(*) FROM he_big a WHERE NOT EXISTS (SELECT 1 FROM he_big b WHERE b.k = a.id AND b.id % 2 = 0);
DROP TABLE he_o, he_i, he_big;
