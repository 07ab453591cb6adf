// The system views initdb creates with system_views.sql, as PostgreSQL
// 15 defines them (reduced to the catalogs gpostgres has): a reference
// to one is analyzed as a subquery.

package analyze

var systemViews = map[string]string{
	"pg_roles": `SELECT pg_authid.rolname, pg_authid.rolsuper, pg_authid.rolinherit, pg_authid.rolcreaterole,
    pg_authid.rolcreatedb, pg_authid.rolcanlogin, pg_authid.rolreplication, pg_authid.rolconnlimit,
    '********'::text AS rolpassword, pg_authid.rolvaliduntil, pg_authid.rolbypassrls,
    s.setconfig AS rolconfig, pg_authid.oid
   FROM pg_catalog.pg_authid
     LEFT JOIN pg_catalog.pg_db_role_setting s ON pg_authid.oid = s.setrole AND s.setdatabase = 0::oid`,
	"pg_user": `SELECT pg_shadow.usename, pg_shadow.usesysid, pg_shadow.usecreatedb, pg_shadow.usesuper,
    pg_shadow.userepl, pg_shadow.usebypassrls, '********'::text AS passwd, pg_shadow.valuntil, pg_shadow.useconfig
   FROM pg_catalog.pg_shadow`,
	"pg_shadow": `SELECT pg_authid.rolname AS usename, pg_authid.oid AS usesysid, pg_authid.rolcreatedb AS usecreatedb,
    pg_authid.rolsuper AS usesuper, pg_authid.rolreplication AS userepl, pg_authid.rolbypassrls AS usebypassrls,
    pg_authid.rolpassword AS passwd, pg_authid.rolvaliduntil AS valuntil, s.setconfig AS useconfig
   FROM pg_catalog.pg_authid
     LEFT JOIN pg_catalog.pg_db_role_setting s ON pg_authid.oid = s.setrole AND s.setdatabase = 0::oid
  WHERE pg_authid.rolcanlogin`,
	"pg_tables": `SELECT n.nspname AS schemaname, c.relname AS tablename, pg_catalog.pg_get_userbyid(c.relowner) AS tableowner,
    t.spcname AS tablespace, c.relhasindex AS hasindexes, c.relhasrules AS hasrules,
    c.relhastriggers AS hastriggers, c.relrowsecurity AS rowsecurity
   FROM pg_catalog.pg_class c
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     LEFT JOIN pg_catalog.pg_tablespace t ON t.oid = c.reltablespace
  WHERE c.relkind = ANY (ARRAY['r'::"char", 'p'::"char"])`,
	"pg_views": `SELECT n.nspname AS schemaname, c.relname AS viewname, pg_catalog.pg_get_userbyid(c.relowner) AS viewowner,
    pg_catalog.pg_get_viewdef(c.oid) AS definition
   FROM pg_catalog.pg_class c
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind = 'v'::"char"`,
	"pg_matviews": `SELECT n.nspname AS schemaname, c.relname AS matviewname, pg_catalog.pg_get_userbyid(c.relowner) AS matviewowner,
    t.spcname AS tablespace, c.relhasindex AS hasindexes, c.relispopulated AS ispopulated,
    pg_catalog.pg_get_viewdef(c.oid) AS definition
   FROM pg_catalog.pg_class c
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     LEFT JOIN pg_catalog.pg_tablespace t ON t.oid = c.reltablespace
  WHERE c.relkind = 'm'::"char"`,
	"pg_sequences": `SELECT n.nspname AS schemaname, c.relname AS sequencename, pg_catalog.pg_get_userbyid(c.relowner) AS sequenceowner,
    s.seqtypid::regtype AS data_type, s.seqstart AS start_value, s.seqmin AS min_value, s.seqmax AS max_value,
    s.seqincrement AS increment_by, s.seqcycle AS cycle, s.seqcache AS cache_size,
    pg_catalog.pg_sequence_last_value(c.oid::regclass) AS last_value
   FROM pg_catalog.pg_sequence s
     JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE NOT pg_catalog.pg_is_other_temp_schema(n.oid) AND c.relkind = 'S'::"char"`,
	"pg_indexes": `SELECT n.nspname AS schemaname, c.relname AS tablename, i.relname AS indexname,
    t.spcname AS tablespace, pg_catalog.pg_get_indexdef(i.oid) AS indexdef
   FROM pg_catalog.pg_index x
     JOIN pg_catalog.pg_class c ON c.oid = x.indrelid
     JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     LEFT JOIN pg_catalog.pg_tablespace t ON t.oid = i.reltablespace
  WHERE (c.relkind = ANY (ARRAY['r'::"char", 'm'::"char", 'p'::"char"])) AND (i.relkind = ANY (ARRAY['i'::"char", 'I'::"char"]))`,
	// pg_stats: what pg_statistic holds, readable (PostgreSQL's system_views.sql).
	// PostgreSQL also filters on has_column_privilege(c.oid, a.attnum,
	// 'select'); every role may read every column here (the privilege
	// functions answer true), so that test is left out.
	"pg_stats": `SELECT n.nspname AS schemaname, c.relname AS tablename, a.attname,
    s.stainherit AS inherited, s.stanullfrac AS null_frac, s.stawidth AS avg_width, s.stadistinct AS n_distinct,
    CASE
            WHEN s.stakind1 = 1 THEN s.stavalues1
            WHEN s.stakind2 = 1 THEN s.stavalues2
            WHEN s.stakind3 = 1 THEN s.stavalues3
            WHEN s.stakind4 = 1 THEN s.stavalues4
            WHEN s.stakind5 = 1 THEN s.stavalues5
            ELSE NULL::anyarray
        END AS most_common_vals,
    CASE
            WHEN s.stakind1 = 1 THEN s.stanumbers1
            WHEN s.stakind2 = 1 THEN s.stanumbers2
            WHEN s.stakind3 = 1 THEN s.stanumbers3
            WHEN s.stakind4 = 1 THEN s.stanumbers4
            WHEN s.stakind5 = 1 THEN s.stanumbers5
            ELSE NULL::real[]
        END AS most_common_freqs,
    CASE
            WHEN s.stakind1 = 2 THEN s.stavalues1
            WHEN s.stakind2 = 2 THEN s.stavalues2
            WHEN s.stakind3 = 2 THEN s.stavalues3
            WHEN s.stakind4 = 2 THEN s.stavalues4
            WHEN s.stakind5 = 2 THEN s.stavalues5
            ELSE NULL::anyarray
        END AS histogram_bounds,
    CASE
            WHEN s.stakind1 = 3 THEN s.stanumbers1[1]
            WHEN s.stakind2 = 3 THEN s.stanumbers2[1]
            WHEN s.stakind3 = 3 THEN s.stanumbers3[1]
            WHEN s.stakind4 = 3 THEN s.stanumbers4[1]
            WHEN s.stakind5 = 3 THEN s.stanumbers5[1]
            ELSE NULL::real
        END AS correlation,
    CASE
            WHEN s.stakind1 = 4 THEN s.stavalues1
            WHEN s.stakind2 = 4 THEN s.stavalues2
            WHEN s.stakind3 = 4 THEN s.stavalues3
            WHEN s.stakind4 = 4 THEN s.stavalues4
            WHEN s.stakind5 = 4 THEN s.stavalues5
            ELSE NULL::anyarray
        END AS most_common_elems,
    CASE
            WHEN s.stakind1 = 4 THEN s.stanumbers1
            WHEN s.stakind2 = 4 THEN s.stanumbers2
            WHEN s.stakind3 = 4 THEN s.stanumbers3
            WHEN s.stakind4 = 4 THEN s.stanumbers4
            WHEN s.stakind5 = 4 THEN s.stanumbers5
            ELSE NULL::real[]
        END AS most_common_elem_freqs,
    CASE
            WHEN s.stakind1 = 5 THEN s.stanumbers1
            WHEN s.stakind2 = 5 THEN s.stanumbers2
            WHEN s.stakind3 = 5 THEN s.stanumbers3
            WHEN s.stakind4 = 5 THEN s.stanumbers4
            WHEN s.stakind5 = 5 THEN s.stanumbers5
            ELSE NULL::real[]
        END AS elem_count_histogram
   FROM pg_catalog.pg_statistic s
     JOIN pg_catalog.pg_class c ON c.oid = s.starelid
     JOIN pg_catalog.pg_attribute a ON c.oid = a.attrelid AND a.attnum = s.staattnum
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE NOT a.attisdropped AND (c.relrowsecurity = false OR NOT pg_catalog.row_security_active(c.oid))`,
}

// IsSystemView reports whether name is one of the system views.
func IsSystemView(name string) bool {
	_, ok := systemViews[name]
	return ok
}
