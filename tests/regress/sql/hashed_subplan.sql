-- x IN (SELECT y ...) over a subquery that reads nothing of the outer
-- row looks x up in a hash table of the subquery's values (a hashed
-- SubPlan), with the NULL rules of the comparisons it stands for.
CREATE TABLE hs_a (id int, v int, t text, n numeric, c char(4), f float8);
CREATE TABLE hs_b (id int, v bigint, t text, n numeric, c char(4), f float8);
INSERT INTO hs_a VALUES (1, 1, 'a', 1.0, 'ab', 0.0), (2, 2, 'b', 2.50, 'cd ', -0.0), (3, NULL, NULL, NULL, NULL, NULL), (4, 4, 'd', 4, 'x', 1.5);
INSERT INTO hs_b VALUES (10, 1, 'a', 1.00, 'ab  ', -0.0), (11, 2, 'b', 2.5, 'cd', 2.0), (12, 7, 'z', 9, 'zz', 3);
SELECT id, v IN (SELECT v FROM hs_b) AS v_in, t IN (SELECT t FROM hs_b) AS t_in, n IN (SELECT n FROM hs_b) AS n_in,
       c IN (SELECT c FROM hs_b) AS c_in, f IN (SELECT f FROM hs_b) AS f_in FROM hs_a ORDER BY id;
-- A NULL among the subquery's values: no match is NULL, not false.
INSERT INTO hs_b VALUES (13, NULL, NULL, NULL, NULL, NULL);
SELECT id, v IN (SELECT v FROM hs_b) AS v_in, v NOT IN (SELECT v FROM hs_b) AS v_not_in,
       t IN (SELECT t FROM hs_b WHERE id > 11) AS t_in FROM hs_a ORDER BY id;
-- No rows: false, even for NULL.
SELECT id, v IN (SELECT v FROM hs_b WHERE false) AS v_in, v NOT IN (SELECT v FROM hs_b WHERE false) AS v_not_in FROM hs_a ORDER BY id;
SELECT id FROM hs_a WHERE v IN (SELECT v FROM hs_b) ORDER BY id;
SELECT id FROM hs_a WHERE v NOT IN (SELECT v FROM hs_b WHERE v IS NOT NULL) ORDER BY id;
-- Many values on both sides.
CREATE TABLE hs_big (id int, k int);
INSERT INTO hs_big SELECT g, g * 3 FROM generate_series(1, 30000) g;
SELECT count(*) FROM hs_big WHERE id IN (SELECT k FROM hs_big);
SELECT count(*) FROM hs_big WHERE id NOT IN (SELECT k FROM hs_big);
SELECT count(*) FROM hs_big WHERE id + 1 IN (SELECT k FROM hs_big WHERE k % 2 = 0);
EXPLAIN (COSTS OFF) SELECT count(*) FROM hs_big WHERE id NOT IN (SELECT k FROM hs_big);
DROP TABLE hs_a, hs_b, hs_big;
