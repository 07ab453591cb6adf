--
-- advisory_lock: the advisory lock functions in one session — session and
-- transaction level, exclusive and shared, bigint and (int4, int4) keys,
-- re-entrancy, the unlock warnings, release at commit, rollback and
-- savepoint rollback, and the rows pg_locks shows for them.
-- (Several sessions: lib/sql/advisory_test.go, test/integration.)
--
CREATE VIEW my_advisory AS
  SELECT locktype, database = (SELECT oid FROM pg_database WHERE datname = current_database()) AS this_db,
         relation, page, tuple, virtualxid, transactionid,
         classid, objid, objsubid, mode, granted, fastpath,
         virtualtransaction ~ '^[0-9]+/[0-9]+$' AS has_vxid
  FROM pg_locks
  WHERE locktype = 'advisory' AND pid = pg_backend_pid()
  ORDER BY classid, objid, objsubid, mode;

-- Session level: the bigint key is split in two halves (classid the high
-- 32 bits, objid the low ones, objsubid 1), the int4 pair is kept as is
-- (objsubid 2).
SELECT pg_advisory_lock(1);
SELECT pg_advisory_lock(4294967297);
SELECT pg_advisory_lock(-1);
SELECT pg_advisory_lock(1, 2);
SELECT pg_advisory_lock(-2147483648, 2147483647);
SELECT pg_advisory_lock(-9223372036854775808);
SELECT pg_advisory_lock_shared(2);
SELECT * FROM my_advisory;

-- Re-entrant: each acquisition needs its own unlock; one too many warns
-- and answers false.
SELECT pg_advisory_lock(1), pg_advisory_lock(1);
SELECT pg_advisory_unlock(1), pg_advisory_unlock(1), pg_advisory_unlock(1);
SELECT count(*) FROM my_advisory WHERE objid = 1 AND objsubid = 1 AND classid = 0;
SELECT pg_advisory_unlock(1);
SELECT pg_advisory_unlock(1, 2), pg_advisory_unlock(1, 2);
-- The wrong mode or key warns with that mode's name.
SELECT pg_advisory_unlock_shared(4294967297);
SELECT pg_advisory_unlock(2);
SELECT pg_advisory_unlock_shared(2, 0);
SELECT pg_advisory_unlock_shared(2);
-- NULL keys: the functions are strict.
SELECT pg_advisory_lock(NULL), pg_advisory_unlock(NULL), pg_try_advisory_lock(NULL, 1);

-- One session holding a key in both modes, and the try_ forms on what
-- it holds itself.
SELECT pg_advisory_lock_shared(20), pg_advisory_lock(20);
SELECT pg_try_advisory_lock(20), pg_try_advisory_lock_shared(20), pg_try_advisory_lock(21, 21);
SELECT objid, objsubid, mode, granted FROM my_advisory WHERE objid IN (20, 21);
SELECT pg_advisory_unlock(20), pg_advisory_unlock(20), pg_advisory_unlock(20);
SELECT pg_advisory_unlock_shared(20), pg_advisory_unlock_shared(20), pg_advisory_unlock_shared(20);
SELECT pg_advisory_unlock(21, 21);

-- pg_advisory_unlock_all releases every session-level lock.
SELECT pg_advisory_unlock_all();
SELECT * FROM my_advisory;
SELECT pg_advisory_unlock_all();

-- A lock per row.
SELECT g, pg_advisory_lock(g) FROM generate_series(1, 3) g ORDER BY g;
SELECT objid, mode FROM my_advisory;
SELECT pg_advisory_unlock_all();

-- Transaction level: released at commit and at rollback, invisible to
-- pg_advisory_unlock.
BEGIN;
SELECT pg_advisory_xact_lock(5);
SELECT pg_advisory_xact_lock(5);
SELECT pg_advisory_xact_lock_shared(5);
SELECT pg_try_advisory_xact_lock(6), pg_try_advisory_xact_lock_shared(6, 6);
SELECT * FROM my_advisory;
SELECT pg_advisory_unlock(5);
SELECT pg_advisory_unlock_all();
SELECT objid, objsubid, mode FROM my_advisory;
COMMIT;
SELECT * FROM my_advisory;
BEGIN;
SELECT pg_advisory_xact_lock(5, 5);
ROLLBACK;
SELECT * FROM my_advisory;
-- Outside a block the statement's own transaction holds it.
SELECT pg_try_advisory_xact_lock(40), (SELECT count(*) FROM my_advisory WHERE objid = 40);
SELECT count(*) FROM my_advisory;

-- The same key at both levels: one pg_locks row; the unlock releases the
-- session's acquisition, the commit the transaction's.
BEGIN;
SELECT pg_advisory_xact_lock(7);
SELECT pg_advisory_lock(7);
SELECT objid, mode FROM my_advisory;
SELECT pg_advisory_unlock(7);
SELECT objid, mode FROM my_advisory;
SELECT pg_advisory_unlock(7);
SELECT pg_advisory_lock(7);
COMMIT;
SELECT objid, mode FROM my_advisory;
SELECT pg_advisory_unlock(7);

-- A session lock taken in a transaction that fails or rolls back stays;
-- the transaction's own go.
BEGIN;
SELECT pg_advisory_lock(8);
SELECT pg_advisory_xact_lock(9);
SELECT 1/0;
ROLLBACK;
SELECT objid, mode FROM my_advisory;
BEGIN;
SELECT pg_advisory_lock_shared(10);
ROLLBACK;
SELECT objid, mode FROM my_advisory;
SELECT pg_advisory_unlock(8), pg_advisory_unlock_shared(10);

-- Savepoints: a rolled-back savepoint releases the transaction-level
-- locks it took, not the session-level ones; a released one hands them
-- to its parent.
BEGIN;
SAVEPOINT s;
SELECT pg_advisory_xact_lock(11);
SELECT pg_advisory_lock(12);
ROLLBACK TO SAVEPOINT s;
SELECT objid, mode FROM my_advisory;
SAVEPOINT t;
SELECT pg_advisory_xact_lock_shared(13);
RELEASE SAVEPOINT t;
SAVEPOINT u;
SELECT pg_advisory_xact_lock(13);
SELECT pg_advisory_xact_lock(14);
ROLLBACK TO SAVEPOINT u;
SELECT objid, mode FROM my_advisory;
COMMIT;
SELECT objid, mode FROM my_advisory;
SELECT pg_advisory_unlock(12);

-- DISCARD ALL releases the session's advisory locks.
SELECT pg_advisory_lock(15), pg_advisory_lock_shared(16, 16);
DISCARD ALL;
SELECT count(*) FROM my_advisory;

DROP VIEW my_advisory;
