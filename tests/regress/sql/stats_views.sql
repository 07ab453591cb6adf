-- The cumulative statistics views: per-table and per-index counts, the
-- transactional rules for live and dead tuples (savepoints, TRUNCATE,
-- ANALYZE inside a transaction), stats_fetch_consistency, the resets,
-- and the functions and views around them. Counts are read only after
-- pg_stat_force_next_flush() made the previous transaction flush.

CREATE TABLE sv_t (a int PRIMARY KEY, b text) WITH (autovacuum_enabled = off);
CREATE TABLE sv_u (a int, b int) WITH (autovacuum_enabled = off);
CREATE INDEX sv_u_a ON sv_u (a);
SELECT pg_stat_force_next_flush();
SELECT pg_stat_reset_single_table_counters('sv_t'::regclass);
SELECT pg_stat_reset_single_table_counters('sv_u'::regclass);
SELECT pg_stat_reset_single_table_counters('sv_u_a'::regclass);

-- Committed and rolled back changes.
INSERT INTO sv_t SELECT g, 'x' FROM generate_series(1, 100) g;
UPDATE sv_t SET b = 'y' WHERE a <= 10;
DELETE FROM sv_t WHERE a > 90;
BEGIN;
INSERT INTO sv_t VALUES (1000, 'z');
ROLLBACK;
SELECT count(*) FROM sv_t;
SELECT b FROM sv_t WHERE a = 5;
SELECT pg_stat_force_next_flush();
SELECT relname, seq_scan, seq_tup_read, idx_scan, n_tup_ins, n_tup_upd, n_tup_del,
       n_live_tup, n_dead_tup, n_mod_since_analyze, n_ins_since_vacuum,
       last_vacuum, last_autovacuum, last_analyze, last_autoanalyze,
       vacuum_count, autovacuum_count, analyze_count, autoanalyze_count
FROM pg_stat_user_tables WHERE relname = 'sv_t';
SELECT relname, indexrelname, idx_scan, idx_tup_fetch FROM pg_stat_user_indexes WHERE relname = 'sv_t';
SELECT count(*) FROM pg_stat_sys_tables WHERE relname = 'sv_t';
SELECT count(*) FROM pg_stat_all_tables WHERE relname = 'sv_t';
SELECT relname, heap_blks_read + heap_blks_hit > 0 AS heap_read, idx_blks_read + idx_blks_hit > 0 AS idx_read
FROM pg_statio_user_tables WHERE relname = 'sv_t';
SELECT relname, indexrelname, idx_blks_read + idx_blks_hit > 0 AS read FROM pg_statio_user_indexes WHERE relname = 'sv_t';

-- Savepoints: what a rolled-back savepoint inserted is dead; what it
-- deleted stays alive. pg_stat_xact_* shows the transaction's counts.
INSERT INTO sv_u SELECT g, g FROM generate_series(1, 50) g;
SELECT pg_stat_force_next_flush();
BEGIN;
INSERT INTO sv_u VALUES (100, 1), (101, 1);
SELECT relname, seq_scan, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_xact_user_tables WHERE relname = 'sv_u';
SAVEPOINT a;
UPDATE sv_u SET b = 0 WHERE a < 5;
DELETE FROM sv_u WHERE a > 45;
SELECT relname, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_xact_user_tables WHERE relname = 'sv_u';
ROLLBACK TO a;
SELECT relname, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_xact_user_tables WHERE relname = 'sv_u';
SAVEPOINT b;
DELETE FROM sv_u WHERE a = 1;
RELEASE b;
COMMIT;
SELECT pg_stat_force_next_flush();
SELECT relname, n_tup_ins, n_tup_upd, n_tup_del, n_live_tup, n_dead_tup, n_mod_since_analyze, n_ins_since_vacuum
FROM pg_stat_user_tables WHERE relname = 'sv_u';

-- TRUNCATE restarts the live and dead counts, at commit; in a
-- rolled-back savepoint it is forgotten.
BEGIN;
TRUNCATE sv_u;
INSERT INTO sv_u VALUES (1, 1);
COMMIT;
SELECT pg_stat_force_next_flush();
SELECT relname, n_tup_ins, n_tup_upd, n_tup_del, n_live_tup, n_dead_tup, n_mod_since_analyze, n_ins_since_vacuum
FROM pg_stat_user_tables WHERE relname = 'sv_u';
BEGIN;
INSERT INTO sv_u VALUES (2, 2);
SAVEPOINT x;
TRUNCATE sv_u;
INSERT INTO sv_u VALUES (3, 3), (4, 4);
ROLLBACK TO x;
COMMIT;
SELECT pg_stat_force_next_flush();
SELECT relname, n_tup_ins, n_tup_upd, n_tup_del, n_live_tup, n_dead_tup, n_mod_since_analyze, n_ins_since_vacuum
FROM pg_stat_user_tables WHERE relname = 'sv_u';

-- ANALYZE sets the live and dead counts and restarts the changes since
-- analyze; inside a transaction its own inserts are left to the commit.
ANALYZE sv_u;
SELECT relname, n_live_tup, n_dead_tup, n_mod_since_analyze, analyze_count, last_analyze IS NOT NULL AS analyzed
FROM pg_stat_user_tables WHERE relname = 'sv_u';
BEGIN;
INSERT INTO sv_u SELECT g, g FROM generate_series(10, 20) g;
ANALYZE sv_u;
SELECT relname, n_live_tup, n_dead_tup FROM pg_stat_user_tables WHERE relname = 'sv_u';
COMMIT;
SELECT pg_stat_force_next_flush();
SELECT relname, n_live_tup, n_dead_tup, n_mod_since_analyze, analyze_count FROM pg_stat_user_tables WHERE relname = 'sv_u';
ANALYZE sv_u (a);
SELECT relname, n_mod_since_analyze, analyze_count FROM pg_stat_user_tables WHERE relname = 'sv_u';

-- VACUUM sets the live and dead counts and restarts the inserts since
-- vacuum; HOT updates are counted, and the dead versions an on-access
-- pruning reclaims leave n_dead_tup.
CREATE TABLE sv_v (a int PRIMARY KEY, b int) WITH (autovacuum_enabled = off);
INSERT INTO sv_v SELECT g, g FROM generate_series(1, 1000) g;
UPDATE sv_v SET b = 0 WHERE a <= 100;
DELETE FROM sv_v WHERE a > 900;
UPDATE sv_v SET a = a + 10000 WHERE a BETWEEN 200 AND 210;
SELECT pg_stat_force_next_flush();
SELECT n_tup_ins, n_tup_upd, n_tup_hot_upd, n_tup_del, n_live_tup, n_dead_tup, n_ins_since_vacuum,
       vacuum_count, last_vacuum IS NULL AS never
FROM pg_stat_user_tables WHERE relname = 'sv_v';
VACUUM sv_v;
SELECT n_live_tup, n_dead_tup, n_ins_since_vacuum, n_mod_since_analyze, vacuum_count,
       last_vacuum IS NOT NULL AS vacuumed, autovacuum_count
FROM pg_stat_user_tables WHERE relname = 'sv_v';
INSERT INTO sv_v VALUES (-1, -1);
SELECT pg_stat_force_next_flush();
SELECT n_live_tup, n_dead_tup, n_ins_since_vacuum FROM pg_stat_user_tables WHERE relname = 'sv_v';
DROP TABLE sv_v;
CREATE TABLE sv_h (a int PRIMARY KEY, b int) WITH (autovacuum_enabled = off);
INSERT INTO sv_h SELECT g, g FROM generate_series(1, 300) g;
UPDATE sv_h SET b = b + 1 WHERE a BETWEEN 250 AND 260;
UPDATE sv_h SET b = b + 1 WHERE a BETWEEN 250 AND 260;
UPDATE sv_h SET b = b + 1 WHERE a BETWEEN 250 AND 260;
UPDATE sv_h SET b = b + 1 WHERE a BETWEEN 250 AND 260;
UPDATE sv_h SET b = b + 1 WHERE a BETWEEN 250 AND 260;
UPDATE sv_h SET b = b + 1 WHERE a BETWEEN 250 AND 260;
UPDATE sv_h SET b = b + 1 WHERE a BETWEEN 250 AND 260;
UPDATE sv_h SET b = b + 1 WHERE a BETWEEN 250 AND 260;
UPDATE sv_h SET b = b + 1 WHERE a BETWEEN 250 AND 260;
UPDATE sv_h SET b = b + 1 WHERE a BETWEEN 250 AND 260;
UPDATE sv_h SET b = b + 1 WHERE a BETWEEN 250 AND 260;
UPDATE sv_h SET b = b + 1 WHERE a BETWEEN 250 AND 260;
UPDATE sv_h SET b = b + 1 WHERE a BETWEEN 250 AND 260;
UPDATE sv_h SET b = b + 1 WHERE a BETWEEN 250 AND 260;
UPDATE sv_h SET b = b + 1 WHERE a BETWEEN 250 AND 260;
SELECT count(*) FROM sv_h;
SELECT pg_stat_force_next_flush();
SELECT n_tup_upd, n_tup_hot_upd, n_live_tup, n_dead_tup FROM pg_stat_user_tables WHERE relname = 'sv_h';
DROP TABLE sv_h;

-- stats_fetch_consistency: "cache" keeps what a transaction read until
-- it ends or pg_stat_clear_snapshot(); "none" reads again.
SHOW stats_fetch_consistency;
SELECT pg_stat_force_next_flush();
BEGIN;
SELECT seq_scan FROM pg_stat_user_tables WHERE relname = 'sv_u';
SELECT count(*) FROM sv_u;
SELECT pg_stat_force_next_flush();
COMMIT;
BEGIN;
SELECT seq_scan FROM pg_stat_user_tables WHERE relname = 'sv_u';
SELECT pg_stat_clear_snapshot();
SELECT seq_scan FROM pg_stat_user_tables WHERE relname = 'sv_u';
SELECT seq_scan, seq_tup_read FROM pg_stat_xact_user_tables WHERE relname = 'sv_u';
SELECT count(*) FROM sv_u;
SELECT seq_scan, seq_tup_read FROM pg_stat_xact_user_tables WHERE relname = 'sv_u';
COMMIT;
SET stats_fetch_consistency = snapshot;
BEGIN;
SELECT pg_stat_get_snapshot_timestamp() IS NULL AS no_snapshot;
SELECT seq_scan FROM pg_stat_user_tables WHERE relname = 'sv_u';
SELECT pg_stat_get_snapshot_timestamp() IS NOT NULL AS snapshot;
COMMIT;
SELECT pg_stat_get_snapshot_timestamp();
SET stats_fetch_consistency = none;
SELECT seq_scan FROM pg_stat_user_tables WHERE relname = 'sv_u';
RESET stats_fetch_consistency;

-- track_counts = off: nothing is counted.
SELECT pg_stat_force_next_flush();
SET track_counts = off;
SELECT count(*) FROM sv_u;
INSERT INTO sv_u VALUES (5, 5);
RESET track_counts;
SELECT pg_stat_force_next_flush();
SELECT relname, seq_scan, n_tup_ins FROM pg_stat_user_tables WHERE relname = 'sv_u';

-- Resets.
SELECT pg_stat_reset_single_table_counters('sv_u'::regclass);
SELECT relname, seq_scan, n_tup_ins, n_live_tup, analyze_count, last_analyze FROM pg_stat_user_tables WHERE relname = 'sv_u';
SELECT stats_reset IS NOT NULL AS reset FROM pg_stat_database WHERE datname = current_database();
SELECT pg_stat_reset_shared('foo');
SELECT pg_stat_reset_shared(NULL);
SELECT pg_stat_reset_shared('wal');
SELECT stats_reset > now() - interval '1 hour' AS wal_reset FROM pg_stat_wal;
SELECT pg_stat_reset_shared('archiver');
SELECT pg_stat_force_next_flush();
SELECT pg_stat_reset();
SELECT relname, seq_scan, n_tup_ins FROM pg_stat_user_tables WHERE relname = 'sv_t';
SELECT xact_commit < 5 AS few_commits, tup_inserted, stats_reset > now() - interval '1 hour' AS just_reset
FROM pg_stat_database WHERE datname = current_database();

-- Functions and views around them.
SELECT pg_stat_have_stats('relation', 0, 0);
SELECT pg_stat_have_stats('bgwriter', 0, 0);
SELECT pg_stat_have_stats('zzz', 0, 0);
SELECT * FROM pg_stat_get_progress_info('zzz');
SELECT count(*) FROM pg_stat_get_progress_info('VACUUM');
SELECT * FROM pg_stat_progress_create_index;
SELECT * FROM pg_stat_progress_vacuum;
SELECT * FROM pg_stat_progress_analyze;
SELECT * FROM pg_stat_user_functions;
SELECT * FROM pg_stat_xact_user_functions;
SHOW track_functions;
SELECT pg_indexam_progress_phasename(403, 1), pg_indexam_progress_phasename(403, 2),
       pg_indexam_progress_phasename(403, 5), pg_indexam_progress_phasename(403, 9);
SELECT pg_stat_get_numscans(0), pg_stat_get_last_vacuum_time(0), pg_stat_get_xact_tuples_inserted(0);
SELECT numbackends > 0 AS connected FROM pg_stat_database WHERE datname = current_database();
SELECT datid, datname, numbackends, checksum_failures, checksum_last_failure FROM pg_stat_database WHERE datid = 0;
SELECT confl_tablespace, confl_lock, confl_snapshot, confl_bufferpin, confl_deadlock
FROM pg_stat_database_conflicts WHERE datname = current_database();

-- A dropped table's counts go with it.
SELECT 'sv_t'::regclass::oid AS sv_t_oid \gset
DROP TABLE sv_t;
SELECT pg_stat_force_next_flush();
SELECT pg_stat_have_stats('relation', (SELECT oid FROM pg_database WHERE datname = current_database()), :sv_t_oid);
DROP TABLE sv_u;
