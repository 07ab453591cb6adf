-- SQL functions: what gpostgres does not match yet (README.md, Known failures)
CREATE TABLE sfmp_t (a int, b text);
CREATE FUNCTION sfmp_atom(x int) RETURNS int LANGUAGE sql BEGIN ATOMIC INSERT INTO sfmp_t VALUES (x, 'atom'); SELECT count(*)::int FROM sfmp_t; END;
SELECT sfmp_atom(1);
-- SQL-standard bodies holding what pg_get_functiondef cannot print yet
-- are refused (0A000)
CREATE TABLE sfmp_arr (a int PRIMARY KEY, b int[]);
CREATE FUNCTION sfmp_oc(x int) RETURNS void LANGUAGE sql BEGIN ATOMIC INSERT INTO sfmp_arr VALUES (x) ON CONFLICT ((a + 0)) DO NOTHING; END;
CREATE FUNCTION sfmp_sub(x int) RETURNS void LANGUAGE sql BEGIN ATOMIC UPDATE sfmp_arr SET b[1] = x; END;
CREATE FUNCTION sfmp_rollup() RETURNS bigint LANGUAGE sql BEGIN ATOMIC SELECT count(*) FROM sfmp_arr GROUP BY ROLLUP (a); END;
DROP TABLE sfmp_arr CASCADE;
DROP FUNCTION sfmp_atom;
DROP TABLE sfmp_t;
