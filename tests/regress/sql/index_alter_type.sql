-- ALTER COLUMN TYPE of indexed columns: the indexes take the new type and
-- operator class and are built again; an operator class that does not
-- accept the new type refuses the change.
CREATE TABLE at (id int PRIMARY KEY, code varchar(10) UNIQUE, n int, s text);
CREATE INDEX at_n_s ON at (n DESC, s);
CREATE INDEX at_s_pat ON at (s text_pattern_ops);
INSERT INTO at SELECT g, 'c' || g, g % 7, 's' || g FROM generate_series(1, 500) g;
ALTER TABLE at ALTER COLUMN id TYPE bigint;
ALTER TABLE at ALTER COLUMN code TYPE text;
ALTER TABLE at ALTER COLUMN n TYPE numeric(10,2);
\d at
SELECT * FROM at WHERE id = 77;
SELECT * FROM at WHERE code = 'c99';
SELECT id FROM at WHERE n = 3 ORDER BY id LIMIT 3;
INSERT INTO at VALUES (77, 'zz', 1, 'x');
INSERT INTO at VALUES (5000000000, 'c1', 1, 'x');
SELECT attname, atttypid::regtype FROM pg_attribute WHERE attrelid IN ('at_pkey'::regclass, 'at_n_s'::regclass) ORDER BY attrelid::regclass::text, attnum;
SELECT indexrelid::regclass, indclass, indcollation FROM pg_index WHERE indrelid = 'at'::regclass ORDER BY indexrelid::regclass::text;
ALTER TABLE at ALTER COLUMN s TYPE int USING length(s);
ALTER TABLE at ALTER COLUMN s TYPE varchar(20);
\d at
DROP TABLE at;
