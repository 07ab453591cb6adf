--
-- schemas and search_path
--
CREATE SCHEMA sch_a;
CREATE SCHEMA sch_a;
CREATE SCHEMA IF NOT EXISTS sch_a;
CREATE TABLE sch_a.t (x int);
INSERT INTO sch_a.t VALUES (1);
SELECT * FROM sch_a.t;
SELECT * FROM t;
SET search_path = sch_a, public;
SELECT * FROM t;
CREATE TABLE u (y int);
SELECT schemaname, tablename FROM pg_tables WHERE schemaname = 'sch_a' ORDER BY 2;
RESET search_path;
SELECT current_schemas(false);
DROP SCHEMA sch_a;
DROP SCHEMA sch_a CASCADE;
CREATE SCHEMA sch_b CREATE TABLE inner_t (z int);
SELECT count(*) FROM sch_b.inner_t;
ALTER SCHEMA sch_b RENAME TO sch_c;
DROP SCHEMA sch_c CASCADE;
DROP SCHEMA IF EXISTS sch_nosuch;
SELECT * FROM nosuchschema.t;
