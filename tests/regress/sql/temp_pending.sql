-- Temporary objects gpostgres does not handle as PostgreSQL yet.

-- Functions in the temporary schema: found only when qualified.
CREATE TEMP TABLE tmpp_a (a int);
CREATE FUNCTION pg_temp.tmpp_f() RETURNS int LANGUAGE sql AS 'SELECT 1';
SELECT pg_temp.tmpp_f();
SELECT tmpp_f();
DROP FUNCTION pg_temp.tmpp_f();

-- PREPARE TRANSACTION after touching temporary objects.
BEGIN;
INSERT INTO tmpp_a VALUES (1);
PREPARE TRANSACTION 'tmpp_x';
DROP TABLE tmpp_a;
