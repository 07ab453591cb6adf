--
-- orderby: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
CREATE TABLE ob_t (id int, i int, t text, n numeric, f float8, d date, b bool, ts timestamp);
INSERT INTO ob_t VALUES
  (1, 3, 'banana', 2.5, 2.5, '2024-03-01', true, '2024-03-01 10:00'),
  (2, NULL, 'apple', NULL, 'NaN', NULL, NULL, NULL),
  (3, -1, 'Cherry', -7, '-Infinity', '2023-12-31', false, '2023-12-31 23:59:59'),
  (4, 3, '', 0, 0, '2024-02-29', true, '2024-02-29 00:00'),
  (5, 10, 'apple pie', 100, 'Infinity', '1999-01-01', false, '1999-01-01 00:00'),
  (6, 0, NULL, 2.50, -0.0, 'infinity', NULL, 'infinity'),
  (7, -20, 'Ápple', -0.001, 1e-300, '-infinity', true, '-infinity');
-- output-column names and numbers, ordering of every basic type, USING
SELECT id, i FROM ob_t ORDER BY i USING <, id;
SELECT id, i FROM ob_t ORDER BY i USING > NULLS LAST, id;
SELECT id, t FROM ob_t WHERE t IS NOT NULL ORDER BY t USING ~<~;
DROP TABLE ob_t;
