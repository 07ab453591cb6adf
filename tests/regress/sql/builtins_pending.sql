--
-- builtins: functions, types and system views gpostgres lacks today
-- (listed under "Known failures" in ../README.md)
--
SELECT has_column_privilege('pg_class', 'relname', 'SELECT');
SELECT has_function_privilege('upper(text)', 'EXECUTE');
SELECT pg_database_size(current_database()) > 0;
SELECT pg_current_logfile() IS NULL;
SELECT pg_jit_available();
SELECT pg_stat_get_numscans(0);
SELECT count(*) >= 0 FROM pg_locks;
SELECT count(*) >= 0 FROM pg_stat_user_tables;
SELECT count(*) >= 0 FROM pg_available_extensions;
SELECT count(*) >= 0 FROM pg_stat_database;
SELECT count(*) >= 0 FROM pg_prepared_xacts;
SELECT count(*) >= 0 FROM information_schema.tables;
SELECT count(*) >= 0 FROM information_schema.columns;
SELECT '1 2'::point IS NULL;
SELECT 'a b c'::tsvector;
SELECT to_tsvector('simple', 'the cat');
SELECT int4range(1, 5), '[1,5)'::int4range @> 3;
SELECT 'abc'::xml IS NOT NULL;
SELECT 'english'::regconfig;
SELECT xmlagg('<a/>'::xml);
SELECT pg_collation_for('abc');
SELECT pg_identify_object(1259, 1259, 0);
SELECT pg_stat_reset();
SELECT pg_control_checkpoint() IS NOT NULL;
SELECT pg_rotate_logfile();
SELECT pg_export_snapshot() IS NOT NULL;
SELECT pg_log_backend_memory_contexts(pg_backend_pid());
