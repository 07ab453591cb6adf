-- The rest of pg_catalog's views that gpostgres has: those over the
-- configuration files and the shared memory segment (their rows differ
-- between servers, so only their shape and a few stable facts are
-- compared), and those of things neither server has here (replication,
-- subscriptions, publications, prepared transactions, user mappings,
-- extended statistics), empty on both.

-- Listed by information_schema, with their column counts.
SELECT t.table_name, t.table_type, count(c.column_name) AS columns
  FROM information_schema.tables t
  JOIN information_schema.columns c USING (table_schema, table_name)
 WHERE t.table_schema = 'pg_catalog'
   AND t.table_name IN ('pg_available_extension_versions', 'pg_available_extensions', 'pg_config', 'pg_file_settings',
       'pg_prepared_xacts', 'pg_publication_tables', 'pg_replication_origin_status', 'pg_replication_slots',
       'pg_shmem_allocations', 'pg_stat_replication', 'pg_stat_replication_slots', 'pg_stat_subscription',
       'pg_stat_subscription_stats', 'pg_stat_wal_receiver', 'pg_stats_ext_exprs', 'pg_user_mappings')
 GROUP BY 1, 2 ORDER BY 1;

-- Their catalog rows, with PostgreSQL's OIDs.
SELECT c.oid, c.relname, c.relkind, c.relnatts, c.relhasrules, t.oid AS rowtype, t.typarray
  FROM pg_class c JOIN pg_type t ON t.oid = c.reltype
 WHERE c.relnamespace = 'pg_catalog'::regnamespace
   AND c.relname IN ('pg_file_settings', 'pg_config', 'pg_shmem_allocations', 'pg_stat_replication',
       'pg_replication_slots', 'pg_stat_replication_slots', 'pg_user_mappings', 'pg_stats_ext_exprs')
 ORDER BY c.oid;

SELECT DISTINCT refobjid::regclass
  FROM pg_depend
 WHERE objid = (SELECT oid FROM pg_rewrite WHERE ev_class = 'pg_stat_replication_slots'::regclass)
   AND refobjid <> 'pg_stat_replication_slots'::regclass
 ORDER BY 1;

-- psql describes them as PostgreSQL does.
\d pg_file_settings
\d pg_shmem_allocations
\d pg_config
\d pg_stat_replication
\d pg_replication_slots
\d+ pg_user_mappings
\d pg_stats_ext_exprs

-- The configuration file: the lines initdb wrote for these parameters,
-- applied without error.
SELECT name, setting, applied, error
  FROM pg_file_settings
 WHERE name IN ('max_connections', 'dynamic_shared_memory_type')
 ORDER BY seqno;
SELECT count(*) > 0 AS has_lines, bool_and(sourceline > 0) AS lines_numbered,
       count(DISTINCT seqno) = count(*) AS seqno_unique
  FROM pg_file_settings;
-- The file named is the one the server reads.
SELECT DISTINCT sourcefile = current_setting('config_file') AS config_file
  FROM pg_file_settings WHERE name = 'max_connections';

-- Shared memory: named regions that do not overlap.
SELECT count(*) > 3 AS several, bool_and(allocated_size >= size) AS padded
  FROM pg_shmem_allocations WHERE name IS NOT NULL;
SELECT count(*) AS overlaps
  FROM pg_shmem_allocations a JOIN pg_shmem_allocations b
    ON a.off < b.off AND a.off + a.allocated_size > b.off;

-- Build facts.
SELECT name FROM pg_config WHERE name IN ('BINDIR', 'VERSION') ORDER BY 1;
SELECT setting LIKE 'PostgreSQL 15.%' AS version FROM pg_config WHERE name = 'VERSION';
SELECT count(*) AS version_rows FROM pg_config() WHERE name = 'VERSION';

-- Nothing to show: no replication, subscription, origin, publication,
-- prepared transaction, user mapping or extended statistics here.
SELECT count(*) FROM pg_stat_replication;
SELECT count(*) FROM pg_stat_wal_receiver;
SELECT count(*) FROM pg_replication_slots;
SELECT count(*) FROM pg_stat_replication_slots;
SELECT count(*) FROM pg_stat_subscription;
SELECT count(*) FROM pg_stat_subscription_stats;
SELECT count(*) FROM pg_replication_origin_status;
SELECT count(*) FROM pg_publication_tables;
SELECT count(*) FROM pg_prepared_xacts;
SELECT count(*) FROM pg_user_mappings;
SELECT count(*) FROM pg_stats_ext_exprs;
SELECT * FROM pg_stat_get_wal_receiver();
SELECT * FROM pg_stat_get_subscription_stats(0);
SELECT slot_name, spill_txns, total_bytes, stats_reset FROM pg_stat_get_replication_slot('none');
SELECT * FROM pg_get_publication_tables('none');
SELECT * FROM pg_stat_get_wal_senders();
SELECT * FROM pg_get_replication_slots();
SELECT * FROM pg_prepared_xact();

-- Extensions differ (the reference has contrib installed): only the
-- columns are compared.
SELECT * FROM pg_available_extensions WHERE false;
SELECT * FROM pg_available_extension_versions WHERE false;

-- Extended statistics: none can be made, but the view has its columns
-- and types (pg_ndistinct, pg_dependencies, pg_mcv_list accept no input).
\d pg_stats_ext
SELECT count(*) FROM pg_stats_ext;
SELECT NULL::pg_ndistinct AS nd, NULL::pg_dependencies::text AS dep, NULL::pg_mcv_list::bytea AS mcv;
SELECT 'x'::pg_ndistinct;
SELECT '{}'::pg_mcv_list;
SELECT * FROM pg_mcv_list_items(NULL);

-- Time zone abbreviations: the Default set, dynamic ones as of now.
\d pg_timezone_abbrevs
SELECT * FROM pg_timezone_abbrevs ORDER BY abbrev;
SELECT count(*) FROM pg_timezone_abbrevs() a(abbrev, utc_offset, is_dst);

-- The backend's memory: its columns, and a top context whose sums agree.
\d pg_backend_memory_contexts
SELECT name, ident, parent, level, total_bytes > 0 AS has_total, used_bytes > 0 AS has_used,
       total_bytes = free_bytes + used_bytes AS sums
  FROM pg_backend_memory_contexts WHERE level = 0;

-- SLRU counters of the SLRUs gpostgres has.
\d pg_stat_slru
SELECT name, blks_zeroed + blks_hit + blks_read >= 0 AS counted, stats_reset <= now() AS reset
  FROM pg_stat_slru
 WHERE name IN ('MultiXactMember', 'MultiXactOffset', 'Serial', 'Subtrans', 'Xact') ORDER BY name;
SELECT blks_hit + blks_read + blks_zeroed > 0 AS xact_used FROM pg_stat_slru WHERE name = 'Xact';
SELECT stats_reset AS xact_reset FROM pg_stat_slru WHERE name = 'Xact' \gset
SELECT pg_stat_reset_slru('Xact');
SELECT stats_reset > :'xact_reset' AS was_reset FROM pg_stat_slru WHERE name = 'Xact';
SELECT stats_reset AS serial_reset FROM pg_stat_slru WHERE name = 'Serial' \gset
SELECT pg_stat_reset_slru(NULL);
SELECT stats_reset > :'serial_reset' AS all_reset FROM pg_stat_slru WHERE name = 'Serial';
SELECT pg_stat_reset_slru('nosuch');

-- Recovery prefetch on a primary: one row of zeros.
\d pg_stat_recovery_prefetch
SELECT prefetch, hit, skip_init, skip_new, skip_fpw, skip_rep, wal_distance, block_distance, io_depth,
       stats_reset <= now() AS reset
  FROM pg_stat_recovery_prefetch;
SELECT stats_reset AS prefetch_reset FROM pg_stat_recovery_prefetch \gset
SELECT pg_stat_reset_shared('recovery_prefetch');
SELECT stats_reset > :'prefetch_reset' AS prefetch_was_reset, prefetch + hit AS counted FROM pg_stat_recovery_prefetch;
