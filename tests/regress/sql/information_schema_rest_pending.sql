-- information_schema views whose rows come from pg_depend rows or
-- objects gpostgres does not write yet: a generated column's dependency
-- is recorded as the column's on the columns it reads, where PostgreSQL
-- records its pg_attrdef row's (column_column_usage reads those), and
-- triggers (CREATE TRIGGER, triggered_update_columns).
CREATE SCHEMA isrestp;
SET search_path = isrestp, public;
CREATE TABLE isrestp.t (a int, b int, c int GENERATED ALWAYS AS (a + b) STORED, d text);
CREATE FUNCTION isrestp.trg() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
CREATE TRIGGER t_upd BEFORE UPDATE OF b, d ON isrestp.t FOR EACH ROW EXECUTE FUNCTION isrestp.trg();

SELECT table_schema, table_name, column_name, dependent_column
  FROM information_schema.column_column_usage WHERE table_schema = 'isrestp' ORDER BY 3;
SELECT trigger_name, event_object_table, event_object_column
  FROM information_schema.triggered_update_columns WHERE trigger_schema = 'isrestp' ORDER BY 3;

RESET search_path;
DROP SCHEMA isrestp CASCADE;
