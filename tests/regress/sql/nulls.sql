--
-- NULL semantics across the engine: comparisons, IN and NOT IN with
-- subqueries, aggregates, GROUP BY, DISTINCT, set operations, joins,
-- CASE, functions that are strict and those that are not
--
CREATE TABLE nl_t (k int, v int, s text);
INSERT INTO nl_t VALUES (1, 10, 'a'), (2, NULL, 'b'), (NULL, 30, NULL), (NULL, NULL, NULL), (2, 20, 'b');
SELECT k, v, k = v, k <> v, k < v, k IS NULL, v IS NOT NULL FROM nl_t ORDER BY k NULLS FIRST, v NULLS FIRST;
SELECT count(*), count(k), count(v), count(s), count(DISTINCT k), count(DISTINCT s) FROM nl_t;
SELECT sum(v), avg(v), min(v), max(v), sum(k * v), bool_and(v > 5), string_agg(s, ',') FROM nl_t;
SELECT k, count(*), sum(v) FROM nl_t GROUP BY k ORDER BY k NULLS LAST;
SELECT s, count(*) FROM nl_t GROUP BY s ORDER BY s NULLS FIRST;
SELECT DISTINCT k FROM nl_t ORDER BY k NULLS FIRST;
SELECT DISTINCT k, s FROM nl_t ORDER BY k, s;
SELECT k FROM nl_t UNION SELECT NULL ORDER BY 1;
SELECT k FROM nl_t UNION ALL SELECT NULL ORDER BY 1 NULLS FIRST;
SELECT k FROM nl_t INTERSECT SELECT NULL::int;
SELECT k FROM nl_t EXCEPT SELECT NULL::int ORDER BY 1;
SELECT 1 IN (SELECT k FROM nl_t), 5 IN (SELECT k FROM nl_t), 5 NOT IN (SELECT k FROM nl_t), 5 NOT IN (SELECT k FROM nl_t WHERE k IS NOT NULL);
SELECT NULL::int IN (SELECT k FROM nl_t), NULL::int NOT IN (SELECT k FROM nl_t WHERE false), EXISTS (SELECT NULL);
SELECT 5 = ANY (SELECT k FROM nl_t), 5 <> ALL (SELECT k FROM nl_t), 1 = ANY (SELECT k FROM nl_t), 3 > ALL (SELECT k FROM nl_t WHERE k IS NOT NULL);
SELECT (SELECT v FROM nl_t WHERE k = 1), (SELECT v FROM nl_t WHERE k = 9), (SELECT max(v) FROM nl_t WHERE k = 9);
SELECT a.k, b.k FROM nl_t a JOIN nl_t b ON a.k = b.k ORDER BY 1, 2;
SELECT count(*) FROM nl_t a JOIN nl_t b ON a.k IS NOT DISTINCT FROM b.k;
SELECT a.s, b.v FROM nl_t a LEFT JOIN nl_t b ON a.v = b.k ORDER BY 1 NULLS LAST, 2 NULLS LAST;
SELECT k, COALESCE(v, -1), NULLIF(v, 10), GREATEST(k, v), LEAST(k, v), CASE WHEN v IS NULL THEN 'none' ELSE 'some' END FROM nl_t ORDER BY k NULLS FIRST, v NULLS FIRST;
SELECT k, v, CASE v WHEN NULL THEN 'matched null' WHEN 10 THEN 'ten' ELSE 'else' END FROM nl_t ORDER BY k NULLS FIRST, v NULLS FIRST;
SELECT s, length(s), upper(s), s || 'x', concat(s, 'x'), concat_ws('-', s, 'x'), coalesce(s, '?') FROM nl_t ORDER BY k NULLS FIRST, v NULLS FIRST;
SELECT abs(NULL::int), round(NULL::numeric), sqrt(NULL::float8), NULL::int + 1, NULL::text || NULL::text, lower(NULL), substr(NULL, 1, 2);
SELECT NULL::int IS DISTINCT FROM NULL, NULL::int IS NOT DISTINCT FROM 1, (NULL::int = NULL) IS NULL, (NULL::bool AND false), (NULL::bool OR true);
SELECT count(*) FROM nl_t WHERE v > 15;
SELECT count(*) FROM nl_t WHERE NOT (v > 15);
SELECT count(*) FROM nl_t WHERE v > 15 IS NOT TRUE;
SELECT count(*) FROM nl_t WHERE (v > 15) IS UNKNOWN;
SELECT count(*) FROM nl_t WHERE v BETWEEN NULL AND 100;
SELECT count(*) FROM nl_t WHERE s LIKE NULL;
SELECT count(*) FROM nl_t WHERE s = ANY (ARRAY['a', NULL]);
SELECT k FROM nl_t ORDER BY k LIMIT 2;
SELECT k FROM nl_t ORDER BY k DESC LIMIT 2;
UPDATE nl_t SET v = 0 WHERE v IS NULL RETURNING k, v;
UPDATE nl_t SET s = NULL WHERE s = 'b' RETURNING k, s;
DELETE FROM nl_t WHERE k IS NULL RETURNING v;
SELECT * FROM nl_t ORDER BY k, v;
INSERT INTO nl_t VALUES (NULL, NULL, NULL) RETURNING *, k IS NULL AS knull;
DROP TABLE nl_t;
-- Row values
CREATE TABLE nl_t (k int, v int, s text);
INSERT INTO nl_t VALUES (1, 10, 'a'), (NULL, NULL, NULL);
SELECT count(*) FROM nl_t WHERE (k, v) IS NULL;
DROP TABLE nl_t;
