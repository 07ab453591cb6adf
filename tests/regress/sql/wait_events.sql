--
-- wait_events: what pg_stat_activity says about the session itself, and
-- the blocking-pid functions for a session that waits for nothing (lock
-- waits between sessions are in test/integration/waitevents_test.go)
--
-- A running statement waits for nothing and holds a snapshot.
SELECT wait_event_type, wait_event, state, backend_type, backend_xid, backend_xmin IS NOT NULL AS has_xmin
FROM pg_stat_activity WHERE pid = pg_backend_pid();
SELECT pg_typeof(backend_xid), pg_typeof(backend_xmin), pg_typeof(wait_event_type), pg_typeof(wait_event)
FROM pg_stat_activity WHERE pid = pg_backend_pid();
-- Every process has a backend type.
SELECT count(*) FROM pg_stat_activity WHERE backend_type IS NULL;
SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid = pg_backend_pid();
-- A transaction reads the activity of the server once: its later reads
-- see the same picture (the first statement's text, no xid yet) until
-- pg_stat_clear_snapshot.
BEGIN;
SELECT backend_xid, query FROM pg_stat_activity WHERE pid = pg_backend_pid();
SELECT txid_current() > 0;
SELECT backend_xid::text = txid_current()::text AS own_xid, query FROM pg_stat_activity WHERE pid = pg_backend_pid();
SELECT pg_stat_clear_snapshot();
SELECT backend_xid::text = txid_current()::text AS own_xid, query FROM pg_stat_activity WHERE pid = pg_backend_pid();
COMMIT;
-- The next transaction takes a new picture.
SELECT backend_xid, query FROM pg_stat_activity WHERE pid = pg_backend_pid();
-- Nobody blocks a session that does not wait, nor a pid that is none.
SELECT pg_blocking_pids(pg_backend_pid());
SELECT pg_blocking_pids(0), pg_blocking_pids(-1), pg_blocking_pids(NULL);
SELECT cardinality(pg_blocking_pids(pid)) FROM pg_stat_activity WHERE pid = pg_backend_pid();
SELECT pg_safe_snapshot_blocking_pids(pg_backend_pid());
SELECT pg_typeof(pg_blocking_pids(1)), pg_typeof(pg_safe_snapshot_blocking_pids(1));
