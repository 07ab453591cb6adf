--
-- ORDER BY and DISTINCT inside aggregates, ordered-set and
-- hypothetical-set aggregates, statistical aggregates, bit_xor
--
CREATE TABLE ao_t (id int, g text, x int, t text, n numeric, f float8);
INSERT INTO ao_t VALUES
  (1, 'a', 3, 'c', 1.5, 1.5), (2, 'a', 1, 'a', 2.25, 2.25), (3, 'a', NULL, NULL, NULL, NULL),
  (4, 'b', 10, 'j', -1, -1), (5, 'b', 5, 'e', 100.125, 100.125), (6, 'b', 5, 'e', 7, 7),
  (7, 'c', NULL, 'z', 0, 0), (8, NULL, 2, 'b', 3.75, 3.75), (9, 'b', 1, 'a', 1, 1);
-- ORDER BY inside aggregate calls
SELECT string_agg(t, ',' ORDER BY id) FROM ao_t;
SELECT string_agg(t, ',' ORDER BY id DESC) FROM ao_t;
SELECT string_agg(t, ',' ORDER BY t, id) FROM ao_t;
SELECT string_agg(t, ',' ORDER BY t DESC NULLS LAST, id) FROM ao_t;
SELECT array_agg(x ORDER BY x) FROM ao_t;
SELECT array_agg(x ORDER BY x DESC) FROM ao_t;
SELECT array_agg(x ORDER BY x NULLS FIRST) FROM ao_t;
SELECT array_agg(x ORDER BY x DESC NULLS LAST) FROM ao_t;
SELECT array_agg(x ORDER BY t, id) FROM ao_t;
SELECT array_agg(id ORDER BY g NULLS FIRST, x DESC, id) FROM ao_t;
SELECT g, array_agg(x ORDER BY id DESC), string_agg(t, '-' ORDER BY n) FROM ao_t GROUP BY g ORDER BY g;
SELECT array_agg(n ORDER BY f DESC) FROM ao_t;
SELECT array_agg(id ORDER BY -id) FROM ao_t;
SELECT array_agg(id ORDER BY id % 3, id) FROM ao_t;
SELECT array_agg(id ORDER BY 1) FROM ao_t;
SELECT array_agg(id ORDER BY 'x') FROM ao_t;
SELECT string_agg(t, ',' ORDER BY length(t), t DESC) FROM ao_t;
SELECT count(x ORDER BY id), sum(x ORDER BY t), max(t ORDER BY x) FROM ao_t;
SELECT array_agg(x ORDER BY id) FILTER (WHERE x > 2) FROM ao_t;
SELECT string_agg(t, ',' ORDER BY id) FROM ao_t WHERE false;
SELECT g, string_agg(DISTINCT t, ',' ORDER BY t) FROM ao_t GROUP BY g ORDER BY g;
SELECT (SELECT string_agg(t, ',' ORDER BY o.id + i.id) FROM ao_t i WHERE i.g = o.g) FROM ao_t o WHERE o.id = 1;
SELECT array_agg(v ORDER BY v) FROM (VALUES ('b'::text), ('B'), ('a'), ('A'), ('_')) s(v);
SELECT array_agg(d ORDER BY d DESC) FROM (VALUES (date '2024-01-02'), (date '2023-12-31'), (NULL), (date '2024-01-01')) s(d);
SELECT string_agg(x::text, ',' ORDER BY x DESC) FROM generate_series(1, 3) x;
SELECT array_agg(x ORDER BY x DESC) FROM generate_series(1, 3) x;
-- DISTINCT inside aggregates sorts its input
SELECT array_agg(DISTINCT x) FROM ao_t;
SELECT array_agg(DISTINCT t) FROM ao_t;
SELECT array_agg(DISTINCT x ORDER BY x DESC) FROM ao_t;
SELECT array_agg(DISTINCT x ORDER BY x DESC NULLS LAST) FROM ao_t;
SELECT string_agg(DISTINCT t, ',') FROM ao_t;
SELECT string_agg(DISTINCT t, ',' ORDER BY t DESC) FROM ao_t;
SELECT string_agg(DISTINCT (x % 3)::text, ',') FROM generate_series(1, 20) x;
SELECT array_agg(DISTINCT v) FROM (VALUES (3), (1), (NULL), (2), (1), (NULL)) s(v);
SELECT array_agg(DISTINCT v) FROM (VALUES (1.0), (1.00), (2), (1)) s(v);
SELECT count(DISTINCT x), sum(DISTINCT x), avg(DISTINCT x), count(DISTINCT t) FROM ao_t;
SELECT g, array_agg(DISTINCT x), count(DISTINCT x) FROM ao_t GROUP BY g ORDER BY g;
SELECT array_agg(DISTINCT g) FROM ao_t;
SELECT array_agg(DISTINCT x) FILTER (WHERE id > 3) FROM ao_t;
-- errors
SELECT array_agg(DISTINCT x ORDER BY id) FROM ao_t;
SELECT count(DISTINCT x ORDER BY t) FROM ao_t;
SELECT string_agg(DISTINCT t, ',' ORDER BY x) FROM ao_t;
SELECT array_agg(x ORDER BY nosuch) FROM ao_t;
SELECT array_agg(x ORDER BY sum(x)) FROM ao_t;
SELECT lower(t ORDER BY id) FROM ao_t;
SELECT sum(x) FILTER (WHERE sum(x) > 1) FROM ao_t;
SELECT count(*) FILTER (WHERE max(id) > 1) FROM ao_t;
SELECT count(*) FILTER (WHERE generate_series(1, 2) > 0) FROM ao_t;
-- ordered-set aggregates
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FROM ao_t;
SELECT percentile_cont(0.25) WITHIN GROUP (ORDER BY f) FROM ao_t;
SELECT percentile_cont(0.75) WITHIN GROUP (ORDER BY f DESC) FROM ao_t;
SELECT percentile_cont(0) WITHIN GROUP (ORDER BY x), percentile_cont(1) WITHIN GROUP (ORDER BY x) FROM ao_t;
SELECT percentile_cont(0.3) WITHIN GROUP (ORDER BY n) FROM ao_t;
SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY x) FROM ao_t;
SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY t) FROM ao_t;
SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY n DESC) FROM ao_t;
SELECT percentile_disc(0) WITHIN GROUP (ORDER BY x), percentile_disc(1) WITHIN GROUP (ORDER BY x) FROM ao_t;
SELECT percentile_cont(ARRAY[0, 0.25, 0.5, 0.75, 1]) WITHIN GROUP (ORDER BY x) FROM ao_t;
SELECT percentile_cont(ARRAY[0.1, NULL, 0.9]) WITHIN GROUP (ORDER BY f) FROM ao_t;
SELECT percentile_disc(ARRAY[0.1, 0.5, 0.9]) WITHIN GROUP (ORDER BY t) FROM ao_t;
SELECT percentile_disc('{{0.1, 0.5}, {0.6, 1}}'::float8[]) WITHIN GROUP (ORDER BY x) FROM ao_t;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY v) FROM (VALUES (interval '1 hour'), (interval '2 days'), (interval '1 month')) s(v);
SELECT percentile_cont(ARRAY[0.25, 0.5]) WITHIN GROUP (ORDER BY v) FROM (VALUES (interval '1 hour'), (interval '3 hours')) s(v);
SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY d) FROM (VALUES (date '2024-01-02'), (date '2023-12-31'), (date '2024-01-01')) s(d);
SELECT g, percentile_cont(0.5) WITHIN GROUP (ORDER BY x), percentile_disc(0.5) WITHIN GROUP (ORDER BY x) FROM ao_t GROUP BY g ORDER BY g;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FROM ao_t WHERE false;
SELECT percentile_cont(NULL) WITHIN GROUP (ORDER BY x) FROM ao_t;
SELECT percentile_cont(NULL::float8[]) WITHIN GROUP (ORDER BY x) FROM ao_t;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FILTER (WHERE id < 5) FROM ao_t;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x::float8 / 3) FROM ao_t;
SELECT x, percentile_cont(x / 10.0) WITHIN GROUP (ORDER BY id) FROM ao_t GROUP BY x ORDER BY x;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FROM generate_series(1, 4) x;
SELECT pg_typeof(percentile_cont(0.5) WITHIN GROUP (ORDER BY x)), pg_typeof(percentile_disc(0.5) WITHIN GROUP (ORDER BY x)) FROM ao_t;
SELECT mode() WITHIN GROUP (ORDER BY x) FROM ao_t;
SELECT mode() WITHIN GROUP (ORDER BY t) FROM ao_t;
SELECT mode() WITHIN GROUP (ORDER BY x DESC) FROM ao_t;
SELECT mode() WITHIN GROUP (ORDER BY v) FROM (VALUES (2), (1), (2), (1), (3)) s(v);
SELECT mode() WITHIN GROUP (ORDER BY v DESC) FROM (VALUES (2), (1), (2), (1), (3)) s(v);
SELECT g, mode() WITHIN GROUP (ORDER BY t) FROM ao_t GROUP BY g ORDER BY g;
SELECT mode() WITHIN GROUP (ORDER BY x) FROM ao_t WHERE x IS NULL;
SELECT mode() WITHIN GROUP (ORDER BY x) FROM generate_series(1, 4) x;
-- hypothetical-set aggregates
SELECT rank(3) WITHIN GROUP (ORDER BY x) FROM ao_t;
SELECT rank(5) WITHIN GROUP (ORDER BY x), dense_rank(5) WITHIN GROUP (ORDER BY x) FROM ao_t;
SELECT rank(5) WITHIN GROUP (ORDER BY x DESC), dense_rank(5) WITHIN GROUP (ORDER BY x DESC) FROM ao_t;
SELECT percent_rank(5) WITHIN GROUP (ORDER BY x), cume_dist(5) WITHIN GROUP (ORDER BY x) FROM ao_t;
SELECT rank(100) WITHIN GROUP (ORDER BY x), rank(-1) WITHIN GROUP (ORDER BY x) FROM ao_t;
SELECT rank(NULL) WITHIN GROUP (ORDER BY x), cume_dist(NULL) WITHIN GROUP (ORDER BY x NULLS FIRST) FROM ao_t;
SELECT rank('e') WITHIN GROUP (ORDER BY t), dense_rank('e') WITHIN GROUP (ORDER BY t), percent_rank('e') WITHIN GROUP (ORDER BY t), cume_dist('e') WITHIN GROUP (ORDER BY t) FROM ao_t;
SELECT rank(5, 'e') WITHIN GROUP (ORDER BY x, t), rank(5, 'f') WITHIN GROUP (ORDER BY x, t DESC) FROM ao_t;
SELECT rank(2.5) WITHIN GROUP (ORDER BY x), dense_rank(2.5) WITHIN GROUP (ORDER BY n) FROM ao_t;
SELECT g, rank(5) WITHIN GROUP (ORDER BY x), percent_rank(5) WITHIN GROUP (ORDER BY x) FROM ao_t GROUP BY g ORDER BY g;
SELECT rank(1) WITHIN GROUP (ORDER BY x), percent_rank(1) WITHIN GROUP (ORDER BY x), cume_dist(1) WITHIN GROUP (ORDER BY x) FROM ao_t WHERE false;
SELECT rank(2) WITHIN GROUP (ORDER BY x) FROM generate_series(1, 4) x;
SELECT pg_typeof(rank(1) WITHIN GROUP (ORDER BY x)), pg_typeof(cume_dist(1) WITHIN GROUP (ORDER BY x)) FROM ao_t;
-- ordered-set errors
SELECT percentile_cont(1.5) WITHIN GROUP (ORDER BY x) FROM ao_t;
SELECT percentile_cont(-0.1) WITHIN GROUP (ORDER BY x) FROM ao_t;
SELECT percentile_disc(ARRAY[0.5, 2]) WITHIN GROUP (ORDER BY x) FROM ao_t;
SELECT percentile_cont('NaN') WITHIN GROUP (ORDER BY x) FROM ao_t;
SELECT percentile_cont(x) WITHIN GROUP (ORDER BY x) FROM ao_t;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY t) FROM ao_t;
SELECT percentile_cont(0.5) FROM ao_t;
SELECT mode() FROM ao_t;
SELECT rank(1, 2) WITHIN GROUP (ORDER BY x) FROM ao_t;
SELECT rank(1) WITHIN GROUP (ORDER BY x, t) FROM ao_t;
SELECT sum(x) WITHIN GROUP (ORDER BY x) FROM ao_t;
SELECT lower(t) WITHIN GROUP (ORDER BY t) FROM ao_t;
SELECT percentile_cont(sum(x)) WITHIN GROUP (ORDER BY x) FROM ao_t;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY sum(x)) FROM ao_t;
SELECT rank('x') WITHIN GROUP (ORDER BY x) FROM ao_t;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FROM ao_t WHERE percentile_cont(0.5) WITHIN GROUP (ORDER BY x) > 0;
-- statistical aggregates: numeric accumulators
SELECT stddev(x), variance(x) FROM generate_series(1, 10) x;
SELECT stddev_pop(x), stddev_samp(x), var_pop(x), var_samp(x) FROM (VALUES (1.0), (2.0), (4.0)) v(x);
SELECT stddev(x), variance(x) FROM (VALUES (1.0)) v(x);
SELECT stddev_pop(x), var_pop(x) FROM (VALUES (1.0)) v(x);
SELECT stddev(x), variance(x), stddev_pop(x), var_pop(x) FROM ao_t;
SELECT stddev(n), variance(n), stddev_pop(n), var_pop(n), stddev_samp(n), var_samp(n) FROM ao_t;
SELECT g, stddev(n), variance(x) FROM ao_t GROUP BY g ORDER BY g;
SELECT stddev(x::int2), variance(x::int2), stddev(x::int8), variance(x::int8) FROM ao_t;
SELECT var_samp(v), stddev_samp(v) FROM (VALUES (0.1), (0.12), (0.123), (0.1234)) s(v);
SELECT var_pop(v), stddev_pop(v) FROM (VALUES (1e20), (1e20 + 1), (1e20 + 2)) s(v);
SELECT variance(v), stddev(v) FROM (VALUES (5), (5), (5)) s(v);
SELECT variance(v), stddev(v) FROM (VALUES (1.000000000000001), (1.000000000000002)) s(v);
SELECT variance(v) FROM (VALUES (123456789012345678), (-98765432109876543), (1)) s(v);
SELECT variance(v), stddev(v) FROM (VALUES ('NaN'::numeric), (1)) s(v);
SELECT variance(v), stddev_pop(v) FROM (VALUES ('Infinity'::numeric), (1)) s(v);
SELECT variance(v) FROM (VALUES ('NaN'::numeric)) s(v);
SELECT stddev(n), variance(n) FROM ao_t WHERE false;
SELECT pg_typeof(stddev(1)), pg_typeof(variance(1::int8)), pg_typeof(var_pop(1.5)), pg_typeof(stddev(1.5::float8)), pg_typeof(var_samp(1::float4));
SELECT stddev(x), variance(x) FROM (SELECT x FROM generate_series(1, 1000) x) s;
SELECT round(stddev(x * 1.1), 10), var_samp(x * 0.01) FROM generate_series(1, 100) x;
-- statistical aggregates: float8 (Youngs-Cramer)
SELECT stddev(f), variance(f), stddev_pop(f), var_pop(f), stddev_samp(f), var_samp(f) FROM ao_t;
SELECT stddev(x::float8), variance(x::float8), stddev_pop(x::float8) FROM generate_series(1, 5) x;
SELECT stddev(x::float4), variance(x::float4), var_pop(x::float4) FROM generate_series(1, 5) x;
SELECT variance(v), stddev(v) FROM (VALUES (1e300::float8), (-1e300)) s(v);
SELECT variance(v) FROM (VALUES ('Infinity'::float8), (1)) s(v);
SELECT variance(v), var_pop(v) FROM (VALUES ('NaN'::float8)) s(v);
SELECT variance(v), var_pop(v) FROM (VALUES ('Infinity'::float8)) s(v);
SELECT var_pop(v), var_samp(v) FROM (VALUES (0.1::float8), (0.2), (0.3)) s(v);
SELECT variance(v) FROM (VALUES (1.7976931348623157e308::float8), (-1.7976931348623157e308)) s(v);
-- two-variable regression aggregates (first argument Y, second X)
SELECT corr(x, y), covar_pop(x, y), covar_samp(x, y), regr_slope(y, x), regr_intercept(y, x), regr_count(y, x), regr_r2(y, x) FROM (VALUES (1, 2), (2, 4), (3, 7), (4, 8)) v(x, y);
SELECT regr_avgx(y, x), regr_avgy(y, x), regr_sxx(y, x), regr_syy(y, x), regr_sxy(y, x) FROM (VALUES (1, 2), (2, 4), (3, 7), (4, 8)) v(x, y);
SELECT corr(f, x), covar_pop(f, x), covar_samp(f, x), regr_count(f, x), regr_r2(f, x) FROM ao_t;
SELECT regr_slope(f, id), regr_intercept(f, id), regr_avgx(f, id), regr_avgy(f, id), regr_sxx(f, id), regr_syy(f, id), regr_sxy(f, id) FROM ao_t;
SELECT g, corr(id, x), regr_count(id, x), covar_samp(id, x) FROM ao_t GROUP BY g ORDER BY g;
SELECT corr(y, x), regr_slope(y, x), regr_r2(y, x), regr_intercept(y, x) FROM (VALUES (1, 5), (2, 5), (3, 5)) v(x, y);
SELECT corr(y, x), regr_slope(y, x), regr_r2(y, x), regr_intercept(y, x) FROM (VALUES (5, 1), (5, 2), (5, 3)) v(x, y);
SELECT covar_pop(y, x), covar_samp(y, x), corr(y, x), regr_sxx(y, x) FROM (VALUES (1, 2)) v(x, y);
SELECT regr_count(y, x), regr_sxx(y, x), covar_pop(y, x), regr_avgx(y, x) FROM (VALUES (1, NULL), (NULL, 2)) v(x, y);
SELECT corr(y, x), covar_pop(y, x) FROM (VALUES (1e300::float8, 1e300::float8), (-1e300, -1e300)) v(x, y);
SELECT corr(y, x), regr_sxy(y, x) FROM (VALUES ('NaN'::float8, 1::float8), (1, 2)) v(x, y);
SELECT corr(y, x), regr_sxx(y, x), regr_syy(y, x) FROM (VALUES ('Infinity'::float8, 1::float8), (1, 2)) v(x, y);
SELECT corr(x * 0.37, x * x), regr_slope(x * 1.1, x), regr_intercept(x * 1.1 + 0.3, x) FROM generate_series(1, 50) x;
SELECT pg_typeof(corr(1, 2)), pg_typeof(regr_count(1, 2)), regr_count(1, 2);
-- bit_xor, bool_and, bool_or, every
SELECT bit_and(x), bit_or(x), bit_xor(x) FROM generate_series(1, 6) x;
SELECT bit_xor(x::int2), bit_xor(x::int8), pg_typeof(bit_xor(x::int2)), pg_typeof(bit_xor(x::int8)) FROM generate_series(1, 7) x;
SELECT bit_xor(x), bit_xor(DISTINCT x) FROM ao_t;
SELECT g, bit_xor(x), bit_and(x), bit_or(x) FROM ao_t GROUP BY g ORDER BY g;
SELECT bit_xor(x) FROM ao_t WHERE false;
SELECT bool_and(x > 0), bool_or(x > 5), every(x < 20), bool_and(x > 1) FROM ao_t;
SELECT g, bool_and(t < 'f'), bool_or(t = 'z'), every(x IS NOT NULL) FROM ao_t GROUP BY g ORDER BY g;
SELECT bool_and(b), bool_or(b), every(b) FROM (VALUES (NULL::bool)) s(b);
-- statistical aggregates with FILTER, DISTINCT and ORDER BY
SELECT variance(DISTINCT x), stddev(x) FILTER (WHERE x < 10), var_pop(x ORDER BY id) FROM ao_t;
SELECT corr(DISTINCT x, x), regr_count(x, id) FILTER (WHERE id > 4) FROM ao_t;
-- errors
SELECT stddev(t) FROM ao_t;
SELECT corr(t, x) FROM ao_t;
SELECT bit_xor(f) FROM ao_t;
SELECT bool_and(x) FROM ao_t;
SELECT variance(x, x) FROM ao_t;
SELECT stddev(x) FROM ao_t WHERE stddev(x) > 0;
SELECT x, stddev(x) FROM ao_t;
SELECT corr(x, sum(x)) FROM ao_t;
DROP TABLE ao_t;
