-- SERIALIZABLE in one session: how it is asked for, when it can no longer
-- change, what pg_locks shows of its SIREAD locks, and the READ ONLY
-- DEFERRABLE settings. (Conflicts between sessions are tested in
-- lib/sql/serializable_test.go; reads through sequential scans only here:
-- gpostgres locks whole relations where PostgreSQL may lock pages and
-- tuples of index scans.)
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
