-- ANALYZE where gpostgres differs from PostgreSQL 15 (see README.md,
-- Known failures).
-- Arrays get element statistics (most_common_elems, DECHIST) in
-- PostgreSQL (array_typanalyze); gpostgres computes the scalar ones only.
CREATE TABLE anp_arr (a int[]);
INSERT INTO anp_arr SELECT ARRAY[g % 3, g % 5] FROM generate_series(1, 60) g;
ANALYZE anp_arr;
SELECT n_distinct, most_common_vals, most_common_elems, most_common_elem_freqs, elem_count_histogram
FROM pg_stats WHERE tablename = 'anp_arr';
DROP TABLE anp_arr;
