-- Set-returning and OUT-parameter LANGUAGE sql functions: RETURNS SETOF,
-- RETURNS TABLE, OUT and INOUT parameters, called in FROM and in the select
-- list, their pg_proc rows and the errors of bodies that return the wrong
-- columns.

-- SETOF scalar and row types
CREATE TABLE srf_t (a int, b text);
INSERT INTO srf_t VALUES (1,'one'),(2,'two'),(3,'three');
CREATE FUNCTION srf_ints(n int) RETURNS SETOF int LANGUAGE sql AS 'SELECT g FROM generate_series(1, n) g';
SELECT * FROM srf_ints(3);
SELECT srf_ints(2), 'x';
SELECT * FROM srf_ints(3) WITH ORDINALITY AS o(v, n);
CREATE FUNCTION srf_rows() RETURNS SETOF srf_t LANGUAGE sql AS 'SELECT * FROM srf_t ORDER BY a DESC';
SELECT * FROM srf_rows();
SELECT srf_rows();
SELECT (srf_rows()).b;
CREATE FUNCTION srf_rows2(x int) RETURNS SETOF srf_t LANGUAGE sql AS 'SELECT t FROM srf_t t WHERE a >= x';
SELECT * FROM srf_rows2(2);
SELECT proretset, prorows, prorettype::regtype, proargmodes FROM pg_proc WHERE proname LIKE 'srf_%' ORDER BY proname;
CREATE FUNCTION srf_bad() RETURNS SETOF int LANGUAGE sql AS 'SELECT a, b FROM srf_t';
CREATE FUNCTION srf_bad() RETURNS SETOF int LANGUAGE sql AS 'SELECT b FROM srf_t';
CREATE FUNCTION srf_bad() RETURNS SETOF srf_t LANGUAGE sql AS 'SELECT a FROM srf_t';
CREATE FUNCTION srf_bad() RETURNS SETOF srf_t LANGUAGE sql AS 'SELECT a, b, a FROM srf_t';
CREATE FUNCTION srf_bad() RETURNS SETOF srf_t LANGUAGE sql AS 'SELECT b, a FROM srf_t';
CREATE FUNCTION srf_bad() RETURNS SETOF srf_t LANGUAGE sql AS 'SELECT 1.5, ''x''';
SELECT * FROM srf_t WHERE a IN (SELECT srf_ints(2));
SELECT * FROM srf_t WHERE srf_ints(2) = 1;
SELECT t.a, s FROM srf_t t, srf_ints(t.a) s ORDER BY 1, 2;
SELECT a, srf_ints(a) FROM srf_t;
SELECT srf_ints(NULL);
SELECT count(*) FROM srf_ints(100000);
CREATE OR REPLACE FUNCTION srf_ints(n int) RETURNS int LANGUAGE sql AS 'SELECT n';
CREATE OR REPLACE FUNCTION srf_ints(n int) RETURNS SETOF int LANGUAGE sql AS 'SELECT n UNION ALL SELECT n + 1';
SELECT * FROM srf_ints(5);
DROP FUNCTION srf_ints(int), srf_rows(), srf_rows2(int), srf_bad();
DROP TABLE srf_t;

-- Unknown literals in the final SELECT are text
CREATE FUNCTION u1() RETURNS int LANGUAGE sql AS 'SELECT ''1''';
CREATE FUNCTION u2() RETURNS SETOF int LANGUAGE sql AS 'SELECT ''1''';
CREATE FUNCTION u3(OUT a int, OUT b text) LANGUAGE sql AS 'SELECT ''1'', ''x''';
CREATE FUNCTION u4(OUT a int, OUT b text) RETURNS SETOF record LANGUAGE sql AS 'SELECT ''1'', ''x''';

-- More calls of set-returning functions
CREATE TABLE srf_t (a int, b text);
INSERT INTO srf_t VALUES (1,'one'),(2,'two'),(3,'three');
CREATE FUNCTION srf_ints(n int) RETURNS SETOF int LANGUAGE sql AS 'SELECT g FROM generate_series(1, n) g';
CREATE FUNCTION srf_tab(lim int) RETURNS TABLE (x int, y text) LANGUAGE sql AS 'SELECT a, b FROM srf_t WHERE a <= lim ORDER BY a';
SELECT srf_ints(2), srf_ints(3);
SELECT srf_ints(3) LIMIT 2;
SELECT srf_ints(1000000) LIMIT 3;
SELECT * FROM srf_ints(1000000) LIMIT 3;
SELECT sum(s) FROM srf_ints(1000) s;
SELECT * FROM srf_t WHERE a = srf_ints(2);
SELECT sum(srf_ints(3));
VALUES (srf_ints(2));
SELECT CASE WHEN true THEN srf_ints(2) END;
SELECT COALESCE(srf_ints(2), 0);
SELECT (SELECT srf_ints(1));
SELECT ARRAY(SELECT srf_ints(4));
SELECT * FROM srf_t t WHERE a IN (SELECT * FROM srf_ints(2));
SELECT * FROM srf_t t WHERE EXISTS (SELECT 1 FROM srf_tab(t.a) s WHERE s.y = 'two');
CREATE FUNCTION srf_nest(n int) RETURNS SETOF int LANGUAGE sql AS 'SELECT s * 10 FROM srf_ints(n) s';
SELECT * FROM srf_nest(3);
CREATE FUNCTION srf_empty() RETURNS SETOF text LANGUAGE sql AS 'SELECT b FROM srf_t WHERE false';
SELECT * FROM srf_empty();
SELECT srf_empty(), 1;
SELECT 1 FROM srf_t WHERE a = 1 AND EXISTS (SELECT srf_empty());
CREATE FUNCTION srf_strict(n int) RETURNS SETOF int LANGUAGE sql STRICT AS 'SELECT 1';
SELECT * FROM srf_strict(NULL);
SELECT srf_strict(NULL), 'x';
CREATE FUNCTION srf_union(n int) RETURNS SETOF bigint LANGUAGE sql AS 'SELECT n UNION ALL SELECT n * 2 UNION ALL SELECT 99';
SELECT * FROM srf_union(4);
CREATE FUNCTION srf_vals() RETURNS SETOF numeric LANGUAGE sql AS 'VALUES (1), (2.5)';
SELECT * FROM srf_vals();
CREATE FUNCTION srf_names(a int) RETURNS SETOF text LANGUAGE sql AS 'SELECT b || srf_names.a FROM srf_t WHERE srf_t.a >= $1 ORDER BY b';
SELECT * FROM srf_names(2);
PREPARE p(int) AS SELECT * FROM srf_tab($1);
EXECUTE p(1);
EXECUTE p(3);
DEALLOCATE p;
SELECT x, y, ord FROM srf_tab(3) WITH ORDINALITY AS q(x, y, ord) WHERE ord > 1;
SELECT * FROM srf_tab(3) AS q(p);
SELECT * FROM srf_tab(3) AS q(p, r, s);
INSERT INTO srf_t SELECT x + 10, y FROM srf_tab(2);
SELECT * FROM srf_t ORDER BY a;
CREATE VIEW srf_v AS SELECT * FROM srf_tab(2);
SELECT * FROM srf_v;
DROP VIEW srf_v;
CREATE FUNCTION srf_bad2() RETURNS SETOF int LANGUAGE sql AS 'SELECT nosuch FROM srf_t';
SELECT proname, prorows, proretset FROM pg_proc WHERE proname = 'srf_strict';
DROP FUNCTION srf_ints(int), srf_nest(int);
DROP FUNCTION srf_tab(int), srf_empty(), srf_strict(int), srf_union(int), srf_vals(), srf_names(int);
DROP TABLE srf_t;

-- RETURNS TABLE, OUT and INOUT parameters
CREATE TABLE srf_t (a int, b text);
INSERT INTO srf_t VALUES (1,'one'),(2,'two'),(3,'three');
CREATE FUNCTION srf_tab(lim int) RETURNS TABLE (x int, y text) LANGUAGE sql AS 'SELECT a, b FROM srf_t WHERE a <= lim ORDER BY a';
SELECT * FROM srf_tab(2);
SELECT srf_tab(3);
SELECT (srf_tab(3)).y;
SELECT * FROM srf_tab(3) WITH ORDINALITY;
SELECT t.a, s.* FROM srf_t t, srf_tab(t.a) s;
CREATE FUNCTION srf_tab1() RETURNS TABLE (v bigint) LANGUAGE sql AS 'SELECT a FROM srf_t';
SELECT * FROM srf_tab1();
SELECT * FROM srf_tab1() AS q;
SELECT srf_tab1();
CREATE FUNCTION srf_out(a int, OUT s int, OUT p int) LANGUAGE sql AS 'SELECT a + 1, a * 2';
SELECT * FROM srf_out(5);
SELECT srf_out(5);
SELECT (srf_out(5)).p;
CREATE FUNCTION srf_out1(a int, OUT doubled int) LANGUAGE sql AS 'SELECT a * 2';
SELECT * FROM srf_out1(4);
SELECT * FROM srf_out1(4) AS z;
SELECT srf_out1(4);
CREATE FUNCTION srf_inout(INOUT a int, OUT b text) LANGUAGE sql AS 'SELECT a, ''x''';
SELECT * FROM srf_inout(7);
CREATE FUNCTION srf_outset(n int, OUT i int, OUT sq int) RETURNS SETOF record LANGUAGE sql AS 'SELECT g, g*g FROM generate_series(1, n) g';
SELECT * FROM srf_outset(3);
SELECT srf_outset(2);
CREATE FUNCTION srf_noname(OUT int, OUT text) LANGUAGE sql AS 'SELECT 1, ''a''';
SELECT * FROM srf_noname();
SELECT proname, proretset, prorows, prorettype::regtype, proallargtypes, proargmodes, proargnames, pronargs FROM pg_proc WHERE proname LIKE 'srf_%' ORDER BY proname;
CREATE FUNCTION srf_bad(OUT a int, OUT b int) RETURNS int LANGUAGE sql AS 'SELECT 1, 2';
CREATE FUNCTION srf_bad(OUT a int) RETURNS text LANGUAGE sql AS 'SELECT 1';
CREATE FUNCTION srf_bad() LANGUAGE sql AS 'SELECT 1';
CREATE FUNCTION srf_bad(OUT a int, OUT b int) LANGUAGE sql AS 'SELECT 1';
CREATE FUNCTION srf_bad(OUT a int, OUT b int) LANGUAGE sql AS 'SELECT 1, ''x''';
CREATE FUNCTION srf_bad() RETURNS TABLE (a int, b int) LANGUAGE sql AS 'SELECT 1, 2, 3';
CREATE FUNCTION srf_bad() RETURNS TABLE (a int) LANGUAGE sql AS 'SELECT ''x''::text';
CREATE OR REPLACE FUNCTION srf_out(a int, OUT s int, OUT q int) LANGUAGE sql AS 'SELECT a + 1, a * 2';
CREATE OR REPLACE FUNCTION srf_out(a int, OUT s int, OUT p bigint) LANGUAGE sql AS 'SELECT a + 1, a * 2';
CREATE OR REPLACE FUNCTION srf_out(a int, OUT s int, OUT p int) RETURNS SETOF record LANGUAGE sql AS 'SELECT a + 1, a * 2';
CREATE OR REPLACE FUNCTION srf_tab1() RETURNS SETOF bigint LANGUAGE sql AS 'SELECT a FROM srf_t';
DROP FUNCTION srf_tab(int), srf_tab1(), srf_out(int), srf_out1(int), srf_inout(int), srf_outset(int), srf_noname();
DROP TABLE srf_t;

-- Set-returning functions where a set cannot be used
SELECT CASE WHEN true THEN generate_series(1,2) END;
SELECT CASE generate_series(1,2) WHEN 1 THEN 'a' END;
SELECT COALESCE(1, generate_series(1,2));
SELECT CASE WHEN true THEN (SELECT generate_series(1,1)) END;
SELECT COALESCE((SELECT x FROM generate_series(1,2) x LIMIT 1), 0);
SELECT generate_series(1,2) + 1, CASE WHEN false THEN 1 ELSE 2 END;
SELECT row_number() OVER (ORDER BY generate_series(1,3));
SELECT sum(generate_series(1,3)) OVER ();

-- Dropped columns of a row type, columns hiding arguments of the same name
CREATE TABLE g_t (a int, junk int, b text);
INSERT INTO g_t VALUES (1, 0, 'x'), (2, 0, 'y');
ALTER TABLE g_t DROP COLUMN junk;
CREATE FUNCTION g_rows() RETURNS SETOF g_t LANGUAGE sql AS 'SELECT * FROM g_t';
SELECT * FROM g_rows();
SELECT g_rows();
SELECT (SELECT count(*) FROM g_rows() r WHERE r.a <= t.a) FROM g_t t;
CREATE FUNCTION g_col(a int) RETURNS SETOF int LANGUAGE sql AS 'SELECT a FROM g_t';
SELECT * FROM g_col(100);
SELECT * FROM g_rows();
CREATE FUNCTION g_v() RETURNS SETOF float8 LANGUAGE sql VOLATILE AS 'SELECT random() FROM generate_series(1,3)';
SELECT count(*) FROM g_v();
SELECT x FROM g_rows() AS x;
SELECT g.* FROM g_rows() g(p, q);
DROP FUNCTION g_rows(), g_col(int), g_v();
DROP TABLE g_t;
CREATE TABLE g_t (a int, b text);
INSERT INTO g_t VALUES (1, 'x'), (2, 'y');
CREATE FUNCTION g_q(a int) RETURNS SETOF int LANGUAGE sql AS 'SELECT g_q.a FROM g_t';
SELECT * FROM g_q(7);
CREATE FUNCTION g_q2(b text) RETURNS SETOF text LANGUAGE sql AS 'SELECT b FROM g_t UNION ALL SELECT g_q2.b';
SELECT * FROM g_q2('z');
CREATE FUNCTION g_q3(g_t int) RETURNS SETOF int LANGUAGE sql AS 'SELECT g_t.a FROM g_t';
SELECT * FROM g_q3(5);
CREATE FUNCTION g_q4(x int) RETURNS SETOF int LANGUAGE sql AS 'SELECT x FROM g_t';
SELECT * FROM g_q4(5);
CREATE PROCEDURE g_p(a int) LANGUAGE sql AS 'INSERT INTO g_t SELECT a + 10, b FROM g_t';
CALL g_p(100);
SELECT * FROM g_t ORDER BY a;
DROP PROCEDURE g_p(int);
DROP FUNCTION g_q(int), g_q2(text), g_q3(int), g_q4(int);
DROP TABLE g_t;

-- Functions that are not set-returning whose body reads tables: the first row
CREATE TABLE h_t (a int, b text);
INSERT INTO h_t VALUES (1, 'x'), (2, 'y'), (3, 'z');
CREATE FUNCTION h_count() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM h_t';
SELECT h_count();
CREATE FUNCTION h_first(n int) RETURNS text LANGUAGE sql AS 'SELECT b FROM h_t WHERE a >= n ORDER BY a';
SELECT h_first(2), h_first(9) IS NULL;
SELECT a, h_first(a) FROM h_t;
CREATE FUNCTION h_stats(OUT n bigint, OUT hi int) LANGUAGE sql AS 'SELECT count(*), max(a) FROM h_t';
SELECT * FROM h_stats();
SELECT h_stats();
SELECT (h_stats()).hi;
CREATE FUNCTION h_row(k int) RETURNS h_t LANGUAGE sql AS 'SELECT * FROM h_t WHERE a = k';
SELECT h_row(2);
SELECT * FROM h_row(3);
SELECT * FROM h_row(7);
CREATE FUNCTION h_sub(k int) RETURNS int LANGUAGE sql AS 'SELECT (SELECT max(a) FROM h_t) + k';
SELECT h_sub(10);
CREATE FUNCTION h_strict(k int) RETURNS bigint LANGUAGE sql STRICT AS 'SELECT count(*) FROM h_t';
SELECT h_strict(NULL), h_strict(1);
CREATE FUNCTION h_bad() RETURNS int LANGUAGE sql AS 'SELECT b FROM h_t';
CREATE FUNCTION h_bad() RETURNS int LANGUAGE sql AS 'SELECT a, b FROM h_t';
CREATE FUNCTION h_bad(OUT x int, OUT y int) LANGUAGE sql AS 'SELECT a FROM h_t';
CREATE TABLE h_d (a int DEFAULT h_sub(1), c bigint CHECK (c <= h_count()));
INSERT INTO h_d (c) VALUES (2);
INSERT INTO h_d (c) VALUES (5);
SELECT * FROM h_d;
DROP TABLE h_d;
DROP FUNCTION h_count(), h_first(int), h_stats(), h_row(int), h_sub(int), h_strict(int);
DROP TABLE h_t;

-- How psql and the catalog functions show them
CREATE TABLE j_t (a int, b text);
CREATE FUNCTION j_tab(lim int) RETURNS TABLE (x int, y text) LANGUAGE sql AS 'SELECT a, b FROM j_t';
CREATE FUNCTION j_out(a int, INOUT c int, OUT d text) LANGUAGE sql AS 'SELECT a, ''x''';
CREATE FUNCTION j_set(n int) RETURNS SETOF j_t LANGUAGE sql AS 'SELECT * FROM j_t';
\df j_*
SELECT pg_get_function_result('j_tab'::regproc), pg_get_function_arguments('j_tab'::regproc), pg_get_function_identity_arguments('j_out'::regproc), pg_get_function_result('j_out'::regproc), pg_get_function_result('j_set'::regproc);
DROP TABLE j_t CASCADE;
DROP FUNCTION j_tab(int), j_out(int, int);

-- Set-returning calls nested in the arguments of others: one ProjectSet per depth
SELECT generate_series(1, generate_series(1, 3));
SELECT generate_series(1, 2), generate_series(10, 10 + generate_series(0, 1));
SELECT generate_series(1, generate_series(1, 2)) + generate_series(100, 101);
SELECT x, generate_series(1, generate_series(1, x)) FROM (VALUES (1), (2)) v(x);
SELECT generate_series(1, generate_series(1, 2)) AS g GROUP BY 1 ORDER BY 1;
SELECT count(*) FROM (SELECT generate_series(1, generate_series(1, 3))) s;
SELECT unnest(ARRAY[generate_series(1, 2), 5]);
CREATE FUNCTION k_s(n int) RETURNS SETOF int LANGUAGE sql AS 'SELECT generate_series(1, n)';
SELECT k_s(k_s(3));
DROP FUNCTION k_s(int);

-- Set-returning calls in ORDER BY
CREATE TABLE l_t (a int);
INSERT INTO l_t VALUES (1), (2);
SELECT a FROM l_t ORDER BY generate_series(1, 2), a;
SELECT a, generate_series(1, 2) AS g FROM l_t ORDER BY g DESC, a;
SELECT a FROM l_t ORDER BY generate_series(1, a) DESC, a;
SELECT a FROM l_t GROUP BY a ORDER BY generate_series(1, 2), a;
SELECT DISTINCT a FROM l_t ORDER BY generate_series(1, 2);
SELECT array_agg(a ORDER BY generate_series(1, 2)) FROM l_t;
SELECT a FROM l_t UNION SELECT 3 ORDER BY generate_series(1, 2);
SELECT DISTINCT ON (generate_series(1, 2)) a FROM l_t ORDER BY generate_series(1, 2), a;
VALUES (1), (2) ORDER BY generate_series(1, 2);
SELECT a FROM l_t ORDER BY generate_series(1, 2) LIMIT 3;
SELECT row_number() OVER (), a FROM l_t ORDER BY generate_series(1, 2), a;
DROP TABLE l_t;

-- SETOF record: the call's column definition list types the rows
CREATE TABLE m_t (a int, b text);
INSERT INTO m_t VALUES (1, 'x'), (2, 'y');
CREATE FUNCTION m_rec(n int) RETURNS SETOF record LANGUAGE sql AS 'SELECT a, b FROM m_t WHERE a <= n ORDER BY a';
SELECT * FROM m_rec(2) AS r(p int, q text);
SELECT r.q FROM m_rec(1) AS r(p int, q text);
SELECT m_rec(2);
SELECT * FROM m_rec(2);
SELECT * FROM m_rec(2) AS r(p int);
SELECT * FROM m_rec(2) AS r(p int, q varchar);
SELECT * FROM m_rec(2) AS r(p text, q text);
SELECT * FROM m_rec(2) WITH ORDINALITY AS r(p int, q text);
SELECT t.a, r.* FROM m_t t, m_rec(t.a) AS r(p int, q text);
SELECT proretset, prorettype::regtype, pg_get_function_result('m_rec'::regproc) FROM pg_proc WHERE proname = 'm_rec';
DROP FUNCTION m_rec(int);
DROP TABLE m_t;

-- Prepared statements see a replaced body; the body's tables are locked
CREATE FUNCTION n_f() RETURNS SETOF int LANGUAGE sql AS 'SELECT 1';
PREPARE np AS SELECT * FROM n_f();
EXECUTE np;
CREATE OR REPLACE FUNCTION n_f() RETURNS SETOF int LANGUAGE sql AS 'SELECT 2 UNION ALL SELECT 3';
EXECUTE np;
CREATE TABLE n_t (a int);
CREATE OR REPLACE FUNCTION n_f() RETURNS SETOF int LANGUAGE sql AS 'SELECT a FROM n_t';
EXECUTE np;
INSERT INTO n_t VALUES (7);
EXECUTE np;
BEGIN;
SELECT * FROM n_f();
SELECT relation::regclass, mode FROM pg_locks WHERE relation = 'n_t'::regclass;
COMMIT;
DEALLOCATE np;
DROP FUNCTION n_f();
DROP TABLE n_t;

-- Errors while a body runs: CONTEXT as PostgreSQL gives it, inlined or not
CREATE FUNCTION o_v(n int) RETURNS SETOF int LANGUAGE sql AS 'SELECT 10 / g FROM generate_series(n, 1, -1) g';
CREATE FUNCTION o_s(n int) RETURNS SETOF int LANGUAGE sql STABLE AS 'SELECT 10 / g FROM generate_series(n, 1, -1) g';
CREATE FUNCTION o_st(n int) RETURNS SETOF int LANGUAGE sql STABLE STRICT AS 'SELECT 10 / g FROM generate_series(n, 1, -1) g';
CREATE FUNCTION o_r(n int) RETURNS SETOF record LANGUAGE sql STABLE AS 'SELECT 10 / g FROM generate_series(n, 1, -1) g';
CREATE FUNCTION o_one(n int) RETURNS int LANGUAGE sql AS 'SELECT 10 / g FROM generate_series(n, n) g';
CREATE FUNCTION o_nest(n int) RETURNS SETOF int LANGUAGE sql AS 'SELECT * FROM o_v(n)';
SELECT * FROM o_v(0);
SELECT o_v(0);
SELECT * FROM o_s(0);
SELECT o_s(0);
SELECT * FROM o_st(0);
SELECT * FROM o_r(0) AS t(x int);
SELECT o_one(0);
SELECT * FROM o_one(0);
SELECT * FROM o_nest(0);
SELECT * FROM o_r(2) AS t(x text, y int);
DROP FUNCTION o_v(int), o_s(int), o_st(int), o_r(int), o_one(int), o_nest(int);
