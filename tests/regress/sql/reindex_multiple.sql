-- REINDEX SCHEMA and DATABASE: every table of the schema, refused inside a
-- transaction block; the indexes answer queries afterwards.
CREATE SCHEMA rx;
CREATE TABLE rx.a (id int PRIMARY KEY, v text);
CREATE TABLE rx.b (id int, v text);
CREATE INDEX ON rx.b (lower(v)) WHERE id > 0;
CREATE TABLE rx.c (x int);
INSERT INTO rx.a SELECT g, 'v' || g FROM generate_series(1, 100) g;
INSERT INTO rx.b SELECT g, 'V' || g FROM generate_series(1, 100) g;
REINDEX SCHEMA rx;
REINDEX SCHEMA nosuch;
BEGIN;
REINDEX SCHEMA rx;
ROLLBACK;
REINDEX DATABASE nosuchdb;
SELECT id FROM rx.a WHERE id = 50;
SELECT id FROM rx.b WHERE lower(v) = 'v7' AND id > 0;
REINDEX (VERBOSE false) SCHEMA rx;
DROP SCHEMA rx CASCADE;
