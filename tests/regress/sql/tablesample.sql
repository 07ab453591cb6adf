-- TABLESAMPLE SYSTEM and BERNOULLI. With REPEATABLE the sample is
-- PostgreSQL's own for the same table layout: both hash block numbers
-- (and tuple offsets) with the seed.
CREATE TABLE ts_rows (id int, pad text);
INSERT INTO ts_rows SELECT g, repeat('x', 200) FROM generate_series(1, 300) g;
CREATE TABLE ts_small (id int);
INSERT INTO ts_small SELECT g FROM generate_series(1, 2000) g;

SELECT id FROM ts_rows TABLESAMPLE SYSTEM (20) REPEATABLE (1) ORDER BY id;
SELECT id FROM ts_rows TABLESAMPLE SYSTEM (20) REPEATABLE (2) ORDER BY id;
SELECT id FROM ts_rows TABLESAMPLE BERNOULLI (5) REPEATABLE (1) ORDER BY id;
SELECT id FROM ts_rows TABLESAMPLE BERNOULLI (5) REPEATABLE (0) ORDER BY id;
SELECT id FROM ts_rows TABLESAMPLE BERNOULLI (5) REPEATABLE (-0.5) ORDER BY id;
SELECT id FROM ts_rows TABLESAMPLE BERNOULLI (5) REPEATABLE ('NaN') ORDER BY id;
SELECT id FROM ts_rows TABLESAMPLE BERNOULLI (5) REPEATABLE (1e300) ORDER BY id;
SELECT ctid, id FROM ts_rows TABLESAMPLE BERNOULLI (3) REPEATABLE (42) ORDER BY id;
SELECT count(*), min(id), max(id) FROM ts_small TABLESAMPLE SYSTEM (10) REPEATABLE (7);
SELECT count(*), min(id), max(id) FROM ts_small TABLESAMPLE BERNOULLI (10) REPEATABLE (7);
SELECT count(*), sum(id) FROM ts_small TABLESAMPLE BERNOULLI (33.3) REPEATABLE (123456789);
-- the seed is a double precision: 1 and 1.0 agree, 1 and 1.5 do not
SELECT (SELECT array_agg(id ORDER BY id) FROM ts_rows TABLESAMPLE BERNOULLI (5) REPEATABLE (1))
     = (SELECT array_agg(id ORDER BY id) FROM ts_rows TABLESAMPLE BERNOULLI (5) REPEATABLE (1.0)) AS same,
       (SELECT array_agg(id ORDER BY id) FROM ts_rows TABLESAMPLE BERNOULLI (5) REPEATABLE (1))
     = (SELECT array_agg(id ORDER BY id) FROM ts_rows TABLESAMPLE BERNOULLI (5) REPEATABLE (1.5)) AS same2;
-- percentages and seeds of other types, expressions, parameters
SELECT count(*) FROM ts_small TABLESAMPLE SYSTEM (50.5::numeric) REPEATABLE (1::int);
SELECT count(*) FROM ts_small TABLESAMPLE BERNOULLI ((SELECT 10)) REPEATABLE (2 + 3);
SELECT count(*) FROM ts_small TABLESAMPLE BERNOULLI ('25') REPEATABLE ('9');
SELECT count(*) FROM ts_small TABLESAMPLE pg_catalog.bernoulli (25) REPEATABLE (9);
PREPARE ts_prep(real, float8) AS SELECT count(*) FROM ts_small TABLESAMPLE BERNOULLI ($1) REPEATABLE ($2);
EXECUTE ts_prep(50, 7);
EXECUTE ts_prep(50, 8);
EXECUTE ts_prep(NULL, 8);
EXECUTE ts_prep(50, NULL);
DEALLOCATE ts_prep;
-- a correlated percentage: evaluated for each outer row
SELECT o.p, (SELECT count(*) FROM ts_small TABLESAMPLE BERNOULLI (o.p) REPEATABLE (3)) AS n
FROM (VALUES (0), (10), (50), (100)) o(p) ORDER BY o.p;
-- 0 and 100 percent, with or without a seed
SELECT count(*) FROM ts_small TABLESAMPLE SYSTEM (0);
SELECT count(*) FROM ts_small TABLESAMPLE SYSTEM (100);
SELECT count(*) FROM ts_small TABLESAMPLE BERNOULLI (0);
SELECT count(*) FROM ts_small TABLESAMPLE BERNOULLI (100);
SELECT count(*) FROM ts_small TABLESAMPLE BERNOULLI (0) REPEATABLE (5);
-- without REPEATABLE, a random sample
SELECT count(*) BETWEEN 0 AND 2000 AS plausible FROM ts_small TABLESAMPLE BERNOULLI (50);
SELECT count(*) BETWEEN 0 AND 2000 AS plausible FROM ts_small TABLESAMPLE SYSTEM (50);
-- in joins, with WHERE, aliases, ONLY, after deletions
SELECT count(*) FROM ts_small AS s TABLESAMPLE BERNOULLI (50) REPEATABLE (1) WHERE s.id > 1000;
SELECT a.id FROM ts_rows AS a TABLESAMPLE SYSTEM (10) REPEATABLE (4) JOIN ts_small b ON a.id = b.id * 7 ORDER BY a.id;
SELECT id FROM ONLY ts_rows TABLESAMPLE BERNOULLI (5) REPEATABLE (2) ORDER BY id;
DELETE FROM ts_rows WHERE id % 3 = 0;
SELECT id FROM ts_rows TABLESAMPLE BERNOULLI (10) REPEATABLE (11) ORDER BY id;
DELETE FROM ts_small WHERE id IN (SELECT id FROM ts_small TABLESAMPLE BERNOULLI (50) REPEATABLE (99));
SELECT count(*) FROM ts_small;

-- errors
SELECT id FROM ts_small TABLESAMPLE SYSTEM (101);
SELECT id FROM ts_small TABLESAMPLE BERNOULLI (-1);
SELECT id FROM ts_small TABLESAMPLE BERNOULLI ('NaN');
SELECT id FROM ts_small TABLESAMPLE BERNOULLI (NULL);
SELECT id FROM ts_small TABLESAMPLE BERNOULLI (10) REPEATABLE (NULL);
SELECT id FROM ts_small TABLESAMPLE foo (10);
SELECT id FROM ts_small TABLESAMPLE SYSTEM (10, 20);
SELECT id FROM ts_small TABLESAMPLE SYSTEM ();
SELECT id FROM ts_small TABLESAMPLE SYSTEM ('abc');
SELECT id FROM ts_small TABLESAMPLE SYSTEM (true);
SELECT id FROM ts_small TABLESAMPLE SYSTEM (10) REPEATABLE (true);
SELECT id FROM ts_small TABLESAMPLE SYSTEM (id);
SELECT id FROM ts_small TABLESAMPLE SYSTEM (10) REPEATABLE (id);
SELECT id FROM ts_small TABLESAMPLE SYSTEM (sum(1));
SELECT id FROM ts_small TABLESAMPLE SYSTEM (10) REPEATABLE ('x');
CREATE VIEW ts_view AS SELECT * FROM ts_small;
SELECT * FROM ts_view TABLESAMPLE SYSTEM (10);
DROP VIEW ts_view;
WITH w AS (SELECT 1) SELECT * FROM w TABLESAMPLE SYSTEM (10);
SELECT * FROM (SELECT 1) s TABLESAMPLE SYSTEM (10);
SELECT * FROM generate_series(1, 3) TABLESAMPLE SYSTEM (10);
UPDATE ts_small TABLESAMPLE SYSTEM (10) SET id = 1;

DROP TABLE ts_rows, ts_small;

-- The sample depends on where rows are stored: an UPDATE on a page with
-- room freed by a DELETE keeps the new row versions on that page (pruned).
CREATE TABLE tsp_rows (id int, pad text);
INSERT INTO tsp_rows SELECT g, repeat('x', 200) FROM generate_series(1, 300) g;
DELETE FROM tsp_rows WHERE id % 3 = 0;
UPDATE tsp_rows SET pad = 'y' WHERE id % 5 = 0;
SELECT ctid, id FROM tsp_rows WHERE id IN (65, 100) ORDER BY id;
SELECT id FROM tsp_rows TABLESAMPLE SYSTEM (30) REPEATABLE (11) ORDER BY id;
DROP TABLE tsp_rows;
