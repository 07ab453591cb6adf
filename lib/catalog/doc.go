// Package catalog holds PostgreSQL 15's system catalogs for gpostgres: their
// definitions, their initial contents, the bootstrap that writes them as
// heap files for gpinitdb, and a direct reader of those files
// (PostgreSQL's src/backend/catalog and bootstrap/, src/include/catalog).
//
// Layers, bottom up:
//
//   - Generated tables (catalogs_gen.go, rows_gen.go, written by
//     gen_catalog.go from the postgresql-15 package's postgres.bki): every
//     catalog's name, OID, shared and bootstrap flags, row and array type
//     OIDs, columns with their pg_attribute layout and NOT NULL flags, the
//     declared indexes and TOAST tables, and the 10404 bki insert rows as
//     text. Definitions, Lookup, ByOID, IndexDecls, Catalog.InitialRows.
//   - Values (values.go): bki text to Datums (types.ParseText where
//     lib/types knows the type; encoders here for oidvector and
//     int2vector, byte for byte PostgreSQL's ArrayType, and xid, regproc by
//     name, pg_node_tree), and text output for tests.
//   - Derived rows (derive.go): what PostgreSQL's bootstrap adds itself for
//     every catalog it creates (pg_class, pg_attribute with the six system
//     columns, the row and array types in pg_type, with OIDs from its OID
//     counter starting at 10000), plus initdb's template0 and postgres.
//   - Bootstrap (bootstrap.go, heapfile.go): gpinitdb's step, writing every
//     catalog's heap file in 8 kB pages (lib/storage/page) of frozen tuples
//     (lib/access/tuple), with checksums when the cluster has them, and
//     the relation maps (lib/storage/relmap) of the mapped catalogs.
//   - Direct reader (heapfile.go, shared.go): ScanFile and ReadCatalog read
//     a catalog file page by page, the one the relation map or pg_class
//     names (LiveLocator); Roles and Databases read pg_authid and
//     pg_database for the backend's start-up check.
//   - Run-time cache (cache.go, lookup.go, physical.go): each backend's
//     Cache of relation descriptors (relcache) and of relation, type,
//     schema and role lookups by name and OID (syscache), negative answers
//     included, filled by scanning the catalog heaps through a Reader
//     under the transaction's catalog snapshot, and emptied by the
//     invalidation messages of lib/storage/sinval. Its transaction hooks
//     apply a command's catalog changes to the backend itself at the
//     command counter increment, send them to the other backends at
//     commit, and forget what a rolled-back transaction may have loaded.
//   - Relation mapper (relmapper.go): in the Cache, the maps as read and
//     the transaction's own changes (VACUUM FULL of a mapped catalog), and
//     the current file of every catalog (CatalogLocator).
//   - Syscache (syscache.go): functions, operators, casts, aggregates and
//     types by name and OID, built-in rows decoded on demand from the
//     compiled-in bootstrap data, users' rows read through the Cache.
//
// Promises: table names, OIDs, column names, types and order, and the
// initial rows are PostgreSQL 15's (compared with a reference cluster in
// ref_test.go, differences listed in README.md). Tuples are byte-identical
// to PostgreSQL's except for the transaction fields (frozen, t_xmin 2) and
// columns of array types other than oidvector and int2vector, which the
// tuple package stores in the binary wire format. gpinitdb stays pure Go:
// this package imports nothing under lib/sql.
//
// Caveats: the direct reader makes no MVCC visibility checks (it honours
// hint bits only, see StoredTuple.KnownDead): it is exact for catalogs no
// transaction has changed; the run-time cache is the way to read catalogs
// that tables are created in. Without catalog indexes every cache miss is
// a sequential scan of the catalog. Catalog indexes and TOAST tables are declared but not built;
// pg_class says so (relhasindex false, reltoastrelid 0). initdb's
// post-bootstrap SQL (views, information_schema, privileges, collation
// import, plpgsql) has not run.
package catalog
