-- Isolation levels in one session: how BEGIN, START TRANSACTION, SET
-- TRANSACTION, SET SESSION CHARACTERISTICS and default_transaction_isolation
-- set transaction_isolation, and when it can no longer change. (What two
-- sessions see under REPEATABLE READ is tested in lib/sql/isolation_test.go,
-- under SERIALIZABLE in lib/sql/serializable_test.go and regress serializable.)
CREATE TABLE iso_t (x int);
INSERT INTO iso_t VALUES (1), (2);

SHOW transaction_isolation;
SHOW default_transaction_isolation;
SELECT current_setting('transaction_isolation');

BEGIN ISOLATION LEVEL REPEATABLE READ;
SHOW transaction_isolation;
SELECT current_setting('transaction_isolation'), count(*) FROM iso_t;
-- After the first query the level is fixed (setting the same one again is
-- accepted).
SET TRANSACTION ISOLATION LEVEL REPEATABLE READ;
SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
ROLLBACK;

-- Before the first query it can change, several times.
BEGIN;
SET TRANSACTION ISOLATION LEVEL REPEATABLE READ;
SHOW transaction_isolation;
SET TRANSACTION ISOLATION LEVEL READ UNCOMMITTED;
SHOW transaction_isolation;
SET transaction_isolation = 'repeatable read';
SHOW transaction_isolation;
SELECT count(*) FROM iso_t;
SET transaction_isolation = 'read committed';
SET LOCAL transaction_isolation = 'read committed';
ROLLBACK;

-- LOCK, SHOW and SET take no snapshot: the level can still change after
-- them.
BEGIN;
LOCK TABLE iso_t IN SHARE MODE;
SHOW transaction_isolation;
SET LOCAL work_mem = '8MB';
SET TRANSACTION ISOLATION LEVEL REPEATABLE READ;
SHOW transaction_isolation;
COMMIT;

-- Not inside a savepoint, even before the first query.
BEGIN;
SAVEPOINT s1;
SET TRANSACTION ISOLATION LEVEL REPEATABLE READ;
ROLLBACK TO s1;
SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
SHOW transaction_isolation;
RELEASE s1;
COMMIT;

-- Modes together.
START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY;
SHOW transaction_isolation;
SHOW transaction_read_only;
SELECT count(*) FROM iso_t;
INSERT INTO iso_t VALUES (3);
ROLLBACK;
BEGIN READ WRITE, ISOLATION LEVEL REPEATABLE READ;
SHOW transaction_isolation;
SHOW transaction_read_only;
COMMIT;
BEGIN ISOLATION LEVEL READ COMMITTED ISOLATION LEVEL REPEATABLE READ;
SHOW transaction_isolation;
COMMIT;

-- READ WRITE and [NOT] DEFERRABLE follow the same rules: a read-only
-- transaction turns read-write only before its first query and not in a
-- savepoint; DEFERRABLE changes only before the first query and not in a
-- savepoint, whatever its value.
BEGIN READ ONLY;
SAVEPOINT s;
SET TRANSACTION READ ONLY;
SET TRANSACTION READ WRITE;
ROLLBACK;
BEGIN READ ONLY;
SET TRANSACTION READ WRITE;
SHOW transaction_read_only;
SET TRANSACTION READ ONLY;
SELECT count(*) FROM iso_t;
SET TRANSACTION READ ONLY;
SET TRANSACTION READ WRITE;
ROLLBACK;
BEGIN;
SELECT count(*) FROM iso_t;
SET TRANSACTION READ ONLY;
SHOW transaction_read_only;
ROLLBACK;
BEGIN;
SET TRANSACTION DEFERRABLE;
SET TRANSACTION NOT DEFERRABLE;
SHOW transaction_deferrable;
SAVEPOINT s;
SET TRANSACTION NOT DEFERRABLE;
ROLLBACK TO s;
RELEASE s;
SELECT count(*) FROM iso_t;
SET TRANSACTION NOT DEFERRABLE;
ROLLBACK;
BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY, DEFERRABLE;
COMMIT AND CHAIN;
SHOW transaction_isolation;
SHOW transaction_read_only;
SHOW transaction_deferrable;
COMMIT;

-- Outside a block SET TRANSACTION only warns and lasts for its own
-- transaction.
SET TRANSACTION ISOLATION LEVEL REPEATABLE READ;
SHOW transaction_isolation;

-- COMMIT AND CHAIN and ROLLBACK AND CHAIN keep the level.
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT count(*) FROM iso_t;
COMMIT AND CHAIN;
SHOW transaction_isolation;
SELECT count(*) FROM iso_t;
ROLLBACK AND CHAIN;
SHOW transaction_isolation;
COMMIT;
SHOW transaction_isolation;

-- The session default.
SET default_transaction_isolation = 'repeatable read';
SHOW transaction_isolation;
BEGIN;
SHOW transaction_isolation;
SELECT count(*) FROM iso_t;
SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
ROLLBACK;
BEGIN ISOLATION LEVEL READ COMMITTED;
SHOW transaction_isolation;
COMMIT;
RESET default_transaction_isolation;
SHOW default_transaction_isolation;

SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL REPEATABLE READ;
SHOW default_transaction_isolation;
START TRANSACTION;
SHOW transaction_isolation;
COMMIT;
SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL READ COMMITTED, READ WRITE;
SHOW default_transaction_isolation;
SELECT name, setting, context FROM pg_settings
  WHERE name IN ('transaction_isolation', 'default_transaction_isolation') ORDER BY name;

-- Misspelled levels.
BEGIN ISOLATION LEVEL REPEATABLE;
SET default_transaction_isolation = 'repeatable';
SET transaction_isolation = 'snapshot';

-- Writes under REPEATABLE READ, rows the transaction changed itself.
BEGIN ISOLATION LEVEL REPEATABLE READ;
UPDATE iso_t SET x = x * 10 RETURNING x;
UPDATE iso_t SET x = x + 1 WHERE x = 10 RETURNING x;
DELETE FROM iso_t WHERE x = 11 RETURNING x;
SELECT x FROM iso_t ORDER BY x;
SAVEPOINT s;
DELETE FROM iso_t;
ROLLBACK TO s;
SELECT x FROM iso_t ORDER BY x;
COMMIT;
SELECT x FROM iso_t ORDER BY x;

DROP TABLE iso_t;
