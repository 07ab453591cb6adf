--
-- window functions
--
CREATE TABLE win_t (id int, grp text, v int);
INSERT INTO win_t VALUES (1, 'a', 10), (2, 'a', 20), (3, 'a', 20), (4, 'b', 5), (5, 'b', NULL), (6, 'c', 7), (7, 'a', 30);
CREATE TABLE win_emp (name text, dept text, salary numeric(10,2), hired date, bonus float8);
INSERT INTO win_emp VALUES
  ('ann', 'sales', 5000, '2020-01-15', 1.5),
  ('bob', 'sales', 4200, '2020-03-01', NULL),
  ('cid', 'sales', 4200, '2021-06-30', 0.5),
  ('dee', 'dev', 6100.50, '2019-11-11', 2),
  ('eve', 'dev', 7300, '2020-01-16', 2),
  ('fay', 'dev', 6100.50, '2022-02-28', NULL),
  ('gus', 'ops', 3900, '2018-07-04', 1),
  ('hal', 'hr', NULL, '2023-01-01', NULL);
-- ranking functions
SELECT id, row_number() OVER (ORDER BY id) FROM win_t ORDER BY id;
SELECT id, grp, v, row_number() OVER (PARTITION BY grp ORDER BY v, id) FROM win_t ORDER BY grp, v, id;
SELECT id, v, rank() OVER (ORDER BY v), dense_rank() OVER (ORDER BY v) FROM win_t ORDER BY v, id;
SELECT id, v, percent_rank() OVER (ORDER BY v), cume_dist() OVER (ORDER BY v) FROM win_t ORDER BY v, id;
SELECT id, v, rank() OVER (ORDER BY v DESC), dense_rank() OVER (ORDER BY v DESC NULLS LAST) FROM win_t ORDER BY id;
SELECT name, dept, salary, rank() OVER (PARTITION BY dept ORDER BY salary DESC), dense_rank() OVER (PARTITION BY dept ORDER BY salary DESC) FROM win_emp ORDER BY dept, salary DESC, name;
SELECT name, percent_rank() OVER (PARTITION BY dept ORDER BY salary), cume_dist() OVER (PARTITION BY dept ORDER BY salary) FROM win_emp ORDER BY name;
SELECT id, rank() OVER (), dense_rank() OVER (), percent_rank() OVER (), cume_dist() OVER () FROM win_t ORDER BY id;
SELECT id, row_number(*) OVER (ORDER BY id DESC) FROM win_t ORDER BY id;
SELECT pg_typeof(row_number() OVER ()), pg_typeof(rank() OVER ()), pg_typeof(percent_rank() OVER ()), pg_typeof(ntile(2) OVER ()) FROM win_t LIMIT 1;
-- ntile
SELECT id, ntile(3) OVER (ORDER BY id) FROM win_t ORDER BY id;
SELECT id, ntile(2) OVER (PARTITION BY grp ORDER BY id), ntile(10) OVER (ORDER BY id) FROM win_t ORDER BY id;
SELECT id, ntile(1) OVER (ORDER BY id), ntile(7) OVER (ORDER BY id), ntile(4) OVER (ORDER BY id) FROM win_t ORDER BY id;
SELECT id, ntile(NULL) OVER (ORDER BY id) FROM win_t ORDER BY id;
SELECT x, ntile(CASE WHEN x < 3 THEN NULL ELSE 2 END) OVER (ORDER BY x) FROM generate_series(1, 6) x ORDER BY x;
SELECT ntile(0) OVER () FROM win_t;
SELECT ntile(-1) OVER (ORDER BY id) FROM win_t;
SELECT ntile(0) OVER () FROM win_t WHERE false;
-- lag and lead
SELECT id, v, lag(v) OVER (ORDER BY id), lead(v) OVER (ORDER BY id), lag(v, 2, -1) OVER (ORDER BY id) FROM win_t ORDER BY id;
SELECT id, lag(id, 0) OVER (ORDER BY id), lead(id, 3) OVER (ORDER BY id), lag(id, -1) OVER (ORDER BY id), lead(id, -2, 0) OVER (ORDER BY id) FROM win_t ORDER BY id;
SELECT id, grp, lag(id) OVER (PARTITION BY grp ORDER BY id), lead(id, 1, 99) OVER (PARTITION BY grp ORDER BY id) FROM win_t ORDER BY id;
SELECT id, lag(id, NULL) OVER (ORDER BY id), lead(id, NULL::int, 5) OVER (ORDER BY id) FROM win_t ORDER BY id;
SELECT id, lag(v, 1, 1.5) OVER (ORDER BY id), pg_typeof(lag(v, 1, 1.5) OVER (ORDER BY id)) FROM win_t ORDER BY id;
SELECT name, lag(name, 1, 'none') OVER (ORDER BY hired), lead(hired) OVER (ORDER BY hired) FROM win_emp ORDER BY hired;
SELECT id, lag(id, id % 3) OVER (ORDER BY id), lead(v, 1, id) OVER (ORDER BY id) FROM win_t ORDER BY id;
SELECT id, lag(v, 1, 'x') OVER (ORDER BY id) FROM win_t;
SELECT lag() OVER () FROM win_t;
-- first_value, last_value, nth_value
SELECT id, first_value(v) OVER w, last_value(v) OVER w, nth_value(v, 2) OVER w FROM win_t WINDOW w AS (PARTITION BY grp ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) ORDER BY id;
SELECT id, first_value(id) OVER (ORDER BY v), last_value(id) OVER (ORDER BY v, id), nth_value(id, 3) OVER (ORDER BY id) FROM win_t ORDER BY id;
SELECT id, nth_value(id, 10) OVER (), nth_value(id, NULL) OVER () FROM win_t ORDER BY id;
SELECT nth_value(id, 0) OVER () FROM win_t;
SELECT id, nth_value(id, id) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) FROM win_t ORDER BY id;
SELECT name, first_value(name) OVER (PARTITION BY dept ORDER BY salary DESC NULLS LAST, name), last_value(name) OVER (PARTITION BY dept ORDER BY salary ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) FROM win_emp ORDER BY name;
-- aggregates as window functions
SELECT id, grp, sum(v) OVER (PARTITION BY grp), count(*) OVER (PARTITION BY grp), count(v) OVER (PARTITION BY grp) FROM win_t ORDER BY id;
SELECT id, v, sum(v) OVER (ORDER BY id) AS running, avg(v) OVER (ORDER BY id), min(v) OVER (ORDER BY id), max(v) OVER (ORDER BY id) FROM win_t ORDER BY id;
SELECT id, v, sum(v) OVER (ORDER BY v RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM win_t ORDER BY v, id;
SELECT id, v, sum(v) OVER (ORDER BY v) FROM win_t ORDER BY v, id;
SELECT id, string_agg(grp, ',') OVER (ORDER BY id), array_agg(v) OVER (ORDER BY id ROWS 2 PRECEDING) FROM win_t ORDER BY id;
SELECT dept, name, sum(salary) OVER (PARTITION BY dept), avg(salary) OVER (PARTITION BY dept), salary * 100 / sum(salary) OVER (PARTITION BY dept) AS pct FROM win_emp ORDER BY dept, name;
SELECT name, sum(bonus) OVER (ORDER BY name), avg(bonus) OVER (ORDER BY name ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM win_emp ORDER BY name;
SELECT name, bool_and(bonus > 1) OVER (PARTITION BY dept), bool_or(bonus > 1) OVER (PARTITION BY dept), every(salary > 4000) OVER (ORDER BY name) FROM win_emp ORDER BY name;
SELECT id, bit_and(v) OVER (ORDER BY id), bit_or(v) OVER (ORDER BY id) FROM win_t ORDER BY id;
SELECT name, min(hired) OVER (PARTITION BY dept), max(name) OVER (ORDER BY hired ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) FROM win_emp ORDER BY name;
SELECT id, sum(v::bigint) OVER (ORDER BY id), sum(v::numeric) OVER (ORDER BY id), sum(v::float4) OVER (ORDER BY id), avg(v::float8) OVER () FROM win_t ORDER BY id;
SELECT id, sum(v * interval '1 day') OVER (ORDER BY id), avg(id * interval '1 hour') OVER () FROM win_t ORDER BY id;
SELECT count() OVER () FROM win_t;
SELECT count(DISTINCT v) OVER () FROM win_t;
SELECT sum(v ORDER BY v) OVER () FROM win_t;
-- FILTER on window aggregates
SELECT id, sum(v) FILTER (WHERE v > 10) OVER (PARTITION BY grp) FROM win_t ORDER BY id;
SELECT id, count(*) FILTER (WHERE v IS NULL) OVER (), count(*) FILTER (WHERE id % 2 = 0) OVER (ORDER BY id) FROM win_t ORDER BY id;
SELECT id, avg(v) FILTER (WHERE grp <> 'a') OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) FROM win_t ORDER BY id;
SELECT rank() FILTER (WHERE v > 1) OVER () FROM win_t;
SELECT sum(v) FILTER (WHERE rank() OVER () > 1) FROM win_t;
SELECT sum(v) FILTER (WHERE sum(v) > 1) OVER () FROM win_t;
SELECT sum(v) FILTER (WHERE v) OVER () FROM win_t;
-- frames: ROWS
SELECT id, v, avg(v) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM win_t ORDER BY id;
SELECT id, sum(id) OVER (ORDER BY id ROWS 2 PRECEDING), sum(id) OVER (ORDER BY id ROWS BETWEEN CURRENT ROW AND 2 FOLLOWING) FROM win_t ORDER BY id;
SELECT id, sum(id) OVER (ORDER BY id ROWS BETWEEN 3 PRECEDING AND 1 PRECEDING), sum(id) OVER (ORDER BY id ROWS BETWEEN 1 FOLLOWING AND 3 FOLLOWING) FROM win_t ORDER BY id;
SELECT id, sum(id) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING), sum(id) OVER (ORDER BY id ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) FROM win_t ORDER BY id;
SELECT id, count(*) OVER (ORDER BY id ROWS BETWEEN 0 PRECEDING AND 0 FOLLOWING), count(*) OVER (ORDER BY id ROWS BETWEEN 100 PRECEDING AND 9223372036854775807 FOLLOWING) FROM win_t ORDER BY id;
SELECT id, sum(id) OVER (ORDER BY id ROWS BETWEEN 2 FOLLOWING AND 1 FOLLOWING), first_value(id) OVER (ORDER BY id ROWS BETWEEN 5 FOLLOWING AND UNBOUNDED FOLLOWING) FROM win_t ORDER BY id;
SELECT id, sum(id) OVER (PARTITION BY grp ORDER BY id ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM win_t ORDER BY id;
SELECT id, sum(id) OVER (ORDER BY id ROWS (1 + 1) PRECEDING), sum(id) OVER (ORDER BY id ROWS '1' PRECEDING) FROM win_t ORDER BY id;
-- frames: RANGE
SELECT id, v, sum(id) OVER (ORDER BY v RANGE BETWEEN CURRENT ROW AND CURRENT ROW), sum(id) OVER (ORDER BY v RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) FROM win_t ORDER BY v, id;
SELECT id, v, max(v) OVER (ORDER BY v RANGE BETWEEN 5 PRECEDING AND 5 FOLLOWING) FROM win_t WHERE v IS NOT NULL ORDER BY v, id;
SELECT id, v, sum(id) OVER (ORDER BY v RANGE BETWEEN 10 PRECEDING AND CURRENT ROW), count(*) OVER (ORDER BY v RANGE 3 PRECEDING) FROM win_t ORDER BY v, id;
SELECT id, v, sum(id) OVER (ORDER BY v DESC RANGE BETWEEN 10 PRECEDING AND 5 FOLLOWING) FROM win_t ORDER BY v DESC, id;
SELECT id, v, sum(id) OVER (ORDER BY v NULLS FIRST RANGE BETWEEN 1 PRECEDING AND 10 FOLLOWING), sum(id) OVER (ORDER BY v DESC NULLS LAST RANGE BETWEEN CURRENT ROW AND 10 FOLLOWING) FROM win_t ORDER BY v, id;
SELECT id, v, sum(id) OVER (ORDER BY v RANGE BETWEEN 5 FOLLOWING AND 20 FOLLOWING), sum(id) OVER (ORDER BY v RANGE BETWEEN 20 PRECEDING AND 10 PRECEDING) FROM win_t ORDER BY v, id;
SELECT id, v, count(*) OVER (ORDER BY v::bigint RANGE BETWEEN 10 PRECEDING AND 10 FOLLOWING), count(*) OVER (ORDER BY v::smallint RANGE BETWEEN 10::smallint PRECEDING AND 10::bigint FOLLOWING) FROM win_t ORDER BY v, id;
SELECT name, salary, sum(salary) OVER (ORDER BY salary RANGE BETWEEN 300.5 PRECEDING AND 1000 FOLLOWING) FROM win_emp ORDER BY salary, name;
SELECT name, bonus, count(*) OVER (ORDER BY bonus RANGE BETWEEN 0.5 PRECEDING AND 0.5 FOLLOWING), count(*) OVER (ORDER BY bonus::float4 RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) FROM win_emp ORDER BY bonus, name;
SELECT name, hired, count(*) OVER (ORDER BY hired RANGE BETWEEN '1 year' PRECEDING AND CURRENT ROW), string_agg(name, ',') OVER (ORDER BY hired RANGE BETWEEN CURRENT ROW AND '6 months'::interval FOLLOWING) FROM win_emp ORDER BY hired;
SELECT name, hired, count(*) OVER (ORDER BY hired::timestamp RANGE BETWEEN '400 days' PRECEDING AND '1 day' PRECEDING), count(*) OVER (ORDER BY hired::timestamptz DESC RANGE BETWEEN '1 mon' PRECEDING AND '1 year' FOLLOWING) FROM win_emp ORDER BY hired;
SELECT x, count(*) OVER (ORDER BY x RANGE BETWEEN '2 hours' PRECEDING AND '1 hour' FOLLOWING) FROM (VALUES (interval '1 hour'), ('2 hours'), ('3 hours 30 minutes'), ('1 day')) s(x) ORDER BY x;
SELECT x, count(*) OVER (ORDER BY x RANGE BETWEEN '1 hour' PRECEDING AND '1 hour' FOLLOWING) FROM (VALUES (time '01:00'), ('02:00'), ('02:30'), ('23:30')) s(x) ORDER BY x;
SELECT x, sum(x) OVER (ORDER BY x RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM (VALUES (2147483647), (2147483646), (-2147483648), (1)) s(x) ORDER BY x;
SELECT x, count(*) OVER (ORDER BY x RANGE BETWEEN 'infinity' PRECEDING AND 1 FOLLOWING) FROM (VALUES (1.5::float8), (3), ('infinity'), ('-infinity'), ('nan')) s(x) ORDER BY x;
SELECT x, count(*) OVER (ORDER BY x RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM (VALUES (1.5::numeric), (2.5), ('nan'), (NULL)) s(x) ORDER BY x;
-- frames: GROUPS
SELECT id, v, sum(id) OVER (ORDER BY v GROUPS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM win_t ORDER BY v, id;
SELECT id, v, sum(id) OVER (ORDER BY v GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING), sum(id) OVER (ORDER BY v GROUPS BETWEEN 2 FOLLOWING AND UNBOUNDED FOLLOWING) FROM win_t ORDER BY v, id;
SELECT id, v, sum(id) OVER (ORDER BY v GROUPS BETWEEN CURRENT ROW AND CURRENT ROW), sum(id) OVER (ORDER BY v GROUPS BETWEEN 3 PRECEDING AND 2 PRECEDING) FROM win_t ORDER BY v, id;
SELECT id, v, sum(id) OVER (ORDER BY id GROUPS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM win_t ORDER BY id;
-- EXCLUDE
SELECT id, v, sum(v) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW EXCLUDE CURRENT ROW) FROM win_t ORDER BY id;
SELECT id, v, sum(id) OVER (ORDER BY v ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING EXCLUDE GROUP), sum(id) OVER (ORDER BY v ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING EXCLUDE TIES) FROM win_t ORDER BY v, id;
SELECT id, v, sum(id) OVER (ORDER BY v RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW EXCLUDE NO OTHERS), sum(id) OVER (ORDER BY v RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW EXCLUDE TIES) FROM win_t ORDER BY v, id;
SELECT id, v, first_value(id) OVER w, last_value(id) OVER w, nth_value(id, 2) OVER w FROM win_t WINDOW w AS (ORDER BY v GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE GROUP) ORDER BY v, id;
SELECT id, v, array_agg(id) OVER (ORDER BY v, id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE CURRENT ROW), count(*) OVER (ORDER BY v RANGE BETWEEN 10 PRECEDING AND 10 FOLLOWING EXCLUDE GROUP) FROM win_t ORDER BY v, id;
-- frame errors
SELECT sum(v) OVER (ORDER BY v ROWS 1 FOLLOWING) FROM win_t;
SELECT sum(v) OVER (ORDER BY v ROWS BETWEEN CURRENT ROW AND 1 PRECEDING) FROM win_t;
SELECT sum(v) OVER (ORDER BY v ROWS BETWEEN 1 FOLLOWING AND CURRENT ROW) FROM win_t;
SELECT sum(v) OVER (ORDER BY v ROWS UNBOUNDED FOLLOWING) FROM win_t;
SELECT sum(v) OVER (ORDER BY v ROWS BETWEEN CURRENT ROW AND UNBOUNDED PRECEDING) FROM win_t;
SELECT sum(v) OVER (ORDER BY v RANGE BETWEEN UNBOUNDED FOLLOWING AND CURRENT ROW) FROM win_t;
SELECT sum(v) OVER (ORDER BY v, id RANGE 1 PRECEDING) FROM win_t;
SELECT sum(v) OVER (RANGE BETWEEN CURRENT ROW AND 1 FOLLOWING) FROM win_t;
SELECT sum(v) OVER (GROUPS 1 PRECEDING) FROM win_t;
SELECT sum(v) OVER (ORDER BY grp RANGE '1' PRECEDING) FROM win_t;
SELECT name, count(*) OVER (ORDER BY hired RANGE 1 PRECEDING) FROM win_emp;
SELECT sum(v) OVER (ORDER BY v RANGE 1.5 PRECEDING) FROM win_t;
SELECT sum(v) OVER (ORDER BY v ROWS v PRECEDING) FROM win_t;
SELECT sum(v) OVER (ORDER BY v ROWS 'x' PRECEDING) FROM win_t;
SELECT sum(v) OVER (ORDER BY v ROWS 1.5 PRECEDING) FROM win_t ORDER BY 1;
SELECT sum(v) OVER (ORDER BY v ROWS true PRECEDING) FROM win_t;
SELECT sum(v) OVER (ORDER BY v ROWS sum(v) PRECEDING) FROM win_t;
SELECT sum(v) OVER (ORDER BY v GROUPS rank() OVER () PRECEDING) FROM win_t;
SELECT sum(v) OVER (ROWS -1 PRECEDING) FROM win_t;
SELECT sum(v) OVER (ROWS BETWEEN 1 PRECEDING AND -1 FOLLOWING) FROM win_t;
SELECT sum(v) OVER (ROWS NULL PRECEDING) FROM win_t;
SELECT sum(v) OVER (ORDER BY v ROWS BETWEEN CURRENT ROW AND NULL FOLLOWING) FROM win_t;
SELECT sum(v) OVER (ORDER BY v GROUPS -1 PRECEDING) FROM win_t;
SELECT sum(v) OVER (ORDER BY v RANGE -1 PRECEDING) FROM win_t;
SELECT sum(v) OVER (ORDER BY v RANGE NULL PRECEDING) FROM win_t;
SELECT sum(v) OVER (ROWS -1 PRECEDING) FROM win_t WHERE false;
SELECT count(*) OVER (ORDER BY hired RANGE '-1 day' PRECEDING) FROM win_emp;
-- named windows
SELECT id, sum(v) OVER w, rank() OVER w FROM win_t WINDOW w AS (PARTITION BY grp ORDER BY id) ORDER BY id;
SELECT id, sum(v) OVER (w ORDER BY id), count(*) OVER (w) FROM win_t WINDOW w AS (PARTITION BY grp) ORDER BY id;
SELECT id, sum(v) OVER (w ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM win_t WINDOW w AS (ORDER BY id) ORDER BY id;
SELECT id, sum(id) OVER x, sum(id) OVER y FROM win_t WINDOW w AS (PARTITION BY grp), x AS (w ORDER BY id), y AS (x ROWS UNBOUNDED PRECEDING) ORDER BY id;
SELECT id, sum(id) OVER w FROM win_t WINDOW w AS (ORDER BY id ROWS 1 PRECEDING) ORDER BY id;
SELECT id FROM win_t WINDOW w AS (ORDER BY id) ORDER BY id;
SELECT rank() OVER w FROM win_t;
SELECT rank() OVER w FROM win_t WINDOW w AS (), w AS ();
SELECT rank() OVER (w PARTITION BY grp) FROM win_t WINDOW w AS ();
SELECT rank() OVER (w ORDER BY grp) FROM win_t WINDOW w AS (ORDER BY v);
SELECT rank() OVER (w) FROM win_t WINDOW w AS (ROWS UNBOUNDED PRECEDING);
SELECT rank() OVER (w ORDER BY v) FROM win_t WINDOW w AS (ROWS UNBOUNDED PRECEDING);
SELECT rank() OVER (x) FROM win_t WINDOW w AS ();
SELECT 1 FROM win_t WINDOW w AS (x);
SELECT 1 FROM win_t WINDOW w AS (ORDER BY nosuch);
SELECT 1 FROM win_t WINDOW w AS (ORDER BY v ROWS 1 FOLLOWING);
-- placement errors
SELECT row_number() OVER (ORDER BY id) FROM win_t WHERE row_number() OVER (ORDER BY id) > 1;
SELECT id FROM win_t GROUP BY rank() OVER ();
SELECT sum(v) FROM win_t HAVING rank() OVER () > 1;
SELECT sum(rank() OVER ()) FROM win_t;
SELECT sum(rank() OVER ()) OVER () FROM win_t;
SELECT rank() OVER (ORDER BY rank() OVER ()) FROM win_t;
SELECT sum(v) OVER (PARTITION BY row_number() OVER ()) FROM win_t;
SELECT * FROM win_t LIMIT rank() OVER ();
SELECT * FROM win_t OFFSET rank() OVER ();
SELECT * FROM win_t a JOIN win_t b ON rank() OVER () = 1;
SELECT * FROM generate_series(1, rank() OVER ());
VALUES (rank() OVER ());
INSERT INTO win_t VALUES (rank() OVER ());
INSERT INTO win_t VALUES (8, 'z', 1) RETURNING rank() OVER ();
UPDATE win_t SET v = rank() OVER ();
DELETE FROM win_t WHERE rank() OVER () = 1;
-- resolution errors
SELECT rank() FROM win_t;
SELECT pg_catalog.rank() FROM win_t;
SELECT lag(v) FROM win_t;
SELECT abs(v) OVER () FROM win_t;
SELECT generate_series(1, 2) OVER () FROM win_t;
SELECT sum(generate_series(1, 2)) OVER () FROM win_t;
SELECT nosuch(v) OVER () FROM win_t;
SELECT ntile() OVER () FROM win_t;
SELECT ntile('x') OVER () FROM win_t;
SELECT rank(v) OVER () FROM win_t;
SELECT abs(*) OVER () FROM win_t;
SELECT abs(DISTINCT v) OVER () FROM win_t;
SELECT row_number() OVER (ORDER BY id) FROM win_t GROUP BY grp;
-- window functions over grouped results
SELECT grp, sum(v), rank() OVER (ORDER BY sum(v) DESC) FROM win_t GROUP BY grp ORDER BY grp;
SELECT grp, count(*), sum(count(*)) OVER (), sum(sum(v)) OVER (ORDER BY grp) FROM win_t GROUP BY grp ORDER BY grp;
SELECT dept, avg(salary), dense_rank() OVER (ORDER BY avg(salary) DESC NULLS LAST), lag(dept) OVER (ORDER BY dept) FROM win_emp GROUP BY dept ORDER BY dept;
SELECT grp, rank() OVER (PARTITION BY grp = 'a' ORDER BY max(id)) FROM win_t GROUP BY grp ORDER BY grp;
SELECT grp, row_number() OVER (ORDER BY grp) FROM win_t GROUP BY grp HAVING count(*) > 1 ORDER BY grp;
SELECT sum(v), rank() OVER (ORDER BY sum(v)) FROM win_t;
SELECT v, rank() OVER (ORDER BY v) FROM win_t GROUP BY grp;
SELECT grp, rank() OVER (ORDER BY v) FROM win_t GROUP BY grp;
SELECT grp, rank() OVER (PARTITION BY v) FROM win_t GROUP BY grp;
SELECT grp, lag(v) OVER () FROM win_t GROUP BY grp;
-- NULLs, text, empty input
SELECT grp, v, rank() OVER (PARTITION BY v ORDER BY grp) FROM win_t ORDER BY v NULLS FIRST, grp, id;
SELECT name, dept, row_number() OVER (ORDER BY dept DESC, name) FROM win_emp ORDER BY name;
SELECT name, rank() OVER (ORDER BY salary NULLS FIRST), rank() OVER (ORDER BY salary DESC) FROM win_emp ORDER BY name;
SELECT id, row_number() OVER (), sum(v) OVER () FROM win_t WHERE false;
SELECT row_number() OVER (), count(*) OVER () FROM (SELECT 1) s;
SELECT count(*) OVER (), sum(v) OVER () FROM win_t WHERE id > 100;
SELECT x, sum(x) OVER (PARTITION BY x IS NULL ORDER BY x) FROM (VALUES (NULL::int), (NULL), (1), (2)) s(x) ORDER BY x;
SELECT lower(grp) AS g, first_value(id) OVER (PARTITION BY lower(grp) ORDER BY id DESC) FROM win_t ORDER BY g, 2;
-- joins, subqueries, CTEs
SELECT a.id, b.grp, row_number() OVER (PARTITION BY b.grp ORDER BY a.id) FROM win_t a JOIN win_t b ON a.id = b.id + 1 ORDER BY a.id;
SELECT e.name, t.id, sum(t.id) OVER (PARTITION BY e.dept) FROM win_emp e LEFT JOIN win_t t ON t.id = length(e.name) + 2 ORDER BY e.name;
SELECT * FROM (SELECT id, grp, row_number() OVER (PARTITION BY grp ORDER BY v DESC NULLS LAST) AS rn FROM win_t) s WHERE rn = 1 ORDER BY grp;
SELECT grp, id FROM (SELECT grp, id, rank() OVER (PARTITION BY grp ORDER BY id DESC) r FROM win_t) s WHERE r <= 2 ORDER BY grp, id;
WITH r AS (SELECT id, v, lag(v) OVER (ORDER BY id) AS prev FROM win_t) SELECT id, v - prev AS delta FROM r ORDER BY id;
SELECT id, (SELECT count(*) FROM win_t t2 WHERE t2.v < t.v), rank() OVER (ORDER BY v) FROM win_t t WHERE v IS NOT NULL ORDER BY id;
SELECT id, (SELECT max(x) OVER () FROM generate_series(1, t.id) x LIMIT 1) FROM win_t t ORDER BY id;
SELECT id FROM win_t WHERE id IN (SELECT max(id) OVER (PARTITION BY grp) FROM win_t) ORDER BY id;
SELECT id, sum(v) OVER (ORDER BY id) + (SELECT 100) AS s, row_number() OVER (ORDER BY id) * 2 FROM win_t ORDER BY id;
SELECT id, rank() OVER (ORDER BY id) = ANY (ARRAY[1, 3]) FROM win_t ORDER BY id;
-- ORDER BY, DISTINCT, LIMIT with window results
SELECT id, v, rank() OVER (ORDER BY v DESC NULLS LAST) r FROM win_t ORDER BY r, id;
SELECT id FROM win_t ORDER BY row_number() OVER (ORDER BY id DESC);
SELECT id, count(*) OVER (PARTITION BY grp) c FROM win_t ORDER BY c DESC, id;
SELECT DISTINCT grp, count(*) OVER (PARTITION BY grp) FROM win_t ORDER BY grp;
SELECT DISTINCT rank() OVER (ORDER BY v) FROM win_t ORDER BY 1;
SELECT DISTINCT ON (grp) grp, id, row_number() OVER (PARTITION BY grp ORDER BY id DESC) FROM win_t ORDER BY grp, id;
SELECT id, row_number() OVER (ORDER BY id) FROM win_t ORDER BY id LIMIT 3;
SELECT id, sum(v) OVER (ORDER BY id) FROM win_t ORDER BY id DESC LIMIT 2 OFFSET 1;
SELECT id, row_number() OVER () IS NOT NULL FROM win_t ORDER BY id;
SELECT id, sum(v) OVER (ORDER BY id) FROM win_t UNION ALL SELECT 0, count(*) OVER () FROM win_t WHERE id = 1 ORDER BY 1, 2;
-- several windows in one query, expressions over them
SELECT id, row_number() OVER (ORDER BY id) - rank() OVER (ORDER BY v) AS diff, sum(v) OVER (PARTITION BY grp) - v AS rest FROM win_t ORDER BY id;
SELECT id, coalesce(lag(v) OVER (ORDER BY id), 0) + coalesce(lead(v) OVER (ORDER BY id), 0) FROM win_t ORDER BY id;
SELECT id, CASE WHEN rank() OVER (PARTITION BY grp ORDER BY v) = 1 THEN 'top' ELSE '' END FROM win_t ORDER BY id;
SELECT id, sum(v) OVER (ORDER BY id), sum(v) OVER (ORDER BY id ROWS UNBOUNDED PRECEDING), sum(v) OVER (ORDER BY id RANGE UNBOUNDED PRECEDING) FROM win_t ORDER BY id;
-- window functions in a view
CREATE VIEW win_v AS SELECT id, grp, rank() OVER (PARTITION BY grp ORDER BY v DESC) AS r, sum(v) OVER w AS s FROM win_t WINDOW w AS (ORDER BY id ROWS BETWEEN 1 PRECEDING AND CURRENT ROW);
SELECT * FROM win_v ORDER BY id;
SELECT grp, max(r) FROM win_v GROUP BY grp ORDER BY grp;
DROP VIEW win_v;
-- larger input
SELECT count(*), sum(rn), max(r), min(s), max(s) FROM (SELECT row_number() OVER (ORDER BY x) rn, rank() OVER (ORDER BY x / 10) r, sum(x) OVER (ORDER BY x ROWS BETWEEN 5 PRECEDING AND 5 FOLLOWING) s FROM generate_series(1, 5000) x) s;
SELECT x % 3 AS m, count(*), max(c) FROM (SELECT x, count(*) OVER (PARTITION BY x % 3 ORDER BY x GROUPS BETWEEN 2 PRECEDING AND 2 FOLLOWING) c FROM generate_series(1, 3000) x) s GROUP BY m ORDER BY m;
-- NULL ordering values in RANGE frames with offsets
CREATE TABLE win_n (k int, x int);
INSERT INTO win_n VALUES (1, NULL), (3, 1), (4, 2), (5, 2), (6, 5), (7, 9);
SELECT k, x, count(*) OVER (ORDER BY x NULLS FIRST RANGE BETWEEN 1 FOLLOWING AND 3 FOLLOWING), sum(k) OVER (ORDER BY x RANGE BETWEEN 2 PRECEDING AND 1 PRECEDING) FROM win_n ORDER BY k;
SELECT k, x, array_agg(k) OVER (ORDER BY x DESC NULLS FIRST RANGE BETWEEN 1 PRECEDING AND 3 FOLLOWING), array_agg(k) OVER (ORDER BY x DESC RANGE BETWEEN 3 FOLLOWING AND 10 FOLLOWING) FROM win_n ORDER BY k;
SELECT k, x, array_agg(k) OVER (ORDER BY x RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE TIES), array_agg(k) OVER (ORDER BY x, k RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW EXCLUDE GROUP) FROM win_n ORDER BY k;
SELECT k, x, first_value(k) OVER (ORDER BY x RANGE BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING), last_value(k) OVER (ORDER BY x RANGE BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) FROM win_n ORDER BY k;
SELECT k, x, array_agg(k) OVER (ORDER BY x GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE CURRENT ROW) FROM win_n ORDER BY k;
SELECT k, array_agg(k) OVER (ORDER BY k ROWS BETWEEN 2 PRECEDING AND 2 FOLLOWING EXCLUDE TIES), array_agg(k) OVER (ORDER BY k / 3, k ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE GROUP) FROM win_n ORDER BY k;
SELECT k, sum(k) OVER (ORDER BY k RANGE BETWEEN 2147483647 PRECEDING AND 2147483647 FOLLOWING) FROM win_n ORDER BY k;
SELECT k, sum(k) OVER (ORDER BY k::numeric RANGE BETWEEN 'Infinity' PRECEDING AND 1 FOLLOWING) FROM win_n ORDER BY k;
SELECT k, sum(k) OVER (ORDER BY k::numeric RANGE BETWEEN '-1' PRECEDING AND 1 FOLLOWING) FROM win_n ORDER BY k;
SELECT k, sum(k) OVER (ORDER BY k::float8 RANGE BETWEEN 'nan' PRECEDING AND 1 FOLLOWING) FROM win_n ORDER BY k;
SELECT k, sum(k) OVER (ORDER BY k::int8 RANGE BETWEEN 1::int2 PRECEDING AND 1 FOLLOWING), sum(k) OVER (ORDER BY k::int2 RANGE BETWEEN '1' PRECEDING AND 1 FOLLOWING) FROM win_n ORDER BY k;
SELECT k, sum(k) OVER (ORDER BY k::float4 RANGE BETWEEN 1::float4 PRECEDING AND 1 FOLLOWING), sum(k) OVER (ORDER BY k::float4 RANGE BETWEEN 1::numeric PRECEDING AND 1 FOLLOWING) FROM win_n ORDER BY k;
SELECT k, sum(k) OVER (ORDER BY k::varchar RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM win_n ORDER BY k;
SELECT k, sum(k) OVER (ORDER BY k::bool RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM win_n ORDER BY k;
SELECT sum(k) OVER (ORDER BY 1 RANGE 1 PRECEDING) FROM win_n;
SELECT k, avg(k) OVER (ORDER BY k ROWS BETWEEN 2 PRECEDING AND 9223372036854775807 PRECEDING), sum(k) OVER (ORDER BY k GROUPS BETWEEN 9223372036854775807 PRECEDING AND 9223372036854775807 FOLLOWING) FROM win_n ORDER BY k;
-- parameters as frame offsets, correlated subqueries
PREPARE win_p(int) AS SELECT k, sum(k) OVER (ORDER BY k ROWS $1 PRECEDING) FROM win_n ORDER BY k;
EXECUTE win_p(1);
EXECUTE win_p(3);
EXECUTE win_p(-1);
DEALLOCATE win_p;
SELECT k, x, (SELECT sum(k) OVER () FROM win_n w WHERE w.k = o.k) FROM win_n o ORDER BY k;
-- constants and duplicates in window definitions, misc resolution
SELECT k, sum(k) OVER (ORDER BY 1), row_number() OVER (ORDER BY 'a', k) FROM win_n ORDER BY k;
SELECT k, row_number() OVER (PARTITION BY 1 ORDER BY k DESC), count(*) OVER (PARTITION BY k, k ORDER BY x, x) FROM win_n ORDER BY k;
SELECT k AS kk, sum(k) OVER (ORDER BY kk) FROM win_n;
SELECT DISTINCT x FROM win_n ORDER BY rank() OVER (ORDER BY x);
SELECT lead(k, 1, 'a') OVER () FROM win_n;
SELECT lead(k::text, 1, 5) OVER () FROM win_n;
SELECT lag(k, 1, 2.5::float8) OVER (ORDER BY k) FROM win_n ORDER BY 1;
SELECT first_value(NULL) OVER () FROM win_n LIMIT 1;
SELECT k, sum(k) OVER (ORDER BY k ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FILTER (WHERE true) FROM win_n;
SELECT row_number() OVER (ORDER BY k) AS rn, * FROM win_n WHERE k < 5 ORDER BY rn;
SELECT win_n.*, rank() OVER (PARTITION BY x ORDER BY k) FROM win_n ORDER BY k;
SELECT ntile(2147483647) OVER (ORDER BY k), ntile(3::bigint) OVER (ORDER BY k), nth_value(k, 2::bigint) OVER (ORDER BY k) FROM win_n ORDER BY k;
SELECT k FROM win_n GROUP BY k HAVING k > 1 ORDER BY sum(k) OVER (ORDER BY k DESC) LIMIT 3;
DROP TABLE win_n;
-- window functions in DDL expressions and DML
CREATE TABLE win_d (a int CHECK (rank() OVER () > 0));
CREATE TABLE win_d (a int, b int GENERATED ALWAYS AS (row_number() OVER ()) STORED);
CREATE TABLE win_d (a int DEFAULT rank() OVER ());
CREATE TABLE win_d (a int, b text);
INSERT INTO win_d VALUES (1, 'x'), (2, 'y'), (3, 'x');
PREPARE win_q(int) AS SELECT $1;
EXECUTE win_q(rank() OVER ());
DEALLOCATE win_q;
ALTER TABLE win_d ALTER COLUMN a TYPE bigint USING rank() OVER ();
INSERT INTO win_d SELECT a + 10, b FROM (SELECT a, b, row_number() OVER (PARTITION BY b ORDER BY a) rn FROM win_d) s WHERE rn = 1;
SELECT * FROM win_d ORDER BY a;
UPDATE win_d SET a = s.r FROM (SELECT a AS x, rank() OVER (ORDER BY a DESC) r FROM win_d) s WHERE s.x = win_d.a;
SELECT * FROM win_d ORDER BY a;
DELETE FROM win_d WHERE a IN (SELECT a FROM (SELECT a, ntile(2) OVER (ORDER BY a) t FROM win_d) s WHERE t = 2);
SELECT * FROM win_d ORDER BY a;
SELECT sum(a) OVER (ORDER BY a ROWS (SELECT 1) PRECEDING) FROM win_d ORDER BY 1;
SELECT sum(a) OVER (ORDER BY a ROWS generate_series(1,2) PRECEDING) FROM win_d;
SELECT sum(a) OVER (ORDER BY (SELECT a)) FROM win_d ORDER BY 1;
SELECT sum(a) OVER (ORDER BY ARRAY[a]) FROM win_d ORDER BY 1;
SELECT sum(a) FILTER (WHERE generate_series(1,2) > 1) OVER () FROM win_d;
SELECT count(*) OVER (ORDER BY a RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM win_d GROUP BY a ORDER BY 1;
SELECT max(a) OVER (ORDER BY b) FROM win_d GROUP BY b;
SELECT b, max(a) OVER (ORDER BY b ROWS count(*) PRECEDING) FROM win_d GROUP BY b;
SELECT a, first_value(a) OVER (ORDER BY a ROWS BETWEEN 2 FOLLOWING AND 1 FOLLOWING EXCLUDE CURRENT ROW), last_value(a) OVER (ORDER BY a ROWS BETWEEN CURRENT ROW AND CURRENT ROW EXCLUDE CURRENT ROW), nth_value(a, 2) OVER (ORDER BY a ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING EXCLUDE TIES) FROM win_d ORDER BY a;
DROP TABLE win_d;
-- more window clause and placement cases
SELECT 1 UNION SELECT 2 ORDER BY rank() OVER ();
SELECT x, count(*) OVER (PARTITION BY 'a'), count(*) OVER (ORDER BY 'b') FROM generate_series(1,2) x ORDER BY x;
SELECT x, sum(x) OVER w FROM generate_series(1,3) x WINDOW w AS (ORDER BY x) ORDER BY sum(x) OVER w DESC;
SELECT x, sum(x) OVER (PARTITION BY x IS NULL ORDER BY x RANGE BETWEEN 1 PRECEDING AND 1 PRECEDING) FROM generate_series(1,3) x ORDER BY x;
SELECT sum(x) OVER (ORDER BY x RANGE BETWEEN '1'::int8 PRECEDING AND 1 FOLLOWING) FROM generate_series(1,3) x;
SELECT x, avg(x) OVER (ORDER BY x::numeric RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM generate_series(1,3) x ORDER BY x;
SELECT x FROM generate_series(1,3) x WINDOW w AS (PARTITION BY x), w2 AS (w ORDER BY x RANGE 1 PRECEDING) ORDER BY x;
SELECT x FROM generate_series(1,3) x WINDOW w AS (ORDER BY nosuch_fn(x));
SELECT count(*) OVER w FROM generate_series(1,3) x WINDOW w AS (PARTITION BY x ORDER BY x), w2 AS (w);
SELECT count(*) OVER (w2) FROM generate_series(1,3) x WINDOW w AS (PARTITION BY x ORDER BY x), w2 AS (w);
SELECT count(*) OVER (w ORDER BY x) FROM generate_series(1,3) x WINDOW w AS (PARTITION BY x ORDER BY x);
SELECT x, first_value(x) OVER (), x + row_number() OVER () FROM generate_series(1,3) x ORDER BY 3;
SELECT count(*), row_number() OVER () FROM generate_series(1,3) x;
SELECT count(*) OVER (ORDER BY y) FROM (SELECT 1 y) s GROUP BY y HAVING sum(y) > 0;
-- row values as window keys and arguments
CREATE TABLE win_r (a int, b text);
INSERT INTO win_r VALUES (1, 'x'), (2, 'y'), (3, 'x');
SELECT sum(a) OVER (ORDER BY win_r) FROM win_r ORDER BY 1;
SELECT a, count(*) OVER (PARTITION BY (a % 2, b)), rank() OVER (ORDER BY ROW(b, a) DESC) FROM win_r ORDER BY a;
SELECT a, first_value(win_r) OVER (ORDER BY a DESC), lag((a, b)) OVER (ORDER BY a) FROM win_r ORDER BY a;
SELECT a, sum(a) OVER (ORDER BY (a, b) RANGE 1 PRECEDING) FROM win_r;
SELECT (x).a, row_number() OVER (ORDER BY (x).b, (x).a) FROM (SELECT win_r AS x FROM win_r) s ORDER BY 1;
DROP TABLE win_r;
-- set-returning functions in window keys run below the window
SELECT 1 FROM (values (1)) v(x) WINDOW w AS (PARTITION BY generate_series(1,3));
SELECT x, count(*) OVER w FROM (values (1)) v(x) WINDOW w AS (PARTITION BY generate_series(1,3)), w2 AS (ORDER BY generate_series(1,2));
SELECT generate_series(1,3) + 1 AS g, count(*) OVER (PARTITION BY generate_series(1,3) + 1) FROM (values (1)) v(x);
SELECT generate_series(1,3) AS g, count(*) OVER (PARTITION BY generate_series(1,3) + 1) FROM (values (1)) v(x) ORDER BY 1;
SELECT x % 2, count(*) OVER (PARTITION BY generate_series(1,x % 2 + 1)) FROM (values (1), (2), (3)) v(x) GROUP BY x % 2 ORDER BY 1, 2;
SELECT generate_series(1,2) g, count(*) OVER (ORDER BY generate_series(1,2)) FROM (values (1)) v(x) ORDER BY 1;
SELECT x, sum(x) OVER (PARTITION BY generate_series(1,3)), count(*) OVER (ORDER BY generate_series(1,3) DESC) FROM (values (10), (20)) v(x) ORDER BY 1, 2, 3;
SELECT x, sum(x) OVER (PARTITION BY generate_series(1,3)), count(*) OVER (ORDER BY generate_series(1,2)) FROM (values (10), (20)) v(x) ORDER BY 1, 2, 3;
SELECT x, row_number() OVER (ORDER BY generate_series(1,2) DESC, x) FROM (values (10), (20)) v(x) ORDER BY 2;
SELECT generate_series(1,2) AS a, row_number() OVER (ORDER BY generate_series(1,3) DESC) FROM (values (10)) v(x) ORDER BY 1, 2;
SELECT generate_series(1,2) AS a, count(*) OVER () FROM (values (10)) v(x);
SELECT sum(x) OVER (ORDER BY x ROWS generate_series(1,2) PRECEDING) FROM (values (10)) v(x);
SELECT DISTINCT count(*) OVER (PARTITION BY generate_series(1, 3) % 2) FROM (values (10)) v(x) ORDER BY 1;
-- statistical and ordered-set aggregates, grouping sets
CREATE TABLE wg (a text, b int, c float8);
INSERT INTO wg VALUES ('x', 1, 1.5), ('x', 2, 2.5), ('y', 3, 0.5), ('y', 5, 4), (NULL, 7, 1);
SELECT a, b, stddev(b) OVER (PARTITION BY a), var_pop(c) OVER (ORDER BY b ROWS 1 PRECEDING), regr_slope(c, b) OVER (ORDER BY b) FROM wg ORDER BY b;
SELECT b, bit_xor(b) OVER (ORDER BY b), corr(b, c) OVER (), covar_samp(b, c) OVER (ORDER BY b ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM wg ORDER BY b;
SELECT a, sum(b), rank() OVER (ORDER BY sum(b) DESC), grouping(a), row_number() OVER (PARTITION BY grouping(a) ORDER BY a) FROM wg GROUP BY ROLLUP (a) ORDER BY a NULLS LAST, 4;
SELECT a, b, count(*), sum(count(*)) OVER (PARTITION BY a ORDER BY b) FROM wg GROUP BY GROUPING SETS ((a, b), (a)) ORDER BY a, b NULLS LAST;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY b) OVER () FROM wg;
SELECT mode() WITHIN GROUP (ORDER BY b) OVER () FROM wg;
SELECT percentile_cont(0.5) OVER () FROM wg;
SELECT string_agg(a, ',' ORDER BY a) OVER () FROM wg;
SELECT array_agg(DISTINCT b) OVER () FROM wg;
SELECT a, percentile_disc(0.5) WITHIN GROUP (ORDER BY b), rank() OVER (ORDER BY percentile_disc(0.5) WITHIN GROUP (ORDER BY b)) FROM wg GROUP BY a ORDER BY a;
SELECT a, rank() OVER (ORDER BY a), rank(b) WITHIN GROUP (ORDER BY b) FROM wg GROUP BY a, b ORDER BY a, b;
SELECT rank(3) WITHIN GROUP (ORDER BY b), sum(b) OVER () FROM wg;
SELECT grouping(a) OVER () FROM wg GROUP BY a;
DROP TABLE wg;
DROP TABLE win_emp;
DROP TABLE win_t;
