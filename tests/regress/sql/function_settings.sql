-- SET clauses of functions and procedures (proconfig), the other
-- attributes CREATE and ALTER FUNCTION set, and SET with list values.
SET search_path = public, "$user";
SHOW search_path;
RESET search_path;
CREATE SCHEMA fs_a;
CREATE SCHEMA "fs B";
CREATE TABLE fs_a.fs_t (v text);
INSERT INTO fs_a.fs_t VALUES ('from fs_a');
CREATE TABLE "fs B".fs_t (v text);
INSERT INTO "fs B".fs_t VALUES ('from fs B');
CREATE FUNCTION fs_path() RETURNS text LANGUAGE sql SET search_path = pg_catalog, public SET work_mem = '2MB'
  AS $$ SELECT current_setting('search_path') || ' ' || current_setting('work_mem') $$;
SELECT fs_path(), current_setting('search_path'), current_setting('work_mem');
SELECT proconfig FROM pg_proc WHERE proname = 'fs_path';
-- the body's names are found through the function's search_path
CREATE FUNCTION fs_read() RETURNS text LANGUAGE sql SET search_path = fs_a AS $$ SELECT v FROM fs_t $$;
CREATE FUNCTION fs_read2() RETURNS text LANGUAGE sql SET search_path = "fs B", public AS $$ SELECT v FROM fs_t $$;
SELECT fs_read(), fs_read2();
SELECT fs_read() FROM generate_series(1, 3);
SELECT proconfig FROM pg_proc WHERE proname = 'fs_read2';
-- canonical names, FROM CURRENT, placeholders
CREATE FUNCTION fs_two() RETURNS int LANGUAGE sql SET datestyle TO 'sql, dmy' SET "TimeZone" = 'UTC' AS $$ SELECT 1 $$;
SELECT proconfig FROM pg_proc WHERE proname = 'fs_two';
SET work_mem = '3MB';
CREATE FUNCTION fs_cur() RETURNS text LANGUAGE sql SET work_mem FROM CURRENT AS $$ SELECT current_setting('work_mem') $$;
RESET work_mem;
SELECT fs_cur(), current_setting('work_mem');
CREATE FUNCTION fs_ph() RETURNS text LANGUAGE sql SET fs.opt = 'x' AS $$ SELECT current_setting('fs.opt') $$;
SELECT fs_ph();
SELECT proconfig FROM pg_proc WHERE proname IN ('fs_cur', 'fs_ph') ORDER BY proname;
-- a later SET of the same parameter replaces it; RESET removes it
CREATE FUNCTION fs_rep() RETURNS int LANGUAGE sql SET work_mem = '1MB' SET work_mem = '2MB' SET search_path TO DEFAULT AS $$ SELECT 1 $$;
SELECT proconfig FROM pg_proc WHERE proname = 'fs_rep';
-- errors
CREATE FUNCTION fs_bad() RETURNS int LANGUAGE sql SET no_such_setting = 1 AS $$ SELECT 1 $$;
CREATE FUNCTION fs_bad() RETURNS int LANGUAGE sql SET work_mem = 'abc' AS $$ SELECT 1 $$;
CREATE FUNCTION fs_bad() RETURNS int LANGUAGE sql SET shared_buffers = '1MB' AS $$ SELECT 1 $$;
-- settings come back after an error inside the function
CREATE FUNCTION fs_div(int) RETURNS int LANGUAGE sql SET work_mem = '1MB' AS $$ SELECT 1 / $1 $$;
BEGIN;
SELECT fs_div(0);
ROLLBACK;
SELECT current_setting('work_mem');
BEGIN;
SAVEPOINT s1;
SELECT fs_div(0);
ROLLBACK TO SAVEPOINT s1;
SELECT current_setting('work_mem');
COMMIT;
-- nested calls
CREATE FUNCTION fs_outer() RETURNS text LANGUAGE sql SET work_mem = '5MB'
  AS $$ SELECT current_setting('work_mem') || ' ' || fs_path() || ' ' || current_setting('work_mem') $$;
SELECT fs_outer(), current_setting('work_mem');
-- set-returning, procedures, SQL-standard bodies
CREATE FUNCTION fs_srf() RETURNS SETOF text LANGUAGE sql SET work_mem = '6MB' AS $$ SELECT current_setting('work_mem') FROM generate_series(1, 2) $$;
SELECT * FROM fs_srf();
CREATE PROCEDURE fs_proc(INOUT r text) LANGUAGE sql SET work_mem = '7MB' AS $$ SELECT current_setting('work_mem') $$;
CALL fs_proc(NULL);
SELECT current_setting('work_mem');
CREATE FUNCTION fs_atomic() RETURNS text LANGUAGE sql SET work_mem = '8MB' BEGIN ATOMIC SELECT current_setting('work_mem'); END;
SELECT fs_atomic();
-- ALTER FUNCTION
ALTER FUNCTION fs_path() SET work_mem = '3MB';
ALTER FUNCTION fs_path() RESET search_path;
SELECT proconfig FROM pg_proc WHERE proname = 'fs_path';
SELECT fs_path();
ALTER FUNCTION fs_path() SET search_path = fs_a, "fs B";
SELECT proconfig FROM pg_proc WHERE proname = 'fs_path';
ALTER FUNCTION fs_path() RESET ALL;
SELECT proconfig FROM pg_proc WHERE proname = 'fs_path';
ALTER FUNCTION fs_two() STABLE STRICT;
SELECT provolatile, proisstrict FROM pg_proc WHERE proname = 'fs_two';
ALTER FUNCTION fs_two() IMMUTABLE COST 5 PARALLEL SAFE;
SELECT provolatile, procost, proparallel FROM pg_proc WHERE proname = 'fs_two';
ALTER FUNCTION fs_two() ROWS 5;
ALTER FUNCTION fs_two() STABLE VOLATILE;
ALTER FUNCTION fs_two() CALLED ON NULL INPUT;
ALTER FUNCTION fs_srf() ROWS 20;
ALTER PROCEDURE fs_proc(text) STABLE;
ALTER PROCEDURE fs_proc(text) SET work_mem = '9MB';
CALL fs_proc(NULL);
ALTER FUNCTION fs_nosuch() STABLE;
-- attributes of CREATE FUNCTION
CREATE FUNCTION fs_attr() RETURNS int LANGUAGE sql STABLE STRICT LEAKPROOF COST 7 PARALLEL RESTRICTED AS $$ SELECT 1 $$;
SELECT provolatile, proisstrict, proleakproof, procost, prorows, proparallel FROM pg_proc WHERE proname = 'fs_attr';
CREATE FUNCTION fs_bad() RETURNS int LANGUAGE sql COST 0 AS $$ SELECT 1 $$;
CREATE FUNCTION fs_bad() RETURNS int LANGUAGE sql ROWS 10 AS $$ SELECT 1 $$;
CREATE FUNCTION fs_bad() RETURNS SETOF int LANGUAGE sql ROWS 0 AS $$ SELECT 1 $$;
CREATE FUNCTION fs_bad() RETURNS int LANGUAGE sql PARALLEL sometimes AS $$ SELECT 1 $$;
CREATE FUNCTION fs_bad() RETURNS int LANGUAGE sql STABLE IMMUTABLE AS $$ SELECT 1 $$;
CREATE PROCEDURE fs_badp() LANGUAGE sql COST 5 AS $$ SELECT 1 $$;
CREATE FUNCTION fs_rows() RETURNS SETOF int LANGUAGE sql ROWS 25 SECURITY INVOKER AS $$ SELECT 1 $$;
SELECT prorows, prosecdef FROM pg_proc WHERE proname = 'fs_rows';
SELECT pg_get_functiondef('fs_attr'::regproc);
SELECT pg_get_functiondef('fs_two'::regproc);
SELECT pg_get_functiondef('fs_read2'::regproc);
SELECT pg_get_functiondef('fs_rows'::regproc);
\sf fs_cur
DROP FUNCTION fs_path, fs_read, fs_read2, fs_two, fs_cur, fs_ph, fs_rep, fs_div, fs_outer, fs_srf, fs_atomic, fs_attr, fs_rows;
DROP PROCEDURE fs_proc;
DROP SCHEMA fs_a CASCADE;
DROP SCHEMA "fs B" CASCADE;
