-- The last of information_schema's views: what SQL-standard routine
-- bodies use (routine_*_usage, from pg_depend), the foreign data views
-- (foreign data wrappers, servers, tables, user mappings and their
-- options), transforms, triggered_update_columns, column_column_usage and
-- check_constraint_routine_usage. Neither server here has foreign
-- objects, transforms or triggers in this file, so those views are
-- compared empty.

-- Listed with their column counts.
SELECT t.table_name, t.table_type, count(c.column_name) AS columns
  FROM information_schema.tables t
  JOIN information_schema.columns c USING (table_schema, table_name)
 WHERE t.table_schema = 'information_schema'
   AND t.table_name IN ('_pg_foreign_data_wrappers', '_pg_foreign_servers', '_pg_foreign_table_columns',
       '_pg_foreign_tables', '_pg_user_mappings', 'check_constraint_routine_usage', 'column_column_usage',
       'column_options', 'foreign_data_wrapper_options', 'foreign_data_wrappers', 'foreign_server_options',
       'foreign_servers', 'foreign_table_options', 'foreign_tables', 'routine_column_usage',
       'routine_routine_usage', 'routine_sequence_usage', 'routine_table_usage', 'transforms',
       'triggered_update_columns', 'user_mapping_options', 'user_mappings')
 GROUP BY 1, 2 ORDER BY 1;
SELECT count(*) AS views FROM information_schema.views WHERE table_schema = 'information_schema';

-- Their catalog rows, with PostgreSQL's OIDs.
SELECT c.oid, c.relname, c.relnatts, t.oid AS rowtype, t.typarray
  FROM pg_class c JOIN pg_type t ON t.oid = c.reltype
 WHERE c.relnamespace = 'information_schema'::regnamespace
   AND c.relname IN ('routine_table_usage', 'triggered_update_columns', '_pg_foreign_servers', 'foreign_servers', 'user_mappings')
 ORDER BY c.oid;
SELECT DISTINCT refobjid::regclass
  FROM pg_depend
 WHERE objid = (SELECT oid FROM pg_rewrite WHERE ev_class = 'information_schema.foreign_servers'::regclass)
   AND refobjid <> 'information_schema.foreign_servers'::regclass;

\d information_schema.routine_column_usage
\d information_schema.triggered_update_columns
\d information_schema.foreign_tables
\d information_schema.user_mapping_options

-- Routines with SQL-standard bodies and what they use.
CREATE SCHEMA isrest;
SET search_path = isrest, public;
CREATE TABLE isrest.items (id int PRIMARY KEY, qty int, note text);
CREATE TABLE isrest.log (item int, at int);
CREATE VIEW isrest.big AS SELECT id, qty FROM isrest.items WHERE qty > 10;
CREATE FUNCTION isrest.positive(x int) RETURNS boolean LANGUAGE sql IMMUTABLE RETURN x > 0;
CREATE FUNCTION isrest.small(x int) RETURNS boolean LANGUAGE sql IMMUTABLE RETURN positive(x) AND x < 10;
CREATE FUNCTION isrest.total() RETURNS bigint LANGUAGE sql
  BEGIN ATOMIC SELECT sum(qty) FROM isrest.items WHERE note IS NOT NULL; END;
CREATE FUNCTION isrest.bigcount() RETURNS bigint LANGUAGE sql
  BEGIN ATOMIC SELECT count(*) FROM isrest.big; END;
CREATE PROCEDURE isrest.record(i int) LANGUAGE sql
  BEGIN ATOMIC INSERT INTO isrest.log (item, at) VALUES (i, 1); END;
CREATE FUNCTION isrest.old_style() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM isrest.items';
CREATE SEQUENCE isrest.ids;
CREATE FUNCTION isrest.next_id() RETURNS bigint LANGUAGE sql BEGIN ATOMIC SELECT nextval('isrest.ids'); END;
CREATE TABLE isrest.checked (n int CHECK (positive(n)), m int CONSTRAINT m_small CHECK (small(m) OR m IS NULL));

SELECT specific_schema, routine_schema, routine_name, table_schema, table_name
  FROM information_schema.routine_table_usage WHERE specific_schema = 'isrest' ORDER BY 3, 5;
SELECT routine_name, table_name, column_name
  FROM information_schema.routine_column_usage WHERE specific_schema = 'isrest' ORDER BY 1, 2, 3;
SELECT regexp_replace(specific_name, '_[0-9]+$', '') AS specific, routine_schema,
       regexp_replace(routine_name, '_[0-9]+$', '') AS routine
  FROM information_schema.routine_routine_usage WHERE specific_schema = 'isrest' ORDER BY 1, 3;
SELECT routine_name, sequence_schema, sequence_name
  FROM information_schema.routine_sequence_usage WHERE specific_schema = 'isrest';
SELECT constraint_schema, constraint_name, specific_schema, regexp_replace(specific_name, '_[0-9]+$', '') AS specific
  FROM information_schema.check_constraint_routine_usage WHERE constraint_schema = 'isrest' ORDER BY 2, 4;
-- Those dependencies hold.
DROP FUNCTION isrest.positive(int);
DROP SEQUENCE isrest.ids;
DROP FUNCTION isrest.small(int) CASCADE;
SELECT conname FROM pg_constraint WHERE conrelid = 'isrest.checked'::regclass ORDER BY 1;
INSERT INTO isrest.checked VALUES (1, 50);
-- Views depend on the functions they call (view_routine_usage).
CREATE FUNCTION isrest.dbl(x int) RETURNS int LANGUAGE sql IMMUTABLE RETURN x * 2;
CREATE VIEW isrest.doubled AS SELECT dbl(qty) AS d, (SELECT dbl(1)) AS one FROM isrest.items;
CREATE MATERIALIZED VIEW isrest.doubled_m AS SELECT dbl(qty) FROM isrest.items;
SELECT table_name, specific_schema, regexp_replace(specific_name, '_[0-9]+$', '') AS specific
  FROM information_schema.view_routine_usage WHERE table_schema = 'isrest' ORDER BY 1;
DROP FUNCTION isrest.dbl(int);
CREATE OR REPLACE VIEW isrest.doubled AS SELECT qty AS d, 1 AS one FROM isrest.items;
DROP FUNCTION isrest.dbl(int);
DROP FUNCTION isrest.dbl(int) CASCADE;
-- specific_name is the name with the OID, as routines shows it.
SELECT count(*) AS matching
  FROM information_schema.routine_table_usage u
  JOIN information_schema.routines r USING (specific_catalog, specific_schema, specific_name)
 WHERE u.specific_schema = 'isrest';

-- Nothing of these kinds exists here.
SELECT * FROM information_schema.triggered_update_columns WHERE trigger_schema = 'isrest';
SELECT * FROM information_schema.column_column_usage WHERE table_schema = 'isrest';
SELECT * FROM information_schema.transforms;
SELECT * FROM information_schema.foreign_data_wrappers;
SELECT * FROM information_schema.foreign_data_wrapper_options;
SELECT * FROM information_schema.foreign_servers;
SELECT * FROM information_schema.foreign_server_options;
SELECT * FROM information_schema.foreign_tables;
SELECT * FROM information_schema.foreign_table_options;
SELECT * FROM information_schema.column_options;
SELECT * FROM information_schema.user_mappings;
SELECT * FROM information_schema.user_mapping_options;
SELECT has_server_privilege('no_such_server', 'USAGE');
SELECT has_foreign_data_wrapper_privilege('no_such_fdw', 'USAGE');
SELECT has_server_privilege(current_user, 'no_such_server', 'USAGE');
SELECT has_server_privilege(12345::oid, 'usage, USAGE WITH GRANT OPTION') IS NULL AS no_server;
SELECT has_foreign_data_wrapper_privilege(current_user, 12345::oid, ' Usage ') IS NULL AS no_fdw;
SELECT has_server_privilege(12345::oid, 'usage, select');
SELECT has_foreign_data_wrapper_privilege(12345::oid, '');

RESET search_path;
DROP SCHEMA isrest CASCADE;

-- The tables initdb fills: the standard's features, implementation
-- information, parts and sizing limits.
SELECT c.oid, c.relname, c.relkind, c.relnatts, c.reltype, c.relhasindex
  FROM pg_class c
 WHERE c.relnamespace = 'information_schema'::regnamespace AND c.relkind = 'r'
 ORDER BY c.oid;
SELECT table_name, column_name, ordinal_position, data_type, domain_name
  FROM information_schema.columns
 WHERE table_schema = 'information_schema' AND table_name LIKE 'sql\_%'
 ORDER BY 1, 3;
\d information_schema.sql_sizing
SELECT implementation_info_id, implementation_info_name, integer_value, character_value, comments
  FROM information_schema.sql_implementation_info
 WHERE implementation_info_name <> 'DBMS VERSION'
 ORDER BY implementation_info_id::int;
SELECT character_value ~ '^15\.[0-9]{2}\.[0-9]{4}' AS dbms_version
  FROM information_schema.sql_implementation_info WHERE implementation_info_name = 'DBMS VERSION';
SELECT * FROM information_schema.sql_parts ORDER BY feature_id::int;
SELECT * FROM information_schema.sql_sizing ORDER BY sizing_id;
SELECT count(*) AS features, count(DISTINCT feature_id) AS ids, count(*) FILTER (WHERE sub_feature_id = '') AS top_level,
       count(*) FILTER (WHERE is_verified_by IS NULL) AS unverified
  FROM information_schema.sql_features;
-- PostgreSQL's answers, except for XML and triggers, which gpostgres
-- lacks (those rows say NO here).
SELECT left(feature_id, 1) AS kind, count(*) FILTER (WHERE is_supported = 'YES') AS supported, count(*) AS all
  FROM information_schema.sql_features
 WHERE feature_id !~ '^X' AND feature_id NOT IN ('T211', 'T212', 'T213')
 GROUP BY 1 ORDER BY 1;
SELECT feature_id, sub_feature_id, feature_name, sub_feature_name, is_supported, comments
  FROM information_schema.sql_features
 WHERE feature_id IN ('E011', 'F401', 'T611', 'T176') ORDER BY 1, 2;
