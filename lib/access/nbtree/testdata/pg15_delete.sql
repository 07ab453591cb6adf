-- rows dumped in phases: after the first INSERT (row), the rows deleted (kill), after the last INSERTs (row2)
CREATE TABLE d(k int4) WITH (autovacuum_enabled = off);
CREATE INDEX di ON d (k) WITH (deduplicate_items = off);
INSERT INTO d SELECT i FROM generate_series(1, 5000) i;
DELETE FROM d WHERE k % 3 = 0 AND k < 2000 OR k % 7 = 1 AND k BETWEEN 2000 AND 2400;
SET enable_seqscan = off;
SET enable_bitmapscan = off;
SET enable_indexonlyscan = off;
SELECT count(*) FROM (SELECT * FROM d WHERE k < 2500) s;
CREATE TEMP TABLE before AS SELECT ctid AS c FROM d;
INSERT INTO d SELECT 500 + (i % 7) FROM generate_series(1, 1500) i;
INSERT INTO d SELECT 2100 FROM generate_series(1, 60) i;
