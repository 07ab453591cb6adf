-- Bitmap heap scans over Bitmap Index Scans, BitmapAnd and BitmapOr.
-- The rows are spread over the table in an order none of the indexed
-- columns follows, so that mid-selectivity conditions read the table
-- through a bitmap.
CREATE TABLE bs (id int, u int, a int, b int, c int, d text, e int);
INSERT INTO bs
SELECT i, (i * 7919) % 20000, (i * 7919) % 1000, (i * 104729) % 500, (i * 31) % 50,
       'v' || ((i * 13) % 300), CASE WHEN i % 10 = 0 THEN NULL ELSE (i * 17) % 200 END
FROM generate_series(1, 20000) i;
CREATE INDEX bs_u ON bs (u);
CREATE INDEX bs_a ON bs (a);
CREATE INDEX bs_b ON bs (b);
CREATE INDEX bs_c_desc ON bs (c DESC);
CREATE INDEX bs_cd ON bs (c, d);
CREATE INDEX bs_e_part ON bs (e) WHERE e > 100;
ANALYZE bs;

-- One index: equality, ranges, IN lists.
EXPLAIN (COSTS OFF) SELECT * FROM bs WHERE a = 5;
SELECT count(*), sum(id), min(b), max(b) FROM bs WHERE a = 5;
EXPLAIN (COSTS OFF) SELECT * FROM bs WHERE a < 20;
SELECT count(*), sum(id) FROM bs WHERE a < 20;
EXPLAIN (COSTS OFF) SELECT * FROM bs WHERE a BETWEEN 100 AND 130;
SELECT count(*), sum(id) FROM bs WHERE a BETWEEN 100 AND 130;
EXPLAIN (COSTS OFF) SELECT * FROM bs WHERE 20 > a;
SELECT count(*), sum(id) FROM bs WHERE 20 > a;
EXPLAIN (COSTS OFF) SELECT * FROM bs WHERE a IN (1, 2, 3, 500);
SELECT count(*), sum(id) FROM bs WHERE a IN (1, 2, 3, 500);
EXPLAIN (COSTS OFF) SELECT * FROM bs WHERE a = ANY ('{7,8,9}'::int[]);
SELECT count(*), sum(id) FROM bs WHERE a = ANY ('{7,8,9}'::int[]);
SELECT count(*) FROM bs WHERE a IN (NULL, 4);
SELECT count(*) FROM bs WHERE a = ANY ('{}'::int[]);
SELECT a, count(*) FROM bs WHERE a IN (998, 999, 1000, -1) GROUP BY a ORDER BY a;
-- Other conditions filter the rows the bitmap finds.
EXPLAIN (COSTS OFF) SELECT * FROM bs WHERE a < 20 AND d = 'v7';
SELECT count(*), sum(id) FROM bs WHERE a < 20 AND d = 'v7';
EXPLAIN (COSTS OFF) SELECT * FROM bs WHERE a < 20 AND e IS NULL;
SELECT count(*), sum(id) FROM bs WHERE a < 20 AND e IS NULL;
SELECT count(*), sum(id) FROM bs WHERE a < 20 AND e IS NOT NULL;
SELECT id, a, b FROM bs WHERE a = 5 AND b < 100 ORDER BY id;

-- OR of conditions each on an index: BitmapOr.
EXPLAIN (COSTS OFF) SELECT * FROM bs WHERE a = 5 OR b = 7;
SELECT count(*), sum(id) FROM bs WHERE a = 5 OR b = 7;
EXPLAIN (COSTS OFF) SELECT * FROM bs WHERE a = 5 OR b = 7 OR u = 3;
SELECT count(*), sum(id) FROM bs WHERE a = 5 OR b = 7 OR u = 3;
EXPLAIN (COSTS OFF) SELECT * FROM bs WHERE a = 1 OR a = 2;
SELECT count(*), sum(id) FROM bs WHERE a = 1 OR a = 2;
EXPLAIN (COSTS OFF) SELECT * FROM bs WHERE a < 3 OR b IN (10, 11);
SELECT count(*), sum(id) FROM bs WHERE a < 3 OR b IN (10, 11);
EXPLAIN (COSTS OFF) SELECT * FROM bs WHERE (a = 5 OR b = 7) AND d = 'v1';
SELECT count(*), sum(id) FROM bs WHERE (a = 5 OR b = 7) AND d = 'v1';
-- Arms of several conditions: a multi-column index, a BitmapAnd, or
-- an index answering part of the arm (the OR is then a Filter too).
EXPLAIN (COSTS OFF) SELECT * FROM bs WHERE (c = 3 AND d = 'v93') OR a = 5;
SELECT count(*), sum(id) FROM bs WHERE (c = 3 AND d = 'v93') OR a = 5;
EXPLAIN (COSTS OFF) SELECT * FROM bs WHERE a = 5 OR (b = 7 AND id > 100);
SELECT count(*), sum(id) FROM bs WHERE a = 5 OR (b = 7 AND id > 100);
EXPLAIN (COSTS OFF) SELECT * FROM bs WHERE a = 5 OR (b = 7 AND u < 100);
SELECT count(*), sum(id) FROM bs WHERE a = 5 OR (b = 7 AND u < 100);
-- An arm no index answers: no bitmap for the OR.
EXPLAIN (COSTS OFF) SELECT * FROM bs WHERE a = 5 OR id = 1;
SELECT count(*), sum(id) FROM bs WHERE a = 5 OR id = 1;
EXPLAIN (COSTS OFF) SELECT * FROM bs WHERE a = 5 OR e IS NULL;
SELECT count(*), sum(id) FROM bs WHERE a = 5 OR e IS NULL;

-- AND of conditions on two indexes.
EXPLAIN (COSTS OFF) SELECT * FROM bs WHERE a < 100 AND b < 30;
SELECT count(*), sum(id) FROM bs WHERE a < 100 AND b < 30;
EXPLAIN (COSTS OFF) SELECT * FROM bs WHERE a < 50 AND b < 25;
SELECT count(*), sum(id) FROM bs WHERE a < 50 AND b < 25;
EXPLAIN (COSTS OFF) SELECT * FROM bs WHERE a < 50 AND b < 25 AND d <> 'v0';
SELECT count(*), sum(id) FROM bs WHERE a < 50 AND b < 25 AND d <> 'v0';
EXPLAIN (COSTS OFF) SELECT * FROM bs WHERE (a = 5 OR b = 7) AND u < 5000;
SELECT count(*), sum(id) FROM bs WHERE (a = 5 OR b = 7) AND u < 5000;
SELECT count(*), sum(id) FROM bs WHERE a < 300 AND b < 150 AND u < 10000;

-- A DESC index, a multi-column index, a partial index.
EXPLAIN (COSTS OFF) SELECT * FROM bs WHERE c = 7;
SELECT count(*), sum(id) FROM bs WHERE c = 7;
EXPLAIN (COSTS OFF) SELECT * FROM bs WHERE c > 47;
SELECT count(*), sum(id) FROM bs WHERE c > 47;
EXPLAIN (COSTS OFF) SELECT * FROM bs WHERE c = 3 AND d = 'v93';
SELECT count(*), sum(id) FROM bs WHERE c = 3 AND d = 'v93';
SELECT count(*), sum(id) FROM bs WHERE c = 3 AND d > 'v9';
EXPLAIN (COSTS OFF) SELECT * FROM bs WHERE e > 150 AND e < 160;
SELECT count(*), sum(id) FROM bs WHERE e > 150 AND e < 160;
SELECT count(*), sum(id) FROM bs WHERE e > 50 AND e < 60;

-- Costs and estimates of a unique column's index.
EXPLAIN SELECT * FROM bs WHERE u IN (1, 2, 3, 4, 5);
EXPLAIN SELECT * FROM bs WHERE u IN (1, 2, 3, 4, 5) OR u = 10000;
EXPLAIN (COSTS OFF) SELECT id FROM bs WHERE u = ANY ('{10,20,30,40,50,60,70,80,90,100,110,120}');
EXPLAIN (FORMAT JSON, COSTS OFF) SELECT * FROM bs WHERE a = 5 OR b = 7;
EXPLAIN (FORMAT YAML, COSTS OFF) SELECT id FROM bs WHERE a < 100 AND b < 30;

-- EXPLAIN ANALYZE: the rows each bitmap found, the pages read.
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT * FROM bs WHERE a = 5 OR b = 7;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT * FROM bs WHERE a < 50 AND b < 25 AND d <> 'v0';
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF, FORMAT JSON) SELECT * FROM bs WHERE a < 50 AND b < 25 AND d <> 'v0';
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT (SELECT count(*) FROM bs WHERE a = g OR b = g) FROM generate_series(1, 3) g;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF, FORMAT YAML) SELECT count(*) FROM bs WHERE a = 4 OR b = 4;
EXPLAIN (VERBOSE, COSTS OFF) SELECT id, a FROM bs WHERE a = 5 OR b = 7;
EXPLAIN (COSTS OFF) SELECT * FROM bs x JOIN bs y ON x.id = y.id WHERE x.a = 5 OR x.b = 7;
EXPLAIN (COSTS OFF) SELECT * FROM bs WHERE a < 20 ORDER BY b LIMIT 5;
SELECT id, a, b FROM bs WHERE a < 20 ORDER BY b, id LIMIT 5;

-- enable_bitmapscan steers the choice; the rows stay the same.
SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF) SELECT * FROM bs WHERE a = 5 OR b = 7;
SELECT count(*), sum(id) FROM bs WHERE a = 5 OR b = 7;
EXPLAIN (COSTS OFF) SELECT * FROM bs WHERE a < 20;
SELECT count(*), sum(id) FROM bs WHERE a < 20;
SELECT count(*), sum(id) FROM bs WHERE a < 100 AND b < 30;
SELECT count(*), sum(id) FROM bs WHERE c = 3 AND d = 'v93';
RESET enable_bitmapscan;
SET enable_indexscan = off;
EXPLAIN (COSTS OFF) SELECT * FROM bs WHERE u = 77;
SELECT id, u FROM bs WHERE u = 77;
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT * FROM bs WHERE a < 600;
SELECT count(*), sum(id) FROM bs WHERE a < 600;
RESET enable_seqscan;
RESET enable_indexscan;

-- Parameters, joins and subqueries read through bitmaps too.
PREPARE bsq(int, int) AS SELECT count(*), sum(id) FROM bs WHERE a = $1 OR b = $2;
EXECUTE bsq(5, 7);
EXECUTE bsq(6, 8);
DEALLOCATE bsq;
SELECT count(*) FROM bs x JOIN bs y ON x.id = y.id WHERE x.a = 5 OR x.b = 7;
SELECT (SELECT count(*) FROM bs WHERE a = g OR b = g) FROM generate_series(1, 3) g ORDER BY 1;
SELECT g, s.n FROM generate_series(1, 4) g, LATERAL (SELECT count(*) AS n FROM bs WHERE a = g OR b = g) s ORDER BY g;
PREPARE bsn(int) AS SELECT count(*) FROM bs WHERE a = $1 OR b = $1;
EXECUTE bsn(NULL);
EXECUTE bsn(3);
DEALLOCATE bsn;

-- A small work_mem makes pages lossy: every row is tested again.
SET work_mem = '64kB';
SELECT count(*), sum(id) FROM bs WHERE a < 600;
SELECT count(*), sum(id) FROM bs WHERE a < 600 OR b < 10;
SELECT count(*), sum(id) FROM bs WHERE a < 600 AND b < 250;
RESET work_mem;

-- UPDATE and DELETE find their rows through a bitmap; the rows they
-- change are found again under their new values.
BEGIN;
EXPLAIN (COSTS OFF) UPDATE bs SET b = b + 1000 WHERE a = 5 OR a = 6;
UPDATE bs SET b = b + 1000 WHERE a = 5 OR a = 6;
SELECT count(*), sum(b) FROM bs WHERE b >= 1000;
SELECT count(*) FROM bs WHERE a = 5 OR b = 7;
DELETE FROM bs WHERE a = 5 OR b = 7;
SELECT count(*) FROM bs WHERE a = 5 OR b = 7;
SELECT count(*) FROM bs;
ROLLBACK;
SELECT count(*), sum(id) FROM bs WHERE a = 5 OR b = 7;

-- A partial index's predicate is part of what its bitmap stands for.
CREATE INDEX bs_a_part ON bs (a) WHERE b < 100;
EXPLAIN (COSTS OFF) SELECT * FROM bs WHERE a < 100 AND b < 100;
SELECT count(*), sum(id) FROM bs WHERE a < 100 AND b < 100;
EXPLAIN (COSTS OFF) SELECT * FROM bs WHERE b < 100 AND a = 5;
SELECT count(*), sum(id) FROM bs WHERE b < 100 AND a = 5;
EXPLAIN (COSTS OFF) SELECT * FROM bs WHERE a < 300 AND b < 100 AND u < 3000;
SELECT count(*), sum(id) FROM bs WHERE a < 300 AND b < 100 AND u < 3000;
EXPLAIN (COSTS OFF) SELECT * FROM bs WHERE (a = 5 OR a = 7) AND b < 100;
SELECT count(*), sum(id) FROM bs WHERE (a = 5 OR a = 7 OR a = 9) AND b < 100;
DROP INDEX bs_a_part;

DROP TABLE bs;

-- IS NULL and IS NOT NULL are index conditions too.
CREATE TABLE nt (id int, x int, y int);
INSERT INTO nt SELECT i, CASE WHEN i % 20 = 0 THEN NULL ELSE (i * 7919) % 1000 END, CASE WHEN i % 3 = 0 THEN NULL ELSE i % 100 END FROM generate_series(1, 20000) i;
CREATE INDEX nt_x ON nt (x);
CREATE INDEX nt_y_desc ON nt (y DESC NULLS LAST);
ANALYZE nt;
EXPLAIN (COSTS OFF) SELECT * FROM nt WHERE x IS NULL;
SELECT count(*), sum(id) FROM nt WHERE x IS NULL;
EXPLAIN (COSTS OFF) SELECT * FROM nt WHERE x IS NULL OR x = 5;
SELECT count(*), sum(id) FROM nt WHERE x IS NULL OR x = 5;
EXPLAIN (COSTS OFF) SELECT * FROM nt WHERE x IS NULL AND y IS NULL;
SELECT count(*), sum(id) FROM nt WHERE x IS NULL AND y IS NULL;
EXPLAIN (COSTS OFF) SELECT * FROM nt WHERE x IS NOT NULL AND x < 10;
SELECT count(*), sum(id) FROM nt WHERE x IS NOT NULL AND x < 10;
EXPLAIN (COSTS OFF) SELECT * FROM nt WHERE y IS NULL;
SELECT count(*) FROM nt WHERE y IS NULL;
EXPLAIN (COSTS OFF) SELECT * FROM nt WHERE y IS NOT NULL;
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT * FROM nt WHERE y IS NOT NULL;
SELECT count(*) FROM nt WHERE y IS NOT NULL;
EXPLAIN (COSTS OFF) SELECT * FROM nt WHERE x IS NULL ORDER BY x LIMIT 3;
RESET enable_seqscan;
EXPLAIN (COSTS OFF) SELECT id FROM nt WHERE x IS NULL ORDER BY id LIMIT 3;
SELECT id FROM nt WHERE x IS NULL ORDER BY id LIMIT 3;
DROP TABLE nt;
