--
-- SELECT ... FOR UPDATE / FOR NO KEY UPDATE / FOR SHARE / FOR KEY SHARE
-- in one session: plan shapes (LockRows), results, the clause's
-- restrictions and errors. Several sessions: test/integration.
--
CREATE TABLE sfu_t (id int PRIMARY KEY, v int, note text);
INSERT INTO sfu_t SELECT g, g * 10, 'n' || g FROM generate_series(1, 8) g;
CREATE TABLE sfu_u (id int PRIMARY KEY, w text);
INSERT INTO sfu_u SELECT g, 'w' || g FROM generate_series(1, 4) g;
CREATE VIEW sfu_v AS SELECT id, v FROM sfu_t WHERE v > 30;
CREATE VIEW sfu_vv AS SELECT id, v, v * 2 AS dbl FROM sfu_v WHERE id < 8;
ANALYZE sfu_t;
ANALYZE sfu_u;

-- plan shapes: LockRows above the sort, below the limit
EXPLAIN (COSTS OFF) SELECT * FROM sfu_t FOR UPDATE;
EXPLAIN (COSTS OFF) SELECT * FROM sfu_t WHERE v = 20 FOR SHARE;
EXPLAIN (COSTS OFF) SELECT id FROM sfu_t ORDER BY v LIMIT 2 FOR UPDATE SKIP LOCKED;
EXPLAIN (COSTS OFF) SELECT id FROM sfu_t ORDER BY v LIMIT 2 OFFSET 1 FOR NO KEY UPDATE NOWAIT;
EXPLAIN (VERBOSE, COSTS OFF) SELECT id FROM sfu_t WHERE v > 10 ORDER BY v LIMIT 2 FOR UPDATE;
EXPLAIN (COSTS OFF) SELECT * FROM sfu_t JOIN sfu_u USING (id) FOR UPDATE;
EXPLAIN (COSTS OFF) SELECT * FROM sfu_t JOIN sfu_u USING (id) FOR KEY SHARE OF sfu_u;
EXPLAIN (COSTS OFF) SELECT * FROM sfu_t LEFT JOIN sfu_u USING (id) FOR UPDATE OF sfu_t;
EXPLAIN (COSTS OFF) SELECT sfu_t.* FROM sfu_t LEFT JOIN sfu_u USING (id) FOR UPDATE OF sfu_t;
EXPLAIN (COSTS OFF) SELECT * FROM sfu_v FOR UPDATE;
EXPLAIN (COSTS OFF) SELECT * FROM sfu_v WHERE id = 5 FOR UPDATE;
EXPLAIN (COSTS OFF) SELECT * FROM sfu_vv WHERE dbl = 100 FOR SHARE;
EXPLAIN (COSTS OFF) SELECT * FROM (SELECT * FROM sfu_t) s FOR UPDATE;
EXPLAIN (COSTS OFF) SELECT * FROM (SELECT * FROM sfu_t WHERE id < 5) s WHERE v = 20 FOR UPDATE;
-- subqueries PostgreSQL does not pull up: a LockRows of their own
EXPLAIN (COSTS OFF) SELECT * FROM (SELECT * FROM sfu_t LIMIT 3) s FOR UPDATE;
EXPLAIN (COSTS OFF) SELECT * FROM (SELECT * FROM sfu_t ORDER BY v) s WHERE id = 3 FOR UPDATE;
EXPLAIN (COSTS OFF) SELECT * FROM sfu_u, (SELECT * FROM sfu_t LIMIT 3) s WHERE s.id = sfu_u.id FOR UPDATE;
EXPLAIN (COSTS OFF) SELECT * FROM sfu_t WHERE id = (SELECT id FROM sfu_u LIMIT 1 FOR SHARE);
EXPLAIN (COSTS OFF) WITH w AS (SELECT * FROM sfu_t FOR UPDATE) SELECT * FROM w;
EXPLAIN (COSTS OFF) WITH w AS NOT MATERIALIZED (SELECT * FROM sfu_t FOR UPDATE) SELECT * FROM w;
EXPLAIN (COSTS OFF) WITH w AS (SELECT * FROM sfu_t) SELECT * FROM w FOR UPDATE;

-- a job queue: the partial index's predicate stays a Filter, to be
-- tested again on a row updated meanwhile
CREATE TABLE sfu_jobs (id bigserial PRIMARY KEY, state text NOT NULL, run_at int NOT NULL);
CREATE INDEX sfu_jobs_due ON sfu_jobs (run_at) WHERE state = 'new';
INSERT INTO sfu_jobs (state, run_at) SELECT CASE WHEN g % 3 = 0 THEN 'done' ELSE 'new' END, g % 100 FROM generate_series(1, 3000) g;
ANALYZE sfu_jobs;
EXPLAIN (COSTS OFF) SELECT id FROM sfu_jobs WHERE state = 'new' AND run_at < 50 ORDER BY run_at LIMIT 5 FOR UPDATE SKIP LOCKED;
EXPLAIN (COSTS OFF) SELECT id FROM sfu_jobs WHERE state = 'new' AND run_at < 50 ORDER BY run_at LIMIT 5;
EXPLAIN (COSTS OFF) SELECT id FROM sfu_jobs ORDER BY id LIMIT 1 FOR NO KEY UPDATE SKIP LOCKED;
SELECT id, run_at FROM sfu_jobs WHERE state = 'new' AND run_at < 50 ORDER BY run_at, id LIMIT 3 FOR UPDATE SKIP LOCKED;
UPDATE sfu_jobs SET state = 'running'
  WHERE id = (SELECT id FROM sfu_jobs WHERE state = 'new' ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
  RETURNING id, state;
DROP TABLE sfu_jobs;

-- results: the rows, as without the clause
SELECT * FROM sfu_t WHERE id <= 3 ORDER BY id FOR UPDATE;
SELECT id, v FROM sfu_t ORDER BY v DESC LIMIT 2 FOR UPDATE SKIP LOCKED;
SELECT id FROM sfu_t ORDER BY id LIMIT 3 OFFSET 2 FOR NO KEY UPDATE NOWAIT;
SELECT * FROM sfu_t JOIN sfu_u USING (id) ORDER BY id FOR UPDATE;
SELECT t.id, u.w FROM sfu_t t LEFT JOIN sfu_u u USING (id) WHERE t.id > 2 ORDER BY t.id FOR SHARE OF t;
SELECT * FROM sfu_v ORDER BY id FOR KEY SHARE;
SELECT * FROM (SELECT id, v FROM sfu_t WHERE id < 3) s ORDER BY id FOR UPDATE;
SELECT * FROM sfu_vv WHERE dbl >= 100 ORDER BY id FOR NO KEY UPDATE;
SELECT * FROM sfu_vv v JOIN sfu_u u USING (id) WHERE v.dbl > 60 ORDER BY id FOR UPDATE OF v;
SELECT * FROM sfu_u, (SELECT * FROM sfu_t ORDER BY id LIMIT 3) s WHERE s.id = sfu_u.id ORDER BY 1 FOR SHARE;
SELECT id FROM sfu_t WHERE id IN (SELECT id FROM sfu_u FOR SHARE) ORDER BY id;
SELECT id FROM sfu_t WHERE EXISTS (SELECT 1 FROM sfu_u WHERE sfu_u.id = sfu_t.v / 10 OFFSET 0) ORDER BY id FOR UPDATE;
SELECT (SELECT id FROM sfu_u ORDER BY id DESC LIMIT 1 FOR UPDATE) AS last_u;
WITH w AS (SELECT * FROM sfu_t WHERE id = 5 FOR UPDATE) SELECT id, note FROM w;
SELECT id, note FROM sfu_t WHERE id = 1 FOR SHARE OF sfu_t FOR UPDATE OF sfu_t;
SELECT id FROM sfu_t, generate_series(1, 2) g WHERE id = 1 ORDER BY id FOR UPDATE;
SELECT id, x FROM sfu_t, (VALUES (7)) vv(x) WHERE id = 2 FOR UPDATE OF vv;
SELECT * FROM sfu_t JOIN sfu_u j USING (id) WHERE id < 3 ORDER BY id FOR UPDATE OF j;
SELECT t1.id, t2.id FROM sfu_t t1, sfu_t t2 WHERE t1.id = t2.v / 20 ORDER BY 1 FOR UPDATE OF t1 FOR SHARE OF t2;
SELECT ctid IS NOT NULL AS has_ctid, id FROM sfu_t WHERE id = 4 FOR UPDATE;
SELECT id, v, v * 2 AS dbl FROM sfu_t WHERE v % 20 = 0 ORDER BY dbl DESC FETCH FIRST 2 ROWS ONLY FOR UPDATE;

-- in a transaction: own changes, and the locks it holds
BEGIN;
UPDATE sfu_t SET v = v + 1 WHERE id = 1;
SELECT id, v FROM sfu_t WHERE id <= 2 ORDER BY id FOR UPDATE;
SELECT id, v FROM sfu_t WHERE id <= 2 ORDER BY id FOR SHARE NOWAIT;
DELETE FROM sfu_t WHERE id = 2;
SELECT id, v FROM sfu_t WHERE id <= 2 ORDER BY id FOR KEY SHARE;
SELECT count(*) FROM pg_locks WHERE relation = 'sfu_t'::regclass AND mode = 'RowShareLock';
ROLLBACK;
SELECT id, v FROM sfu_t WHERE id <= 2 ORDER BY id;

-- refused
SELECT count(*) FROM sfu_t FOR UPDATE;
SELECT v FROM sfu_t GROUP BY v FOR UPDATE;
SELECT DISTINCT v FROM sfu_t FOR SHARE;
SELECT DISTINCT ON (v) v FROM sfu_t FOR KEY SHARE;
SELECT 1 FROM sfu_t HAVING true FOR NO KEY UPDATE;
SELECT row_number() OVER () FROM sfu_t FOR UPDATE;
SELECT id, generate_series(1, 2) FROM sfu_t FOR UPDATE;
SELECT id FROM sfu_t UNION SELECT id FROM sfu_u FOR UPDATE;
SELECT * FROM (SELECT count(*) FROM sfu_t) s FOR UPDATE;
SELECT * FROM sfu_t FOR UPDATE OF nosuch;
SELECT * FROM sfu_t FOR UPDATE OF public.sfu_t;
SELECT * FROM sfu_t t FOR UPDATE OF sfu_t;
SELECT * FROM sfu_t, generate_series(1, 2) g FOR UPDATE OF g;
SELECT * FROM (sfu_t JOIN sfu_u USING (id)) j FOR UPDATE OF j;
WITH w AS (SELECT * FROM sfu_t) SELECT * FROM w FOR UPDATE OF w;
SELECT * FROM sfu_t LEFT JOIN sfu_u USING (id) FOR UPDATE;
SELECT * FROM sfu_t LEFT JOIN sfu_u USING (id) FOR SHARE OF sfu_u;
SELECT * FROM sfu_t FULL JOIN sfu_u USING (id) FOR KEY SHARE OF sfu_t;
SELECT * FROM sfu_u RIGHT JOIN sfu_t USING (id) FOR UPDATE OF sfu_u;
VALUES (1) FOR UPDATE;
CREATE MATERIALIZED VIEW sfu_mv AS SELECT 1 AS x;
CREATE SEQUENCE sfu_seq;
SELECT * FROM sfu_mv FOR UPDATE;
SELECT last_value FROM sfu_seq FOR SHARE;
SELECT x FROM sfu_mv, sfu_t WHERE sfu_t.id = 1 FOR UPDATE OF sfu_t;
DROP MATERIALIZED VIEW sfu_mv;
DROP SEQUENCE sfu_seq;
SELECT * FROM sfu_t ORDER BY v FETCH FIRST 1 ROW WITH TIES FOR UPDATE SKIP LOCKED;

DROP VIEW sfu_vv, sfu_v;
DROP TABLE sfu_t, sfu_u;
