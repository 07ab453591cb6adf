-- CREATE INDEX ... INCLUDE: catalog rows, definitions, errors, and queries
-- and uniqueness through indexes whose leaf entries carry extra columns.
CREATE TABLE inc (a int, b text, c int, d numeric);
CREATE INDEX ON inc (a) INCLUDE (b, c);
CREATE UNIQUE INDEX inc_u ON inc (c DESC) INCLUDE (a);
SELECT indexrelid::regclass, indnatts, indnkeyatts, indkey, indclass, indcollation, indoption FROM pg_index WHERE indrelid = 'inc'::regclass ORDER BY indexrelid::regclass::text;
SELECT attrelid::regclass, attname, atttypid::regtype, attcollation FROM pg_attribute WHERE attrelid IN ('inc_a_b_c_idx'::regclass, 'inc_u'::regclass) ORDER BY attrelid::regclass::text, attnum;
\d inc
\d inc_a_b_c_idx
SELECT pg_get_indexdef('inc_a_b_c_idx'::regclass), pg_get_indexdef('inc_a_b_c_idx'::regclass, 2, true);
INSERT INTO inc SELECT g, 'b' || g, g, g FROM generate_series(1, 300) g;
INSERT INTO inc VALUES (1, 'x', 5, 1);
SELECT a, b FROM inc WHERE a = 7;
SELECT c FROM inc WHERE c > 297 ORDER BY c DESC LIMIT 2;
CREATE INDEX ON inc (a) INCLUDE ((c + 1));
CREATE INDEX ON inc (a) INCLUDE (b DESC);
CREATE INDEX ON inc (a) INCLUDE (b text_pattern_ops);
CREATE INDEX ON inc (a) INCLUDE (b COLLATE "C");
CREATE INDEX ON inc (a) INCLUDE (b NULLS FIRST);
CREATE INDEX ON inc (a) INCLUDE (nosuch);
CREATE INDEX ON inc (a) INCLUDE (xmin);
CREATE INDEX ON inc (a) INCLUDE (a);
CREATE INDEX ON inc (a) INCLUDE (d);
\d inc
INSERT INTO inc SELECT g % 17, repeat('w', g % 300), g + 1000, g FROM generate_series(1, 4000) g;
SELECT count(*), sum(c) FROM inc WHERE a = 5;
SELECT a, length(b) FROM inc WHERE a = 16 ORDER BY c DESC LIMIT 3;
INSERT INTO inc VALUES (1, 'dup', 1500, 0);
INSERT INTO inc VALUES (1, 'dup', 1500, 0) ON CONFLICT (c) DO UPDATE SET b = 'updated' RETURNING a, b, c;
REINDEX TABLE inc;
SELECT count(*) FROM inc WHERE a = 5;
DROP TABLE inc;
-- key constraints with INCLUDE
CREATE TABLE ci (a int, b text, c int, PRIMARY KEY (a) INCLUDE (b), UNIQUE (c) INCLUDE (a, b));
\d ci
SELECT conname, conkey, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'ci'::regclass ORDER BY 1;
SELECT indexrelid::regclass, indnatts, indnkeyatts, indkey FROM pg_index WHERE indrelid = 'ci'::regclass ORDER BY 1;
ALTER TABLE ci ADD CONSTRAINT ci_b UNIQUE (b) INCLUDE (c);
ALTER TABLE ci ADD UNIQUE (b, c) INCLUDE (a);
ALTER TABLE ci ADD UNIQUE (b) INCLUDE (nosuch);
\d ci
INSERT INTO ci VALUES (1, 'x', 1), (2, 'x', 2);
INSERT INTO ci VALUES (1, 'y', 3), (2, 'z', 4), (3, NULL, 5);
INSERT INTO ci VALUES (1, 'w', 6);
INSERT INTO ci VALUES (9, 'q', 4) ON CONFLICT (c) DO UPDATE SET b = 'conflict' RETURNING *;
ALTER TABLE ci DROP COLUMN b;
\d ci
DROP TABLE ci;
