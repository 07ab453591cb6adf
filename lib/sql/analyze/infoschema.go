// The views of information_schema (SQL standard part 11, as PostgreSQL 15
// presents its catalogs through them: chapter "The Information Schema"
// of its documentation). The schema itself, its domains (sql_identifier,
// cardinal_number, character_data, yes_or_no, time_stamp) and its helper
// functions are catalog rows that gpinitdb writes
// (lib/catalog/postbootstrap.bki). The views are real views too: lib/sql's
// TestInformationSchemaCatalogRows makes them from the definitions here
// with CREATE VIEW and keeps the rows that wrote, with PostgreSQL's OIDs,
// in lib/catalog/infoschema_views.bki, which gpinitdb writes with the
// bootstrap rows. A query reads them as any view (the planner moves
// WHERE conditions into them: plan/pushdown.go).
//
// Each view is written as a column list, one line per column: its name,
// the domain of its values (id sql_identifier, num cardinal_number, chars
// character_data, yn yes_or_no, ts time_stamp, - none) and the expression
// (NULL when left out), followed by the FROM clause. The privilege tests
// are PostgreSQL's (pg_has_role, has_*_privilege): with only the
// bootstrap superuser they admit everything, and they will filter once
// roles exist.

package analyze

import (
	"strings"
)

// infoSchemaName is the schema of the information_schema views.
const infoSchemaName = "information_schema"

// infoSchemaDomains are the column-list abbreviations of the domains.
var infoSchemaDomains = map[string]string{
	"id":    "information_schema.sql_identifier",
	"num":   "information_schema.cardinal_number",
	"chars": "information_schema.character_data",
	"yn":    "information_schema.yes_or_no",
	"ts":    "information_schema.time_stamp",
	"-":     "",
}

// infoSchemaView builds a view's query from its column list and the rest
// of its SELECT (FROM, WHERE, ...).
func infoSchemaView(columns, rest string) string {
	var b strings.Builder
	b.WriteString("SELECT ")
	first := true
	for _, line := range strings.Split(columns, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		f := strings.SplitN(line, " ", 3)
		name, dom, e := f[0], "", "NULL"
		if len(f) > 1 {
			d, ok := infoSchemaDomains[f[1]]
			if !ok {
				panic("information_schema: unknown domain in " + line)
			}
			dom = d
		}
		if len(f) > 2 {
			e = strings.TrimSpace(f[2])
		}
		if !first {
			b.WriteString(",\n  ")
		}
		first = false
		if dom == "" {
			b.WriteString(e)
		} else {
			b.WriteString("(" + e + ")::" + dom)
		}
		b.WriteString(" AS " + name)
	}
	b.WriteString("\n" + rest)
	return b.String()
}

// Expressions several views share.
const (
	// isYes spells a condition as YES or NO.
	isYesFmt = "CASE WHEN %s THEN 'YES' ELSE 'NO' END"

	// Readable by the owner or anyone with a privilege on the table (or
	// some column of it).
	tableVisible = `(pg_has_role(c.relowner, 'USAGE') OR has_table_privilege(c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')
    OR has_any_column_privilege(c.oid, 'SELECT, INSERT, UPDATE, REFERENCES'))`

	// The type of a column or attribute a of type t (a domain's base
	// type and typmod when t is a domain), for the typmod helpers.
	attTrueType = "CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE a.atttypid END, CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END"

	// A collation other than the default one (joined as co, nco).
	collationJoin = `LEFT JOIN (pg_collation co JOIN pg_namespace nco ON co.collnamespace = nco.oid)
      ON %s = co.oid AND (nco.nspname <> 'pg_catalog' OR co.collname <> 'default')`
)

// tableChangeable is tableVisible without SELECT, for table alias r:
// constraints and triggers are shown to those who may change the table.
func tableChangeable(r string) string {
	return "(pg_has_role(" + r + ".relowner, 'USAGE') OR has_table_privilege(" + r + ".oid, 'INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')" +
		" OR has_any_column_privilege(" + r + ".oid, 'INSERT, UPDATE, REFERENCES'))"
}

// collation joins the collation of expression e as co (schema nco)
// unless it is the default one.
func collation(e string) string { return strings.Replace(collationJoin, "%s", e, 1) }

// yes spells cond as YES or NO.
func yes(cond string) string { return strings.Replace(isYesFmt, "%s", cond, 1) }

// dataType is the data_type column of a value of type t in schema nt:
// ARRAY, the SQL name of a built-in type (format_type of fmt), or
// USER-DEFINED.
func dataType(t, nt, fmt string) string {
	return "CASE WHEN " + t + ".typelem <> 0 AND " + t + ".typlen = -1 THEN 'ARRAY' WHEN " + nt + ".nspname = 'pg_catalog' THEN format_type(" + fmt + ", NULL) ELSE 'USER-DEFINED' END"
}

// charFacts and numFacts are the columns derived from a type and typmod
// (args: the two arguments of the helpers): the lengths of character
// types, and numeric_precision to interval_precision.
func charFacts(args string) string {
	return `character_maximum_length num information_schema._pg_char_max_length(` + args + `)
character_octet_length num information_schema._pg_char_octet_length(` + args + `)`
}

func numFacts(args string) string {
	return `numeric_precision num information_schema._pg_numeric_precision(` + args + `)
numeric_precision_radix num information_schema._pg_numeric_precision_radix(` + args + `)
numeric_scale num information_schema._pg_numeric_scale(` + args + `)
datetime_precision num information_schema._pg_datetime_precision(` + args + `)
interval_type chars information_schema._pg_interval_type(` + args + `)
interval_precision num`
}

// charsetColumns are the character set columns, always NULL.
const charsetColumns = `character_set_catalog id
character_set_schema id
character_set_name id`

// nullTypeFacts are the columns of charFacts, the character set and
// collation and numFacts, all NULL (routines, parameters and element
// types have no typmod).
const nullTypeFacts = `character_maximum_length num
character_octet_length num
character_set_catalog id
character_set_schema id
character_set_name id
collation_catalog id
collation_schema id
collation_name id
numeric_precision num
numeric_precision_radix num
numeric_scale num
datetime_precision num
interval_type chars
interval_precision num`

// collationColumns name the collation joined by collationJoin.
const collationColumns = `collation_catalog id CASE WHEN nco.nspname IS NOT NULL THEN current_database() END
collation_schema id nco.nspname
collation_name id co.collname`

// scopeColumns are the reference-type scope columns, always NULL.
const scopeColumns = `scope_catalog id
scope_schema id
scope_name id
maximum_cardinality num`

// ruleName spells a foreign key action.
func ruleName(col string) string {
	return "CASE " + col + " WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT' WHEN 'r' THEN 'RESTRICT' WHEN 'a' THEN 'NO ACTION' END"
}

// notNullName is the name the standard's NOT NULL constraints get: they
// are not catalog rows, so the name is made of the schema, table and
// column numbers.
const notNullName = "nr.oid::text || '_' || r.oid::text || '_' || a.attnum::text || '_not_null'"

// routineResultCasts are routines' result_cast_* columns, all NULL.
const routineResultCasts = `result_cast_from_data_type chars
result_cast_as_locator yn
result_cast_char_max_length num
result_cast_char_octet_length num
result_cast_char_set_catalog id
result_cast_char_set_schema id
result_cast_char_set_name id
result_cast_collation_catalog id
result_cast_collation_schema id
result_cast_collation_name id
result_cast_numeric_precision num
result_cast_numeric_precision_radix num
result_cast_numeric_scale num
result_cast_datetime_precision num
result_cast_interval_type chars
result_cast_interval_precision num
result_cast_type_udt_catalog id
result_cast_type_udt_schema id
result_cast_type_udt_name id
result_cast_scope_catalog id
result_cast_scope_schema id
result_cast_scope_name id
result_cast_maximum_cardinality num
result_cast_dtd_identifier id`

// aclRows expands the privileges of the relations of pg_class (default
// ones when relacl is NULL) into one row per grant.
const aclRows = `(SELECT c.oid, c.relname, c.relnamespace, c.relkind, c.relowner, e.grantor, e.grantee, e.privilege_type, e.is_grantable
    FROM pg_class c CROSS JOIN LATERAL aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) e)`

// granteeRoles are the roles plus PUBLIC (grantee 0).
const granteeRoles = `(SELECT oid, rolname FROM pg_authid UNION ALL SELECT 0::oid, 'PUBLIC'::name) grantee(oid, rolname)`

// collationsOfDatabase are the collations of any encoding or of the
// database's (joined as c, schema nc).
const collationsOfDatabase = `FROM pg_collation c, pg_namespace nc
WHERE c.collnamespace = nc.oid AND c.collencoding IN (-1, (SELECT encoding FROM pg_database WHERE datname = current_database()))`

// viewDependencies joins each view (v, schema nv) to the dependencies
// of its _RETURN rule (dt), through the rule's dependency on the view
// (dv).
const viewDependencies = `pg_namespace nv
  JOIN pg_class v ON nv.oid = v.relnamespace AND v.relkind = 'v'
  JOIN pg_depend dv ON v.oid = dv.refobjid AND dv.refclassid = 'pg_catalog.pg_class'::regclass
    AND dv.classid = 'pg_catalog.pg_rewrite'::regclass AND dv.deptype = 'i'
  JOIN pg_depend dt ON dv.objid = dt.objid AND dt.classid = 'pg_catalog.pg_rewrite'::regclass`

// viewUsageColumns are the view's and the table's names of
// view_table_usage and view_column_usage.
const viewUsageColumns = `current_database()::information_schema.sql_identifier AS view_catalog,
  nv.nspname::information_schema.sql_identifier AS view_schema,
  v.relname::information_schema.sql_identifier AS view_name,
  current_database()::information_schema.sql_identifier AS table_catalog,
  nt.nspname::information_schema.sql_identifier AS table_schema,
  t.relname::information_schema.sql_identifier AS table_name`

// usageGrants are usage_privileges' rows of the USAGE grants on one kind
// of object: rows (aliased x, with grantor, grantee, prtype and
// grantable, joined to the object's schema when it has one) filtered by
// where.
func usageGrants(kind, schema, name, owner, rows, where string) string {
	if where != "" {
		where += " AND "
	}
	return `SELECT u_grantor.rolname::information_schema.sql_identifier AS grantor,
  grantee.rolname::information_schema.sql_identifier AS grantee,
  current_database()::information_schema.sql_identifier AS object_catalog,
  ` + schema + `::information_schema.sql_identifier AS object_schema,
  ` + name + `::information_schema.sql_identifier AS object_name,
  '` + kind + `'::information_schema.character_data AS object_type,
  'USAGE'::information_schema.character_data AS privilege_type,
  (` + yes("pg_has_role(grantee.oid, "+owner+", 'USAGE') OR x.grantable") + `)::information_schema.yes_or_no AS is_grantable
FROM ` + rows + `
  JOIN pg_authid u_grantor ON x.grantor = u_grantor.oid
  JOIN ` + granteeRoles + ` ON x.grantee = grantee.oid
WHERE ` + where + `x.prtype IN ('USAGE')
  AND (pg_has_role(u_grantor.oid, 'USAGE') OR pg_has_role(grantee.oid, 'USAGE') OR grantee.rolname = 'PUBLIC')`
}

// infoSchemaViews returns the definitions of the views, by name. Only
// gpinitdb's rows are made from them (InfoSchemaViews), so they are built
// when asked for instead of at every process's start: a backend would
// otherwise keep about 80 kB of view text it never reads, and make 330 kB
// of garbage building it.
func infoSchemaViews() map[string]string {
	return map[string]string{
		"information_schema_catalog_name": infoSchemaView(`catalog_name id current_database()`, ""),

		"schemata": infoSchemaView(`
catalog_name id current_database()
schema_name id n.nspname
schema_owner id u.rolname
default_character_set_catalog id
default_character_set_schema id
default_character_set_name id
sql_path chars`, `FROM pg_namespace n JOIN pg_authid u ON n.nspowner = u.oid
WHERE pg_has_role(n.nspowner, 'USAGE') OR has_schema_privilege(n.oid, 'CREATE, USAGE')`),

		"tables": infoSchemaView(`
table_catalog id current_database()
table_schema id nc.nspname
table_name id c.relname
table_type chars CASE WHEN nc.oid = pg_my_temp_schema() THEN 'LOCAL TEMPORARY' WHEN c.relkind IN ('r', 'p') THEN 'BASE TABLE' WHEN c.relkind = 'v' THEN 'VIEW' WHEN c.relkind = 'f' THEN 'FOREIGN' END
self_referencing_column_name id
reference_generation chars
user_defined_type_catalog id CASE WHEN t.typname IS NOT NULL THEN current_database() END
user_defined_type_schema id nt.nspname
user_defined_type_name id t.typname
is_insertable_into yn `+yes("c.relkind IN ('r', 'p') OR c.relkind IN ('v', 'f') AND pg_relation_is_updatable(c.oid::regclass, false) & 8 = 8")+`
is_typed yn `+yes("t.typname IS NOT NULL")+`
commit_action chars`, `FROM pg_namespace nc JOIN pg_class c ON nc.oid = c.relnamespace
  LEFT JOIN (pg_type t JOIN pg_namespace nt ON t.typnamespace = nt.oid) ON c.reloftype = t.oid
WHERE c.relkind IN ('r', 'v', 'f', 'p') AND NOT pg_is_other_temp_schema(nc.oid) AND `+tableVisible),

		// In attnum order per table, the order in which PostgreSQL's plan
		// (an index scan of pg_attribute) returns a table's columns and
		// clients such as knex's columnInfo list them.
		"columns": infoSchemaView(`
table_catalog id current_database()
table_schema id nc.nspname
table_name id c.relname
column_name id a.attname
ordinal_position num a.attnum
column_default chars CASE WHEN a.attgenerated = '' THEN pg_get_expr(ad.adbin, ad.adrelid) END
is_nullable yn CASE WHEN a.attnotnull OR t.typtype = 'd' AND t.typnotnull THEN 'NO' ELSE 'YES' END
data_type chars CASE WHEN t.typtype = 'd' THEN `+dataType("bt", "nbt", "t.typbasetype")+` ELSE `+dataType("t", "nt", "a.atttypid")+` END
`+charFacts(attTrueType)+`
`+numFacts(attTrueType)+`
`+charsetColumns+`
`+collationColumns+`
domain_catalog id CASE WHEN t.typtype = 'd' THEN current_database() END
domain_schema id CASE WHEN t.typtype = 'd' THEN nt.nspname END
domain_name id CASE WHEN t.typtype = 'd' THEN t.typname END
udt_catalog id current_database()
udt_schema id coalesce(nbt.nspname, nt.nspname)
udt_name id coalesce(bt.typname, t.typname)
`+scopeColumns+`
dtd_identifier id a.attnum
is_self_referencing yn 'NO'
is_identity yn `+yes("a.attidentity IN ('a', 'd')")+`
identity_generation chars CASE a.attidentity WHEN 'a' THEN 'ALWAYS' WHEN 'd' THEN 'BY DEFAULT' END
identity_start chars seq.seqstart
identity_increment chars seq.seqincrement
identity_maximum chars seq.seqmax
identity_minimum chars seq.seqmin
identity_cycle yn `+yes("seq.seqcycle")+`
is_generated chars CASE WHEN a.attgenerated <> '' THEN 'ALWAYS' ELSE 'NEVER' END
generation_expression chars CASE WHEN a.attgenerated <> '' THEN pg_get_expr(ad.adbin, ad.adrelid) END
is_updatable yn `+yes("c.relkind IN ('r', 'p') OR c.relkind IN ('v', 'f') AND pg_column_is_updatable(c.oid::regclass, a.attnum, false)"), `FROM pg_attribute a
  LEFT JOIN pg_attrdef ad ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum
  JOIN (pg_class c JOIN pg_namespace nc ON c.relnamespace = nc.oid) ON a.attrelid = c.oid
  JOIN (pg_type t JOIN pg_namespace nt ON t.typnamespace = nt.oid) ON a.atttypid = t.oid
  LEFT JOIN (pg_type bt JOIN pg_namespace nbt ON bt.typnamespace = nbt.oid) ON t.typtype = 'd' AND t.typbasetype = bt.oid
  `+collation("a.attcollation")+`
  LEFT JOIN (pg_depend dep JOIN pg_sequence seq ON dep.classid = 1259 AND dep.objid = seq.seqrelid AND dep.deptype = 'i')
    ON dep.refclassid = 1259 AND dep.refobjid = c.oid AND dep.refobjsubid = a.attnum
WHERE NOT pg_is_other_temp_schema(nc.oid) AND a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'v', 'f', 'p')
  AND (pg_has_role(c.relowner, 'USAGE') OR has_column_privilege(c.oid, a.attnum, 'SELECT, INSERT, UPDATE, REFERENCES'))
ORDER BY a.attrelid, a.attnum`),

		"views": infoSchemaView(`
table_catalog id current_database()
table_schema id nc.nspname
table_name id c.relname
view_definition chars CASE WHEN pg_has_role(c.relowner, 'USAGE') THEN pg_get_viewdef(c.oid) END
check_option chars CASE WHEN 'check_option=cascaded' = ANY (c.reloptions) THEN 'CASCADED' WHEN 'check_option=local' = ANY (c.reloptions) THEN 'LOCAL' ELSE 'NONE' END
is_updatable yn `+yes("pg_relation_is_updatable(c.oid::regclass, false) & 20 = 20")+`
is_insertable_into yn `+yes("pg_relation_is_updatable(c.oid::regclass, false) & 8 = 8")+`
is_trigger_updatable yn `+yes("EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = c.oid AND tgtype::int & 81 = 81)")+`
is_trigger_deletable yn `+yes("EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = c.oid AND tgtype::int & 73 = 73)")+`
is_trigger_insertable_into yn `+yes("EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = c.oid AND tgtype::int & 69 = 69)"), `FROM pg_namespace nc JOIN pg_class c ON c.relnamespace = nc.oid
WHERE c.relkind = 'v' AND NOT pg_is_other_temp_schema(nc.oid) AND `+tableVisible),

		// Constraints of tables, and the standard's NOT NULL constraints
		// that PostgreSQL keeps as attnotnull.
		"table_constraints": infoSchemaView(`
constraint_catalog id current_database()
constraint_schema id nc.nspname
constraint_name id c.conname
table_catalog id current_database()
table_schema id nr.nspname
table_name id r.relname
constraint_type chars CASE c.contype WHEN 'c' THEN 'CHECK' WHEN 'f' THEN 'FOREIGN KEY' WHEN 'p' THEN 'PRIMARY KEY' WHEN 'u' THEN 'UNIQUE' END
is_deferrable yn `+yes("c.condeferrable")+`
initially_deferred yn `+yes("c.condeferred")+`
enforced yn 'YES'
nulls_distinct yn CASE WHEN c.contype = 'u' THEN CASE WHEN (SELECT NOT indnullsnotdistinct FROM pg_index WHERE indexrelid = c.conindid) THEN 'YES' ELSE 'NO' END END`,
			`FROM pg_constraint c JOIN pg_namespace nc ON nc.oid = c.connamespace
  JOIN pg_class r ON c.conrelid = r.oid JOIN pg_namespace nr ON nr.oid = r.relnamespace
WHERE c.contype NOT IN ('t', 'x') AND r.relkind IN ('r', 'p') AND NOT pg_is_other_temp_schema(nr.oid) AND `+tableChangeable("r")+`
UNION ALL
`+infoSchemaView(`
constraint_catalog id current_database()
constraint_schema id nr.nspname
constraint_name id `+notNullName+`
table_catalog id current_database()
table_schema id nr.nspname
table_name id r.relname
constraint_type chars 'CHECK'
is_deferrable yn 'NO'
initially_deferred yn 'NO'
enforced yn 'YES'
nulls_distinct yn`, `FROM pg_namespace nr JOIN pg_class r ON nr.oid = r.relnamespace JOIN pg_attribute a ON r.oid = a.attrelid
WHERE a.attnotnull AND a.attnum > 0 AND NOT a.attisdropped AND r.relkind IN ('r', 'p') AND NOT pg_is_other_temp_schema(nr.oid) AND `+tableChangeable("r"))),

		// The columns of primary key, unique and foreign key constraints, in
		// key order; a foreign key column also says which column of the
		// referenced key it matches.
		"key_column_usage": infoSchemaView(`
constraint_catalog id current_database()
constraint_schema id nc.nspname
constraint_name id c.conname
table_catalog id current_database()
table_schema id nr.nspname
table_name id r.relname
column_name id a.attname
ordinal_position num k.n
position_in_unique_constraint num CASE WHEN c.contype = 'f' THEN (SELECT ik.n FROM pg_index i CROSS JOIN LATERAL information_schema._pg_expandarray(i.indkey) ik WHERE i.indexrelid = c.conindid AND ik.x = c.confkey[k.n]) END`,
			`FROM pg_constraint c JOIN pg_namespace nc ON nc.oid = c.connamespace
  JOIN pg_class r ON r.oid = c.conrelid JOIN pg_namespace nr ON nr.oid = r.relnamespace
  CROSS JOIN LATERAL information_schema._pg_expandarray(c.conkey) k
  JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum = k.x
WHERE c.contype IN ('p', 'u', 'f') AND r.relkind IN ('r', 'p') AND NOT pg_is_other_temp_schema(nr.oid) AND NOT a.attisdropped
  AND (pg_has_role(r.relowner, 'USAGE') OR has_column_privilege(r.oid, a.attnum, 'SELECT, INSERT, UPDATE, REFERENCES'))`),

		// Foreign keys with the unique constraint of the index they use.
		"referential_constraints": infoSchemaView(`
constraint_catalog id current_database()
constraint_schema id ncon.nspname
constraint_name id con.conname
unique_constraint_catalog id CASE WHEN npkc.nspname IS NOT NULL THEN current_database() END
unique_constraint_schema id npkc.nspname
unique_constraint_name id pkc.conname
match_option chars CASE con.confmatchtype WHEN 'f' THEN 'FULL' WHEN 'p' THEN 'PARTIAL' WHEN 's' THEN 'NONE' END
update_rule chars `+ruleName("con.confupdtype")+`
delete_rule chars `+ruleName("con.confdeltype"), `FROM pg_namespace ncon JOIN pg_constraint con ON ncon.oid = con.connamespace
  JOIN pg_class r ON con.conrelid = r.oid AND con.contype = 'f'
  LEFT JOIN pg_constraint pkc ON pkc.conindid = con.conindid AND pkc.contype IN ('p', 'u') AND pkc.conrelid = con.confrelid
  LEFT JOIN pg_namespace npkc ON pkc.connamespace = npkc.oid
WHERE `+tableChangeable("r")),

		// Columns constraints use: those a CHECK expression reads (its
		// pg_depend rows), and the key columns of keys and of the tables
		// foreign keys reference.
		"constraint_column_usage": infoSchemaView(`
table_catalog id current_database()
table_schema id x.tblschema
table_name id x.tblname
column_name id x.colname
constraint_catalog id current_database()
constraint_schema id x.cstrschema
constraint_name id x.cstrname`, `FROM (
    SELECT DISTINCT nr.nspname, r.relname, r.relowner, a.attname, nc.nspname, c.conname
    FROM pg_constraint c JOIN pg_namespace nc ON c.connamespace = nc.oid
      JOIN pg_depend d ON d.classid = 2606 AND d.objid = c.oid AND d.refclassid = 1259
      JOIN pg_class r ON d.refobjid = r.oid JOIN pg_namespace nr ON nr.oid = r.relnamespace
      JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum = d.refobjsubid
    WHERE c.contype = 'c' AND r.relkind IN ('r', 'p') AND NOT a.attisdropped
  UNION ALL
    SELECT nr.nspname, r.relname, r.relowner, a.attname, nc.nspname, c.conname
    FROM pg_constraint c JOIN pg_namespace nc ON c.connamespace = nc.oid
      JOIN pg_class r ON r.oid = CASE c.contype WHEN 'f' THEN c.confrelid ELSE c.conrelid END
      JOIN pg_namespace nr ON nr.oid = r.relnamespace
      JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum = ANY (CASE c.contype WHEN 'f' THEN c.confkey ELSE c.conkey END)
    WHERE c.contype IN ('p', 'u', 'f') AND r.relkind IN ('r', 'p') AND NOT a.attisdropped
  ) x(tblschema, tblname, tblowner, colname, cstrschema, cstrname)
WHERE pg_has_role(x.tblowner, 'USAGE')`),

		// Tables constraints use: their own for keys, the referenced one for
		// foreign keys.
		"constraint_table_usage": infoSchemaView(`
table_catalog id current_database()
table_schema id nr.nspname
table_name id r.relname
constraint_catalog id current_database()
constraint_schema id nc.nspname
constraint_name id c.conname`, `FROM pg_constraint c JOIN pg_namespace nc ON c.connamespace = nc.oid
  JOIN pg_class r ON r.oid = CASE c.contype WHEN 'f' THEN c.confrelid ELSE c.conrelid END
  JOIN pg_namespace nr ON r.relnamespace = nr.oid
WHERE c.contype IN ('p', 'u', 'f') AND r.relkind IN ('r', 'p') AND pg_has_role(r.relowner, 'USAGE')`),

		// CHECK constraints of tables and domains, and NOT NULL columns.
		"check_constraints": infoSchemaView(`
constraint_catalog id current_database()
constraint_schema id rs.nspname
constraint_name id con.conname
check_clause chars substring(pg_get_constraintdef(con.oid) from 7)`, `FROM pg_constraint con
  LEFT JOIN pg_namespace rs ON rs.oid = con.connamespace
  LEFT JOIN pg_class c ON c.oid = con.conrelid
  LEFT JOIN pg_type t ON t.oid = con.contypid
WHERE pg_has_role(coalesce(c.relowner, t.typowner), 'USAGE') AND con.contype = 'c'
UNION
`+infoSchemaView(`
constraint_catalog id current_database()
constraint_schema id nr.nspname
constraint_name id `+notNullName+`
check_clause chars a.attname || ' IS NOT NULL'`, `FROM pg_namespace nr JOIN pg_class r ON nr.oid = r.relnamespace JOIN pg_attribute a ON r.oid = a.attrelid
WHERE a.attnum > 0 AND NOT a.attisdropped AND a.attnotnull AND r.relkind IN ('r', 'p') AND pg_has_role(r.relowner, 'USAGE')`)),

		"domain_constraints": infoSchemaView(`
constraint_catalog id current_database()
constraint_schema id rs.nspname
constraint_name id con.conname
domain_catalog id current_database()
domain_schema id n.nspname
domain_name id t.typname
is_deferrable yn `+yes("con.condeferrable")+`
initially_deferred yn `+yes("con.condeferred"), `FROM pg_constraint con JOIN pg_namespace rs ON rs.oid = con.connamespace
  JOIN pg_type t ON t.oid = con.contypid JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE pg_has_role(t.typowner, 'USAGE') OR has_type_privilege(t.oid, 'USAGE')`),

		"routines": infoSchemaView(`
specific_catalog id current_database()
specific_schema id n.nspname
specific_name id nameconcatoid(p.proname, p.oid)
routine_catalog id current_database()
routine_schema id n.nspname
routine_name id p.proname
routine_type chars CASE p.prokind WHEN 'f' THEN 'FUNCTION' WHEN 'p' THEN 'PROCEDURE' END
module_catalog id
module_schema id
module_name id
udt_catalog id
udt_schema id
udt_name id
data_type chars CASE WHEN p.prokind <> 'p' THEN `+dataType("t", "nt", "t.oid")+` END
`+nullTypeFacts+`
type_udt_catalog id CASE WHEN nt.nspname IS NOT NULL THEN current_database() END
type_udt_schema id nt.nspname
type_udt_name id t.typname
`+scopeColumns+`
dtd_identifier id CASE WHEN p.prokind <> 'p' THEN 0 END
routine_body chars CASE WHEN l.lanname = 'sql' THEN 'SQL' ELSE 'EXTERNAL' END
routine_definition chars CASE WHEN pg_has_role(p.proowner, 'USAGE') THEN p.prosrc END
external_name chars CASE WHEN l.lanname = 'c' THEN p.prosrc END
external_language chars upper(l.lanname)
parameter_style chars 'GENERAL'
is_deterministic yn `+yes("p.provolatile = 'i'")+`
sql_data_access chars 'MODIFIES'
is_null_call yn CASE WHEN p.prokind <> 'p' THEN `+yes("p.proisstrict")+` END
sql_path chars
schema_level_routine yn 'YES'
max_dynamic_result_sets num 0
is_user_defined_cast yn
is_implicitly_invocable yn
security_type chars CASE WHEN p.prosecdef THEN 'DEFINER' ELSE 'INVOKER' END
to_sql_specific_catalog id
to_sql_specific_schema id
to_sql_specific_name id
as_locator yn 'NO'
created ts
last_altered ts
new_savepoint_level yn
is_udt_dependent yn 'NO'
`+routineResultCasts, `FROM pg_namespace n JOIN pg_proc p ON n.oid = p.pronamespace JOIN pg_language l ON p.prolang = l.oid
  LEFT JOIN (pg_type t JOIN pg_namespace nt ON t.typnamespace = nt.oid) ON p.prorettype = t.oid AND p.prokind <> 'p'
WHERE pg_has_role(p.proowner, 'USAGE') OR has_function_privilege(p.oid, 'EXECUTE')`),

		// Every parameter of every routine, OUT ones too.
		"parameters": infoSchemaView(`
specific_catalog id current_database()
specific_schema id n.nspname
specific_name id nameconcatoid(p.proname, p.oid)
ordinal_position num k.n
parameter_mode chars CASE WHEN p.proargmodes IS NULL THEN 'IN' WHEN p.proargmodes[k.n] IN ('i', 'v') THEN 'IN' WHEN p.proargmodes[k.n] IN ('o', 't') THEN 'OUT' WHEN p.proargmodes[k.n] = 'b' THEN 'INOUT' END
is_result yn 'NO'
as_locator yn 'NO'
parameter_name id nullif(p.proargnames[k.n], '')
data_type chars `+dataType("t", "nt", "t.oid")+`
`+nullTypeFacts+`
udt_catalog id current_database()
udt_schema id nt.nspname
udt_name id t.typname
`+scopeColumns+`
dtd_identifier id k.n
parameter_default chars CASE WHEN pg_has_role(p.proowner, 'USAGE') THEN pg_get_function_arg_default(p.oid, k.n) END`,
			`FROM pg_namespace n JOIN pg_proc p ON n.oid = p.pronamespace
  CROSS JOIN LATERAL information_schema._pg_expandarray(coalesce(p.proallargtypes, p.proargtypes::oid[])) k
  JOIN pg_type t ON t.oid = k.x JOIN pg_namespace nt ON t.typnamespace = nt.oid
WHERE pg_has_role(p.proowner, 'USAGE') OR has_function_privilege(p.oid, 'EXECUTE')`),

		// Sequences users made themselves (not those of serial or identity
		// columns, which depend on their column internally).
		"sequences": infoSchemaView(`
sequence_catalog id current_database()
sequence_schema id nc.nspname
sequence_name id c.relname
data_type chars format_type(s.seqtypid, NULL)
numeric_precision num information_schema._pg_numeric_precision(s.seqtypid, -1)
numeric_precision_radix num 2
numeric_scale num 0
start_value chars s.seqstart
minimum_value chars s.seqmin
maximum_value chars s.seqmax
increment chars s.seqincrement
cycle_option yn `+yes("s.seqcycle"), `FROM pg_namespace nc JOIN pg_class c ON c.relnamespace = nc.oid JOIN pg_sequence s ON c.oid = s.seqrelid
WHERE c.relkind = 'S' AND NOT EXISTS (SELECT 1 FROM pg_depend WHERE classid = 1259 AND objid = c.oid AND deptype = 'i')
  AND NOT pg_is_other_temp_schema(nc.oid) AND (pg_has_role(c.relowner, 'USAGE') OR has_sequence_privilege(c.oid, 'SELECT, UPDATE, USAGE'))`),

		// The objects whose data type descriptors the user may see: the
		// rows of attributes, columns, domains, parameters and routines.
		"data_type_privileges": infoSchemaView(`
object_catalog id current_database()
object_schema - x.objschema
object_name - x.objname
object_type chars x.objtype
dtd_identifier - x.objdtdid`, `FROM (
    SELECT udt_schema, udt_name, 'USER-DEFINED TYPE'::text, dtd_identifier FROM information_schema.attributes
    UNION ALL SELECT table_schema, table_name, 'TABLE'::text, dtd_identifier FROM information_schema.columns
    UNION ALL SELECT domain_schema, domain_name, 'DOMAIN'::text, dtd_identifier FROM information_schema.domains
    UNION ALL SELECT specific_schema, specific_name, 'ROUTINE'::text, dtd_identifier FROM information_schema.parameters
    UNION ALL SELECT specific_schema, specific_name, 'ROUTINE'::text, dtd_identifier FROM information_schema.routines
  ) x(objschema, objname, objtype, objdtdid)`),

		// The element types of array-typed columns, attributes, domains,
		// parameters and results.
		"element_types": infoSchemaView(`
object_catalog id current_database()
object_schema id n.nspname
object_name - x.objname
object_type chars x.objtype
collection_type_identifier id x.objdtdid
data_type chars CASE WHEN nbt.nspname = 'pg_catalog' THEN format_type(bt.oid, NULL) ELSE 'USER-DEFINED' END
character_maximum_length num
character_octet_length num
`+charsetColumns+`
`+collationColumns+`
numeric_precision num
numeric_precision_radix num
numeric_scale num
datetime_precision num
interval_type chars
interval_precision num
domain_default chars
udt_catalog id current_database()
udt_schema id nbt.nspname
udt_name id bt.typname
`+scopeColumns+`
dtd_identifier id 'a' || x.objdtdid::text`, `FROM pg_namespace n, pg_type at, pg_namespace nbt, pg_type bt,
  (
    SELECT c.relnamespace, c.relname::information_schema.sql_identifier, CASE WHEN c.relkind = 'c' THEN 'USER-DEFINED TYPE' ELSE 'TABLE' END, a.attnum, a.atttypid, a.attcollation
    FROM pg_class c JOIN pg_attribute a ON c.oid = a.attrelid
    WHERE c.relkind IN ('r', 'v', 'f', 'c', 'p') AND a.attnum > 0 AND NOT a.attisdropped
    UNION ALL SELECT t.typnamespace, t.typname::information_schema.sql_identifier, 'DOMAIN', 1, t.typbasetype, t.typcollation FROM pg_type t WHERE t.typtype = 'd'
    UNION ALL SELECT p.pronamespace, nameconcatoid(p.proname, p.oid)::information_schema.sql_identifier, 'ROUTINE', k.n, k.x, 0
      FROM pg_proc p CROSS JOIN LATERAL information_schema._pg_expandarray(coalesce(p.proallargtypes, p.proargtypes::oid[])) k
    UNION ALL SELECT p.pronamespace, nameconcatoid(p.proname, p.oid)::information_schema.sql_identifier, 'ROUTINE', 0, p.prorettype, 0 FROM pg_proc p
  ) x(objschema, objname, objtype, objdtdid, objtypeid, objcollation)
  `+collation("x.objcollation")+`
WHERE n.oid = x.objschema AND at.oid = x.objtypeid AND at.typelem <> 0 AND at.typlen = -1 AND at.typelem = bt.oid AND nbt.oid = bt.typnamespace
  AND (n.nspname, x.objname, x.objtype, x.objdtdid::information_schema.sql_identifier) IN
    (SELECT object_schema, object_name, object_type, dtd_identifier FROM information_schema.data_type_privileges)`),

		"domains": infoSchemaView(`
domain_catalog id current_database()
domain_schema id nt.nspname
domain_name id t.typname
data_type chars `+dataType("t", "nbt", "t.typbasetype")+`
`+charFacts("t.typbasetype, t.typtypmod")+`
`+charsetColumns+`
`+collationColumns+`
`+numFacts("t.typbasetype, t.typtypmod")+`
domain_default chars t.typdefault
udt_catalog id current_database()
udt_schema id nbt.nspname
udt_name id bt.typname
`+scopeColumns+`
dtd_identifier id 1`, `FROM pg_type t JOIN pg_namespace nt ON t.typnamespace = nt.oid
  JOIN (pg_type bt JOIN pg_namespace nbt ON bt.typnamespace = nbt.oid) ON t.typbasetype = bt.oid AND t.typtype = 'd'
  `+collation("t.typcollation")+`
WHERE pg_has_role(t.typowner, 'USAGE') OR has_type_privilege(t.oid, 'USAGE')`),

		// The database's encoding, with the collation that matches its
		// locale (the longest name, as PostgreSQL picks).
		"character_sets": infoSchemaView(`
character_set_catalog id
character_set_schema id
character_set_name id getdatabaseencoding()
character_repertoire id CASE WHEN getdatabaseencoding() = 'UTF8' THEN 'UCS' ELSE getdatabaseencoding() END
form_of_use id getdatabaseencoding()
default_collate_catalog id current_database()
default_collate_schema id nc.nspname
default_collate_name id c.collname`, `FROM pg_database d
  LEFT JOIN (pg_collation c JOIN pg_namespace nc ON c.collnamespace = nc.oid) ON d.datcollate = c.collcollate AND d.datctype = c.collctype
WHERE d.datname = current_database()
ORDER BY char_length(c.collname) DESC, c.collname
LIMIT 1`),

		// One row per trigger and event; the condition and the statement are
		// cut out of pg_get_triggerdef's text.
		"triggers": infoSchemaView(`
trigger_catalog id current_database()
trigger_schema id n.nspname
trigger_name id t.tgname
event_manipulation chars em.text
event_object_catalog id current_database()
event_object_schema id n.nspname
event_object_table id c.relname
action_order num rank() OVER (PARTITION BY n.nspname, c.relname, em.num, t.tgtype::int & 1, t.tgtype::int & 66 ORDER BY t.tgname)
action_condition chars CASE WHEN pg_has_role(c.relowner, 'USAGE') THEN (regexp_match(pg_get_triggerdef(t.oid), '.{35,} WHEN [(](.+)[)] EXECUTE FUNCTION'))[1] END
action_statement chars substring(pg_get_triggerdef(t.oid) from position('EXECUTE FUNCTION' in substring(pg_get_triggerdef(t.oid) from 48)) + 47)
action_orientation chars CASE t.tgtype::int & 1 WHEN 1 THEN 'ROW' ELSE 'STATEMENT' END
action_timing chars CASE t.tgtype::int & 66 WHEN 2 THEN 'BEFORE' WHEN 64 THEN 'INSTEAD OF' ELSE 'AFTER' END
action_reference_old_table id t.tgoldtable
action_reference_new_table id t.tgnewtable
action_reference_old_row id
action_reference_new_row id
created ts`, `FROM pg_namespace n JOIN pg_class c ON n.oid = c.relnamespace JOIN pg_trigger t ON c.oid = t.tgrelid
  JOIN (VALUES (4, 'INSERT'), (8, 'DELETE'), (16, 'UPDATE')) em(num, text) ON t.tgtype::int & em.num <> 0
WHERE NOT t.tgisinternal AND NOT pg_is_other_temp_schema(n.oid) AND `+tableChangeable("c")),

		// The attributes of composite types.
		"attributes": infoSchemaView(`
udt_catalog id current_database()
udt_schema id nc.nspname
udt_name id c.relname
attribute_name id a.attname
ordinal_position num a.attnum
attribute_default chars pg_get_expr(ad.adbin, ad.adrelid)
is_nullable yn CASE WHEN a.attnotnull OR t.typtype = 'd' AND t.typnotnull THEN 'NO' ELSE 'YES' END
data_type chars `+dataType("t", "nt", "a.atttypid")+`
`+charFacts(attTrueType)+`
`+charsetColumns+`
`+collationColumns+`
`+numFacts(attTrueType)+`
attribute_udt_catalog id current_database()
attribute_udt_schema id nt.nspname
attribute_udt_name id t.typname
`+scopeColumns+`
dtd_identifier id a.attnum
is_derived_reference_attribute yn 'NO'`, `FROM pg_attribute a
  LEFT JOIN pg_attrdef ad ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum
  JOIN (pg_class c JOIN pg_namespace nc ON c.relnamespace = nc.oid) ON a.attrelid = c.oid
  JOIN (pg_type t JOIN pg_namespace nt ON t.typnamespace = nt.oid) ON a.atttypid = t.oid
  `+collation("a.attcollation")+`
WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind = 'c' AND (pg_has_role(c.relowner, 'USAGE') OR has_type_privilege(c.reltype, 'USAGE'))
ORDER BY a.attrelid, a.attnum`),

		"enabled_roles": infoSchemaView(`role_name id a.rolname`, `FROM pg_authid a WHERE pg_has_role(a.oid, 'USAGE')`),

		// Role memberships of the enabled roles, the database owner's
		// implicit membership of pg_database_owner included.
		"applicable_roles": infoSchemaView(`
grantee id a.rolname
role_name id b.rolname
is_grantable yn `+yes("m.admin_option"), `FROM (
    SELECT member, roleid, admin_option FROM pg_auth_members
    UNION SELECT d.datdba, r.oid, false FROM pg_database d, pg_authid r WHERE d.datname = current_database() AND r.rolname = 'pg_database_owner'
  ) m JOIN pg_authid a ON m.member = a.oid JOIN pg_authid b ON m.roleid = b.oid
WHERE pg_has_role(a.oid, 'USAGE')`),

		"administrable_role_authorizations": `SELECT grantee, role_name, is_grantable FROM information_schema.applicable_roles WHERE is_grantable = 'YES'`,

		// Grants on tables, one row per privilege (the owner's implicit ones
		// when relacl is NULL).
		"table_privileges": infoSchemaView(`
grantor id u_grantor.rolname
grantee id grantee.rolname
table_catalog id current_database()
table_schema id nc.nspname
table_name id c.relname
privilege_type chars c.prtype
is_grantable yn `+yes("pg_has_role(grantee.oid, c.relowner, 'USAGE') OR c.grantable")+`
with_hierarchy yn `+yes("c.prtype = 'SELECT'"), `FROM `+aclRows+` c(oid, relname, relnamespace, relkind, relowner, grantor, grantee, prtype, grantable)
  JOIN pg_namespace nc ON c.relnamespace = nc.oid
  JOIN pg_authid u_grantor ON c.grantor = u_grantor.oid
  JOIN `+granteeRoles+` ON c.grantee = grantee.oid
WHERE c.relkind IN ('r', 'v', 'f', 'p') AND c.prtype IN ('INSERT', 'SELECT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER')
  AND (pg_has_role(u_grantor.oid, 'USAGE') OR pg_has_role(grantee.oid, 'USAGE') OR grantee.rolname = 'PUBLIC')`),

		"role_table_grants": `SELECT grantor, grantee, table_catalog, table_schema, table_name, privilege_type, is_grantable, with_hierarchy
FROM information_schema.table_privileges
WHERE grantor IN (SELECT role_name FROM information_schema.enabled_roles) OR grantee IN (SELECT role_name FROM information_schema.enabled_roles)`,

		"role_column_grants": `SELECT grantor, grantee, table_catalog, table_schema, table_name, column_name, privilege_type, is_grantable
FROM information_schema.column_privileges
WHERE grantor IN (SELECT role_name FROM information_schema.enabled_roles) OR grantee IN (SELECT role_name FROM information_schema.enabled_roles)`,

		// The collations usable with the database's encoding.
		"collations": infoSchemaView(`
collation_catalog id current_database()
collation_schema id nc.nspname
collation_name id c.collname
pad_attribute chars 'NO PAD'`, collationsOfDatabase),

		"collation_character_set_applicability": infoSchemaView(`
collation_catalog id current_database()
collation_schema id nc.nspname
collation_name id c.collname
character_set_catalog id
character_set_schema id
character_set_name id getdatabaseencoding()`, collationsOfDatabase),

		// Columns whose type is a domain.
		"column_domain_usage": infoSchemaView(`
domain_catalog id current_database()
domain_schema id nt.nspname
domain_name id t.typname
table_catalog id current_database()
table_schema id nc.nspname
table_name id c.relname
column_name id a.attname`, `FROM pg_type t, pg_namespace nt, pg_class c, pg_namespace nc, pg_attribute a
WHERE t.typnamespace = nt.oid AND c.relnamespace = nc.oid AND a.attrelid = c.oid AND a.atttypid = t.oid
  AND t.typtype = 'd' AND c.relkind IN ('r', 'v', 'f', 'p') AND a.attnum > 0 AND NOT a.attisdropped
  AND pg_has_role(t.typowner, 'USAGE')`),

		// The type of each column (a domain's base type).
		"column_udt_usage": infoSchemaView(`
udt_catalog id current_database()
udt_schema id coalesce(nbt.nspname, nt.nspname)
udt_name id coalesce(bt.typname, t.typname)
table_catalog id current_database()
table_schema id nc.nspname
table_name id c.relname
column_name id a.attname`, `FROM pg_attribute a, pg_class c, pg_namespace nc,
  (pg_type t JOIN pg_namespace nt ON t.typnamespace = nt.oid)
    LEFT JOIN (pg_type bt JOIN pg_namespace nbt ON bt.typnamespace = nbt.oid) ON t.typtype = 'd' AND t.typbasetype = bt.oid
WHERE a.attrelid = c.oid AND a.atttypid = t.oid AND nc.oid = c.relnamespace AND a.attnum > 0 AND NOT a.attisdropped
  AND c.relkind IN ('r', 'v', 'f', 'p') AND pg_has_role(coalesce(bt.typowner, t.typowner), 'USAGE')`),

		// The base type of each domain.
		"domain_udt_usage": infoSchemaView(`
udt_catalog id current_database()
udt_schema id nbt.nspname
udt_name id bt.typname
domain_catalog id current_database()
domain_schema id nt.nspname
domain_name id t.typname`, `FROM pg_type t, pg_namespace nt, pg_type bt, pg_namespace nbt
WHERE t.typnamespace = nt.oid AND t.typbasetype = bt.oid AND bt.typnamespace = nbt.oid AND t.typtype = 'd'
  AND pg_has_role(bt.typowner, 'USAGE')`),

		// What views read, from their rules' dependencies.
		"view_table_usage": `SELECT DISTINCT ` + viewUsageColumns + `
FROM ` + viewDependencies + `
  JOIN pg_class t ON dt.refobjid = t.oid AND dt.refclassid = 'pg_catalog.pg_class'::regclass
  JOIN pg_namespace nt ON t.relnamespace = nt.oid
WHERE dv.refobjid <> dt.refobjid AND t.relkind IN ('r', 'v', 'f', 'p') AND pg_has_role(t.relowner, 'USAGE')`,

		"view_column_usage": `SELECT DISTINCT ` + viewUsageColumns + `,
  a.attname::information_schema.sql_identifier AS column_name
FROM ` + viewDependencies + `
  JOIN pg_class t ON dt.refobjid = t.oid AND dt.refclassid = 'pg_catalog.pg_class'::regclass
  JOIN pg_namespace nt ON t.relnamespace = nt.oid
  JOIN pg_attribute a ON t.oid = a.attrelid AND dt.refobjsubid = a.attnum
WHERE dv.refobjid <> dt.refobjid AND t.relkind IN ('r', 'v', 'f', 'p') AND pg_has_role(t.relowner, 'USAGE')`,

		"view_routine_usage": `SELECT DISTINCT current_database()::information_schema.sql_identifier AS table_catalog,
  nv.nspname::information_schema.sql_identifier AS table_schema,
  v.relname::information_schema.sql_identifier AS table_name,
  current_database()::information_schema.sql_identifier AS specific_catalog,
  np.nspname::information_schema.sql_identifier AS specific_schema,
  nameconcatoid(p.proname, p.oid)::information_schema.sql_identifier AS specific_name
FROM ` + viewDependencies + `
  JOIN pg_proc p ON dt.refobjid = p.oid AND dt.refclassid = 'pg_catalog.pg_proc'::regclass
  JOIN pg_namespace np ON p.pronamespace = np.oid
WHERE pg_has_role(p.proowner, 'USAGE')`,

		// EXECUTE on functions and procedures.
		"routine_privileges": infoSchemaView(`
grantor id u_grantor.rolname
grantee id grantee.rolname
specific_catalog id current_database()
specific_schema id n.nspname
specific_name id nameconcatoid(p.proname, p.oid)
routine_catalog id current_database()
routine_schema id n.nspname
routine_name id p.proname
privilege_type chars 'EXECUTE'
is_grantable yn `+yes("pg_has_role(grantee.oid, p.proowner, 'USAGE') OR p.grantable"), `FROM (SELECT p.oid, p.proname, p.proowner, p.pronamespace, e.grantor, e.grantee, e.privilege_type, e.is_grantable
    FROM pg_proc p CROSS JOIN LATERAL aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) e
  ) p(oid, proname, proowner, pronamespace, grantor, grantee, prtype, grantable)
  JOIN pg_namespace n ON p.pronamespace = n.oid
  JOIN pg_authid u_grantor ON p.grantor = u_grantor.oid
  JOIN `+granteeRoles+` ON p.grantee = grantee.oid
WHERE p.prtype IN ('EXECUTE')
  AND (pg_has_role(u_grantor.oid, 'USAGE') OR pg_has_role(grantee.oid, 'USAGE') OR grantee.rolname = 'PUBLIC')`),

		"role_routine_grants": `SELECT grantor, grantee, specific_catalog, specific_schema, specific_name, routine_catalog, routine_schema, routine_name, privilege_type, is_grantable
FROM information_schema.routine_privileges
WHERE grantor IN (SELECT role_name FROM information_schema.enabled_roles) OR grantee IN (SELECT role_name FROM information_schema.enabled_roles)`,

		// USAGE on composite types.
		"udt_privileges": infoSchemaView(`
grantor id u_grantor.rolname
grantee id grantee.rolname
udt_catalog id current_database()
udt_schema id n.nspname
udt_name id t.typname
privilege_type chars 'TYPE USAGE'
is_grantable yn `+yes("pg_has_role(grantee.oid, t.typowner, 'USAGE') OR t.grantable"), `FROM (SELECT t.oid, t.typname, t.typnamespace, t.typtype, t.typowner, e.grantor, e.grantee, e.privilege_type, e.is_grantable
    FROM pg_type t CROSS JOIN LATERAL aclexplode(coalesce(t.typacl, acldefault('T', t.typowner))) e
  ) t(oid, typname, typnamespace, typtype, typowner, grantor, grantee, prtype, grantable)
  JOIN pg_namespace n ON t.typnamespace = n.oid
  JOIN pg_authid u_grantor ON t.grantor = u_grantor.oid
  JOIN `+granteeRoles+` ON t.grantee = grantee.oid
WHERE t.typtype = 'c' AND t.prtype IN ('USAGE')
  AND (pg_has_role(u_grantor.oid, 'USAGE') OR pg_has_role(grantee.oid, 'USAGE') OR grantee.rolname = 'PUBLIC')`),

		"role_udt_grants": `SELECT grantor, grantee, udt_catalog, udt_schema, udt_name, privilege_type, is_grantable
FROM information_schema.udt_privileges
WHERE grantor IN (SELECT role_name FROM information_schema.enabled_roles) OR grantee IN (SELECT role_name FROM information_schema.enabled_roles)`,

		// USAGE on collations (which have no privileges: everyone may use
		// them), domains, foreign-data wrappers, foreign servers and
		// sequences.
		"usage_privileges": `SELECT u.rolname::information_schema.sql_identifier AS grantor,
  'PUBLIC'::information_schema.sql_identifier AS grantee,
  current_database()::information_schema.sql_identifier AS object_catalog,
  nc.nspname::information_schema.sql_identifier AS object_schema,
  c.collname::information_schema.sql_identifier AS object_name,
  'COLLATION'::information_schema.character_data AS object_type,
  'USAGE'::information_schema.character_data AS privilege_type,
  'NO'::information_schema.yes_or_no AS is_grantable
FROM pg_authid u, pg_namespace nc, pg_collation c
WHERE u.oid = c.collowner AND c.collnamespace = nc.oid
  AND c.collencoding IN (-1, (SELECT encoding FROM pg_database WHERE datname = current_database()))
UNION ALL
` + usageGrants("DOMAIN", "n.nspname", "x.typname", "x.typowner",
			`(SELECT t.oid, t.typname, t.typnamespace, t.typtype, t.typowner, e.grantor, e.grantee, e.privilege_type, e.is_grantable
    FROM pg_type t CROSS JOIN LATERAL aclexplode(coalesce(t.typacl, acldefault('T', t.typowner))) e
  ) x(oid, typname, typnamespace, typtype, typowner, grantor, grantee, prtype, grantable)
  JOIN pg_namespace n ON x.typnamespace = n.oid`, "x.typtype = 'd'") + `
UNION ALL
` + usageGrants("FOREIGN DATA WRAPPER", "''", "x.fdwname", "x.fdwowner",
			`(SELECT w.fdwname, w.fdwowner, e.grantor, e.grantee, e.privilege_type, e.is_grantable
    FROM pg_foreign_data_wrapper w CROSS JOIN LATERAL aclexplode(coalesce(w.fdwacl, acldefault('F', w.fdwowner))) e
  ) x(fdwname, fdwowner, grantor, grantee, prtype, grantable)`, "") + `
UNION ALL
` + usageGrants("FOREIGN SERVER", "''", "x.srvname", "x.srvowner",
			`(SELECT v.srvname, v.srvowner, e.grantor, e.grantee, e.privilege_type, e.is_grantable
    FROM pg_foreign_server v CROSS JOIN LATERAL aclexplode(coalesce(v.srvacl, acldefault('S', v.srvowner))) e
  ) x(srvname, srvowner, grantor, grantee, prtype, grantable)`, "") + `
UNION ALL
` + usageGrants("SEQUENCE", "n.nspname", "x.relname", "x.relowner",
			aclRows+` x(oid, relname, relnamespace, relkind, relowner, grantor, grantee, prtype, grantable)
  JOIN pg_namespace n ON x.relnamespace = n.oid`, "x.relkind = 'S'"),

		"role_usage_grants": `SELECT grantor, grantee, object_catalog, object_schema, object_name, object_type, privilege_type, is_grantable
FROM information_schema.usage_privileges
WHERE grantor IN (SELECT role_name FROM information_schema.enabled_roles) OR grantee IN (SELECT role_name FROM information_schema.enabled_roles)`,

		// Composite types.
		"user_defined_types": infoSchemaView(`
user_defined_type_catalog id current_database()
user_defined_type_schema id n.nspname
user_defined_type_name id c.relname
user_defined_type_category chars 'STRUCTURED'
is_instantiable yn 'YES'
is_final yn
ordering_form chars
ordering_category chars
ordering_routine_catalog id
ordering_routine_schema id
ordering_routine_name id
reference_type chars
data_type chars
character_maximum_length num
character_octet_length num
`+charsetColumns+`
collation_catalog id
collation_schema id
collation_name id
numeric_precision num
numeric_precision_radix num
numeric_scale num
datetime_precision num
interval_type chars
interval_precision num
source_dtd_identifier id
ref_dtd_identifier id`, `FROM pg_namespace n, pg_class c, pg_type t
WHERE n.oid = c.relnamespace AND t.typrelid = c.oid AND c.relkind = 'c'
  AND (pg_has_role(t.typowner, 'USAGE') OR has_type_privilege(t.oid, 'USAGE'))`),

		// Grants on columns: those on the whole table and those on the
		// column itself.
		"column_privileges": infoSchemaView(`
grantor id u_grantor.rolname
grantee id grantee.rolname
table_catalog id current_database()
table_schema id nc.nspname
table_name id x.relname
column_name id x.attname
privilege_type chars x.prtype
is_grantable yn `+yes("pg_has_role(x.grantee, x.relowner, 'USAGE') OR x.grantable"), `FROM (
    SELECT c.grantor, c.grantee, a.attname, c.relname, c.relnamespace, c.prtype, c.grantable, c.relowner
    FROM `+aclRows+` c(oid, relname, relnamespace, relkind, relowner, grantor, grantee, prtype, grantable)
      JOIN pg_attribute a ON a.attrelid = c.oid
    WHERE c.relkind IN ('r', 'v', 'f', 'p') AND a.attnum > 0 AND NOT a.attisdropped
    UNION
    SELECT e.grantor, e.grantee, a.attname, c.relname, c.relnamespace, e.privilege_type, e.is_grantable, c.relowner
    FROM pg_attribute a JOIN pg_class c ON a.attrelid = c.oid
      CROSS JOIN LATERAL aclexplode(coalesce(a.attacl, acldefault('c', c.relowner))) e
    WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'v', 'f', 'p')
  ) x
  JOIN pg_namespace nc ON x.relnamespace = nc.oid
  JOIN pg_authid u_grantor ON x.grantor = u_grantor.oid
  JOIN `+granteeRoles+` ON x.grantee = grantee.oid
WHERE x.prtype IN ('INSERT', 'SELECT', 'UPDATE', 'REFERENCES')
  AND (pg_has_role(u_grantor.oid, 'USAGE') OR pg_has_role(grantee.oid, 'USAGE') OR grantee.rolname = 'PUBLIC')`),
	}
}

// BuiltinView is one view initdb makes (information_schema's,
// pg_catalog's): its definition and the OIDs PostgreSQL 15's initdb
// gives it (the relation, its row and array types, its _RETURN rule).
type BuiltinView struct {
	Name                      string
	SQL                       string
	OID, RowType, Array, Rule uint32
	// Options is the view's WITH (...) list ("security_barrier"), ""
	// for none.
	Options string
}

// infoSchemaOIDs are the views in the order they are made (a view
// before those that read it), with PostgreSQL's OIDs.
var infoSchemaOIDs = []BuiltinView{
	{Name: "information_schema_catalog_name", OID: 13227, RowType: 13229, Array: 13228, Rule: 13230},
	{Name: "applicable_roles", OID: 13236, RowType: 13238, Array: 13237, Rule: 13239},
	{Name: "administrable_role_authorizations", OID: 13241, RowType: 13243, Array: 13242, Rule: 13244},
	{Name: "attributes", OID: 13245, RowType: 13247, Array: 13246, Rule: 13248},
	{Name: "character_sets", OID: 13250, RowType: 13252, Array: 13251, Rule: 13253},
	{Name: "check_constraints", OID: 13260, RowType: 13262, Array: 13261, Rule: 13263},
	{Name: "collations", OID: 13265, RowType: 13267, Array: 13266, Rule: 13268},
	{Name: "collation_character_set_applicability", OID: 13270, RowType: 13272, Array: 13271, Rule: 13273},
	{Name: "column_domain_usage", OID: 13280, RowType: 13282, Array: 13281, Rule: 13283},
	{Name: "column_privileges", OID: 13285, RowType: 13287, Array: 13286, Rule: 13288},
	{Name: "column_udt_usage", OID: 13290, RowType: 13292, Array: 13291, Rule: 13293},
	{Name: "columns", OID: 13295, RowType: 13297, Array: 13296, Rule: 13298},
	{Name: "constraint_column_usage", OID: 13300, RowType: 13302, Array: 13301, Rule: 13303},
	{Name: "constraint_table_usage", OID: 13305, RowType: 13307, Array: 13306, Rule: 13308},
	{Name: "domain_constraints", OID: 13310, RowType: 13312, Array: 13311, Rule: 13313},
	{Name: "domain_udt_usage", OID: 13315, RowType: 13317, Array: 13316, Rule: 13318},
	{Name: "domains", OID: 13320, RowType: 13322, Array: 13321, Rule: 13323},
	{Name: "enabled_roles", OID: 13325, RowType: 13327, Array: 13326, Rule: 13328},
	{Name: "key_column_usage", OID: 13329, RowType: 13331, Array: 13330, Rule: 13332},
	{Name: "parameters", OID: 13334, RowType: 13336, Array: 13335, Rule: 13337},
	{Name: "referential_constraints", OID: 13339, RowType: 13341, Array: 13340, Rule: 13342},
	{Name: "role_column_grants", OID: 13344, RowType: 13346, Array: 13345, Rule: 13347},
	{Name: "routine_privileges", OID: 13353, RowType: 13355, Array: 13354, Rule: 13356},
	{Name: "role_routine_grants", OID: 13358, RowType: 13360, Array: 13359, Rule: 13361},
	{Name: "routines", OID: 13377, RowType: 13379, Array: 13378, Rule: 13380},
	{Name: "schemata", OID: 13382, RowType: 13384, Array: 13383, Rule: 13385},
	{Name: "sequences", OID: 13386, RowType: 13388, Array: 13387, Rule: 13389},
	{Name: "table_constraints", OID: 13411, RowType: 13413, Array: 13412, Rule: 13414},
	{Name: "table_privileges", OID: 13416, RowType: 13418, Array: 13417, Rule: 13419},
	{Name: "role_table_grants", OID: 13421, RowType: 13423, Array: 13422, Rule: 13424},
	{Name: "tables", OID: 13425, RowType: 13427, Array: 13426, Rule: 13428},
	{Name: "triggers", OID: 13440, RowType: 13442, Array: 13441, Rule: 13443},
	{Name: "udt_privileges", OID: 13445, RowType: 13447, Array: 13446, Rule: 13448},
	{Name: "role_udt_grants", OID: 13450, RowType: 13452, Array: 13451, Rule: 13453},
	{Name: "usage_privileges", OID: 13454, RowType: 13456, Array: 13455, Rule: 13457},
	{Name: "role_usage_grants", OID: 13459, RowType: 13461, Array: 13460, Rule: 13462},
	{Name: "user_defined_types", OID: 13463, RowType: 13465, Array: 13464, Rule: 13466},
	{Name: "view_column_usage", OID: 13468, RowType: 13470, Array: 13469, Rule: 13471},
	{Name: "view_routine_usage", OID: 13473, RowType: 13475, Array: 13474, Rule: 13476},
	{Name: "view_table_usage", OID: 13478, RowType: 13480, Array: 13479, Rule: 13481},
	{Name: "views", OID: 13483, RowType: 13485, Array: 13484, Rule: 13486},
	{Name: "data_type_privileges", OID: 13488, RowType: 13490, Array: 13489, Rule: 13491},
	{Name: "element_types", OID: 13493, RowType: 13495, Array: 13494, Rule: 13496},
	{Name: "check_constraint_routine_usage", OID: 13255, RowType: 13257, Array: 13256, Rule: 13258},
	{Name: "column_column_usage", OID: 13275, RowType: 13277, Array: 13276, Rule: 13278},
	{Name: "routine_column_usage", OID: 13348, RowType: 13350, Array: 13349, Rule: 13351},
	{Name: "routine_routine_usage", OID: 13362, RowType: 13364, Array: 13363, Rule: 13365},
	{Name: "routine_sequence_usage", OID: 13367, RowType: 13369, Array: 13368, Rule: 13370},
	{Name: "routine_table_usage", OID: 13372, RowType: 13374, Array: 13373, Rule: 13375},
	{Name: "transforms", OID: 13430, RowType: 13432, Array: 13431, Rule: 13433},
	{Name: "triggered_update_columns", OID: 13435, RowType: 13437, Array: 13436, Rule: 13438},
	{Name: "_pg_foreign_table_columns", OID: 13498, RowType: 13500, Array: 13499, Rule: 13501},
	{Name: "column_options", OID: 13503, RowType: 13505, Array: 13504, Rule: 13506},
	{Name: "_pg_foreign_data_wrappers", OID: 13507, RowType: 13509, Array: 13508, Rule: 13510},
	{Name: "foreign_data_wrapper_options", OID: 13511, RowType: 13513, Array: 13512, Rule: 13514},
	{Name: "foreign_data_wrappers", OID: 13515, RowType: 13517, Array: 13516, Rule: 13518},
	{Name: "_pg_foreign_servers", OID: 13519, RowType: 13521, Array: 13520, Rule: 13522},
	{Name: "foreign_server_options", OID: 13524, RowType: 13526, Array: 13525, Rule: 13527},
	{Name: "foreign_servers", OID: 13528, RowType: 13530, Array: 13529, Rule: 13531},
	{Name: "_pg_foreign_tables", OID: 13532, RowType: 13534, Array: 13533, Rule: 13535},
	{Name: "foreign_table_options", OID: 13537, RowType: 13539, Array: 13538, Rule: 13540},
	{Name: "foreign_tables", OID: 13541, RowType: 13543, Array: 13542, Rule: 13544},
	{Name: "_pg_user_mappings", OID: 13545, RowType: 13547, Array: 13546, Rule: 13548},
	{Name: "user_mapping_options", OID: 13550, RowType: 13552, Array: 13551, Rule: 13553},
	{Name: "user_mappings", OID: 13555, RowType: 13557, Array: 13556, Rule: 13558},
}

// InfoSchemaViews returns the views of information_schema with their
// definitions, in the order they must be made.
func InfoSchemaViews() []BuiltinView {
	out := make([]BuiltinView, len(infoSchemaOIDs))
	views, foreignViews := infoSchemaViews(), infoSchemaForeignViews()
	for i, v := range infoSchemaOIDs {
		v.SQL = views[v.Name]
		if v.SQL == "" {
			v.SQL = foreignViews[v.Name]
		}
		if v.SQL == "" {
			panic("information_schema: no definition of " + v.Name)
		}
		out[i] = v
	}
	return out
}
