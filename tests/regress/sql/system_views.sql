-- pg_catalog's views (system_views.sql) are real views: pg_class,
-- pg_attribute, pg_rewrite and pg_depend rows as initdb makes them, so
-- that information_schema lists them and psql describes them. Only the
-- views gpostgres has are asked about by name.

-- Listed by information_schema, with their column counts.
SELECT t.table_name, t.table_type, count(c.column_name) AS columns
  FROM information_schema.tables t
  JOIN information_schema.columns c USING (table_schema, table_name)
 WHERE t.table_schema = 'pg_catalog'
   AND t.table_name IN ('pg_cursors', 'pg_group', 'pg_indexes', 'pg_locks', 'pg_matviews', 'pg_policies', 'pg_prepared_statements', 'pg_roles', 'pg_rules', 'pg_seclabels', 'pg_sequences', 'pg_settings', 'pg_shadow', 'pg_stat_activity', 'pg_stat_all_indexes', 'pg_stat_all_tables', 'pg_stat_archiver', 'pg_stat_bgwriter', 'pg_stat_database', 'pg_stat_database_conflicts', 'pg_stat_gssapi', 'pg_stat_progress_analyze', 'pg_stat_progress_basebackup', 'pg_stat_progress_cluster', 'pg_stat_progress_copy', 'pg_stat_progress_create_index', 'pg_stat_progress_vacuum', 'pg_stat_ssl', 'pg_stat_sys_indexes', 'pg_stat_sys_tables', 'pg_stat_user_functions', 'pg_stat_user_indexes', 'pg_stat_user_tables', 'pg_stat_wal', 'pg_stat_xact_all_tables', 'pg_stat_xact_sys_tables', 'pg_stat_xact_user_functions', 'pg_stat_xact_user_tables', 'pg_statio_all_indexes', 'pg_statio_all_sequences', 'pg_statio_all_tables', 'pg_statio_sys_indexes', 'pg_statio_sys_sequences', 'pg_statio_sys_tables', 'pg_statio_user_indexes', 'pg_statio_user_sequences', 'pg_statio_user_tables', 'pg_stats', 'pg_tables', 'pg_timezone_names', 'pg_user', 'pg_views')
 GROUP BY 1, 2 ORDER BY 1;

SELECT column_name, ordinal_position, data_type, is_nullable, is_updatable
  FROM information_schema.columns
 WHERE table_schema = 'pg_catalog' AND table_name = 'pg_stat_activity'
 ORDER BY ordinal_position;

SELECT table_name, is_updatable, is_insertable_into, check_option
  FROM information_schema.views
 WHERE table_schema = 'pg_catalog' AND table_name IN ('pg_tables', 'pg_settings', 'pg_locks', 'pg_user')
 ORDER BY 1;

-- Their catalog rows.
SELECT c.oid, c.relname, c.relkind, c.relnatts, c.relhasrules, c.relpersistence, c.relreplident,
       c.relowner::regrole, t.typname, t.typtype, a.typname AS array_type
  FROM pg_class c JOIN pg_type t ON t.oid = c.reltype JOIN pg_type a ON a.oid = t.typarray
 WHERE c.oid IN ('pg_roles'::regclass, 'pg_tables'::regclass, 'pg_stat_activity'::regclass,
                 'pg_settings'::regclass, 'pg_stat_user_tables'::regclass, 'pg_locks'::regclass)
 ORDER BY c.oid;

SELECT attname, atttypid::regtype, attnum, attlen, attbyval, attalign, attstorage, attnotnull, attcollation
  FROM pg_attribute WHERE attrelid = 'pg_locks'::regclass ORDER BY attnum;

SELECT rulename, ev_type, is_instead, ev_enabled
  FROM pg_rewrite WHERE ev_class = 'pg_stat_wal'::regclass;

SELECT refobjid::regclass, refobjsubid, deptype
  FROM pg_depend
 WHERE objid = (SELECT oid FROM pg_rewrite WHERE ev_class = 'pg_user'::regclass)
 ORDER BY 1, 2, 3;

SELECT classid::regclass, refclassid::regclass, refobjid::regclass, deptype
  FROM pg_depend
 WHERE objid = (SELECT oid FROM pg_rewrite WHERE ev_class = 'pg_timezone_names'::regclass)
 ORDER BY 4;

-- A view that reads another is recorded as depending on it.
SELECT DISTINCT refobjid::regclass
  FROM pg_depend
 WHERE objid = (SELECT oid FROM pg_rewrite WHERE ev_class = 'pg_stat_user_tables'::regclass)
   AND refobjid <> 'pg_stat_user_tables'::regclass;

-- psql describes them as PostgreSQL does.
\dvS pg_stat_[ad]*
\d pg_tables
\d pg_roles
\d pg_shadow
\d pg_stat_activity
\d+ pg_locks
\d+ pg_stat_wal
\d+ pg_timezone_names

SELECT pg_get_viewdef('pg_tables'::regclass);
SELECT pg_get_viewdef('pg_user'::regclass, true);
SELECT pg_get_viewdef('pg_stat_user_tables'::regclass);

-- A view's column takes the collation of the catalog column it is
-- computed from (C), a constant the default.
CREATE TEMP VIEW coll_v AS
  SELECT relname::text AS a, upper(relname) AS b, relname || 'x' AS c, 'x'::text AS d,
         rolpassword AS e, lower(rolpassword) AS f, rolname::text || relname AS g,
         setconfig AS h, relkind::text AS i
    FROM pg_class, pg_authid, pg_db_role_setting;
SELECT attname, attcollation FROM pg_attribute WHERE attrelid = 'coll_v'::regclass ORDER BY attnum;
DROP VIEW coll_v;

-- The functions behind the views of process state.
SELECT count(*) > 100 AS many FROM pg_show_all_settings();
SELECT name, setting, unit, vartype FROM pg_show_all_settings() WHERE name IN ('work_mem', 'search_path') ORDER BY 1;
SELECT pid = pg_backend_pid() AS mine, backend_type, ssl, gss_auth, gss_enc, sslversion IS NULL AS no_ssl
  FROM pg_stat_get_activity(pg_backend_pid());
SELECT count(*) > 0 AS all FROM pg_stat_get_activity(-1);
SELECT count(*) FROM pg_stat_get_activity(0);
SELECT count(*) > 0 AS some FROM pg_stat_get_activity(NULL);
SELECT locktype, mode, granted
  FROM pg_lock_status() WHERE pid = pg_backend_pid() AND locktype = 'virtualxid';
SELECT wal_records >= 0 AS ok, stats_reset IS NOT NULL AS reset FROM pg_stat_get_wal();
SELECT (pg_stat_get_wal()).wal_fpi >= 0 AS ok;
SELECT archived_count, failed_count FROM pg_stat_get_archiver();
SELECT pg_stat_get_bgwriter_timed_checkpoints() >= 0 AS ok, pg_stat_get_buf_alloc() >= 0 AS ok2;
SELECT name, abbrev, utc_offset, is_dst FROM pg_timezone_names() WHERE name = 'UTC';

BEGIN;
DECLARE c1 SCROLL CURSOR FOR SELECT 1;
SELECT name, statement, is_holdable, is_binary, is_scrollable FROM pg_cursor();
SELECT name, is_scrollable FROM pg_cursors;
COMMIT;
PREPARE p1(int) AS SELECT $1;
SELECT name, statement, parameter_types, from_sql FROM pg_prepared_statement();
SELECT name, parameter_types FROM pg_prepared_statements;
DEALLOCATE p1;

-- The views read through them.
SELECT pid = pg_backend_pid() AS mine, datname = current_database() AS db, usename, state, query
  FROM pg_stat_activity WHERE pid = pg_backend_pid();
SELECT name, setting FROM pg_settings WHERE name = 'enable_seqscan';
SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid();
SELECT gss_authenticated, principal, encrypted FROM pg_stat_gssapi WHERE pid = pg_backend_pid();
SELECT groname FROM pg_group WHERE groname = 'pg_monitor';
SELECT count(*) FROM pg_policies;
SELECT count(*) FROM pg_rules WHERE schemaname <> 'pg_catalog';
SELECT usename, usesuper FROM pg_user WHERE usename = current_user;

-- Not changeable.
DELETE FROM pg_locks;
UPDATE pg_roles SET rolname = 'x';
INSERT INTO pg_stat_activity (pid) VALUES (1);
