-- Procedures (CREATE/DROP PROCEDURE, CALL) and functions in pg_temp.

CREATE TABLE proc_log (id int, note text);

-- A procedure that changes data, with a default.
CREATE PROCEDURE proc_ins(x int, y text DEFAULT 'dflt')
LANGUAGE sql AS $$ INSERT INTO proc_log VALUES (x, y) $$;
CALL proc_ins(1);
CALL proc_ins(2, 'two');
CALL proc_ins(y => 'named', x => 3);
CALL proc_ins(4, y => 'mixed');
CALL proc_ins(x => 5);
CALL public.proc_ins(6, 'qualified');
CALL proc_ins('7', 'unknown literal');
SELECT * FROM proc_log ORDER BY id;

-- pg_proc as PostgreSQL fills it.
SELECT proname, prokind, prorettype::regtype, proretset, provolatile, proisstrict,
       pronargs, pronargdefaults, proargtypes, proallargtypes, proargmodes, proargnames, prosrc
FROM pg_proc WHERE proname LIKE 'proc\_%' ORDER BY proname;

-- Several statements; numbered parameters and names qualified by the procedure's name.
CREATE PROCEDURE proc_multi(a int, b text)
LANGUAGE sql AS $$
  INSERT INTO proc_log VALUES ($1, $2);
  UPDATE proc_log SET note = note || '!' WHERE id = proc_multi.a;
  DELETE FROM proc_log WHERE id = a - 100
$$;
CALL proc_multi(10, 'ten');
CALL proc_multi(110, 'deletes ten');
SELECT * FROM proc_log WHERE id >= 10 ORDER BY id;

-- OUT and INOUT parameters: CALL returns one row.
CREATE PROCEDURE proc_out(INOUT a int, OUT b text)
LANGUAGE sql AS $$ SELECT a * 2, 'x' || a $$;
CALL proc_out(5, NULL);
CALL proc_out(a => 7, b => NULL);
CALL proc_out(5);
CREATE PROCEDURE proc_unnamed(int, OUT int, OUT text)
LANGUAGE sql AS $$ SELECT $1 + 1, 'u' $$;
CALL proc_unnamed(1, NULL, NULL);
CREATE PROCEDURE proc_mixed(a int, OUT int, INOUT c int, OUT d text)
LANGUAGE sql AS $$ SELECT a + c, c * 10, 'd' $$;
CALL proc_mixed(1, NULL, 2, NULL);
SELECT proname, prorettype::regtype, pronargs, proargtypes, proallargtypes, proargmodes, proargnames
FROM pg_proc WHERE proname IN ('proc_out', 'proc_unnamed', 'proc_mixed') ORDER BY proname;
-- The result is coerced to the parameters' types.
CREATE PROCEDURE proc_coerce(INOUT a bigint) LANGUAGE sql AS $$ SELECT 1::int $$;
CALL proc_coerce(99);
-- The last statement's first row; none is an error.
CREATE PROCEDURE proc_last(INOUT a int) LANGUAGE sql AS $$ SELECT a + 1; SELECT a + 2 $$;
CALL proc_last(1);
CREATE PROCEDURE proc_first_row(INOUT a int) LANGUAGE sql AS $$ SELECT g FROM generate_series(a, a + 5) g ORDER BY g DESC $$;
CALL proc_first_row(3);
CREATE PROCEDURE proc_norow(INOUT a int) LANGUAGE sql AS $$ SELECT a WHERE false $$;
CALL proc_norow(1);
-- RETURNING as the final statement.
CREATE PROCEDURE proc_ret(INOUT n int, OUT note text)
LANGUAGE sql AS $$ INSERT INTO proc_log VALUES (n, 'ret') RETURNING id * 100, note $$;
CALL proc_ret(20, NULL);

-- VARIADIC.
CREATE PROCEDURE proc_var(a int, VARIADIC b int[])
LANGUAGE sql AS $$ INSERT INTO proc_log VALUES (a, array_to_string(b, ',')) $$;
CALL proc_var(30, 1, 2, 3);
CALL proc_var(31, VARIADIC ARRAY[4, 5]);
SELECT * FROM proc_log WHERE id >= 30 ORDER BY id;

-- Empty body, no arguments.
CREATE PROCEDURE proc_empty() LANGUAGE sql AS $$ $$;
CALL proc_empty();
CALL proc_empty;

-- Overloading.
CREATE PROCEDURE proc_over(a int) LANGUAGE sql AS $$ INSERT INTO proc_log VALUES (a, 'int') $$;
CREATE PROCEDURE proc_over(a text) LANGUAGE sql AS $$ INSERT INTO proc_log VALUES (40, a) $$;
CALL proc_over(41);
CALL proc_over('text');
CALL proc_over(42::bigint);
SELECT * FROM proc_log WHERE id >= 40 ORDER BY id, note;

-- Calling errors.
CALL proc_nosuch(1);
CALL proc_ins();
CALL proc_ins(1, 2, 3);
CALL proc_ins(z => 1);
CALL proc_ins(1, x => 2);
CALL proc_ins(x => 1, 'a');
CALL proc_ins(1, (SELECT 'a'));
CALL proc_ins(count(*));
CALL proc_ins(generate_series(1, 2));
CALL proc_ins('x');
CALL nosuchschema.proc_ins(1);
SELECT proc_ins(1);
SELECT proc_ins(1, 'a');
SELECT * FROM proc_ins(1);
SELECT proc_out(1);
CREATE FUNCTION proc_fn(a int) RETURNS int LANGUAGE sql AS $$ SELECT a + 1 $$;
CALL proc_fn(1);
CALL abs(-1);
SELECT proc_fn(1);

-- Creation errors.
CREATE PROCEDURE proc_bad(a int DEFAULT 1, OUT b int) LANGUAGE sql AS $$ SELECT a $$;
CREATE PROCEDURE proc_bad(VARIADIC a int[], OUT b int) LANGUAGE sql AS $$ SELECT 1 $$;
CREATE PROCEDURE proc_bad(VARIADIC a int[], b int) LANGUAGE sql AS $$ SELECT 1 $$;
CREATE PROCEDURE proc_bad(VARIADIC a int) LANGUAGE sql AS $$ SELECT 1 $$;
CREATE PROCEDURE proc_bad(OUT b int DEFAULT 1) LANGUAGE sql AS $$ SELECT 1 $$;
CREATE PROCEDURE proc_bad(a int, a text) LANGUAGE sql AS $$ SELECT 1 $$;
CREATE PROCEDURE proc_bad(a int, OUT a text) LANGUAGE sql AS $$ SELECT 'x' $$;
CREATE PROCEDURE proc_bad(INOUT a int, OUT a text) LANGUAGE sql AS $$ SELECT 1, 'x' $$;
CREATE PROCEDURE proc_bad(a int DEFAULT 1, b int) LANGUAGE sql AS $$ SELECT 1 $$;
CREATE PROCEDURE proc_bad(OUT b int) LANGUAGE sql AS $$ SELECT 1, 2 $$;
CREATE PROCEDURE proc_bad(OUT b int, OUT c int) LANGUAGE sql AS $$ SELECT 1 $$;
CREATE PROCEDURE proc_bad(OUT b int) LANGUAGE sql AS $$ SELECT 'x'::text $$;
CREATE PROCEDURE proc_bad(INOUT b int) LANGUAGE sql AS $$ INSERT INTO proc_log VALUES (1) $$;
CREATE PROCEDURE proc_bad(INOUT b int) LANGUAGE sql AS $$ $$;
CREATE PROCEDURE proc_bad() LANGUAGE sql AS $$ INSERT INTO proc_nosuch VALUES (1) $$;
CREATE PROCEDURE proc_bad() LANGUAGE sql AS $$ SELECT nosuch_column $$;
CREATE PROCEDURE proc_bad(a int) LANGUAGE sql AS $$ SELECT a + 'x' $$;
CREATE PROCEDURE proc_bad() LANGUAGE sql AS $$ SELEC 1 $$;
CREATE PROCEDURE proc_bad() LANGUAGE sql STRICT AS $$ SELECT 1 $$;
CREATE PROCEDURE proc_bad() LANGUAGE sql IMMUTABLE AS $$ SELECT 1 $$;
CREATE PROCEDURE proc_bad() AS $$ SELECT 1 $$;
CREATE PROCEDURE proc_bad() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
CREATE PROCEDURE proc_bad(a nosuchtype) LANGUAGE sql AS $$ SELECT 1 $$;
CREATE PROCEDURE proc_ins(x int, y text) LANGUAGE sql AS $$ SELECT 1 $$;
CREATE PROCEDURE proc_fn(a int) LANGUAGE sql AS $$ SELECT 1 $$;
CREATE OR REPLACE PROCEDURE proc_fn(a int) LANGUAGE sql AS $$ SELECT 1 $$;
CREATE OR REPLACE FUNCTION proc_ins(x int, y text) RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
CREATE PROCEDURE nosuchschema.proc_bad() LANGUAGE sql AS $$ SELECT 1 $$;
SELECT count(*) FROM pg_proc WHERE proname = 'proc_bad';
DROP PROCEDURE proc_bad;
CREATE PROCEDURE proc_bad(INOUT b int) LANGUAGE sql AS $$ INSERT INTO proc_log VALUES (1) $$;
CREATE PROCEDURE proc_bad(a int) LANGUAGE sql AS $$ SELECT a + 'x' $$;
SELECT count(*) FROM pg_proc WHERE proname = 'proc_bad';

-- Errors while the body runs: the CONTEXT names the statement.
CREATE PROCEDURE proc_div(a int) LANGUAGE sql AS $$
  INSERT INTO proc_log VALUES (a, 'before');
  SELECT 1 / (a - a)
$$;
CALL proc_div(50);
SELECT count(*) FROM proc_log WHERE id = 50;
CREATE PROCEDURE proc_commit() LANGUAGE sql AS $$ INSERT INTO proc_log VALUES (51, 'c'); COMMIT $$;
CALL proc_commit();
CREATE PROCEDURE proc_rollback() LANGUAGE sql AS $$ ROLLBACK $$;
CALL proc_rollback();
SELECT count(*) FROM proc_log WHERE id = 51;

-- In a transaction block: changes roll back with it, errors abort it.
BEGIN;
CALL proc_ins(60, 'in block');
SELECT note FROM proc_log WHERE id = 60;
ROLLBACK;
SELECT count(*) FROM proc_log WHERE id = 60;
BEGIN;
CALL proc_ins(61, 'kept');
CALL proc_div(62);
CALL proc_ins(63, 'aborted');
COMMIT;
SELECT count(*) FROM proc_log WHERE id BETWEEN 61 AND 63;
BEGIN;
CALL proc_ins(64, 'committed');
SAVEPOINT s1;
CALL proc_div(65);
ROLLBACK TO s1;
CALL proc_out(64, NULL);
COMMIT;
SELECT * FROM proc_log WHERE id BETWEEN 64 AND 65 ORDER BY id;

-- A read-only transaction refuses what the body writes.
CREATE PROCEDURE proc_ddl() LANGUAGE sql AS $$ SELECT 1; CREATE TABLE proc_ro_t (a int) $$;
BEGIN READ ONLY;
CALL proc_empty();
CALL proc_ins(66, 'read only');
ROLLBACK;
BEGIN READ ONLY;
CALL proc_ddl();
ROLLBACK;
BEGIN READ ONLY;
CALL proc_out(1, NULL);
COMMIT;
DROP PROCEDURE proc_ddl;

-- A procedure called from a procedure.
CREATE PROCEDURE proc_outer() LANGUAGE sql AS $$ CALL proc_ins(70, 'nested'); CALL proc_empty() $$;
CALL proc_outer();
SELECT * FROM proc_log WHERE id = 70;

-- Arguments passed on to a nested CALL, by name and by number.
CREATE PROCEDURE proc_pass(a int) LANGUAGE sql AS $$ CALL proc_ins(a + 1, 'passed'); CALL proc_ins($1 * 10, 'passed') $$;
CALL proc_pass(70);
SELECT * FROM proc_log WHERE id IN (71, 700) ORDER BY id;
-- A nested procedure must exist, and may not have output parameters.
CREATE PROCEDURE proc_bad() LANGUAGE sql AS $$ CALL proc_nosuch() $$;
CREATE PROCEDURE proc_bad(INOUT b int) LANGUAGE sql AS $$ CALL proc_out(b, NULL) $$;
-- Errors in a nested procedure name both.
CREATE PROCEDURE proc_div_outer(a int) LANGUAGE sql AS $$ SELECT 1; CALL proc_div(a) $$;
CALL proc_div_outer(72);
DROP PROCEDURE proc_pass, proc_div_outer;

-- CREATE OR REPLACE.
CREATE OR REPLACE PROCEDURE proc_ins(x int, y text DEFAULT 'new default')
LANGUAGE sql AS $$ INSERT INTO proc_log VALUES (x * 10, y) $$;
CALL proc_ins(8);
SELECT * FROM proc_log WHERE id = 80;
CREATE OR REPLACE PROCEDURE proc_ins(x int, y text) LANGUAGE sql AS $$ SELECT 1 $$;
CREATE OR REPLACE PROCEDURE proc_ins(z int, y text DEFAULT 'a') LANGUAGE sql AS $$ SELECT 1 $$;
CREATE OR REPLACE PROCEDURE proc_empty(OUT a int) LANGUAGE sql AS $$ SELECT 1 $$;
CREATE OR REPLACE PROCEDURE proc_out(INOUT a int, OUT b int) LANGUAGE sql AS $$ SELECT 1, 2 $$;
CREATE OR REPLACE PROCEDURE proc_out(INOUT a int, OUT c text) LANGUAGE sql AS $$ SELECT 1, 'c' $$;
CALL proc_out(1, NULL);

-- psql's \df.
\df proc_*

-- Comments.
COMMENT ON PROCEDURE proc_empty() IS 'does nothing';
COMMENT ON ROUTINE proc_out IS 'doubles';
COMMENT ON PROCEDURE proc_fn(int) IS 'wrong kind';
COMMENT ON FUNCTION proc_empty IS 'wrong kind';
COMMENT ON PROCEDURE proc_nosuch() IS 'none';
SELECT p.proname, d.description FROM pg_description d JOIN pg_proc p ON p.oid = d.objoid
WHERE d.classoid = 'pg_proc'::regclass AND p.proname LIKE 'proc\_%' ORDER BY 1;

-- Dependencies.
SELECT p.proname, d.refclassid::regclass, d.deptype
FROM pg_depend d JOIN pg_proc p ON p.oid = d.objid
WHERE d.classid = 'pg_proc'::regclass AND p.proname IN ('proc_ins', 'proc_out') ORDER BY 1, 2;
CREATE TYPE proc_mood AS ENUM ('sad', 'ok');
CREATE PROCEDURE proc_enum(m proc_mood) LANGUAGE sql AS $$ INSERT INTO proc_log VALUES (90, m::text) $$;
CALL proc_enum('ok');
DROP TYPE proc_mood;
DROP TYPE proc_mood CASCADE;
SELECT count(*) FROM pg_proc WHERE proname = 'proc_enum';
CREATE SCHEMA proc_schema;
CREATE PROCEDURE proc_schema.p() LANGUAGE sql AS $$ SELECT 1 $$;
CREATE FUNCTION proc_schema.f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
DROP SCHEMA proc_schema;
DROP SCHEMA proc_schema CASCADE;

-- ALTER ... RENAME TO, OWNER TO, SET SCHEMA.
CREATE PROCEDURE proc_alt(a int) LANGUAGE sql AS $$ INSERT INTO proc_log VALUES (a, 'altered') $$;
ALTER PROCEDURE proc_alt(int) RENAME TO proc_over;
ALTER PROCEDURE proc_alt RENAME TO proc_alt2;
CALL proc_alt2(95);
CALL proc_alt(95);
ALTER FUNCTION proc_alt2 RENAME TO proc_alt3;
ALTER ROUTINE proc_alt2(int) RENAME TO proc_alt3;
ALTER PROCEDURE proc_fn(int) RENAME TO proc_fn2;
ALTER FUNCTION proc_fn RENAME TO proc_fn2;
ALTER PROCEDURE proc_nosuch RENAME TO proc_x;
ALTER PROCEDURE proc_nosuch(int) RENAME TO proc_x;
ALTER PROCEDURE proc_alt3 OWNER TO CURRENT_USER;
ALTER ROUTINE proc_fn2 OWNER TO postgres;
ALTER PROCEDURE proc_alt3 OWNER TO proc_nosuch_role;
CREATE SCHEMA proc_schema2;
ALTER PROCEDURE proc_alt3 SET SCHEMA proc_schema2;
ALTER FUNCTION proc_fn2 SET SCHEMA proc_nosuch_schema;
ALTER FUNCTION proc_fn2 SET SCHEMA pg_temp;
ALTER FUNCTION proc_schema2.proc_alt3 SET SCHEMA public;
SELECT p.proname, n.nspname FROM pg_depend d JOIN pg_proc p ON p.oid = d.objid JOIN pg_namespace n ON n.oid = d.refobjid
WHERE d.classid = 'pg_proc'::regclass AND d.refclassid = 'pg_namespace'::regclass AND p.proname IN ('proc_alt3', 'proc_fn2') ORDER BY 1;
DROP SCHEMA proc_schema2 CASCADE;
ALTER FUNCTION proc_fn2 RENAME TO proc_fn;

-- DROP.
DROP PROCEDURE proc_nosuch;
DROP PROCEDURE proc_nosuch(int);
DROP PROCEDURE IF EXISTS proc_nosuch;
DROP PROCEDURE IF EXISTS proc_nosuch(int, text), proc_empty();
DROP PROCEDURE IF EXISTS nosuchschema.proc_x();
DROP PROCEDURE proc_over;
DROP PROCEDURE proc_fn(int);
DROP PROCEDURE proc_fn;
DROP FUNCTION proc_over(int);
DROP FUNCTION proc_ins;
DROP PROCEDURE abs(int);
DROP PROCEDURE abs;
DROP ROUTINE abs(int);
DROP ROUTINE proc_nosuch;
DROP ROUTINE proc_nosuch(int);
DROP ROUTINE IF EXISTS proc_nosuch(int);
DROP PROCEDURE proc_out(int, text);
DROP PROCEDURE proc_unnamed(int);
DROP PROCEDURE proc_mixed(int, int, int, text);
DROP ROUTINE proc_over(int), proc_over(text), proc_fn(int);
DROP PROCEDURE proc_ins(int, text) RESTRICT;
DROP PROCEDURE proc_multi, proc_coerce, proc_last, proc_first_row, proc_norow, proc_ret, proc_var CASCADE;
DROP PROCEDURE proc_div, proc_commit, proc_rollback, proc_outer;
SELECT proname FROM pg_proc WHERE proname LIKE 'proc\_%';

-- Functions and procedures in pg_temp: found only schema-qualified.
SELECT pg_temp.proc_tf(1);
CALL pg_temp.proc_tp(1);
CREATE FUNCTION pg_temp.proc_tf(a int) RETURNS int LANGUAGE sql AS $$ SELECT a + 100 $$;
SELECT pg_temp.proc_tf(1);
SELECT proc_tf(1);
SELECT pg_temp.nosuch(1);
CREATE PROCEDURE pg_temp.proc_tp(a int) LANGUAGE sql AS $$ INSERT INTO proc_log VALUES (a, 'temp proc') $$;
CALL pg_temp.proc_tp(100);
CALL proc_tp(101);
SELECT * FROM proc_log WHERE id >= 100;
SELECT n.nspname = 'pg_temp_' || substring(n.nspname from 9), p.prokind, pg_function_is_visible(p.oid)
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE proname IN ('proc_tf', 'proc_tp') ORDER BY proname;
\df proc_t*
SET search_path = pg_temp, public;
CREATE FUNCTION proc_tf2() RETURNS int LANGUAGE sql AS $$ SELECT 2 $$;
SELECT proc_tf2();
SELECT pg_temp.proc_tf2();
SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE proname = 'proc_tf2' AND n.oid = pg_my_temp_schema();
RESET search_path;
DROP FUNCTION proc_tf(int);
DROP PROCEDURE proc_tp;
DROP FUNCTION pg_temp.proc_tf(int);
DROP PROCEDURE pg_temp.proc_tp(int);
DROP FUNCTION pg_temp.proc_tf(int);
DROP FUNCTION IF EXISTS pg_temp.proc_tf(int);
CREATE FUNCTION pg_temp.proc_tf3() RETURNS int LANGUAGE sql AS $$ SELECT 3 $$;
DISCARD TEMP;
SELECT count(*) FROM pg_proc WHERE proname LIKE 'proc\_tf%';

DROP TABLE proc_log;
