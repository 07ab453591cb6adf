--
-- viewdef: pg_get_viewdef, pg_views.definition, pg_matviews.definition
-- and psql's \d+ print a view's query as PostgreSQL's ruleutils does:
-- columns qualified, one target a line, clauses on lines of their own,
-- full parentheses unless pretty printing
--
CREATE TABLE vd_t1 (id int, grp text, v numeric);
CREATE TABLE vd_t2 (id int, name text);
CREATE SCHEMA vd_s;
CREATE TABLE vd_s.vd_t3 (k int, "Weird Col" text);
-- a view printed by every variant
CREATE VIEW vd_simple AS SELECT id, grp FROM vd_t1 WHERE id > 0;
SELECT pg_get_viewdef('vd_simple'::regclass);
SELECT pg_get_viewdef('vd_simple'::regclass, true);
SELECT pg_get_viewdef('vd_simple'::regclass, false);
SELECT pg_get_viewdef('vd_simple'::regclass, 0);
SELECT pg_get_viewdef('vd_simple'::regclass, 80);
SELECT pg_get_viewdef('vd_simple');
SELECT pg_get_viewdef('vd_simple', true);
SELECT viewname, definition FROM pg_views WHERE viewname = 'vd_simple';
\d+ vd_simple
-- the shapes, each printed pretty and not
CREATE VIEW vd_using AS SELECT vd_t1.id, name FROM vd_t1 JOIN vd_t2 USING (id);
CREATE VIEW vd_natural AS SELECT id, vd_t2.name FROM vd_t1 NATURAL JOIN vd_t2;
CREATE VIEW vd_left AS SELECT a.id, b.name AS nm FROM vd_t1 a LEFT JOIN vd_t2 b ON a.id = b.id AND b.name <> 'x'
  ORDER BY a.id DESC NULLS LAST, 2 LIMIT 5 OFFSET 2;
CREATE VIEW vd_right AS SELECT id FROM vd_t1 RIGHT JOIN vd_t2 USING (id);
CREATE VIEW vd_group AS SELECT grp, count(*), sum(v) AS total FROM vd_t1 GROUP BY grp HAVING count(*) > 1 ORDER BY grp;
CREATE VIEW vd_union AS SELECT id FROM vd_t1 UNION SELECT id FROM vd_t2 UNION ALL SELECT 3;
CREATE VIEW vd_distinct AS SELECT DISTINCT s.x FROM (SELECT id + 1 AS x FROM vd_t1) s, vd_t2 CROSS JOIN vd_t1 z;
CREATE VIEW vd_with AS WITH w AS (SELECT id FROM vd_t1) SELECT id FROM w;
CREATE VIEW vd_values_from AS SELECT * FROM (VALUES (1, 'a'), (2, 'b')) v(a, b);
CREATE VIEW vd_intersect AS SELECT id FROM vd_t1 INTERSECT SELECT id FROM vd_t2 EXCEPT SELECT 1;
CREATE VIEW vd_union_right AS SELECT id FROM vd_t1 UNION (SELECT id FROM vd_t2 UNION SELECT 5);
CREATE VIEW vd_values AS VALUES (1, 2), (3, 4);
CREATE VIEW vd_consts AS SELECT 1 AS one, 'x'::text AS two;
CREATE VIEW vd_schema AS SELECT k, "Weird Col" FROM vd_s.vd_t3;
CREATE VIEW vd_exprs AS SELECT id, CASE WHEN id > 1 THEN 'big' WHEN id IS NULL THEN NULL ELSE 'small' END AS size,
  grp::varchar(10) AS g, coalesce(grp, 'x') FROM vd_t1;
CREATE VIEW vd_aggs AS SELECT count(DISTINCT grp) AS n, max(v) FROM vd_t1;
CREATE VIEW vd_distinct_on AS SELECT DISTINCT ON (grp) grp, id FROM vd_t1 ORDER BY grp, id DESC;
CREATE VIEW vd_bool AS SELECT id FROM vd_t1 WHERE id IN (1, 2, 3) AND grp LIKE 'a%' AND id BETWEEN 1 AND 10 OR v IS NOT NULL;
CREATE VIEW vd_of_view AS SELECT vd_simple.id FROM vd_simple;
CREATE VIEW vd_order_expr AS SELECT id + 1 AS x, id * 2 - 1 AS y FROM vd_t1 ORDER BY id + 1 LIMIT ALL;
CREATE VIEW vd_self AS SELECT a.id, b.id AS bid FROM vd_t1 a, vd_t1 b WHERE a.id = b.id;
CREATE VIEW vd_joins AS SELECT vd_t1.id FROM vd_t1 JOIN vd_t2 ON vd_t1.id = vd_t2.id LEFT JOIN vd_s.vd_t3 ON vd_t3.k = vd_t1.id;
CREATE VIEW vd_nested_join AS SELECT vd_t1.id FROM vd_t1 JOIN (vd_t2 JOIN vd_s.vd_t3 ON vd_t2.id = vd_t3.k) ON vd_t1.id = vd_t2.id;
CREATE VIEW vd_sub_alias AS SELECT s.p, s.q FROM (SELECT id, grp FROM vd_t1) s(p, q);
CREATE VIEW vd_values_noalias AS SELECT * FROM (VALUES (1), (2)) x;
CREATE VIEW vd_with2 AS WITH m AS MATERIALIZED (SELECT id FROM vd_t1), n AS (SELECT id FROM vd_t2)
  SELECT m.id FROM m JOIN n USING (id);
CREATE VIEW vd_union_cast AS SELECT id FROM vd_t1 UNION SELECT 2.5;
CREATE VIEW vd_union_paren AS (SELECT id FROM vd_t1 ORDER BY id LIMIT 3) UNION ALL SELECT id FROM vd_t2;
CREATE VIEW vd_union_order AS SELECT id FROM vd_t1 UNION SELECT id FROM vd_t2 ORDER BY 1 LIMIT 10;
CREATE VIEW vd_exists AS SELECT id FROM vd_t1 WHERE EXISTS (SELECT 1 FROM vd_t2 WHERE vd_t2.id = vd_t1.id);
CREATE VIEW vd_collist (a, b) AS SELECT id, grp FROM vd_t1;
CREATE VIEW vd_renamed AS SELECT id, grp FROM vd_t1;
ALTER VIEW vd_renamed RENAME COLUMN grp TO g2;
CREATE VIEW vd_filter AS SELECT grp, sum(v) / count(*) AS avg, count(*) FILTER (WHERE id > 0) FROM vd_t1 GROUP BY grp;
CREATE VIEW vd_literals AS SELECT id, -id AS neg, 'it''s' AS q, 1.5 AS f, true AS b, NULL::int AS n, now() AS ts
  FROM vd_t1 WHERE NOT (id = 2) AND grp <> ALL (ARRAY['a', 'b']);
CREATE VIEW vd_group_exprs AS SELECT lower(grp) AS l, length(grp) FROM vd_t1 GROUP BY lower(grp), length(grp) ORDER BY length(grp) DESC;
CREATE VIEW vd_offset AS SELECT id FROM vd_t1 OFFSET 5;
CREATE VIEW vd_nulls_first AS SELECT id FROM vd_t1 t1x ORDER BY id NULLS FIRST;
CREATE VIEW vd_star AS SELECT vd_t1.*, vd_t2.name FROM vd_t1, vd_t2;
CREATE VIEW vd_setop_mixed AS SELECT 1 AS a UNION SELECT 2 INTERSECT SELECT 3;
CREATE VIEW vd_col_alias AS SELECT id FROM vd_t1 CROSS JOIN vd_t2 AS x(i, n) WHERE x.i = 1;
CREATE VIEW vd_arith AS SELECT id::text || grp AS s, id % 3 AS m, (id + 1) * 2 AS p FROM vd_t1;
CREATE VIEW vd_union_consts AS SELECT 1 AS a UNION SELECT 2.5;
CREATE VIEW vd_sublinks AS SELECT id FROM vd_t1 WHERE id IN (SELECT id FROM vd_t2) AND id > ALL (SELECT id FROM vd_t2 WHERE name = 'a');
CREATE VIEW vd_scalar_sub AS SELECT id, (SELECT max(vd_t2.id) FROM vd_t2) AS m, ARRAY(SELECT name FROM vd_t2) AS arr FROM vd_t1;
CREATE VIEW vd_any_array AS SELECT id FROM vd_t1 WHERE id = ANY ('{1,2}'::int[]);
CREATE VIEW vd_string_agg AS SELECT string_agg(grp, ',') AS s FROM vd_t1;
CREATE VIEW vd_case_simple AS SELECT CASE grp WHEN 'a' THEN 1 ELSE 2 END AS c, id FROM vd_t1;
CREATE VIEW vd_case_noelse AS SELECT id, CASE WHEN id > 0 THEN 'p' END AS c FROM vd_t1;
CREATE VIEW vd_renamed_rte AS SELECT id FROM vd_t1 WHERE id IN (SELECT id FROM vd_t1 WHERE grp IN (SELECT grp FROM vd_t1));
CREATE VIEW vd_sub_count AS SELECT vd_t1.id, s.c FROM vd_t1, (SELECT count(*) AS c FROM vd_t1) s;
CREATE VIEW vd_with_alias_col AS WITH w AS (SELECT id FROM vd_t1) SELECT x.id FROM w x;
CREATE VIEW vd_tests AS SELECT id FROM vd_t1 WHERE grp IS DISTINCT FROM 'x' AND v IS NULL AND (id > 0) IS TRUE;
CREATE VIEW vd_funcs AS SELECT greatest(id, 2), nullif(grp, ''), upper(grp) || '!' AS u FROM vd_t1;
CREATE VIEW vd_order_nulls AS SELECT id FROM vd_t1 ORDER BY grp DESC, v NULLS FIRST;
CREATE VIEW vd_casts AS SELECT v::int AS i, id::numeric(10,2) AS n, grp::char(3) AS c FROM vd_t1;
CREATE VIEW vd_having AS SELECT id FROM vd_t1 WHERE id > 0 GROUP BY id HAVING sum(v) > 10 AND count(*) < 5;
CREATE VIEW vd_quoted AS SELECT "Weird Col" AS "Select", k AS "K" FROM vd_s.vd_t3 "T";
CREATE VIEW vd_view_alias AS SELECT x.a FROM vd_collist x;
CREATE VIEW vd_wide AS SELECT vd_t1.id, grp, v, vd_t1.id + 1 AS a, vd_t1.id + 2 AS b, k + 3 AS c, z.id + 4 AS d FROM vd_t1, vd_t2 z, vd_s.vd_t3;
CREATE VIEW vd_not_distinct AS SELECT (vd_t1.id, vd_t1.grp) = (1, 'a') AS eq, id::bigint AS big, id IS NOT DISTINCT FROM 3 AS d FROM vd_t1;
CREATE VIEW vd_whole_row AS SELECT id FROM vd_t1 WHERE id IN (SELECT length(vd_t1::text) FROM vd_t1);
CREATE VIEW vd_row_json AS SELECT row_to_json(x) AS j FROM vd_t1 x LEFT JOIN vd_t2 USING (id);
CREATE VIEW vd_windows AS SELECT id, rank() OVER (PARTITION BY grp ORDER BY v DESC), sum(v) OVER (PARTITION BY grp) AS s,
  count(*) OVER () AS c FROM vd_t1;
CREATE VIEW vd_window_grouped AS SELECT grp, sum(sum(v)) OVER (ORDER BY grp) AS running FROM vd_t1 GROUP BY grp;
CREATE VIEW vd_srf AS SELECT g FROM generate_series(1, 3) g;
CREATE VIEW vd_srf_ordinality AS SELECT * FROM generate_series(1, 3) WITH ORDINALITY AS g(n, o);
CREATE VIEW vd_unnest AS SELECT x FROM unnest(ARRAY[1, 2]) x;
CREATE VIEW vd_misc_ops AS SELECT 'a' || grp AS s, current_date AS d, current_user AS u, id FROM vd_t1 WHERE grp ~ '^x' AND grp ILIKE '%y';
CREATE VIEW vd_sub_outer AS SELECT DISTINCT grp FROM vd_t1 WHERE id IN (SELECT vd_t1.id FROM vd_t2);
CREATE VIEW vd_typed_consts AS SELECT id, 'x'::varchar AS vc, 1::int8 AS i8, -1.5 AS neg, '2020-01-01'::date AS dt FROM vd_t1;
CREATE VIEW vd_agg_order AS SELECT string_agg(grp, ',' ORDER BY grp DESC, id) AS s, array_agg(id ORDER BY id + 1) FROM vd_t1;
CREATE VIEW vd_agg_distinct AS SELECT array_agg(DISTINCT id ORDER BY id) AS a, count(DISTINCT (id, grp)) AS c FROM vd_t1 GROUP BY grp ORDER BY grp;
CREATE TABLE vd_d (a int, dropme int, b text, flag bool);
ALTER TABLE vd_d DROP COLUMN dropme;
CREATE VIEW vd_dropped AS SELECT a, b FROM vd_d WHERE flag AND NOT flag IS NULL;
CREATE VIEW vd_unknown AS SELECT 'abc' AS x, NULL AS n, a FROM vd_d WHERE a > -1 AND b IN (b, 'z');
CREATE VIEW vd_catalog AS SELECT relname, relkind FROM pg_class WHERE relnamespace = 11;
CREATE VIEW vd_limit_exprs AS SELECT a FROM vd_d LIMIT (SELECT 1) OFFSET 1 + 1;
CREATE VIEW vd_sub_limit AS SELECT s.a FROM (SELECT a FROM vd_d ORDER BY a LIMIT 2) s WHERE s.a IS NOT NULL;
CREATE VIEW vd_bool_prec AS SELECT a, b FROM vd_d WHERE NOT flag OR b IS NULL AND a <> 3;
CREATE VIEW vd_cast_ops AS SELECT a::text AS t, b::int AS i, a::numeric / 3 AS q, (a > 1) = flag AS e FROM vd_d;
CREATE VIEW vd_having_only AS SELECT count(*) FROM vd_d HAVING count(*) > 0;
CREATE VIEW vd_union_all3 AS SELECT a FROM vd_d UNION ALL SELECT a FROM vd_d UNION ALL SELECT 1;
CREATE VIEW vd_except_all AS SELECT a FROM vd_d EXCEPT ALL (SELECT a FROM vd_d INTERSECT ALL SELECT 2);
CREATE VIEW vd_like AS SELECT a, b FROM vd_d WHERE b LIKE 'x%' ESCAPE '!' OR b SIMILAR TO 'a%';
CREATE VIEW vd_not_in AS SELECT a FROM vd_d WHERE b IN ('a', 'b') AND a NOT IN (1, 2);
CREATE VIEW vd_correlated AS SELECT a FROM vd_d d WHERE d.a = (SELECT max(a) FROM vd_d WHERE vd_d.b = d.b);
CREATE VIEW vd_sub_union AS SELECT s.a FROM (SELECT a FROM vd_d UNION SELECT 1) s;
CREATE VIEW vd_cte_rename AS WITH w AS (SELECT a FROM vd_d) SELECT w.a FROM w, vd_d WHERE w.a = vd_d.a;
CREATE VIEW vd_sub_with AS SELECT x.a FROM (WITH q AS (SELECT a FROM vd_d) SELECT a FROM q) x;
CREATE VIEW vd_in_union AS SELECT a FROM vd_d WHERE a IN (SELECT a FROM vd_d UNION SELECT 3);
CREATE VIEW vd_rank AS SELECT (SELECT count(*) FROM vd_d x WHERE x.a < vd_d.a) AS rnk, a FROM vd_d ORDER BY 1;
CREATE VIEW vd_nested_case AS SELECT CASE WHEN a > 0 THEN CASE WHEN b = 'x' THEN 1 ELSE 2 END ELSE 3 END AS c FROM vd_d
  WHERE CASE WHEN a > 0 THEN true ELSE false END;
CREATE VIEW vd_deep AS SELECT a FROM (SELECT a FROM (SELECT a FROM (SELECT a FROM (SELECT a FROM (SELECT a FROM
  (SELECT a FROM vd_d WHERE a > 0) s1 WHERE a > 1) s2) s3) s4 WHERE a > 4) s5) s6
  WHERE a IN (SELECT a FROM (SELECT a FROM (SELECT a FROM (SELECT a FROM (SELECT a FROM vd_d) r1) r2) r3) r4);
CREATE VIEW vd_frames AS SELECT a, sum(a) OVER (ORDER BY a ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS s1,
  sum(a) OVER (ORDER BY a ROWS UNBOUNDED PRECEDING) AS s2,
  sum(a) OVER (PARTITION BY b ORDER BY a RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING EXCLUDE TIES) AS s3,
  sum(a) OVER (ORDER BY a GROUPS BETWEEN 2 PRECEDING AND 1 FOLLOWING) AS s4,
  sum(a) OVER (ORDER BY a RANGE BETWEEN 5 PRECEDING AND 5 FOLLOWING) AS s5,
  count(*) OVER (ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS c FROM vd_d;
CREATE VIEW vd_frame_default AS SELECT a, first_value(a) OVER (ORDER BY a RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM vd_d;
CREATE VIEW vd_named_windows AS SELECT a, row_number() OVER w, sum(a) OVER (w ROWS 2 PRECEDING) AS s,
  rank() OVER (w2 ORDER BY b) AS r FROM vd_d WINDOW w AS (PARTITION BY b ORDER BY a), w2 AS (PARTITION BY a), w3 AS (w2);
CREATE VIEW vd_window_ref AS SELECT a, count(*) OVER (w) FROM vd_d WINDOW w AS (ORDER BY a DESC);
CREATE VIEW vd_window_same AS SELECT a, count(*) OVER (ORDER BY a DESC) AS c1, sum(a) OVER w AS s, max(a) OVER (ORDER BY a DESC)
  FROM vd_d WINDOW w AS (ORDER BY a DESC);
CREATE VIEW vd_window_twins AS SELECT a, count(*) OVER w2 AS c, sum(a) OVER (w1) AS s, sum(a) OVER (ORDER BY b) AS t
  FROM vd_d WINDOW w1 AS (ORDER BY b), w2 AS (ORDER BY b);
CREATE VIEW vd_full_using AS SELECT * FROM vd_t1 FULL JOIN vd_t2 USING (id);
CREATE VIEW vd_full_using_exprs AS SELECT id, name, id + 1 AS nxt FROM vd_t1 FULL JOIN vd_t2 USING (id) WHERE id > 0 ORDER BY id;
CREATE VIEW vd_full_using_group AS SELECT id, count(*) FROM vd_t1 FULL JOIN vd_t2 USING (id) GROUP BY id;
SELECT c.relname, pg_get_viewdef(c.oid, true) AS pretty, pg_get_viewdef(c.oid) AS plain
  FROM pg_class c WHERE c.relname LIKE 'vd\_%' AND c.relkind = 'v' AND c.relname <> 'vd_simple' ORDER BY c.relname;
-- the wrap column: targets and FROM items stay on a line while they fit
SELECT pg_get_viewdef('vd_wide'::regclass, 40);
SELECT pg_get_viewdef('vd_wide'::regclass, 120);
SELECT pg_get_viewdef('vd_group'::regclass, 200);
-- a negative wrap column keeps every target and FROM item on one line
SELECT pg_get_viewdef('vd_wide'::regclass, -1);
SELECT pg_get_viewdef('vd_exprs'::regclass, -1);
-- a table out of the search path is qualified
SET search_path = vd_s, public;
SELECT pg_get_viewdef('vd_schema'::regclass, true);
RESET search_path;
-- materialized views
CREATE MATERIALIZED VIEW vd_mv AS SELECT id, grp FROM vd_t1 WHERE id > 0;
SELECT pg_get_viewdef('vd_mv');
SELECT pg_get_viewdef('vd_mv'::regclass, true);
SELECT matviewname, definition FROM pg_matviews WHERE matviewname = 'vd_mv';
\d+ vd_mv
\d+ vd_group
-- not a view
SELECT pg_get_viewdef('vd_t1'::regclass);
SELECT pg_get_viewdef(0::oid);
DROP MATERIALIZED VIEW vd_mv;
DROP VIEW vd_values_from, vd_values, vd_consts, vd_values_noalias, vd_setop_mixed, vd_union_consts, vd_srf,
  vd_srf_ordinality, vd_unnest;
DROP VIEW vd_catalog;
DROP TABLE vd_t1, vd_t2, vd_d CASCADE;
DROP SCHEMA vd_s CASCADE;

-- LATERAL subqueries in FROM
CREATE TABLE vd_lat (a int, b int);
INSERT INTO vd_lat VALUES (1, 10), (2, 20), (3, 5);
CREATE VIEW vd_lat1 AS SELECT t.a FROM vd_lat t JOIN LATERAL (SELECT t.b) s ON true;
CREATE VIEW vd_lat2 AS SELECT t.a, s.x, s.y FROM vd_lat t,
  LATERAL (SELECT t.b + u.a AS x, u.b y FROM vd_lat u WHERE u.a = t.a ORDER BY 1 LIMIT 1) s;
CREATE VIEW vd_lat3 AS SELECT t.a, s.* FROM vd_lat t
  LEFT JOIN LATERAL (SELECT count(*) c FROM vd_lat u WHERE u.b > t.b) s ON s.c > 0;
CREATE VIEW vd_lat4 AS SELECT * FROM vd_lat t CROSS JOIN LATERAL (SELECT t.a * 2 AS dbl) s(z);
SELECT c.relname, pg_get_viewdef(c.oid) AS plain, pg_get_viewdef(c.oid, true) AS pretty
  FROM pg_class c WHERE c.relname LIKE 'vd\_lat_' ORDER BY 1;
SELECT * FROM vd_lat2 ORDER BY a;
SELECT * FROM vd_lat3 ORDER BY a;
DROP VIEW vd_lat1, vd_lat2, vd_lat3, vd_lat4;
DROP TABLE vd_lat;

-- WITH RECURSIVE and WITH column alias lists
CREATE TABLE vd_cte (a int, b text);
INSERT INTO vd_cte VALUES (1, 'one'), (2, 'two');
CREATE VIEW vd_cte1 AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5) SELECT n FROM r;
CREATE VIEW vd_cte2 AS WITH w(x, y) AS (SELECT a, b FROM vd_cte) SELECT x, y FROM w WHERE x > 1;
CREATE VIEW vd_cte3 AS WITH RECURSIVE t AS (SELECT a FROM vd_cte UNION SELECT t.a + 1 FROM t WHERE t.a < 4) SELECT * FROM t;
CREATE VIEW vd_cte4 AS WITH w(x) AS (SELECT a, b FROM vd_cte) SELECT * FROM w;
CREATE VIEW vd_cte5 AS WITH RECURSIVE r(n, p) AS (SELECT a, b FROM vd_cte
  UNION ALL SELECT r.n + 1, vd_cte.b FROM r JOIN vd_cte ON vd_cte.a = r.n) SELECT n, p FROM r;
CREATE VIEW vd_cte6 AS WITH RECURSIVE w AS (SELECT a FROM vd_cte) SELECT * FROM w;
CREATE VIEW vd_cte7 AS WITH w(x) AS (SELECT a FROM vd_cte) SELECT z.x FROM w z WHERE z.x IN (SELECT x FROM w);
CREATE VIEW vd_cte8 AS WITH RECURSIVE a(x) AS (SELECT 1), b(y) AS (SELECT x FROM a UNION ALL SELECT y + 1 FROM b WHERE y < 4) SELECT * FROM b;
SELECT c.relname, pg_get_viewdef(c.oid) AS plain, pg_get_viewdef(c.oid, true) AS pretty
  FROM pg_class c WHERE c.relname LIKE 'vd\_cte_' ORDER BY 1;
SELECT * FROM vd_cte5 ORDER BY n, p;
SELECT * FROM vd_cte8 ORDER BY y;
DROP VIEW vd_cte1, vd_cte2, vd_cte3, vd_cte4, vd_cte5, vd_cte6, vd_cte7, vd_cte8;
DROP TABLE vd_cte;
