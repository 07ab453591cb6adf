-- EXPLAIN ANALYZE's Sort Method of sorts gpostgres runs on integer
-- values alone (one integer column) or on an integer and a tid (an
-- index build's order): in memory, the memory PostgreSQL reports.
CREATE TABLE sm AS SELECT (g * 7919) % 1000 AS a FROM generate_series(1, 1000) g;
CREATE TABLE smb AS SELECT (g * 7919) % 100000 AS a FROM generate_series(1, 100000) g;
SET enable_indexscan = off;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT a FROM sm ORDER BY a;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT a FROM sm ORDER BY a DESC;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT a, ctid FROM sm ORDER BY a, ctid;
SET work_mem = '1MB';
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT a FROM smb WHERE a < 20000 ORDER BY a;
SELECT a FROM smb WHERE a < 45000 ORDER BY a OFFSET 44990;
SELECT a, ctid FROM smb WHERE a BETWEEN 100 AND 104 ORDER BY a, ctid;
RESET work_mem;
RESET enable_indexscan;
DROP TABLE sm, smb;
