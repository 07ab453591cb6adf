-- INSERT ... SELECT of many rows: stored in batches a page at a time,
-- the rows, their order on the pages (ctid) and the errors must be
-- exactly those of storing each row as it comes. (Rows of varying sizes
-- land where PostgreSQL's free space map sends them, which gpostgres does
-- not have: ctids are shown only for tables of rows of even sizes.)
CREATE TABLE ib (id int NOT NULL, k int, s text, CHECK (k >= 0));
INSERT INTO ib SELECT i, i % 7, repeat('x', i % 97) FROM generate_series(1, 5000) i;
SELECT count(*), sum(id), sum(length(s)) FROM ib;
SELECT id, k, length(s) FROM ib WHERE id IN (1, 2, 99, 100, 101, 2500, 4999, 5000) ORDER BY id;

-- More rows after the partly filled last page.
INSERT INTO ib SELECT i, 1, 'second ' || i FROM generate_series(5001, 5300) i;
SELECT id, s FROM ib WHERE id IN (5000, 5001, 5002, 5300) ORDER BY id;
SELECT count(*) FROM ib;

-- Long values (compressed, moved to the TOAST table) among short ones.
CREATE TABLE ibt (id int, s text);
INSERT INTO ibt SELECT i, CASE WHEN i % 50 = 0
    THEN (SELECT string_agg(md5((i * 1000 + j)::text), '') FROM generate_series(1, 200) j)
    ELSE 'short ' || i END
  FROM generate_series(1, 1000) i;
SELECT count(*), sum(length(s)), count(*) FILTER (WHERE length(s) > 1000) FROM ibt;
SELECT id, length(s), md5(s) FROM ibt WHERE id IN (50, 500, 1000) ORDER BY id;
SELECT ctid, id FROM ibt WHERE id IN (1, 49, 50, 51, 1000) ORDER BY id;

-- An error after many rows leaves none of them; the first bad row in
-- input order is the one reported.
INSERT INTO ib SELECT i, CASE WHEN i = 3000 THEN -1 ELSE 1 END, 'bad' FROM generate_series(1, 3000) i;
INSERT INTO ib SELECT CASE WHEN i = 2500 THEN NULL ELSE i END, CASE WHEN i = 2600 THEN -1 ELSE 1 END, 'bad'
  FROM generate_series(1, 3000) i;
INSERT INTO ib SELECT CASE WHEN i = 2700 THEN NULL ELSE i END, CASE WHEN i = 2600 THEN -1 ELSE 1 END, 'bad'
  FROM generate_series(1, 3000) i;
INSERT INTO ib SELECT i, 10 / (3000 - i), 'bad' FROM generate_series(1, 3000) i;
SELECT count(*) FROM ib WHERE s = 'bad';

-- In a transaction, with a savepoint rolled back.
BEGIN;
INSERT INTO ib SELECT i, 100, 'in xact' FROM generate_series(10001, 12000) i;
SAVEPOINT sp;
INSERT INTO ib SELECT i, 101, 'rolled back' FROM generate_series(20001, 23000) i;
SELECT count(*) FROM ib WHERE k = 101;
ROLLBACK TO sp;
INSERT INTO ib SELECT i, 102, 'after rollback' FROM generate_series(30001, 31000) i;
COMMIT;
SELECT k, count(*), min(id), max(id) FROM ib WHERE k IN (100, 101, 102) GROUP BY k ORDER BY k;

-- A table into itself: the statement does not see its own rows.
CREATE TABLE ibs (id int, s text);
INSERT INTO ibs SELECT i, md5(i::text) FROM generate_series(1, 1500) i;
INSERT INTO ibs SELECT id + 1500, s FROM ibs;
INSERT INTO ibs SELECT id + 3000, s FROM ibs;
SELECT count(*), count(DISTINCT id), sum(id) FROM ibs;
SELECT ctid, id FROM ibs WHERE id IN (1500, 1501, 3000, 3001, 6000) ORDER BY id;

-- Rows per page of even-sized rows, as a page-at-a-time fill must leave
-- them.
SELECT split_part(ltrim(ctid::text, '('), ',', 1)::int AS blk, count(*), min(id), max(id)
  FROM ibs GROUP BY 1 ORDER BY 1 LIMIT 5;
SELECT max(split_part(ltrim(ctid::text, '('), ',', 1)::int) AS last_block FROM ibs;

-- A temporary table.
CREATE TEMP TABLE ibtemp (id int, s text);
INSERT INTO ibtemp SELECT i, md5(i::text) FROM generate_series(1, 3000) i;
SELECT count(*), max(ctid) FROM ibtemp;
INSERT INTO ibtemp SELECT id + 3000, s FROM ibtemp WHERE id <= 1000;
SELECT count(*), max(ctid), sum(id) FROM ibtemp;

-- INSERT ... SELECT through a CTE, and one row at a time.
WITH src AS (SELECT i FROM generate_series(1, 2000) i)
INSERT INTO ibs SELECT 20000 + i, 'cte' FROM src;
INSERT INTO ibs SELECT 30000, 'one';
INSERT INTO ibs VALUES (30001, 'values'), (30002, 'values');
SELECT count(*) FILTER (WHERE s = 'cte'), count(*) FILTER (WHERE s IN ('one', 'values')) FROM ibs;
SELECT ctid, id FROM ibs WHERE id IN (22000, 30000, 30001, 30002) ORDER BY id;

-- CREATE TABLE AS fills its table the same way.
CREATE TABLE ibc AS SELECT id, s FROM ibs WHERE id <= 6000 ORDER BY id;
SELECT count(*), sum(id), max(ctid) FROM ibc;
SELECT ctid, id FROM ibc WHERE id IN (1, 93, 94, 6000) ORDER BY id;
CREATE TABLE ibc2 AS SELECT i AS id, CASE WHEN i = 2900 THEN 1 / (i - 2900) END AS x FROM generate_series(1, 3000) i;

DROP TABLE ib, ibt, ibs, ibtemp, ibc;
