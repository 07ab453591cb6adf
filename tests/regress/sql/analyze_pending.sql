-- ANALYZE where gpostgres differs from PostgreSQL 15 (see README.md,
-- Known failures).
-- Arrays get element statistics (most_common_elems, DECHIST) in
-- PostgreSQL (array_typanalyze); gpostgres computes the scalar ones only.
CREATE TABLE anp_arr (a int[]);
INSERT INTO anp_arr SELECT ARRAY[g % 3, g % 5] FROM generate_series(1, 60) g;
ANALYZE anp_arr;
SELECT n_distinct, most_common_vals, most_common_elems, most_common_elem_freqs, elem_count_histogram
FROM pg_stats WHERE tablename = 'anp_arr';
-- pg_statistic has no TOAST table in gpostgres: a histogram of long
-- values does not fit in a page, and the column gets no statistics
CREATE TABLE anp_long (t text);
INSERT INTO anp_long SELECT string_agg(md5((g * 100 + i)::text), '') FROM generate_series(1, 200) g, generate_series(1, 10) i GROUP BY g;
ANALYZE anp_long;
SELECT attname, n_distinct, array_length(histogram_bounds::text::text[], 1) FROM pg_stats WHERE tablename = 'anp_long';
DROP TABLE anp_arr, anp_long;
