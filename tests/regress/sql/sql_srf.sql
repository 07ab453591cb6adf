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
