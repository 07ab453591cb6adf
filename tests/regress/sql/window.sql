--
-- window functions (pending: gpostgres has none yet)
--
CREATE TABLE win_t (id int, grp text, v int);
INSERT INTO win_t VALUES (1, 'a', 10), (2, 'a', 20), (3, 'a', 20), (4, 'b', 5), (5, 'b', NULL), (6, 'c', 7), (7, 'a', 30);
SELECT id, row_number() OVER (ORDER BY id) FROM win_t ORDER BY id;
SELECT id, grp, v, row_number() OVER (PARTITION BY grp ORDER BY v, id) FROM win_t ORDER BY grp, v, id;
SELECT id, v, rank() OVER (ORDER BY v), dense_rank() OVER (ORDER BY v) FROM win_t ORDER BY v, id;
SELECT id, v, percent_rank() OVER (ORDER BY v), cume_dist() OVER (ORDER BY v) FROM win_t ORDER BY v, id;
SELECT id, ntile(3) OVER (ORDER BY id) FROM win_t ORDER BY id;
SELECT id, v, lag(v) OVER (ORDER BY id), lead(v) OVER (ORDER BY id), lag(v, 2, -1) OVER (ORDER BY id) FROM win_t ORDER BY id;
SELECT id, first_value(v) OVER w, last_value(v) OVER w, nth_value(v, 2) OVER w FROM win_t WINDOW w AS (PARTITION BY grp ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) ORDER BY id;
SELECT id, grp, sum(v) OVER (PARTITION BY grp), count(*) OVER (PARTITION BY grp) FROM win_t ORDER BY id;
SELECT id, v, sum(v) OVER (ORDER BY id) AS running FROM win_t ORDER BY id;
SELECT id, v, sum(v) OVER (ORDER BY v RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM win_t ORDER BY v, id;
SELECT id, v, avg(v) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM win_t ORDER BY id;
SELECT id, v, sum(v) OVER (ORDER BY id GROUPS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM win_t ORDER BY id;
SELECT id, v, sum(v) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW EXCLUDE CURRENT ROW) FROM win_t ORDER BY id;
SELECT id, v, max(v) OVER (ORDER BY v RANGE BETWEEN 5 PRECEDING AND 5 FOLLOWING) FROM win_t WHERE v IS NOT NULL ORDER BY v, id;
SELECT grp, sum(v), rank() OVER (ORDER BY sum(v) DESC) FROM win_t GROUP BY grp ORDER BY grp;
SELECT * FROM (SELECT id, grp, row_number() OVER (PARTITION BY grp ORDER BY v DESC NULLS LAST) AS rn FROM win_t) s WHERE rn = 1 ORDER BY grp;
SELECT id, row_number() OVER () IS NOT NULL FROM win_t ORDER BY id;
SELECT row_number() OVER (ORDER BY id) FROM win_t WHERE row_number() OVER (ORDER BY id) > 1;
SELECT rank(v) OVER () FROM win_t;
SELECT id, sum(v) FILTER (WHERE v > 10) OVER (PARTITION BY grp) FROM win_t ORDER BY id;
DROP TABLE win_t;
