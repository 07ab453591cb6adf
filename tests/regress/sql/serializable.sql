-- SERIALIZABLE in one session: how it is asked for, when it can no longer
-- change, what pg_locks shows of its SIREAD locks, and the READ ONLY
-- DEFERRABLE settings, and the relation, page and tuple locks of
-- sequential, index and index-only scans. (Conflicts between sessions are
-- tested in lib/sql/serializable_test.go and serializable_grain_test.go.)
CREATE TABLE ser_t (x int);
INSERT INTO ser_t VALUES (1), (2);

BEGIN ISOLATION LEVEL SERIALIZABLE;
SHOW transaction_isolation;
SELECT count(*) FROM ser_t;
SELECT locktype, relation::regclass, mode, granted, fastpath
  FROM pg_locks WHERE mode = 'SIReadLock' AND pid = pg_backend_pid();
SELECT virtualtransaction = (SELECT virtualtransaction FROM pg_locks
    WHERE locktype = 'virtualxid' AND pid = pg_backend_pid()) AS same_vxid
  FROM pg_locks WHERE mode = 'SIReadLock' AND pid = pg_backend_pid();
-- The level is fixed by the first query; the same level is accepted.
SET TRANSACTION ISOLATION LEVEL SERIALIZABLE;
SET TRANSACTION ISOLATION LEVEL REPEATABLE READ;
ROLLBACK;

-- Aborted: the locks go at once.
SELECT count(*) FROM pg_locks WHERE mode = 'SIReadLock';

BEGIN;
SELECT 1;
SET TRANSACTION ISOLATION LEVEL SERIALIZABLE;
ROLLBACK;

BEGIN;
SET TRANSACTION ISOLATION LEVEL SERIALIZABLE;
SHOW transaction_isolation;
SAVEPOINT s;
SET TRANSACTION ISOLATION LEVEL SERIALIZABLE;
SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
ROLLBACK;

START TRANSACTION ISOLATION LEVEL SERIALIZABLE, READ WRITE;
INSERT INTO ser_t VALUES (3);
UPDATE ser_t SET x = x + 1 WHERE x = 3;
DELETE FROM ser_t WHERE x = 4;
SELECT relation::regclass, mode FROM pg_locks
  WHERE mode = 'SIReadLock' AND pid = pg_backend_pid();
COMMIT;
-- No other serializable transaction overlaps it: nothing is kept.
SELECT count(*) FROM pg_locks WHERE mode = 'SIReadLock';

-- The session default.
SET default_transaction_isolation = serializable;
SHOW default_transaction_isolation;
BEGIN;
SHOW transaction_isolation;
SELECT count(*) FROM ser_t;
COMMIT;
SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL REPEATABLE READ;
SHOW default_transaction_isolation;
RESET default_transaction_isolation;
SHOW default_transaction_isolation;

-- READ ONLY: with no read-write serializable transaction running its
-- snapshot is safe at once and takes no SIREAD locks.
BEGIN ISOLATION LEVEL SERIALIZABLE READ ONLY;
SELECT count(*) FROM ser_t;
SELECT count(*) FROM pg_locks WHERE mode = 'SIReadLock';
INSERT INTO ser_t VALUES (5);
ROLLBACK;

-- DEFERRABLE: it does not wait either then.
BEGIN ISOLATION LEVEL SERIALIZABLE READ ONLY DEFERRABLE;
SHOW transaction_deferrable;
SELECT count(*) FROM ser_t;
SELECT pg_safe_snapshot_blocking_pids(pg_backend_pid());
SET TRANSACTION DEFERRABLE;
SET TRANSACTION NOT DEFERRABLE;
COMMIT;
SET default_transaction_deferrable = on;
SET default_transaction_read_only = on;
SET default_transaction_isolation = serializable;
BEGIN;
SHOW transaction_deferrable;
SHOW transaction_read_only;
SELECT count(*) FROM ser_t;
COMMIT;
RESET default_transaction_deferrable;
RESET default_transaction_read_only;
RESET default_transaction_isolation;
BEGIN;
SAVEPOINT s;
SET TRANSACTION DEFERRABLE;
ROLLBACK;
-- DEFERRABLE without SERIALIZABLE READ ONLY changes nothing.
BEGIN ISOLATION LEVEL REPEATABLE READ READ WRITE DEFERRABLE;
SELECT count(*) FROM ser_t;
COMMIT;

SHOW max_pred_locks_per_transaction;
SHOW max_pred_locks_per_relation;
SHOW max_pred_locks_per_page;
SELECT pg_safe_snapshot_blocking_pids(0);

DROP TABLE ser_t;

-- Index scans lock the leaves they read and the rows they return; a
-- third row of one heap page makes a page lock; writing a row drops the
-- writer's own lock on it, except within a savepoint; an index-only scan
-- that visits the heap locks the row; an empty index is locked whole.
-- (An index-only scan that skips the heap locks the heap page: whether it
-- does depends on VACUUM's visibility map, which synchronous_commit = off
-- makes differ here; it was compared with PostgreSQL by hand.)
CREATE TABLE ser_k (id int PRIMARY KEY, v int);
INSERT INTO ser_k SELECT g, g FROM generate_series(1, 1000) g;
VACUUM ANALYZE ser_k;
CREATE TABLE ser_e (k int);
CREATE INDEX ser_e_k ON ser_e (k);
SET enable_seqscan = off;
SET enable_bitmapscan = off;
BEGIN ISOLATION LEVEL SERIALIZABLE;
SELECT v FROM ser_k WHERE id = 10;
SELECT locktype, relation::regclass, page, tuple FROM pg_locks
  WHERE mode = 'SIReadLock' AND pid = pg_backend_pid() ORDER BY 1, 2, 3, 4;
SELECT v FROM ser_k WHERE id IN (500, 501);
SELECT locktype, relation::regclass, page, tuple FROM pg_locks
  WHERE mode = 'SIReadLock' AND pid = pg_backend_pid() ORDER BY 1, 2, 3, 4;
SELECT v FROM ser_k WHERE id = 502;
SELECT locktype, relation::regclass, page, tuple FROM pg_locks
  WHERE mode = 'SIReadLock' AND pid = pg_backend_pid() ORDER BY 1, 2, 3, 4;
UPDATE ser_k SET v = 0 WHERE id = 10;
SAVEPOINT s;
UPDATE ser_k SET v = 0 WHERE id = 900;
RELEASE SAVEPOINT s;
SELECT id FROM ser_k WHERE id = 700;
SELECT count(*) FROM ser_e WHERE k = 1;
SELECT locktype, relation::regclass, page, tuple FROM pg_locks
  WHERE mode = 'SIReadLock' AND pid = pg_backend_pid() ORDER BY 1, 2, 3, 4;
ROLLBACK;
RESET enable_bitmapscan;
-- A bitmap heap scan locks the leaves its index scans read and the rows
-- it returns (more than two on a page: the page), not the table.
SET enable_indexscan = off;
BEGIN ISOLATION LEVEL SERIALIZABLE;
EXPLAIN (COSTS OFF) SELECT v FROM ser_k WHERE id BETWEEN 10 AND 12;
SELECT v FROM ser_k WHERE id BETWEEN 10 AND 12;
SELECT locktype, relation::regclass, page, tuple FROM pg_locks
  WHERE mode = 'SIReadLock' AND pid = pg_backend_pid() ORDER BY 1, 2, 3, 4;
SELECT v FROM ser_k WHERE id = 500 OR id = 900;
SELECT locktype, relation::regclass, page, tuple FROM pg_locks
  WHERE mode = 'SIReadLock' AND pid = pg_backend_pid() ORDER BY 1, 2, 3, 4;
ROLLBACK;
RESET enable_indexscan;
RESET enable_seqscan;
DROP TABLE ser_k, ser_e;
