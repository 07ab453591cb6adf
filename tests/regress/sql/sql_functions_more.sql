-- SQL functions run statement by statement: bodies of several
-- statements, INSERT/UPDATE/DELETE bodies, void functions, recursion,
-- RETURNS record without OUT parameters, and SQL-standard bodies
-- (BEGIN ATOMIC ... END, RETURN expr).
CREATE TABLE sfm_t (a int, b text);
CREATE TABLE sfm_log (n int, msg text);

-- DML bodies: the RETURNING row is the result
CREATE FUNCTION sfm_ins(x int) RETURNS int LANGUAGE sql AS $$ INSERT INTO sfm_t VALUES (x, 'i') RETURNING a * 10 $$;
SELECT sfm_ins(1);
SELECT * FROM sfm_ins(2);
SELECT a, b FROM sfm_t ORDER BY a;
CREATE FUNCTION sfm_ins2(x int) RETURNS bigint LANGUAGE sql AS $$ INSERT INTO sfm_t VALUES (x, 'j'); SELECT count(*) FROM sfm_t $$;
SELECT sfm_ins2(3);
SELECT sfm_ins2(4) AS second_call;
CREATE FUNCTION sfm_upd(x int) RETURNS text LANGUAGE sql AS $$ UPDATE sfm_t SET b = b || '!' WHERE a = x RETURNING b $$;
SELECT sfm_upd(1), sfm_upd(1) AS again;
SELECT sfm_upd(99) IS NULL AS no_row;
CREATE FUNCTION sfm_del(x int) RETURNS int LANGUAGE sql AS $$ DELETE FROM sfm_t WHERE a >= x RETURNING a $$;
SELECT sfm_del(3) IN (3, 4) AS deleted_one;
SELECT a, b FROM sfm_t ORDER BY a;

-- runtime errors name the statement
CREATE FUNCTION sfm_divide(x int) RETURNS int LANGUAGE sql AS $$ INSERT INTO sfm_log VALUES (x, 'divide'); SELECT 10 / x $$;
SELECT sfm_divide(2);
SELECT sfm_divide(0);
SELECT n, msg FROM sfm_log ORDER BY n;
CREATE FUNCTION sfm_conv(x text) RETURNS int LANGUAGE sql AS $$ SELECT 1; SELECT 2; SELECT x::int $$;
SELECT sfm_conv('12');
SELECT sfm_conv('twelve');

-- void functions may end in any statement; their value is NULL
CREATE FUNCTION sfm_void(x int) RETURNS void LANGUAGE sql AS $$ INSERT INTO sfm_t VALUES (x, 'v'); DELETE FROM sfm_t WHERE a = 1 $$;
SELECT sfm_void(5);
SELECT sfm_void(6) IS NULL AS is_null;
SELECT * FROM sfm_void(7);
SELECT a, b FROM sfm_t ORDER BY a;
CREATE FUNCTION sfm_void_sel() RETURNS void LANGUAGE sql AS $$ SELECT 1 $$;
SELECT sfm_void_sel();
CREATE FUNCTION sfm_void_empty() RETURNS void LANGUAGE sql AS $$ $$;
SELECT sfm_void_empty();
CREATE FUNCTION sfm_mk() RETURNS void LANGUAGE sql AS $$ CREATE TABLE sfm_made (a int) $$;
SELECT sfm_mk();
SELECT count(*) FROM sfm_made;
DROP TABLE sfm_made;
-- the whole body is analyzed before it runs
CREATE FUNCTION sfm_mk2() RETURNS void LANGUAGE sql AS $$ CREATE TABLE sfm_made2 (a int); INSERT INTO sfm_made2 VALUES (1) $$;

-- the final statement must return the declared type
CREATE FUNCTION sfm_bad1(x int) RETURNS int LANGUAGE sql AS $$ INSERT INTO sfm_t VALUES (x, 'v') $$;
CREATE FUNCTION sfm_bad2(x int) RETURNS int LANGUAGE sql AS $$ SELECT 1; DELETE FROM sfm_t $$;
CREATE FUNCTION sfm_bad3(x int) RETURNS int LANGUAGE sql AS $$ SELECT 1; CREATE TABLE sfm_q (a int) $$;
CREATE FUNCTION sfm_bad4(x int) RETURNS int LANGUAGE sql AS $$ INSERT INTO sfm_t VALUES (x) RETURNING b $$;
CREATE FUNCTION sfm_bad5(x int) RETURNS int LANGUAGE sql AS $$ INSERT INTO sfm_t VALUES (x) RETURNING a, b $$;
CREATE FUNCTION sfm_bad6() RETURNS int LANGUAGE sql AS $$ $$;
CREATE FUNCTION sfm_bad7(x int) RETURNS int LANGUAGE sql AS $$ SELECT nosuch FROM sfm_t; SELECT 1 $$;
CREATE FUNCTION sfm_bad8(x int) RETURNS int LANGUAGE sql AS $$ SELECT 1; SELECT 'a' + $$;
CREATE FUNCTION sfm_bad9(x int) RETURNS sfm_t LANGUAGE sql AS $$ SELECT 1; UPDATE sfm_t SET a = x RETURNING b, a $$;
CREATE FUNCTION sfm_bad10(x int) RETURNS sfm_t LANGUAGE sql AS $$ SELECT 1; UPDATE sfm_t SET a = x RETURNING a $$;

-- transaction control is not allowed
CREATE FUNCTION sfm_tx() RETURNS void LANGUAGE sql AS $$ COMMIT $$;
SELECT sfm_tx();
CREATE FUNCTION sfm_tx2() RETURNS void LANGUAGE sql AS $$ SELECT 1; SAVEPOINT s; SELECT 2 $$;
SELECT sfm_tx2();

-- non-volatile functions cannot change anything
CREATE FUNCTION sfm_stable(x int) RETURNS int STABLE LANGUAGE sql AS $$ SELECT 1; UPDATE sfm_t SET a = a RETURNING a $$;
SELECT sfm_stable(1);
CREATE FUNCTION sfm_immutable() RETURNS void IMMUTABLE LANGUAGE sql AS $$ CREATE TABLE sfm_zz (a int) $$;
SELECT sfm_immutable();
CREATE FUNCTION sfm_imm_ins(x int) RETURNS int IMMUTABLE LANGUAGE sql AS $$ INSERT INTO sfm_log VALUES (x, 'imm') RETURNING n $$;
SELECT sfm_imm_ins(1);
CREATE FUNCTION sfm_stable_ok() RETURNS bigint STABLE LANGUAGE sql AS $$ SELECT 1; SELECT count(*) FROM sfm_t $$;
SELECT sfm_stable_ok();
CREATE FUNCTION sfm_imm_ok(x int) RETURNS int IMMUTABLE LANGUAGE sql AS $$ SELECT 1; SELECT x * 2 $$;
SELECT sfm_imm_ok(21), sfm_imm_ok(sfm_imm_ok(1));

-- composite results from DML
CREATE FUNCTION sfm_addrow(x int, y text) RETURNS sfm_t LANGUAGE sql AS $$ INSERT INTO sfm_t VALUES (x, y) RETURNING * $$;
SELECT sfm_addrow(10, 'ten');
SELECT * FROM sfm_addrow(11, 'eleven');
SELECT (sfm_addrow(12, 'twelve')).b;
CREATE FUNCTION sfm_addrow2(x int) RETURNS sfm_t LANGUAGE sql AS $$ INSERT INTO sfm_t VALUES (x, 'whole') RETURNING sfm_t $$;
SELECT * FROM sfm_addrow2(13);
CREATE FUNCTION sfm_addrow3(x int) RETURNS sfm_t LANGUAGE sql AS $$ INSERT INTO sfm_t VALUES (x, 'three') RETURNING x, 'cast'::varchar $$;
SELECT sfm_addrow3(14);

-- OUT parameters
CREATE FUNCTION sfm_outs(x int, OUT p int, OUT q text) LANGUAGE sql AS $$ UPDATE sfm_t SET b = b || '+' WHERE a = x RETURNING a * 100, b $$;
SELECT * FROM sfm_outs(10);
SELECT sfm_outs(11);
SELECT * FROM sfm_outs(99);
CREATE FUNCTION sfm_souts(x int, OUT p int, OUT q text) RETURNS SETOF record LANGUAGE sql AS $$ INSERT INTO sfm_log VALUES (x, 'souts'); DELETE FROM sfm_t WHERE a > x RETURNING a, b $$;
SELECT * FROM sfm_souts(11) ORDER BY p;
SELECT a, b FROM sfm_t ORDER BY a;

-- set-returning functions ending in DML RETURNING or after DML
CREATE FUNCTION sfm_setdml(x int) RETURNS SETOF sfm_t LANGUAGE sql AS $$ UPDATE sfm_t SET b = b || '*' WHERE a >= x RETURNING * $$;
SELECT * FROM sfm_setdml(6) ORDER BY a;
SELECT (sfm_setdml(10)).a;
CREATE FUNCTION sfm_ms(x int) RETURNS SETOF int LANGUAGE sql AS $$ INSERT INTO sfm_t SELECT g, 'g' FROM generate_series(1, x) g; SELECT a FROM sfm_t WHERE b = 'g' ORDER BY a $$;
SELECT sfm_ms(3);
SELECT * FROM sfm_ms(2) AS m(v) ORDER BY v;
SELECT count(*) FROM sfm_t WHERE b = 'g';
CREATE FUNCTION sfm_table(x int) RETURNS TABLE (k int, label text) LANGUAGE sql AS $$ DELETE FROM sfm_t WHERE b = 'g' AND a <= x RETURNING a, b || '-gone' $$;
SELECT * FROM sfm_table(1) ORDER BY k;
SELECT g, t.* FROM generate_series(1, 2) g, LATERAL sfm_table(g) t ORDER BY g, k;

-- RETURNS record without OUT parameters
CREATE FUNCTION sfm_rec(x int) RETURNS record LANGUAGE sql AS $$ SELECT x, x::text || 'x' $$;
SELECT sfm_rec(5);
SELECT * FROM sfm_rec(5) AS (a int, b text);
SELECT * FROM sfm_rec(5) AS r(a bigint, b varchar);
SELECT * FROM sfm_rec(5) AS (a int, b int);
SELECT * FROM sfm_rec(5) AS (a int);
SELECT * FROM sfm_rec(5);
CREATE FUNCTION sfm_rec2(x int) RETURNS record LANGUAGE sql AS $$ INSERT INTO sfm_log VALUES (x, 'rec2'); SELECT x, 'rec2'::text $$;
SELECT sfm_rec2(6);
SELECT * FROM sfm_rec2(7) AS (a int, b text);
CREATE FUNCTION sfm_rec3() RETURNS record LANGUAGE sql AS $$ SELECT a, b FROM sfm_t WHERE false $$;
SELECT sfm_rec3() IS NULL AS is_null;
CREATE FUNCTION sfm_rec4(x int) RETURNS record LANGUAGE sql AS $$ UPDATE sfm_t SET b = 'r4' WHERE a = x RETURNING a, b $$;
SELECT * FROM sfm_rec4(10) AS (a int, b text);

-- each statement sees what the ones before it did
CREATE FUNCTION sfm_steps(x int) RETURNS text LANGUAGE sql AS $$
  DELETE FROM sfm_log;
  INSERT INTO sfm_log VALUES (x, 'first');
  UPDATE sfm_log SET msg = msg || '-second' WHERE n = x;
  INSERT INTO sfm_log SELECT n + 1, 'third' FROM sfm_log;
  SELECT string_agg(n || ':' || msg, ',' ORDER BY n) FROM sfm_log
$$;
SELECT sfm_steps(10);
SELECT sfm_steps(n) FROM generate_series(1, 3) n;
-- called once per row; the calling statement does not see its changes
CREATE FUNCTION sfm_addlog(x int) RETURNS int LANGUAGE sql AS $$ INSERT INTO sfm_log VALUES (x, 'addlog') RETURNING n $$;
DELETE FROM sfm_log;
SELECT sfm_addlog(n), (SELECT count(*) FROM sfm_log) AS seen FROM generate_series(1, 3) n;
SELECT n, msg FROM sfm_log ORDER BY n, msg;
UPDATE sfm_t SET a = sfm_addlog(a) + 100 WHERE b LIKE 'g%';
SELECT count(*) FROM sfm_log;
INSERT INTO sfm_t VALUES (sfm_addlog(1000), 'via insert');
SELECT a, b FROM sfm_t WHERE b = 'via insert';
SELECT count(*) FROM sfm_log WHERE n = 1000;
WITH w AS (SELECT sfm_addlog(2000) AS v) SELECT v FROM w;

-- strict functions are not called on NULL
CREATE FUNCTION sfm_strict(x int) RETURNS int STRICT LANGUAGE sql AS $$ INSERT INTO sfm_log VALUES (x, 'strict'); SELECT x $$;
SELECT sfm_strict(NULL), (SELECT count(*) FROM sfm_log WHERE msg = 'strict') AS calls;
-- arguments by name and by number
CREATE FUNCTION sfm_named(n int, m text) RETURNS int LANGUAGE sql AS $$ INSERT INTO sfm_log VALUES (sfm_named.n, m); INSERT INTO sfm_log VALUES ($1 + 1, $2); SELECT count(*)::int FROM sfm_log WHERE msg = m $$;
SELECT sfm_named(1, 'named'), sfm_named(m => 'named', n => 5);

-- recursion
CREATE FUNCTION sfm_fact(n int) RETURNS numeric LANGUAGE sql AS $$ SELECT CASE WHEN n <= 1 THEN 1 ELSE n * sfm_fact(n - 1) END $$;
SELECT sfm_fact(20);
CREATE FUNCTION sfm_fib(n int) RETURNS bigint LANGUAGE sql AS $$ SELECT CASE WHEN n < 2 THEN n ELSE sfm_fib(n - 1) + sfm_fib(n - 2) END $$;
SELECT sfm_fib(15);
CREATE FUNCTION sfm_countdown(n int) RETURNS SETOF int LANGUAGE sql AS $$ SELECT n WHERE n > 0 UNION ALL SELECT sfm_countdown(n - 1) WHERE n > 0 $$;
SELECT sfm_countdown(4);
CREATE FUNCTION sfm_even(n int) RETURNS bool LANGUAGE sql AS $$ SELECT n = 0 $$;
CREATE FUNCTION sfm_odd(n int) RETURNS bool LANGUAGE sql AS $$ SELECT CASE WHEN n = 0 THEN false ELSE sfm_even(n - 1) END $$;
CREATE OR REPLACE FUNCTION sfm_even(n int) RETURNS bool LANGUAGE sql AS $$ SELECT CASE WHEN n = 0 THEN true ELSE sfm_odd(n - 1) END $$;
SELECT sfm_even(10), sfm_odd(7), sfm_even(7);
CREATE FUNCTION sfm_recins(n int) RETURNS int LANGUAGE sql AS $$ INSERT INTO sfm_log VALUES (n, 'rec'); SELECT CASE WHEN n > 0 THEN sfm_recins(n - 1) ELSE (SELECT count(*)::int FROM sfm_log WHERE msg = 'rec') END $$;
SELECT sfm_recins(5);
CREATE FUNCTION sfm_recerr(n int) RETURNS int LANGUAGE sql AS $$ SELECT CASE WHEN n > 0 THEN sfm_recerr(n - 1) ELSE 1 / n END $$;
SELECT sfm_recerr(3);
SELECT sfm_recerr(6);
CREATE FUNCTION sfm_recerr2(n int) RETURNS int LANGUAGE sql AS $$ SELECT 1; SELECT CASE WHEN n > 0 THEN sfm_recerr2(n - 1) ELSE 1 / n END $$;
SELECT sfm_recerr2(2);
CREATE FUNCTION sfm_deep(n int) RETURNS int LANGUAGE sql AS $$ SELECT CASE WHEN n <= 0 THEN 0 ELSE 1 + sfm_deep(n - 1) END $$;
SELECT sfm_deep(2000);
CREATE FUNCTION sfm_deep2(n int) RETURNS int LANGUAGE sql AS $$ SELECT 1; SELECT CASE WHEN n <= 0 THEN 0 ELSE 1 + sfm_deep2(n - 1) END $$;
SELECT sfm_deep2(1000);
CREATE FUNCTION sfm_forever(n int) RETURNS int LANGUAGE sql AS $$ SELECT sfm_forever(n + 1) $$;
\set VERBOSITY terse
SELECT sfm_forever(1);
SELECT sfm_deep(100000);
\set VERBOSITY default

-- read-only transactions
BEGIN READ ONLY;
SELECT sfm_addlog(1);
ROLLBACK;
BEGIN READ ONLY;
SELECT sfm_stable_ok();
ROLLBACK;
-- a failing function's changes roll back with its statement
BEGIN;
SELECT count(*) FROM sfm_log;
SAVEPOINT s1;
SELECT sfm_divide(0);
ROLLBACK TO s1;
SELECT count(*) FROM sfm_log;
COMMIT;

-- procedures called from functions
CREATE PROCEDURE sfm_proc(x int) LANGUAGE sql AS $$ INSERT INTO sfm_log VALUES (x, 'proc') $$;
CREATE FUNCTION sfm_callproc(x int) RETURNS bigint LANGUAGE sql AS $$ CALL sfm_proc(x); SELECT count(*) FROM sfm_log WHERE msg = 'proc' $$;
SELECT sfm_callproc(1);
SELECT sfm_callproc(2);
DROP PROCEDURE sfm_proc;
SELECT sfm_callproc(1);
CREATE PROCEDURE sfm_outproc(INOUT x int) LANGUAGE sql AS $$ SELECT x + 1 $$;
CREATE FUNCTION sfm_calloutproc(x int) RETURNS void LANGUAGE sql AS $$ CALL sfm_outproc(x) $$;
DROP PROCEDURE sfm_outproc;

-- more shapes: SETOF record, SETOF void, defaults and checks, SELECT INTO,
-- MERGE and data-modifying WITH in bodies, a table dropped between calls
CREATE FUNCTION sfm_srec() RETURNS SETOF record LANGUAGE sql AS $$ INSERT INTO sfm_log VALUES (1, 'srec'); SELECT 1, 'x'::text UNION ALL SELECT 2, 'y' $$;
SELECT * FROM sfm_srec() AS (a int, b text) ORDER BY a;
SELECT * FROM sfm_srec() AS (a int, b int);
SELECT sfm_srec();
CREATE FUNCTION sfm_svoid() RETURNS SETOF void LANGUAGE sql AS $$ INSERT INTO sfm_log VALUES (2, 'svoid') $$;
SELECT sfm_svoid();
SELECT * FROM sfm_svoid();
SELECT count(*) FROM sfm_log WHERE msg = 'svoid';
CREATE FUNCTION sfm_next() RETURNS int LANGUAGE sql AS $$ INSERT INTO sfm_log VALUES (3, 'next'); SELECT count(*)::int FROM sfm_log WHERE msg = 'next' $$;
CREATE TABLE sfm_d (a int DEFAULT sfm_next(), b int CHECK (b < sfm_next()));
INSERT INTO sfm_d (b) VALUES (1);
INSERT INTO sfm_d (b) VALUES (100);
SELECT a, b FROM sfm_d;
DROP TABLE sfm_d;
CREATE FUNCTION sfm_into() RETURNS int LANGUAGE sql AS $$ SELECT 1 AS x INTO sfm_into_t; SELECT x FROM sfm_into_t $$;
CREATE FUNCTION sfm_into2() RETURNS void LANGUAGE sql AS $$ SELECT 1 AS x INTO sfm_into_t $$;
SELECT sfm_into2();
SELECT * FROM sfm_into_t;
DROP TABLE sfm_into_t;
CREATE TABLE sfm_gone (a int);
CREATE FUNCTION sfm_usegone() RETURNS bigint LANGUAGE sql AS $$ SELECT 1; SELECT count(*) FROM sfm_gone $$;
SELECT sfm_usegone();
DROP TABLE sfm_gone;
SELECT sfm_usegone();
CREATE TEMP TABLE sfm_temp (a int);
CREATE FUNCTION sfm_usetemp(x int) RETURNS bigint LANGUAGE sql AS $$ INSERT INTO sfm_temp VALUES (x); SELECT count(*) FROM sfm_temp $$;
SELECT sfm_usetemp(1), sfm_usetemp(2);
CREATE FUNCTION sfm_setrows(x int) RETURNS SETOF int LANGUAGE sql AS $$ SELECT 1; SELECT g FROM generate_series(1, x) g $$;
SELECT count(*), sum(s) FROM sfm_setrows(100000) s;
SELECT sfm_setrows(3), sfm_setrows(2);
CREATE TABLE sfm_m (a int, b text);
INSERT INTO sfm_m VALUES (1, 'a'), (2, 'b');
CREATE FUNCTION sfm_upself(x int) RETURNS int LANGUAGE sql AS $$ UPDATE sfm_m SET b = 'f' WHERE a = x RETURNING a $$;
UPDATE sfm_m SET b = 'outer' WHERE a = sfm_upself(a);
DELETE FROM sfm_m WHERE a = sfm_upself(a);
SELECT * FROM sfm_m ORDER BY a;
CREATE FUNCTION sfm_merge(x int) RETURNS void LANGUAGE sql AS $$ MERGE INTO sfm_m USING (SELECT x AS k) s ON sfm_m.a = s.k WHEN MATCHED THEN UPDATE SET b = 'merged' WHEN NOT MATCHED THEN INSERT VALUES (s.k, 'new') $$;
SELECT sfm_merge(1), sfm_merge(5);
SELECT * FROM sfm_m ORDER BY a;
CREATE FUNCTION sfm_cte(x int) RETURNS int LANGUAGE sql AS $$ WITH i AS (INSERT INTO sfm_m VALUES (x, 'cte') RETURNING a) SELECT a + 1 FROM i $$;
SELECT sfm_cte(7);
CREATE FUNCTION sfm_cte_stable(x int) RETURNS int STABLE LANGUAGE sql AS $$ WITH i AS (INSERT INTO sfm_m VALUES (x, 'cte') RETURNING a) SELECT a + 1 FROM i $$;
SELECT sfm_cte_stable(8);
SELECT * FROM sfm_m ORDER BY a;
DROP TABLE sfm_m;
CREATE FUNCTION sfm_twosel() RETURNS text LANGUAGE sql AS $$ SELECT 'a'; SELECT 'b' $$;
SELECT sfm_twosel();
PREPARE sfm_prep(int) AS SELECT sfm_next() + $1;
EXECUTE sfm_prep(100);
EXECUTE sfm_prep(100);
DEALLOCATE sfm_prep;
CREATE FUNCTION sfm_param(x int) RETURNS int LANGUAGE sql AS $$ SELECT 1; SELECT $2 $$;
DROP FUNCTION sfm_srec, sfm_svoid, sfm_next, sfm_into2, sfm_usegone, sfm_usetemp, sfm_setrows, sfm_upself, sfm_merge, sfm_cte, sfm_cte_stable, sfm_twosel;
DROP TABLE sfm_temp;

-- SQL-standard bodies
CREATE FUNCTION sfm_atom(x int) RETURNS int LANGUAGE sql BEGIN ATOMIC INSERT INTO sfm_t VALUES (x, 'atom'); SELECT count(*)::int FROM sfm_t WHERE b = 'atom'; END;
SELECT sfm_atom(1), sfm_atom(2);
CREATE FUNCTION sfm_ret(x int) RETURNS int LANGUAGE sql RETURN x * 2;
SELECT sfm_ret(4);
CREATE FUNCTION sfm_ret2(x int) RETURNS int RETURN x + 1;
SELECT sfm_ret2(1), sfm_ret(sfm_ret2(2));
CREATE FUNCTION sfm_ret3() RETURNS int LANGUAGE sql RETURN sfm_ret2(1) + 1;
SELECT sfm_ret3();
CREATE FUNCTION sfm_atomset() RETURNS SETOF sfm_t LANGUAGE sql BEGIN ATOMIC SELECT * FROM sfm_t WHERE b = 'atom' ORDER BY a; END;
SELECT * FROM sfm_atomset();
CREATE FUNCTION sfm_atomvoid(x int) RETURNS void LANGUAGE sql BEGIN ATOMIC END;
SELECT sfm_atomvoid(1);
CREATE FUNCTION sfm_atomupd(x int) RETURNS int LANGUAGE sql BEGIN ATOMIC UPDATE sfm_t SET b = 'atomu' WHERE a = x AND b = 'atom' RETURNING a; END;
SELECT sfm_atomupd(2);
CREATE FUNCTION sfm_atomdel(x int) RETURNS int STABLE LANGUAGE sql BEGIN ATOMIC DELETE FROM sfm_t WHERE a = x RETURNING a; END;
SELECT sfm_atomdel(1);
CREATE FUNCTION sfm_atomout(x int, OUT y int, OUT z text) LANGUAGE sql BEGIN ATOMIC SELECT x, 'out'; END;
SELECT * FROM sfm_atomout(3);
CREATE PROCEDURE sfm_atomproc(x int) LANGUAGE sql BEGIN ATOMIC INSERT INTO sfm_log VALUES (x, 'atomproc'); END;
CALL sfm_atomproc(77);
SELECT n, msg FROM sfm_log WHERE msg = 'atomproc';
CREATE OR REPLACE FUNCTION sfm_ret(x int) RETURNS int LANGUAGE sql AS $$ SELECT x * 3 $$;
SELECT sfm_ret(4);
CREATE OR REPLACE FUNCTION sfm_ret(x int) RETURNS int LANGUAGE sql RETURN x * 4;
SELECT sfm_ret(4);
SELECT proname, prosrc = '' AS empty_src, prosqlbody IS NOT NULL AS has_body FROM pg_proc WHERE proname IN ('sfm_ins', 'sfm_atom', 'sfm_ret', 'sfm_atomvoid') ORDER BY proname;
-- errors in SQL-standard bodies
CREATE FUNCTION sfm_abad1(x int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 'a'::text; END;
CREATE FUNCTION sfm_abad2(x int) RETURNS int LANGUAGE sql BEGIN ATOMIC INSERT INTO sfm_t VALUES (x, 'a'); END;
CREATE FUNCTION sfm_abad3(x int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT nosuch FROM sfm_t; END;
CREATE FUNCTION sfm_abad4(x int) RETURNS void LANGUAGE sql BEGIN ATOMIC CREATE TABLE sfm_q (a int); END;
CREATE FUNCTION sfm_abad5(x int) RETURNS int LANGUAGE sql AS 'SELECT 1' RETURN 1;
CREATE FUNCTION sfm_abad6(x int) RETURNS int LANGUAGE plpgsql RETURN 1;
CREATE FUNCTION sfm_abad7(x int) RETURNS int LANGUAGE sql RETURN nosuch;
CREATE FUNCTION sfm_abad8(x int) RETURNS int LANGUAGE sql RETURN 'abc';
CREATE FUNCTION sfm_abad9(x int) RETURNS int LANGUAGE sql BEGIN ATOMIC END;
CREATE FUNCTION sfm_abad10(n int) RETURNS int LANGUAGE sql RETURN CASE WHEN n <= 0 THEN 0 ELSE n + sfm_abad10(n - 1) END;
CREATE FUNCTION sfm_abad11(x int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; COMMIT; END;
CREATE FUNCTION sfm_abad12(x int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT x + 'a'; END;
\set VERBOSITY sqlstate
CREATE FUNCTION sfm_abad5(x int) RETURNS int LANGUAGE sql AS 'SELECT 1' RETURN 1;
CREATE FUNCTION sfm_abad4(x int) RETURNS void LANGUAGE sql BEGIN ATOMIC CREATE TABLE sfm_q (a int); END;
SELECT sfm_stable(1);
SELECT sfm_tx();
CREATE FUNCTION sfm_bad1(x int) RETURNS int LANGUAGE sql AS $$ INSERT INTO sfm_t VALUES (x, 'v') $$;
SELECT sfm_forever(1);
\set VERBOSITY default

-- dependencies: SQL-standard bodies depend on what they use
SELECT pg_describe_object(classid, objid, objsubid) AS obj, pg_describe_object(refclassid, refobjid, refobjsubid) AS ref, deptype
FROM pg_depend WHERE classid = 'pg_proc'::regclass
  AND objid IN (SELECT oid FROM pg_proc WHERE proname IN ('sfm_ins', 'sfm_ins2', 'sfm_atom', 'sfm_atomset', 'sfm_atomupd', 'sfm_atomdel', 'sfm_ret', 'sfm_ret3', 'sfm_atomvoid', 'sfm_setdml', 'sfm_atomproc'))
ORDER BY 1, 2;
DROP TABLE sfm_t;
DROP TABLE sfm_log;
DROP FUNCTION sfm_ret2;
ALTER TABLE sfm_t DROP COLUMN b;
DROP FUNCTION sfm_ret3;
DROP FUNCTION sfm_ret2;

-- which columns SQL-standard bodies depend on
CREATE TABLE sfm_dt (a int, b text, c int, d int);
CREATE TABLE sfm_du (x int, y int);
CREATE FUNCTION sfm_dep1(v int) RETURNS int LANGUAGE sql BEGIN ATOMIC INSERT INTO sfm_dt (b) VALUES ('x'); SELECT v; END;
CREATE FUNCTION sfm_dep2(v int) RETURNS int LANGUAGE sql BEGIN ATOMIC INSERT INTO sfm_dt (c, a) SELECT x, y FROM sfm_du WHERE x > v RETURNING d; END;
CREATE FUNCTION sfm_dep3(v int) RETURNS int LANGUAGE sql BEGIN ATOMIC UPDATE sfm_dt SET b = 'sfm_du' WHERE c = v RETURNING a; END;
CREATE FUNCTION sfm_dep4(v int) RETURNS int LANGUAGE sql BEGIN ATOMIC UPDATE sfm_dt SET b = sfm_dt.b || sfm_du.x FROM sfm_du WHERE sfm_du.y = sfm_dt.d RETURNING 1; END;
CREATE FUNCTION sfm_dep5(v int) RETURNS int LANGUAGE sql BEGIN ATOMIC DELETE FROM sfm_dt USING sfm_du WHERE sfm_dt.a = sfm_du.x RETURNING sfm_dt.c; END;
CREATE FUNCTION sfm_dep6(v int) RETURNS bigint LANGUAGE sql BEGIN ATOMIC SELECT count(*) FROM sfm_dt; END;
CREATE FUNCTION sfm_dep7(v int) RETURNS int LANGUAGE sql BEGIN ATOMIC INSERT INTO sfm_dt VALUES (v); SELECT (SELECT max(x) FROM sfm_du WHERE y = v); END;
SELECT pg_describe_object(classid, objid, objsubid) AS f, pg_describe_object(refclassid, refobjid, refobjsubid) AS ref FROM pg_depend WHERE classid = 'pg_proc'::regclass AND objid IN (SELECT oid FROM pg_proc WHERE proname ~ '^sfm_dep[0-9]$') ORDER BY 1, 2;
DROP FUNCTION sfm_dep1, sfm_dep2, sfm_dep3, sfm_dep4, sfm_dep5, sfm_dep6, sfm_dep7;
DROP TABLE sfm_dt, sfm_du;

-- pg_get_functiondef and psql's \sf of string bodies
CREATE FUNCTION sfm_def1(x int DEFAULT 3, "Y" text = 'a') RETURNS record LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT x, 'a'::text $$;
CREATE FUNCTION sfm_def2(x int) RETURNS TABLE (k int, "L" text) STABLE LANGUAGE sql AS $f$ SELECT 1, '$function$' $f$;
CREATE FUNCTION sfm_def3(INOUT x int, OUT y text, VARIADIC z int[]) LANGUAGE sql AS 'SELECT x, ''a''';
CREATE PROCEDURE sfm_defproc(x int, INOUT y int) LANGUAGE sql AS $$ SELECT 1 $$;
CREATE FUNCTION "SFM Odd"() RETURNS void LANGUAGE sql AS $$
  SELECT 1
$$;
SELECT pg_get_functiondef('sfm_def1'::regproc);
SELECT pg_get_functiondef('sfm_def2'::regproc);
SELECT pg_get_functiondef('sfm_def3'::regproc);
SELECT pg_get_functiondef('sfm_defproc'::regproc);
SELECT pg_get_functiondef('"SFM Odd"'::regproc);
SELECT pg_get_functiondef('sfm_setdml'::regproc);
SELECT pg_get_functiondef(0);
SELECT pg_get_functiondef((SELECT min(oid) FROM pg_proc WHERE proname = 'sum'));
\sf sfm_steps
\sf+ sfm_void
\sf sfm_defproc
DROP FUNCTION sfm_def1, sfm_def2, sfm_def3, "SFM Odd";
DROP PROCEDURE sfm_defproc;

-- pg_get_function_sqlbody and pg_get_functiondef of SQL-standard bodies
CREATE TABLE sfm_sb (a int, b text);
CREATE FUNCTION sfm_sb1(int) RETURNS int LANGUAGE sql RETURN $1 + 1;
CREATE FUNCTION sfm_sb2(x int, y int) RETURNS int LANGUAGE sql IMMUTABLE RETURN x * y + 1;
CREATE FUNCTION sfm_sb3(x int) RETURNS bigint LANGUAGE sql RETURN x;
CREATE FUNCTION sfm_sb4(t text) RETURNS text LANGUAGE sql RETURN upper(t) || 'z';
CREATE FUNCTION sfm_sb5(x int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT a FROM sfm_sb WHERE a > x ORDER BY a LIMIT 1; END;
CREATE FUNCTION sfm_sb6(x int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT x + 1; END;
CREATE FUNCTION sfm_sb7(x int, OUT p int, OUT q text) LANGUAGE sql BEGIN ATOMIC SELECT a, b FROM sfm_sb WHERE a = x; END;
CREATE FUNCTION sfm_sb8() RETURNS SETOF sfm_sb LANGUAGE sql STABLE BEGIN ATOMIC SELECT * FROM sfm_sb; END;
CREATE FUNCTION sfm_sb9(int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT $1 * 2 AS dbl; SELECT 3; END;
SELECT p.proname, pg_get_function_sqlbody(p.oid) FROM pg_proc p WHERE p.proname LIKE 'sfm\_sb_' ORDER BY 1;
SELECT pg_get_functiondef('sfm_sb2'::regproc);
SELECT pg_get_functiondef('sfm_sb5'::regproc);
INSERT INTO sfm_sb VALUES (1, 'one'), (5, 'five');
SELECT sfm_sb1(1), sfm_sb2(2, 3), sfm_sb3(4), sfm_sb4('a'), sfm_sb5(2), sfm_sb6(7), (sfm_sb7(5)).q, sfm_sb9(4);
DROP FUNCTION sfm_sb1, sfm_sb2, sfm_sb3, sfm_sb4, sfm_sb5, sfm_sb6, sfm_sb7, sfm_sb8, sfm_sb9;
DROP TABLE sfm_sb;

-- SQL-standard bodies of INSERT, UPDATE and DELETE, printed back
CREATE TABLE sfm_dm (a int PRIMARY KEY, b text DEFAULT 'dflt', c numeric);
CREATE TABLE sfm_dn (x int, y text);
CREATE FUNCTION sfm_dm1(x int, y text) RETURNS int LANGUAGE sql BEGIN ATOMIC INSERT INTO sfm_dm (a, b) VALUES (x, y); SELECT count(*)::int FROM sfm_dm; END;
CREATE FUNCTION sfm_dm2(x int) RETURNS void LANGUAGE sql BEGIN ATOMIC INSERT INTO sfm_dm VALUES (x); INSERT INTO sfm_dm (b, a) VALUES ('q', x + 1), (DEFAULT, x + 2); END;
CREATE FUNCTION sfm_dm3() RETURNS void LANGUAGE sql BEGIN ATOMIC INSERT INTO sfm_dm DEFAULT VALUES; END;
CREATE FUNCTION sfm_dm4(x int) RETURNS SETOF text LANGUAGE sql BEGIN ATOMIC INSERT INTO sfm_dm (a, c) SELECT sfm_dn.x + x, 1.5 FROM sfm_dn WHERE sfm_dn.y IS NOT NULL ORDER BY 1 LIMIT 2 RETURNING a + 1 || b; END;
CREATE FUNCTION sfm_dm5(x int) RETURNS int LANGUAGE sql BEGIN ATOMIC INSERT INTO sfm_dm AS d VALUES (x, DEFAULT, 2) RETURNING d.a * 2; END;
CREATE FUNCTION sfm_dm6(x int) RETURNS SETOF sfm_dm LANGUAGE sql BEGIN ATOMIC UPDATE sfm_dm SET b = DEFAULT, c = c * 2 WHERE a = x RETURNING *; END;
CREATE FUNCTION sfm_dm7() RETURNS SETOF text LANGUAGE sql BEGIN ATOMIC UPDATE ONLY sfm_dm d SET (b, c) = ('z', 3) FROM sfm_dn WHERE sfm_dn.x = d.a AND sfm_dn.y <> 'w' RETURNING d.b || sfm_dn.y; END;
CREATE FUNCTION sfm_dm8(x int) RETURNS bigint LANGUAGE sql BEGIN ATOMIC UPDATE sfm_dm SET c = (SELECT count(*) FROM sfm_dn WHERE sfm_dn.x = sfm_dm.a) WHERE a > x RETURNING (SELECT count(*) FROM sfm_dn); END;
CREATE FUNCTION sfm_dm9(x int) RETURNS void LANGUAGE sql BEGIN ATOMIC DELETE FROM sfm_dm USING sfm_dn WHERE sfm_dn.x = sfm_dm.a AND sfm_dm.a < x; END;
CREATE FUNCTION sfm_dm10(x int) RETURNS int LANGUAGE sql BEGIN ATOMIC DELETE FROM ONLY sfm_dm AS z WHERE z.a = x RETURNING z.a; END;
CREATE PROCEDURE sfm_dm11(x int) LANGUAGE sql BEGIN ATOMIC INSERT INTO sfm_dm (a, b) SELECT x, 'p' RETURNING *; DELETE FROM sfm_dm WHERE a > x + 100; END;
CREATE FUNCTION sfm_dm12(x int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT a FROM sfm_dm WHERE a = x UNION ALL SELECT x; END;
CREATE FUNCTION sfm_dm13(x int) RETURNS void LANGUAGE sql BEGIN ATOMIC INSERT INTO sfm_dm VALUES (x) ON CONFLICT DO NOTHING; INSERT INTO sfm_dm VALUES (x, 'c') ON CONFLICT (a) DO NOTHING; END;
CREATE FUNCTION sfm_dm14(x int) RETURNS numeric LANGUAGE sql BEGIN ATOMIC INSERT INTO sfm_dm AS d VALUES (x, 'up', 1) ON CONFLICT (a) DO UPDATE SET b = excluded.b || d.b, c = DEFAULT WHERE d.c IS NULL OR d.c < x RETURNING c; END;
CREATE FUNCTION sfm_dm15(x int) RETURNS void LANGUAGE sql BEGIN ATOMIC INSERT INTO sfm_dm VALUES (x, 'k') ON CONFLICT ON CONSTRAINT sfm_dm_pkey DO UPDATE SET (b, c) = (excluded.b, 5); END;
CREATE FUNCTION sfm_dm16(x int) RETURNS SETOF int LANGUAGE sql BEGIN ATOMIC WITH s AS (SELECT x + 200 AS k) INSERT INTO sfm_dm (a) SELECT k FROM s RETURNING a; END;
CREATE FUNCTION sfm_dm17(x int) RETURNS void LANGUAGE sql BEGIN ATOMIC WITH s AS MATERIALIZED (SELECT sfm_dn.x, sfm_dn.y FROM sfm_dn) UPDATE sfm_dm SET b = s.y FROM s WHERE s.x = sfm_dm.a; WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < x) DELETE FROM sfm_dm WHERE a IN (SELECT n + 300 FROM r); END;
CREATE TABLE sfm_di (id int GENERATED ALWAYS AS IDENTITY, v int);
CREATE FUNCTION sfm_dm18(x int) RETURNS void LANGUAGE sql BEGIN ATOMIC INSERT INTO sfm_di (id, v) OVERRIDING SYSTEM VALUE VALUES (x, x); INSERT INTO sfm_di OVERRIDING USER VALUE VALUES (x, x + 1); END;
SELECT p.proname, pg_get_functiondef(p.oid) FROM pg_proc p WHERE p.proname ~ '^sfm_dm[0-9]+$' ORDER BY 1;
INSERT INTO sfm_dn VALUES (20, 'z'), (21, 'w'), (1, 'y');
SELECT sfm_dm1(1, 'one'), sfm_dm2(10), sfm_dm3() IS NULL AS failed;
SELECT sfm_dm2(10);
SELECT * FROM sfm_dm4(0) ORDER BY 1;
SELECT sfm_dm5(30);
SELECT * FROM sfm_dm6(1);
SELECT * FROM sfm_dm7() ORDER BY 1;
SELECT sfm_dm8(0);
SELECT sfm_dm9(21);
SELECT sfm_dm10(30);
CALL sfm_dm11(50);
SELECT * FROM sfm_dm ORDER BY a;
SELECT sfm_dm12(50);
SELECT sfm_dm13(1), sfm_dm13(400);
SELECT sfm_dm14(1), sfm_dm14(1), sfm_dm14(401);
SELECT sfm_dm15(1);
SELECT * FROM sfm_dm16(1);
SELECT sfm_dm17(2);
SELECT sfm_dm18(10);
SELECT * FROM sfm_dm ORDER BY a;
SELECT * FROM sfm_di ORDER BY id;
-- RETURN with subqueries, and what they depend on
CREATE FUNCTION sfm_rs1() RETURNS int LANGUAGE sql RETURN (SELECT count(*) FROM sfm_dm);
CREATE FUNCTION sfm_rs2(x int) RETURNS bool LANGUAGE sql RETURN x > (SELECT count(*) FROM sfm_dm WHERE a < x) AND EXISTS (SELECT 1 FROM sfm_dn);
CREATE FUNCTION sfm_rs3(x int) RETURNS int[] LANGUAGE sql RETURN ARRAY(SELECT a FROM sfm_dm WHERE a > x ORDER BY a);
CREATE FUNCTION sfm_rs4(x int) RETURNS bool LANGUAGE sql RETURN x IN (SELECT a FROM sfm_dm) OR EXISTS (SELECT 1 FROM sfm_dn, sfm_dm WHERE sfm_dn.x = sfm_dm.a UNION SELECT 2);
CREATE FUNCTION sfm_rs5() RETURNS numeric LANGUAGE sql RETURN (SELECT max(c) FROM sfm_dm JOIN sfm_dn ON sfm_dm.a = sfm_dn.x);
CREATE FUNCTION sfm_rs6(x int) RETURNS text LANGUAGE sql IMMUTABLE RETURN CASE WHEN x > 0 THEN 'pos' WHEN x < 0 THEN 'neg' ELSE 'zero' END;
CREATE FUNCTION sfm_rs7(x int) RETURNS bigint LANGUAGE sql RETURN x + 1;
SELECT p.proname, pg_get_function_sqlbody(p.oid) FROM pg_proc p WHERE p.proname ~ '^sfm_rs[0-9]$' ORDER BY 1;
SELECT pg_get_functiondef('sfm_rs2'::regproc);
SELECT sfm_rs1(), sfm_rs2(3), sfm_rs3(20), sfm_rs4(1), sfm_rs5(), sfm_rs6(-3), sfm_rs7(4);
SELECT pg_describe_object(classid, objid, objsubid) AS f, pg_describe_object(refclassid, refobjid, refobjsubid) AS ref FROM pg_depend WHERE classid = 'pg_proc'::regclass AND objid IN (SELECT oid FROM pg_proc WHERE proname ~ '^sfm_rs[0-9]$') ORDER BY 1, 2;
DROP TABLE sfm_dn;
DROP FUNCTION sfm_rs1, sfm_rs2, sfm_rs3, sfm_rs4, sfm_rs5, sfm_rs6, sfm_rs7;
DROP FUNCTION sfm_dm1, sfm_dm2, sfm_dm3, sfm_dm4, sfm_dm5, sfm_dm6, sfm_dm7, sfm_dm8, sfm_dm9, sfm_dm10, sfm_dm12,
  sfm_dm13, sfm_dm14, sfm_dm15, sfm_dm16, sfm_dm17, sfm_dm18;
DROP PROCEDURE sfm_dm11;
DROP TABLE sfm_dm, sfm_dn, sfm_di;
-- ON CONFLICT in a body: the target's index is looked for when the
-- function runs; ON CONSTRAINT depends on the constraint
CREATE TABLE sfm_oc (a int, b int UNIQUE);
CREATE FUNCTION sfm_oc1(x int) RETURNS void LANGUAGE sql BEGIN ATOMIC INSERT INTO sfm_oc VALUES (x) ON CONFLICT (a) DO NOTHING; END;
CREATE FUNCTION sfm_oc2(x int) RETURNS void LANGUAGE sql BEGIN ATOMIC INSERT INTO sfm_oc VALUES (x) ON CONFLICT ON CONSTRAINT sfm_oc_b_key DO NOTHING; END;
CREATE FUNCTION sfm_oc3(x int) RETURNS void LANGUAGE sql BEGIN ATOMIC INSERT INTO sfm_oc VALUES (x) ON CONFLICT ON CONSTRAINT sfm_oc_nosuch DO NOTHING; END;
SELECT pg_describe_object(classid, objid, objsubid) AS f, pg_describe_object(refclassid, refobjid, refobjsubid) AS ref, deptype FROM pg_depend WHERE classid = 'pg_proc'::regclass AND objid IN ('sfm_oc1'::regproc, 'sfm_oc2'::regproc) ORDER BY 1, 2;
SELECT sfm_oc1(1);
ALTER TABLE sfm_oc ADD PRIMARY KEY (a);
SELECT sfm_oc1(1), sfm_oc1(1), sfm_oc2(2);
ALTER TABLE sfm_oc DROP CONSTRAINT sfm_oc_b_key;
SELECT * FROM sfm_oc ORDER BY a;
DROP FUNCTION sfm_oc1, sfm_oc2;
DROP TABLE sfm_oc;
-- data-modifying WITH queries in a body: printed, and depended on
CREATE TABLE sfm_w1 (id int, a int, b text);
CREATE TABLE sfm_w2 (k int, v text);
CREATE FUNCTION sfm_mw1(x int) RETURNS SETOF int LANGUAGE sql BEGIN ATOMIC WITH u AS (UPDATE sfm_w1 SET a = a + x RETURNING id, a * 2), i AS (INSERT INTO sfm_w2 VALUES (x, 'i') RETURNING *) SELECT id FROM u UNION ALL SELECT k FROM i; END;
CREATE FUNCTION sfm_mw2(x int) RETURNS bigint LANGUAGE sql BEGIN ATOMIC WITH d(kk, vv) AS (DELETE FROM sfm_w2 RETURNING k, v) SELECT count(*) FROM d WHERE kk > x; END;
CREATE FUNCTION sfm_mw3(x int) RETURNS int LANGUAGE sql BEGIN ATOMIC WITH i AS (INSERT INTO sfm_w2 VALUES (x) RETURNING k), j AS (SELECT k + 1 AS k FROM i) UPDATE sfm_w1 SET a = j.k FROM j WHERE sfm_w1.id = j.k RETURNING sfm_w1.a; END;
CREATE FUNCTION sfm_mw4(x int) RETURNS int LANGUAGE sql BEGIN ATOMIC WITH d AS (DELETE FROM sfm_w2 WHERE k = x) SELECT 1; END;
SELECT p.proname, pg_get_function_sqlbody(p.oid) FROM pg_proc p WHERE p.proname ~ '^sfm_mw[0-9]$' ORDER BY 1;
SELECT pg_describe_object(classid, objid, objsubid) AS f, pg_describe_object(refclassid, refobjid, refobjsubid) AS ref, deptype FROM pg_depend WHERE classid = 'pg_proc'::regclass AND objid IN (SELECT oid FROM pg_proc WHERE proname ~ '^sfm_mw[0-9]$') ORDER BY 1, 2;
INSERT INTO sfm_w2 VALUES (1, 'one'), (5, 'five');
INSERT INTO sfm_w1 VALUES (1, 1, 'a');
SELECT * FROM sfm_mw1(10) ORDER BY 1;
SELECT sfm_mw2(0), sfm_mw3(0), sfm_mw4(0);
SELECT * FROM sfm_w1 ORDER BY id, a;
SELECT * FROM sfm_w2 ORDER BY k;
DROP TABLE sfm_w1, sfm_w2;
DROP FUNCTION sfm_mw1, sfm_mw2, sfm_mw3, sfm_mw4;
DROP TABLE sfm_w1, sfm_w2;
-- UPDATE ... SET (...) = (SELECT ...) in a body
CREATE TABLE sfm_ma (a int, b text, c numeric, d int);
CREATE FUNCTION sfm_ma1(x int) RETURNS void LANGUAGE sql BEGIN ATOMIC UPDATE sfm_ma SET (b, c) = (SELECT 'x', 1.5), d = x; END;
CREATE FUNCTION sfm_ma2(x int) RETURNS void LANGUAGE sql BEGIN ATOMIC UPDATE sfm_ma SET d = 1, (c, b) = (SELECT max(a) + x, min(b) FROM sfm_ma m2 WHERE m2.a = sfm_ma.a), a = a + 1; END;
CREATE FUNCTION sfm_ma3(x int) RETURNS void LANGUAGE sql BEGIN ATOMIC UPDATE sfm_ma SET (b) = (SELECT 'z'), (c, d) = (1, 2); END;
SELECT p.proname, pg_get_function_sqlbody(p.oid) FROM pg_proc p WHERE p.proname ~ '^sfm_ma[0-9]$' ORDER BY 1;
SELECT pg_describe_object(classid, objid, objsubid) AS f, pg_describe_object(refclassid, refobjid, refobjsubid) AS ref, deptype FROM pg_depend WHERE classid = 'pg_proc'::regclass AND objid IN (SELECT oid FROM pg_proc WHERE proname ~ '^sfm_ma[0-9]$') ORDER BY 1, 2;
INSERT INTO sfm_ma VALUES (1, 'one', 0, 0), (2, 'two', 0, 0);
SELECT sfm_ma1(5), sfm_ma2(1);
SELECT * FROM sfm_ma ORDER BY a;
SELECT sfm_ma3(0);
SELECT * FROM sfm_ma ORDER BY a;
DROP FUNCTION sfm_ma1, sfm_ma2, sfm_ma3;
DROP TABLE sfm_ma;
-- renamed tables and columns are followed in these statements
CREATE TABLE sfm_rn (a int PRIMARY KEY, b text, c int);
CREATE FUNCTION sfm_rn1(x int) RETURNS setof text LANGUAGE sql BEGIN ATOMIC INSERT INTO sfm_rn (a, b) VALUES (x, 'q') ON CONFLICT (a) DO UPDATE SET b = excluded.b || sfm_rn.b, c = sfm_rn.c + 1 RETURNING b; END;
CREATE FUNCTION sfm_rn2(x int) RETURNS void LANGUAGE sql BEGIN ATOMIC UPDATE sfm_rn SET (b, c) = (SELECT 'x', 1) WHERE a = x; END;
CREATE FUNCTION sfm_rn3(x int) RETURNS int LANGUAGE sql BEGIN ATOMIC WITH d AS (DELETE FROM sfm_rn WHERE a = x RETURNING c) SELECT c FROM d; END;
ALTER TABLE sfm_rn RENAME COLUMN a TO aa;
ALTER TABLE sfm_rn RENAME COLUMN b TO bb;
ALTER TABLE sfm_rn RENAME COLUMN c TO cc;
ALTER TABLE sfm_rn RENAME TO sfm_rn_new;
SELECT p.proname, pg_get_function_sqlbody(p.oid) FROM pg_proc p WHERE p.proname ~ '^sfm_rn[0-9]$' ORDER BY 1;
SELECT sfm_rn1(1);
SELECT sfm_rn1(1);
SELECT sfm_rn2(1);
SELECT * FROM sfm_rn_new;
SELECT sfm_rn3(1);
DROP FUNCTION sfm_rn1, sfm_rn2, sfm_rn3;
DROP TABLE sfm_rn_new;

-- psql's \df
\df sfm_void
\df sfm_rec
\df sfm_setdml
\df sfm_atom*

DROP FUNCTION sfm_ins, sfm_ins2, sfm_upd, sfm_del, sfm_divide, sfm_conv, sfm_void, sfm_void_sel, sfm_void_empty, sfm_mk,
  sfm_tx, sfm_tx2, sfm_stable, sfm_immutable, sfm_imm_ins, sfm_stable_ok, sfm_imm_ok, sfm_addrow, sfm_addrow2, sfm_addrow3,
  sfm_outs, sfm_souts, sfm_setdml, sfm_ms, sfm_table, sfm_rec, sfm_rec2, sfm_rec3, sfm_rec4, sfm_steps, sfm_addlog,
  sfm_strict, sfm_named, sfm_fact, sfm_fib, sfm_countdown, sfm_even, sfm_odd, sfm_recins, sfm_recerr, sfm_recerr2,
  sfm_deep, sfm_deep2, sfm_forever, sfm_callproc, sfm_atom, sfm_ret, sfm_atomset, sfm_atomvoid, sfm_atomupd,
  sfm_atomdel, sfm_atomout;
DROP PROCEDURE sfm_atomproc;
DROP TABLE sfm_t, sfm_log;

-- A volatile function reading a table sees what the calling statement
-- wrote so far (a new command id per call); a stable one does not.
CREATE TABLE vt (a int);
CREATE FUNCTION vcount() RETURNS bigint LANGUAGE sql VOLATILE AS 'SELECT count(*) FROM vt';
CREATE FUNCTION scount() RETURNS bigint LANGUAGE sql STABLE AS 'SELECT count(*) FROM vt';
CREATE FUNCTION vsub() RETURNS bigint LANGUAGE sql AS 'SELECT (SELECT count(*) FROM vt) + 100';
BEGIN;
INSERT INTO vt VALUES (2);
SELECT vcount();
INSERT INTO vt SELECT vcount() FROM generate_series(1, 3);
INSERT INTO vt SELECT scount() FROM generate_series(1, 3);
INSERT INTO vt SELECT vsub() FROM generate_series(1, 3);
SELECT * FROM vt;
UPDATE vt SET a = vcount() WHERE a < 3 RETURNING a;
ROLLBACK;
DROP TABLE vt;
DROP FUNCTION vcount();
DROP FUNCTION scount();
DROP FUNCTION vsub();

-- pg_get_functiondef of built-in functions: LANGUAGE internal, c and sql,
-- WINDOW, SUPPORT, COST and ROWS where they differ from the defaults
SELECT pg_get_functiondef('int4pl'::regproc);
SELECT pg_get_functiondef('row_number'::regproc);
SELECT pg_get_functiondef('generate_series(int, int)'::regprocedure);
SELECT pg_get_functiondef('pg_stat_get_activity'::regproc);
SELECT pg_get_functiondef('pg_get_keywords'::regproc);
SELECT pg_get_functiondef('int8(int4)'::regprocedure);
SELECT pg_get_functiondef('quote_literal(anyelement)'::regprocedure);
SELECT pg_get_functiondef('koi8r_to_mic'::regproc);
SELECT pg_get_functiondef('json_object(text[])'::regprocedure);
SELECT pg_get_functiondef('"overlaps"(time, time, time, time)'::regprocedure);
SELECT pg_get_functiondef('sum(int)'::regprocedure);
-- quote_ident quotes PostgreSQL 15's keywords, not later releases'
SELECT quote_ident('json_object'), quote_ident('json_scalar'), quote_ident('overlaps'), quote_ident('all'), quote_ident('abort');
