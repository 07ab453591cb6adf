-- information_schema views whose rows come from pg_depend rows or
-- objects gpostgres does not write yet: a CHECK constraint's dependency
-- on the functions it calls (check_constraint_routine_usage), a generated
-- column's on the columns it reads (column_column_usage), a routine
-- body's on a sequence named in nextval('...') (routine_sequence_usage),
-- and triggers (CREATE TRIGGER, triggered_update_columns).
CREATE SCHEMA isrestp;
SET search_path = isrestp, public;
CREATE FUNCTION isrestp.positive(x int) RETURNS boolean LANGUAGE sql IMMUTABLE RETURN x > 0;
CREATE TABLE isrestp.t (a int CHECK (positive(a)), b int, c int GENERATED ALWAYS AS (a + b) STORED, d text);
CREATE SEQUENCE isrestp.s;
CREATE FUNCTION isrestp.next_id() RETURNS bigint LANGUAGE sql BEGIN ATOMIC SELECT nextval('isrestp.s'); END;
CREATE FUNCTION isrestp.trg() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
CREATE TRIGGER t_upd BEFORE UPDATE OF b, d ON isrestp.t FOR EACH ROW EXECUTE FUNCTION isrestp.trg();

SELECT constraint_schema, constraint_name, specific_schema, regexp_replace(specific_name, '_[0-9]+$', '') AS specific
  FROM information_schema.check_constraint_routine_usage WHERE constraint_schema = 'isrestp';
SELECT table_schema, table_name, column_name, dependent_column
  FROM information_schema.column_column_usage WHERE table_schema = 'isrestp' ORDER BY 3;
SELECT routine_name, sequence_schema, sequence_name
  FROM information_schema.routine_sequence_usage WHERE specific_schema = 'isrestp';
SELECT trigger_name, event_object_table, event_object_column
  FROM information_schema.triggered_update_columns WHERE trigger_schema = 'isrestp' ORDER BY 3;

RESET search_path;
DROP SCHEMA isrestp CASCADE;
