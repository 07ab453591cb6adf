-- CLUSTER, CLUSTER ON and SET WITHOUT CLUSTER: the rows rewritten in an
-- index's order, indisclustered, the errors.
CREATE TABLE cl_t (a int PRIMARY KEY, b text, d int);
CREATE INDEX cl_b ON cl_t (b);
CREATE INDEX cl_part ON cl_t (d) WHERE d > 0;
CREATE INDEX cl_expr ON cl_t ((a % 7), a);
CREATE UNIQUE INDEX cl_ba ON cl_t (b DESC, a);
INSERT INTO cl_t SELECT g, 'x' || (40 - g), g % 4 FROM generate_series(1, 40) g;
CLUSTER cl_t;
CLUSTER cl_t USING cl_b;
SELECT ctid, * FROM cl_t ORDER BY ctid LIMIT 6;
\d cl_t
SELECT indexrelid::regclass, indisclustered FROM pg_index WHERE indrelid = 'cl_t'::regclass ORDER BY 1;
-- Without USING, the index marked before.
UPDATE cl_t SET b = 'a' || b WHERE a % 10 = 0;
CLUSTER cl_t;
SELECT a, b FROM cl_t ORDER BY ctid LIMIT 5;
CLUSTER (VERBOSE false) cl_t USING cl_expr;
SELECT a FROM cl_t ORDER BY ctid LIMIT 8;
CLUSTER cl_t USING cl_ba;
SELECT a, b FROM cl_t ORDER BY ctid LIMIT 4;
-- The old spelling.
CLUSTER cl_b ON cl_t;
SELECT indexrelid::regclass FROM pg_index WHERE indrelid = 'cl_t'::regclass AND indisclustered;
-- The data and the indexes are whole afterwards.
SELECT count(*), sum(a), count(DISTINCT b) FROM cl_t;
SET enable_seqscan = off;
SELECT a, b FROM cl_t WHERE a = 17;
SELECT a FROM cl_t WHERE b = 'x23';
RESET enable_seqscan;
INSERT INTO cl_t VALUES (17, 'dup', 0);
-- Errors.
CLUSTER cl_t USING cl_part;
CLUSTER cl_t USING nosuch;
CLUSTER nosuch;
CLUSTER nosuch USING cl_b;
CLUSTER (foo) cl_t;
CLUSTER (verbose maybe) cl_t;
CREATE VIEW cl_v AS SELECT 1 AS x;
CLUSTER cl_v;
CLUSTER cl_b;
CREATE SEQUENCE cl_s;
CLUSTER cl_s;
CREATE TABLE cl_e (a int);
CLUSTER cl_e;
ALTER TABLE cl_e CLUSTER ON cl_b;
BEGIN;
CLUSTER;
ROLLBACK;
-- In a block, with the block's own rows, and rolled back.
BEGIN;
INSERT INTO cl_t VALUES (0, 'zzz', 0);
CLUSTER cl_t USING cl_pkey;
SELECT a FROM cl_t ORDER BY ctid LIMIT 3;
ROLLBACK;
SELECT count(*) FROM cl_t;
SELECT indexrelid::regclass FROM pg_index WHERE indrelid = 'cl_t'::regclass AND indisclustered;
-- ALTER TABLE ... CLUSTER ON and SET WITHOUT CLUSTER mark without
-- rewriting.
SELECT pg_relation_filenode('cl_t') AS before \gset
ALTER TABLE cl_t CLUSTER ON cl_pkey;
SELECT pg_relation_filenode('cl_t') = :before AS same_file;
SELECT indexrelid::regclass, indisclustered FROM pg_index WHERE indrelid = 'cl_t'::regclass ORDER BY 1;
ALTER TABLE cl_t SET WITHOUT CLUSTER;
SELECT count(*) FROM pg_index WHERE indrelid = 'cl_t'::regclass AND indisclustered;
ALTER TABLE cl_t CLUSTER ON cl_pkey, CLUSTER ON cl_expr;
SELECT indexrelid::regclass FROM pg_index WHERE indrelid = 'cl_t'::regclass AND indisclustered;
ALTER TABLE cl_t CLUSTER ON cl_part;
ALTER TABLE cl_t CLUSTER ON nosuch;
ALTER TABLE cl_v CLUSTER ON cl_b;
ALTER VIEW cl_v CLUSTER ON cl_b;
ALTER TABLE cl_s CLUSTER ON cl_b;
ALTER INDEX cl_b CLUSTER ON cl_b;
ALTER INDEX cl_t CLUSTER ON cl_b;
-- Dropping the clustered index leaves no mark.
ALTER TABLE cl_t CLUSTER ON cl_b;
DROP INDEX cl_b;
CLUSTER cl_t;
-- CLUSTER alone: every table with a clustered index.
ALTER TABLE cl_t CLUSTER ON cl_pkey;
UPDATE cl_t SET d = d + 1 WHERE a < 5;
CLUSTER;
SELECT a FROM cl_t ORDER BY ctid LIMIT 5;
-- Materialized views.
CREATE MATERIALIZED VIEW cl_mv AS SELECT a, b FROM cl_t WHERE a % 3 = 0;
CREATE INDEX cl_mv_b ON cl_mv (b);
CLUSTER cl_mv USING cl_mv_b;
SELECT a, b FROM cl_mv ORDER BY ctid LIMIT 3;
\d cl_mv
ALTER MATERIALIZED VIEW cl_mv SET WITHOUT CLUSTER;
ALTER MATERIALIZED VIEW cl_mv CLUSTER ON cl_mv_b;
CREATE MATERIALIZED VIEW cl_mv2 AS SELECT a FROM cl_t WITH NO DATA;
CREATE INDEX cl_mv2_a ON cl_mv2 (a);
CLUSTER cl_mv2 USING cl_mv2_a;
SELECT indisclustered FROM pg_index WHERE indexrelid = 'cl_mv2_a'::regclass;
-- Temporary tables.
CREATE TEMP TABLE cl_tmp (a int PRIMARY KEY, b int);
INSERT INTO cl_tmp SELECT g, -g FROM generate_series(1, 5) g;
CREATE INDEX cl_tmp_b ON cl_tmp (b);
CLUSTER cl_tmp USING cl_tmp_b;
SELECT a FROM cl_tmp ORDER BY ctid;
-- TOAST values survive the rewrite.
CREATE TABLE cl_toast (id int PRIMARY KEY, big text);
INSERT INTO cl_toast SELECT g, string_agg(md5(g::text || i::text), '') FROM generate_series(1, 3) g, generate_series(1, 200) i GROUP BY g;
CLUSTER cl_toast USING cl_toast_pkey;
SELECT id, length(big), md5(big) = md5((SELECT string_agg(md5(id::text || i::text), '') FROM generate_series(1, 200) i)) AS same FROM cl_toast ORDER BY id;
DROP TABLE cl_toast, cl_tmp, cl_e, cl_t CASCADE;
DROP MATERIALIZED VIEW cl_mv2;
DROP VIEW cl_v;
DROP SEQUENCE cl_s;
