--
-- aggregates: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
CREATE TABLE agg_t (g text, x int, y numeric, f float8, b bool, s text, d date);
INSERT INTO agg_t VALUES
  ('a', 1, 1.5, 1.5, true, 'one', '2024-01-01'),
  ('a', 2, 2.5, 2.5, true, 'two', '2024-01-02'),
  ('a', NULL, NULL, NULL, NULL, NULL, NULL),
  ('b', 10, -1, -1, false, 'ten', '2023-12-31'),
  ('b', 10, 100.25, 100.25, true, 'ten', '2024-06-30'),
  ('c', NULL, NULL, NULL, NULL, NULL, NULL),
  (NULL, 5, 5, 5, false, 'five', '2024-03-03');
SELECT array_agg(DISTINCT x) FROM agg_t;
SELECT sum(x) FILTER (WHERE sum(x) > 1) FROM agg_t;
SELECT count(*) FROM agg_t GROUP BY ();
DROP TABLE agg_t;
