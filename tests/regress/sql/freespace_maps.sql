-- The free space map and visibility map forks of a table: made only when
-- first needed, of PostgreSQL's sizes, and gone with TRUNCATE; and
-- pg_relation_size's fork argument.
CREATE TABLE fsm_t (k int, s text) WITH (autovacuum_enabled = off);
SELECT pg_relation_size('fsm_t', 'fsm') AS fsm, pg_relation_size('fsm_t', 'vm') AS vm;
INSERT INTO fsm_t VALUES (1, 'one');
SELECT pg_relation_size('fsm_t') AS main, pg_relation_size('fsm_t', 'fsm') AS fsm, pg_relation_size('fsm_t', 'vm') AS vm;
-- Filling pages one after another records each full one in the map:
-- a root page, an intermediate page and one leaf page.
INSERT INTO fsm_t SELECT g, repeat('x', 200) FROM generate_series(2, 2000) g;
SELECT pg_relation_size('fsm_t') AS main, pg_relation_size('fsm_t', 'main') AS main2,
       pg_relation_size('fsm_t', 'fsm') AS fsm, pg_relation_size('fsm_t', 'vm') AS vm,
       pg_relation_size('fsm_t', 'init') AS init;
SELECT pg_relation_size('fsm_t', 'xx');
SELECT pg_relation_size('fsm_t', 'FSM');
SELECT pg_relation_size('fsm_t', NULL) IS NULL AS null_fork;
-- Rows changed and added still all read back.
UPDATE fsm_t SET s = repeat('y', 300) WHERE k % 10 = 0;
DELETE FROM fsm_t WHERE k % 3 = 0;
INSERT INTO fsm_t SELECT g, 'small' FROM generate_series(3001, 3100) g;
SELECT count(*), sum(length(s)), sum(k) FROM fsm_t;
-- TRUNCATE gives the table new files, without maps.
TRUNCATE fsm_t;
SELECT pg_relation_size('fsm_t') AS main, pg_relation_size('fsm_t', 'fsm') AS fsm, pg_relation_size('fsm_t', 'vm') AS vm;
INSERT INTO fsm_t SELECT g, repeat('z', 200) FROM generate_series(1, 100) g;
SELECT pg_relation_size('fsm_t') AS main, pg_relation_size('fsm_t', 'fsm') AS fsm;
-- A temporary table gets a map too; its rows go after TRUNCATE.
CREATE TEMP TABLE fsm_tmp (k int, s text);
INSERT INTO fsm_tmp SELECT g, repeat('x', 200) FROM generate_series(1, 2000) g;
SELECT pg_relation_size('fsm_tmp') AS main, pg_relation_size('fsm_tmp', 'fsm') AS fsm;
TRUNCATE fsm_tmp;
SELECT pg_relation_size('fsm_tmp') AS main;
INSERT INTO fsm_tmp VALUES (1, 'a');
SELECT * FROM fsm_tmp;
DROP TABLE fsm_t, fsm_tmp;
