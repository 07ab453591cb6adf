--
-- CREATE FUNCTION ... LANGUAGE sql, CREATE PROCEDURE / CALL, temporary
-- tables (pending)
--
CREATE FUNCTION fn_add(a int, b int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT a + b';
SELECT fn_add(1, 2), fn_add(NULL, 2);
CREATE OR REPLACE FUNCTION fn_add(a int, b int) RETURNS int LANGUAGE sql AS $$ SELECT a + b + 100 $$;
SELECT fn_add(1, 2);
CREATE FUNCTION fn_set(n int) RETURNS SETOF int LANGUAGE sql AS 'SELECT generate_series(1, n)';
SELECT * FROM fn_set(3);
CREATE FUNCTION fn_tab() RETURNS TABLE (x int, y text) LANGUAGE sql AS $$ VALUES (1, 'a'), (2, 'b') $$;
SELECT * FROM fn_tab() ORDER BY x;
CREATE FUNCTION fn_default(a int, b int DEFAULT 10) RETURNS int LANGUAGE sql AS 'SELECT a * b';
SELECT fn_default(2), fn_default(2, 3), fn_default(b => 5, a => 2);
SELECT fn_add('x', 1);
DROP FUNCTION fn_add(int, int), fn_set(int), fn_tab(), fn_default(int, int);
DROP FUNCTION nosuch();
DROP FUNCTION IF EXISTS nosuch();
CREATE TABLE fn_log (msg text);
CREATE PROCEDURE fn_proc(m text) LANGUAGE sql AS $$ INSERT INTO fn_log VALUES (m) $$;
CALL fn_proc('hello');
SELECT * FROM fn_log;
DROP PROCEDURE fn_proc(text);
DROP TABLE fn_log;
CREATE TEMP TABLE fn_tmp (a int);
INSERT INTO fn_tmp VALUES (1), (2);
SELECT sum(a) FROM fn_tmp;
SELECT relpersistence FROM pg_class WHERE relname = 'fn_tmp';
DROP TABLE fn_tmp;
BEGIN;
CREATE TEMP TABLE fn_tmp2 (a int) ON COMMIT DROP;
INSERT INTO fn_tmp2 VALUES (1);
COMMIT;
SELECT * FROM fn_tmp2;
CREATE TEMPORARY TABLE fn_tmp3 (a int) ON COMMIT DELETE ROWS;
INSERT INTO fn_tmp3 VALUES (1);
SELECT count(*) FROM fn_tmp3;
DROP TABLE fn_tmp3;
