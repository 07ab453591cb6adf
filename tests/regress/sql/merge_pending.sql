-- MERGE statements gpostgres answers differently from PostgreSQL 15.
CREATE TABLE mp_target (id int, val text);
CREATE TABLE mp_source (id int, val text);
INSERT INTO mp_target VALUES (1, 'a'), (2, 'b');
INSERT INTO mp_source VALUES (1, 'x'), (3, 'z');
-- PostgreSQL 15 takes a non-boolean join condition as a qual (a non-zero
-- integer counts as true); gpostgres refuses it.
MERGE INTO mp_target t USING mp_source s ON s.id WHEN MATCHED THEN UPDATE SET val = s.val;
SELECT * FROM mp_target ORDER BY id;
DROP TABLE mp_target, mp_source;
