package expr

// TempSchemas is implemented by a Catalog that knows the session's
// temporary schema and search path: pg_my_temp_schema,
// pg_is_other_temp_schema and current_schemas read it. Without it the
// session has no temporary schema and its path is pg_catalog, public.
type TempSchemas interface {
	// MyTempSchema is the OID of the session's pg_temp_N, 0 before its
	// first use.
	MyTempSchema() uint32
	// IsOtherTempSchema reports whether nsp is another session's
	// temporary schema.
	IsOtherTempSchema(nsp uint32) (bool, error)
	// CurrentSchemas is the effective search path's schema names, with
	// the implicitly searched ones (pg_temp_N, pg_catalog) if implicit.
	CurrentSchemas(implicit bool) ([]string, error)
}
