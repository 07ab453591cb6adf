-- Composite types where gpostgres differs from PostgreSQL 15 (see
-- README.md, Known failures).

-- Shell types and base types are refused (0A000).
CREATE TYPE cp_shell;
CREATE TYPE cp_base (INPUT = int4in, OUTPUT = int4out);
DROP TYPE IF EXISTS cp_shell;

