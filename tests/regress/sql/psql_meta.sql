--
-- psql describing tables: the catalog queries psql sends for \d, \dt and
-- \d table must answer as PostgreSQL's do
--
CREATE TABLE meta_a (id int NOT NULL, name varchar(20) DEFAULT 'x', price numeric(10,2), created timestamptz, flags bool[], note text);
CREATE TABLE meta_b (k bigint, v bytea);
\dt
\dt meta_a
\dt nosuch
\d meta_a
\d meta_b
\d nosuch
\d+ meta_b
\dT int4
\df upper
\dn public
SELECT attname, atttypid::regtype, attnum, attnotnull, atthasdef FROM pg_attribute WHERE attrelid = 'meta_a'::regclass AND attnum > 0 ORDER BY attnum;
SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adrelid = 'meta_a'::regclass;
SELECT c.relname, c.relkind, n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname LIKE 'meta\_%' ORDER BY 1;
SELECT tablename, tableowner FROM pg_tables WHERE schemaname = 'public' ORDER BY 1;
SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'meta_a'::regclass AND attnum > 0 ORDER BY attnum;
DROP TABLE meta_a, meta_b;
\dt
