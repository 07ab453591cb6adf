-- Composite types where gpostgres differs from PostgreSQL 15 (see
-- README.md, Known failures).

-- Shell types and base types are refused (0A000).
CREATE TYPE cp_shell;
CREATE TYPE cp_base (INPUT = int4in, OUTPUT = int4out);
DROP TYPE IF EXISTS cp_shell;

-- Values of composite columns are stored with the type's columns of the
-- time, so the columns of a type (or a table's row type) that a table
-- column stores may not change; PostgreSQL allows ADD and DROP.
CREATE TYPE cp_pair AS (a int, b text);
CREATE TABLE cp_store (p cp_pair);
INSERT INTO cp_store VALUES ('(1,x)');
ALTER TYPE cp_pair ADD ATTRIBUTE c int;
SELECT * FROM cp_store;
ALTER TYPE cp_pair DROP ATTRIBUTE b;
SELECT * FROM cp_store;
CREATE TABLE cp_row (k int, v text);
CREATE TABLE cp_rowuser (r cp_row);
INSERT INTO cp_rowuser VALUES ('(1,one)');
ALTER TABLE cp_row ADD COLUMN w int;
SELECT * FROM cp_rowuser;

-- A column of a composite type with a field of an enum type is refused:
-- stored values would hold the label's text.
CREATE TYPE cp_mood AS ENUM ('sad', 'ok');
CREATE TYPE cp_feel AS (m cp_mood, n int);
CREATE TABLE cp_feelings (f cp_feel);
INSERT INTO cp_feelings VALUES ('(ok,1)');
SELECT * FROM cp_feelings;
DROP TABLE cp_feelings;
DROP TYPE cp_feel;
DROP TYPE cp_mood;

DROP TABLE cp_store, cp_rowuser, cp_row;
DROP TYPE cp_pair;
