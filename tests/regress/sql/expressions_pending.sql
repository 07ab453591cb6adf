--
-- expressions: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
CREATE TABLE expr_t (a int, b int, c text);
INSERT INTO expr_t VALUES (1, 10, 'x'), (2, NULL, 'y'), (NULL, 30, NULL), (4, 40, 'x'), (NULL, NULL, 'z');
SELECT (1, 2) = (1, 2), (1, 2) < (1, 3), (1, 2) < (2, 1), (1, NULL) = (1, NULL), (1, NULL) = (2, NULL), (1, 2) <> (1, NULL), ROW(1, 'a') = ROW(1, 'a');
SELECT (1, 2) = (1, 2, 3);
SELECT (1, 2, 3) > (1, 2, NULL), (1, 2, 3) >= (1, 1, NULL), (1, 2) IS DISTINCT FROM (1, NULL), (1, 2) IN ((1, 2), (3, 4));
SELECT ROW(1, 2) IS NULL, ROW(NULL, NULL) IS NULL, ROW(1, NULL) IS NOT NULL, ROW(NULL, NULL) IS NOT NULL;
SELECT 1 = ANY (ARRAY[]::int[]), 1 = ALL (ARRAY[]::int[]), 3 = ALL (ARRAY[3, NULL]), 4 = ALL (ARRAY[3, NULL]);
SELECT a, b FROM expr_t WHERE (a, b) = (1, 10);
SELECT a, b FROM expr_t WHERE (a, b) > (1, 10) ORDER BY a;
DROP TABLE expr_t;
