-- Temporary objects gpostgres does not handle as PostgreSQL yet.

CREATE TEMP TABLE tmpp_a (a int);

-- PREPARE TRANSACTION after touching temporary objects.
BEGIN;
INSERT INTO tmpp_a VALUES (1);
PREPARE TRANSACTION 'tmpp_x';
DROP TABLE tmpp_a;
