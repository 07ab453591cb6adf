// The views of information_schema about foreign data (foreign data
// wrappers, servers, tables, user mappings and their options), about
// what routines and CHECK constraints use (read from pg_depend), the
// columns a trigger's UPDATE OF names, generated columns' dependencies
// and transforms: PostgreSQL 15's definitions (information_schema.sql),
// with the schema's domains and views qualified. gpostgres refuses CREATE
// FOREIGN DATA WRAPPER, CREATE SERVER, CREATE FOREIGN TABLE, CREATE USER
// MAPPING and CREATE TRANSFORM, so those catalogs and views are empty.

package analyze

// sqlID and charData are the casts to the schema's domains.
const (
	sqlID    = "::information_schema.sql_identifier"
	charData = "::information_schema.character_data"
)

// optionsView is a view listing the options of a foreign object: the
// columns of view from (a list) followed by the options array's
// name/value pairs.
func optionsView(columns, options, from string) string {
	return "SELECT " + columns + `,
  (pg_options_to_table(` + options + `)).option_name` + sqlID + ` AS option_name,
  (pg_options_to_table(` + options + `)).option_value` + charData + ` AS option_value
FROM ` + from
}

// routineUsageColumns are the leading columns of the routine_*_usage
// views: the routine p in schema np, up to routine_catalog.
const routineUsageColumns = `SELECT DISTINCT current_database()` + sqlID + ` AS specific_catalog,
  np.nspname` + sqlID + ` AS specific_schema,
  nameconcatoid(p.proname, p.oid)` + sqlID + ` AS specific_name,
  current_database()` + sqlID + ` AS routine_catalog,
  `

// transformPart is one half of transforms: the function of column fn
// of pg_transform, of type.
func transformPart(fn, kind string) string {
	return `SELECT current_database()` + sqlID + ` AS udt_catalog,
  nt.nspname` + sqlID + ` AS udt_schema,
  t.typname` + sqlID + ` AS udt_name,
  current_database()` + sqlID + ` AS specific_catalog,
  np.nspname` + sqlID + ` AS specific_schema,
  nameconcatoid(p.proname, p.oid)` + sqlID + ` AS specific_name,
  l.lanname` + sqlID + ` AS group_name,
  '` + kind + `'` + charData + ` AS transform_type
FROM pg_type t JOIN pg_transform x ON t.oid = x.trftype
  JOIN pg_language l ON x.trflang = l.oid
  JOIN pg_proc p ON x.` + fn + ` = p.oid
  JOIN pg_namespace nt ON t.typnamespace = nt.oid
  JOIN pg_namespace np ON p.pronamespace = np.oid`
}

// infoSchemaForeignViews returns the definitions of the views of foreign
// data wrappers, built when asked for (see infoSchemaViews).
func infoSchemaForeignViews() map[string]string {
	return map[string]string{
		"_pg_foreign_data_wrappers": `SELECT w.oid, w.fdwowner, w.fdwoptions,
  current_database()` + sqlID + ` AS foreign_data_wrapper_catalog,
  w.fdwname` + sqlID + ` AS foreign_data_wrapper_name,
  u.rolname` + sqlID + ` AS authorization_identifier,
  'c'` + charData + ` AS foreign_data_wrapper_language
FROM pg_foreign_data_wrapper w, pg_authid u
WHERE u.oid = w.fdwowner AND (pg_has_role(w.fdwowner, 'USAGE') OR has_foreign_data_wrapper_privilege(w.oid, 'USAGE'))`,

		"_pg_foreign_servers": `SELECT s.oid, s.srvoptions,
  current_database()` + sqlID + ` AS foreign_server_catalog,
  s.srvname` + sqlID + ` AS foreign_server_name,
  current_database()` + sqlID + ` AS foreign_data_wrapper_catalog,
  w.fdwname` + sqlID + ` AS foreign_data_wrapper_name,
  s.srvtype` + charData + ` AS foreign_server_type,
  s.srvversion` + charData + ` AS foreign_server_version,
  u.rolname` + sqlID + ` AS authorization_identifier
FROM pg_foreign_server s, pg_foreign_data_wrapper w, pg_authid u
WHERE w.oid = s.srvfdw AND u.oid = s.srvowner AND (pg_has_role(s.srvowner, 'USAGE') OR has_server_privilege(s.oid, 'USAGE'))`,

		"_pg_foreign_table_columns": `SELECT n.nspname, c.relname, a.attname, a.attfdwoptions
FROM pg_foreign_table t, pg_authid u, pg_namespace n, pg_class c, pg_attribute a
WHERE u.oid = c.relowner
  AND (pg_has_role(c.relowner, 'USAGE') OR has_column_privilege(c.oid, a.attnum, 'SELECT, INSERT, UPDATE, REFERENCES'))
  AND n.oid = c.relnamespace AND c.oid = t.ftrelid AND c.relkind = 'f' AND a.attrelid = c.oid AND a.attnum > 0`,

		"_pg_foreign_tables": `SELECT current_database()` + sqlID + ` AS foreign_table_catalog,
  n.nspname` + sqlID + ` AS foreign_table_schema,
  c.relname` + sqlID + ` AS foreign_table_name,
  t.ftoptions,
  current_database()` + sqlID + ` AS foreign_server_catalog,
  s.srvname` + sqlID + ` AS foreign_server_name,
  u.rolname` + sqlID + ` AS authorization_identifier
FROM pg_foreign_table t, pg_foreign_server s, pg_foreign_data_wrapper w, pg_authid u, pg_namespace n, pg_class c
WHERE w.oid = s.srvfdw AND u.oid = c.relowner
  AND (pg_has_role(c.relowner, 'USAGE') OR has_table_privilege(c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')
    OR has_any_column_privilege(c.oid, 'SELECT, INSERT, UPDATE, REFERENCES'))
  AND n.oid = c.relnamespace AND c.oid = t.ftrelid AND c.relkind = 'f' AND s.oid = t.ftserver`,

		"_pg_user_mappings": `SELECT um.oid, um.umoptions, um.umuser,
  COALESCE(u.rolname, 'PUBLIC')` + sqlID + ` AS authorization_identifier,
  s.foreign_server_catalog, s.foreign_server_name, s.authorization_identifier AS srvowner
FROM pg_user_mapping um LEFT JOIN pg_authid u ON u.oid = um.umuser, information_schema._pg_foreign_servers s
WHERE s.oid = um.umserver`,

		"column_options": optionsView(`current_database()`+sqlID+` AS table_catalog,
  c.nspname`+sqlID+` AS table_schema,
  c.relname`+sqlID+` AS table_name,
  c.attname`+sqlID+` AS column_name`, "c.attfdwoptions", "information_schema._pg_foreign_table_columns c"),
		"foreign_data_wrapper_options": optionsView("w.foreign_data_wrapper_catalog, w.foreign_data_wrapper_name", "w.fdwoptions",
			"information_schema._pg_foreign_data_wrappers w"),
		"foreign_server_options": optionsView("s.foreign_server_catalog, s.foreign_server_name", "s.srvoptions",
			"information_schema._pg_foreign_servers s"),
		"foreign_table_options": optionsView("t.foreign_table_catalog, t.foreign_table_schema, t.foreign_table_name", "t.ftoptions",
			"information_schema._pg_foreign_tables t"),

		"foreign_data_wrappers": `SELECT w.foreign_data_wrapper_catalog, w.foreign_data_wrapper_name, w.authorization_identifier,
  NULL` + charData + ` AS library_name, w.foreign_data_wrapper_language
FROM information_schema._pg_foreign_data_wrappers w`,
		"foreign_servers": `SELECT foreign_server_catalog, foreign_server_name, foreign_data_wrapper_catalog, foreign_data_wrapper_name,
  foreign_server_type, foreign_server_version, authorization_identifier
FROM information_schema._pg_foreign_servers`,
		"foreign_tables": `SELECT foreign_table_catalog, foreign_table_schema, foreign_table_name, foreign_server_catalog, foreign_server_name
FROM information_schema._pg_foreign_tables`,

		// The option values are shown to the mapped user, to the server's
		// owner for the PUBLIC mapping, and to superusers.
		"user_mapping_options": `SELECT um.authorization_identifier, um.foreign_server_catalog, um.foreign_server_name,
  opts.option_name` + sqlID + ` AS option_name,
  CASE WHEN (um.umuser <> 0 AND um.authorization_identifier = current_user)
      OR (um.umuser = 0 AND pg_has_role(um.srvowner, 'USAGE'))
      OR (SELECT rolsuper FROM pg_authid WHERE rolname = current_user)
    THEN opts.option_value ELSE NULL END` + charData + ` AS option_value
FROM information_schema._pg_user_mappings um, pg_options_to_table(um.umoptions) opts`,
		"user_mappings": `SELECT authorization_identifier, foreign_server_catalog, foreign_server_name
FROM information_schema._pg_user_mappings`,

		"check_constraint_routine_usage": `SELECT DISTINCT current_database()` + sqlID + ` AS constraint_catalog,
  nc.nspname` + sqlID + ` AS constraint_schema,
  c.conname` + sqlID + ` AS constraint_name,
  current_database()` + sqlID + ` AS specific_catalog,
  np.nspname` + sqlID + ` AS specific_schema,
  nameconcatoid(p.proname, p.oid)` + sqlID + ` AS specific_name
FROM pg_namespace nc, pg_constraint c, pg_depend d, pg_proc p, pg_namespace np
WHERE nc.oid = c.connamespace AND c.contype = 'c' AND c.oid = d.objid AND d.classid = 'pg_catalog.pg_constraint'::regclass
  AND d.refobjid = p.oid AND d.refclassid = 'pg_catalog.pg_proc'::regclass AND p.pronamespace = np.oid
  AND pg_has_role(p.proowner, 'USAGE')`,

		// The columns a generated column's expression reads.
		"column_column_usage": `SELECT DISTINCT current_database()` + sqlID + ` AS table_catalog,
  n.nspname` + sqlID + ` AS table_schema,
  c.relname` + sqlID + ` AS table_name,
  ac.attname` + sqlID + ` AS column_name,
  ad.attname` + sqlID + ` AS dependent_column
FROM pg_namespace n, pg_class c, pg_depend d, pg_attribute ac, pg_attribute ad, pg_attrdef atd
WHERE n.oid = c.relnamespace AND c.oid = ac.attrelid AND c.oid = ad.attrelid AND ac.attnum <> ad.attnum
  AND ad.attrelid = atd.adrelid AND ad.attnum = atd.adnum
  AND d.classid = 'pg_catalog.pg_attrdef'::regclass AND d.refclassid = 'pg_catalog.pg_class'::regclass
  AND d.objid = atd.oid AND d.refobjid = ac.attrelid AND d.refobjsubid = ac.attnum
  AND ad.attgenerated <> '' AND pg_has_role(c.relowner, 'USAGE')`,

		// What SQL-standard function bodies use, from their pg_depend rows.
		"routine_column_usage": routineUsageColumns + `np.nspname` + sqlID + ` AS routine_schema,
  p.proname` + sqlID + ` AS routine_name,
  current_database()` + sqlID + ` AS table_catalog,
  nt.nspname` + sqlID + ` AS table_schema,
  t.relname` + sqlID + ` AS table_name,
  a.attname` + sqlID + ` AS column_name
FROM pg_namespace np, pg_proc p, pg_depend d, pg_class t, pg_namespace nt, pg_attribute a
WHERE np.oid = p.pronamespace AND p.oid = d.objid AND d.classid = 'pg_catalog.pg_proc'::regclass
  AND d.refobjid = t.oid AND d.refclassid = 'pg_catalog.pg_class'::regclass AND t.relnamespace = nt.oid
  AND t.relkind IN ('r', 'v', 'f', 'p') AND t.oid = a.attrelid AND d.refobjsubid = a.attnum
  AND pg_has_role(t.relowner, 'USAGE')`,
		"routine_routine_usage": routineUsageColumns + `np1.nspname` + sqlID + ` AS routine_schema,
  nameconcatoid(p1.proname, p1.oid)` + sqlID + ` AS routine_name
FROM pg_namespace np, pg_proc p, pg_depend d, pg_proc p1, pg_namespace np1
WHERE np.oid = p.pronamespace AND p.oid = d.objid AND d.classid = 'pg_catalog.pg_proc'::regclass
  AND d.refobjid = p1.oid AND d.refclassid = 'pg_catalog.pg_proc'::regclass AND p1.pronamespace = np1.oid
  AND p.prokind IN ('f', 'p') AND p1.prokind IN ('f', 'p') AND pg_has_role(p1.proowner, 'USAGE')`,
		"routine_sequence_usage": routineUsageColumns + `np.nspname` + sqlID + ` AS routine_schema,
  p.proname` + sqlID + ` AS routine_name,
  current_database()` + sqlID + ` AS sequence_catalog,
  ns.nspname` + sqlID + ` AS sequence_schema,
  s.relname` + sqlID + ` AS sequence_name
FROM pg_namespace np, pg_proc p, pg_depend d, pg_class s, pg_namespace ns
WHERE np.oid = p.pronamespace AND p.oid = d.objid AND d.classid = 'pg_catalog.pg_proc'::regclass
  AND d.refobjid = s.oid AND d.refclassid = 'pg_catalog.pg_class'::regclass AND s.relnamespace = ns.oid
  AND s.relkind = 'S' AND pg_has_role(s.relowner, 'USAGE')`,
		"routine_table_usage": routineUsageColumns + `np.nspname` + sqlID + ` AS routine_schema,
  p.proname` + sqlID + ` AS routine_name,
  current_database()` + sqlID + ` AS table_catalog,
  nt.nspname` + sqlID + ` AS table_schema,
  t.relname` + sqlID + ` AS table_name
FROM pg_namespace np, pg_proc p, pg_depend d, pg_class t, pg_namespace nt
WHERE np.oid = p.pronamespace AND p.oid = d.objid AND d.classid = 'pg_catalog.pg_proc'::regclass
  AND d.refobjid = t.oid AND d.refclassid = 'pg_catalog.pg_class'::regclass AND t.relnamespace = nt.oid
  AND t.relkind IN ('r', 'v', 'f', 'p') AND pg_has_role(t.relowner, 'USAGE')`,

		"transforms": transformPart("trffromsql", "FROM SQL") + "\nUNION\n" + transformPart("trftosql", "TO SQL") +
			"\nORDER BY udt_catalog, udt_schema, udt_name, group_name, transform_type",

		// The columns of UPDATE OF triggers (pg_trigger.tgattr).
		"triggered_update_columns": `SELECT current_database()` + sqlID + ` AS trigger_catalog,
  n.nspname` + sqlID + ` AS trigger_schema,
  t.tgname` + sqlID + ` AS trigger_name,
  current_database()` + sqlID + ` AS event_object_catalog,
  n.nspname` + sqlID + ` AS event_object_schema,
  c.relname` + sqlID + ` AS event_object_table,
  a.attname` + sqlID + ` AS event_object_column
FROM pg_namespace n, pg_class c, pg_trigger t,
  (SELECT tgoid, (ta0.tgat).x AS tgattnum, (ta0.tgat).n AS tgattpos
   FROM (SELECT oid AS tgoid, information_schema._pg_expandarray(tgattr) AS tgat FROM pg_trigger) AS ta0) AS ta,
  pg_attribute a
WHERE n.oid = c.relnamespace AND c.oid = t.tgrelid AND t.oid = ta.tgoid
  AND (a.attrelid, a.attnum) = (t.tgrelid, ta.tgattnum)
  AND NOT t.tgisinternal AND NOT pg_is_other_temp_schema(n.oid)
  AND (pg_has_role(c.relowner, 'USAGE') OR has_column_privilege(c.oid, a.attnum, 'INSERT, UPDATE, REFERENCES'))`,
	}
}
