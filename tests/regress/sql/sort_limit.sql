--
-- Sorts large enough to take several merge passes, ORDER BY ... LIMIT and
-- OFFSET (bounded sorts) with many ties, NULLs, descending keys and
-- several keys, and aggregates that sort their input (DISTINCT, ORDER BY)
--
CREATE TABLE sl (id int, k int, v int, s text);
INSERT INTO sl SELECT i, i % 7, (i * 7919) % 5003, md5(i::text)
  FROM generate_series(1, 5000) i;
INSERT INTO sl VALUES (5001, NULL, NULL, NULL), (5002, 3, NULL, 'x'), (5003, NULL, 17, 'y');
-- Full sorts, checked through aggregates over the sorted order.
SELECT count(*), min(id), max(id) FROM (SELECT id FROM sl ORDER BY v, id) q;
SELECT array_agg(id) FROM (SELECT id FROM sl ORDER BY v, id OFFSET 4990) q;
SELECT array_agg(v) FROM (SELECT v FROM sl ORDER BY v DESC OFFSET 4990) q;
SELECT string_agg(s, ',') FROM (SELECT s FROM sl ORDER BY s OFFSET 4995) q;
-- Top-N: one key, unique within the result thanks to a second key.
SELECT id, v FROM sl ORDER BY v, id LIMIT 10;
SELECT id, v FROM sl ORDER BY v DESC, id LIMIT 5;
SELECT id, v FROM sl ORDER BY v DESC NULLS LAST, id LIMIT 5;
SELECT id, v FROM sl ORDER BY v NULLS FIRST, id LIMIT 5;
SELECT id, v FROM sl ORDER BY v, id LIMIT 5 OFFSET 100;
SELECT id, v FROM sl ORDER BY v, id OFFSET 4998;
SELECT id, v FROM sl ORDER BY v, id OFFSET 4998 LIMIT 10;
-- Many ties on the first key: the second key decides.
SELECT k, id FROM sl ORDER BY k, id LIMIT 8;
SELECT k, id FROM sl ORDER BY k DESC, id DESC LIMIT 8;
SELECT k, id FROM sl ORDER BY k NULLS FIRST, id LIMIT 4;
SELECT k, id FROM sl ORDER BY k, id DESC LIMIT 3 OFFSET 700;
-- Only the tied key is output: any tie order prints the same.
SELECT k FROM sl ORDER BY k LIMIT 12;
SELECT k FROM sl ORDER BY k DESC LIMIT 3;
-- Limits that do not bound: all, NULL, zero, more than the input.
SELECT count(*) FROM (SELECT id FROM sl ORDER BY v LIMIT ALL) q;
SELECT count(*) FROM (SELECT id FROM sl ORDER BY v LIMIT NULL) q;
SELECT id FROM sl ORDER BY v LIMIT 0;
SELECT count(*) FROM (SELECT id FROM sl ORDER BY v LIMIT 100000) q;
SELECT count(*) FROM (SELECT id FROM sl ORDER BY v LIMIT 9223372036854775807 OFFSET 5) q;
SELECT id FROM sl ORDER BY v LIMIT -1;
SELECT id FROM sl ORDER BY v LIMIT 1 OFFSET -1;
-- Expressions as keys, and limits from parameters.
SELECT id, v % 10 AS r FROM sl ORDER BY v % 10 DESC, id LIMIT 4;
PREPARE top(int, int) AS SELECT id, v FROM sl ORDER BY v, id LIMIT $1 OFFSET $2;
EXECUTE top(3, 0);
EXECUTE top(3, 2);
EXECUTE top(0, 2);
DEALLOCATE top;
-- A top-N in a subquery, joined.
SELECT a.id, b.id FROM (SELECT id FROM sl ORDER BY v, id LIMIT 3) a
  JOIN (SELECT id FROM sl ORDER BY v DESC NULLS LAST, id LIMIT 3) b ON true
  ORDER BY 1, 2;
-- Aggregates that sort their input.
SELECT count(DISTINCT v), count(DISTINCT k), count(DISTINCT s) FROM sl;
SELECT k, count(DISTINCT v % 100) FROM sl GROUP BY k ORDER BY k;
SELECT array_agg(DISTINCT k) FROM sl;
SELECT string_agg(DISTINCT left(s, 1), '' ORDER BY left(s, 1)) FROM sl;
SELECT (array_agg(id ORDER BY v DESC NULLS LAST, id))[1], (array_agg(id ORDER BY v DESC NULLS LAST, id))[5003] FROM sl;
SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY v) FROM sl;
DROP TABLE sl;
