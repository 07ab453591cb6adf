-- SQL functions: what gpostgres does not match yet (README.md, Known failures)
CREATE TABLE sfmp_t (a int, b text);
CREATE FUNCTION sfmp_atom(x int) RETURNS int LANGUAGE sql BEGIN ATOMIC INSERT INTO sfmp_t VALUES (x, 'atom'); SELECT count(*)::int FROM sfmp_t; END;
SELECT sfmp_atom(1);
-- pg_get_functiondef of a SQL-standard body and of a built-in function
SELECT pg_get_functiondef('sfmp_atom'::regproc);
SELECT pg_get_functiondef('int4pl'::regproc);
DROP FUNCTION sfmp_atom;
DROP TABLE sfmp_t;
