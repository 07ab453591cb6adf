-- ANALYZE where gpostgres differs from PostgreSQL 15 (see README.md,
-- Known failures).
-- pg_statistic has no TOAST table in gpostgres: a histogram of long
-- values does not fit in a page, and the column gets no statistics
CREATE TABLE anp_long (t text);
INSERT INTO anp_long SELECT string_agg(md5((g * 100 + i)::text), '') FROM generate_series(1, 200) g, generate_series(1, 10) i GROUP BY g;
ANALYZE anp_long;
SELECT attname, n_distinct, array_length(histogram_bounds::text::text[], 1) FROM pg_stats WHERE tablename = 'anp_long';
DROP TABLE anp_long;
