--
-- psql client features that depend on the server's answers: variables
-- and interpolation, \gset, \if, \echo, \g, \x, \pset, \crosstabview
--
\set n 5
\set word 'it''s'
SELECT :n AS n, :'word' AS word, :"word" IS NULL;
SELECT :n * 2 AS doubled \gset
\echo :doubled
SELECT 'a' AS first, 2 AS second \gset pre_
\echo :pre_first :pre_second
SELECT 1 AS x WHERE false \gset
SELECT 1 AS x, 2 AS x \gset
SELECT x FROM generate_series(1, 2) x \gset
\if :n
\echo n is true
\else
\echo n is false
\endif
SELECT :n > 3 AS big \gset
\if :big
\echo big
\endif
SELECT 'x' AS v \g
SELECT 1 AS a, 'two' AS b, NULL AS c \gx
\x on
SELECT 1 AS a, 'two' AS b;
\x off
\pset null '(null)'
SELECT NULL AS nothing, 1 AS one;
\pset null ''
\pset format unaligned
SELECT 1 AS a, 'b|c' AS b UNION ALL SELECT 2, 'd' ORDER BY 1;
\pset format aligned
\pset border 2
SELECT 1 AS a, 'two' AS b;
\pset border 1
SELECT 'multi
line' AS m, 'x' AS y;
SELECT x, y, x * y AS v FROM generate_series(1, 3) x, generate_series(1, 2) y ORDER BY 1, 2 \crosstabview x y v
SELECT repeat('w', 60) AS wide, 1 AS narrow;
SELECT 1 AS "column with spaces", 'ünïcode' AS "ünï";
\set ON_ERROR_ROLLBACK off
SELECT :undefined_var;
SELECT ':n' AS literal_not_interpolated, ':n';
