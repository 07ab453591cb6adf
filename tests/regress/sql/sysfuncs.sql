--
-- system information functions and settings: current_user, schemas,
-- current_setting, set_config, SHOW/SET/RESET, pg_typeof, format_type,
-- version (see ../deliberate)
--
SELECT current_user, session_user, user, current_role;
SELECT current_schema, current_schema(), current_schemas(false), current_schemas(true);
SELECT current_catalog = current_database();
SELECT version() LIKE 'PostgreSQL 15.%';
\pset format unaligned
SELECT version();
\pset format aligned
SHOW server_version_num;
SELECT current_setting('server_version_num')::int / 10000 AS major;
SHOW search_path;
SHOW client_encoding;
SHOW server_encoding;
SHOW standard_conforming_strings;
SHOW integer_datetimes;
SHOW max_identifier_length;
SELECT current_setting('TimeZone'), current_setting('DateStyle'), current_setting('extra_float_digits');
SELECT current_setting('nosuch.setting');
SELECT current_setting('nosuch.setting', true);
SELECT current_setting('nosuch_setting', true);
SELECT set_config('extra_float_digits', '2', false);
SHOW extra_float_digits;
SELECT set_config('extra_float_digits', '0', true);
SHOW extra_float_digits;
SELECT set_config('myapp.user_id', '42', false), current_setting('myapp.user_id');
SET myapp.flag = 'on';
SHOW myapp.flag;
RESET myapp.flag;
SHOW myapp.flag;
SET work_mem = '8MB';
SHOW work_mem;
SET work_mem = 1024;
SHOW work_mem;
SET work_mem TO DEFAULT;
SHOW work_mem;
SET work_mem = 'lots';
SET work_mem = '1kB';
SET statement_timeout = '5s';
SHOW statement_timeout;
RESET statement_timeout;
SET nosuch_parameter = 1;
SHOW nosuch_parameter;
SET enable_seqscan = off;
SHOW enable_seqscan;
SET enable_seqscan = 'maybe';
RESET enable_seqscan;
SET client_min_messages = error;
SHOW client_min_messages;
RESET client_min_messages;
SET search_path = public, pg_catalog;
SHOW search_path;
RESET search_path;
SET SESSION TIME ZONE 'Europe/Berlin';
SHOW TimeZone;
SET TIME ZONE LOCAL;
SHOW TimeZone;
SET application_name = 'regress test';
SHOW application_name;
SELECT name, setting, unit, context FROM pg_settings WHERE name IN ('work_mem', 'max_connections', 'extra_float_digits') ORDER BY name;
SELECT count(*) > 300 FROM pg_settings;
SELECT pg_typeof(1::int2), pg_typeof(1::int4), pg_typeof(1::int8), pg_typeof(1::numeric), pg_typeof(1::float4), pg_typeof(1::float8);
SELECT pg_typeof('a'::text), pg_typeof('a'::varchar), pg_typeof('a'::char), pg_typeof('a'::name), pg_typeof('\x00'::bytea), pg_typeof(true);
SELECT pg_typeof(date '2024-01-01'), pg_typeof(time '10:00'), pg_typeof(timestamp '2024-01-01'), pg_typeof(timestamptz '2024-01-01'), pg_typeof(interval '1 day');
SELECT pg_typeof(NULL), pg_typeof(NULL::int), pg_typeof(ARRAY[1, 2]), pg_typeof(ARRAY['a']), pg_typeof(1::oid), pg_typeof('pg_class'::regclass);
SELECT format_type('int4'::regtype, NULL), format_type('varchar'::regtype, 14), format_type('numeric'::regtype, 655366), format_type('bpchar'::regtype, 9), format_type(1184, NULL);
SELECT 'int4'::regtype, 'integer'::regtype, 'double precision'::regtype, 'pg_class'::regclass, 'pg_class'::regclass::oid;
SELECT 'nosuchtype'::regtype;
SELECT 'nosuchrel'::regclass;
SELECT 23::regtype, 1043::regtype, 1259::regclass;
SELECT oid, typname, typlen, typbyval, typcategory FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'text', 'bool', 'float8', 'numeric', 'date', 'timestamptz', 'interval', 'bytea') ORDER BY oid;
SELECT datname FROM pg_database WHERE datname = 'template0';
SELECT rolname, rolsuper FROM pg_roles WHERE rolname = current_user;
SELECT pg_backend_pid() > 0;
SELECT inet_server_port() IS NULL;
SELECT has_table_privilege('pg_class', 'SELECT'), pg_has_role(current_user, 'USAGE');
SELECT obj_description('pg_class'::regclass, 'pg_class') IS NOT NULL;
SELECT pg_sleep(0);
SELECT pg_sleep(0.01) IS NULL;
SELECT pg_postmaster_start_time() <= now(), pg_conf_load_time() <= now();
SELECT pg_typeof(pg_postmaster_start_time()), pg_typeof(pg_conf_load_time());
SELECT pg_postmaster_start_time() = pg_postmaster_start_time() AS stable, pg_postmaster_start_time() < clock_timestamp() AS past;
CREATE TYPE sysfuncs_mood AS ENUM ('a', 'b');
CREATE DOMAIN sysfuncs_dom AS int8;
SELECT pg_column_size(1), pg_column_size(1::int8), pg_column_size(1::int2), pg_column_size(true),
       pg_column_size('2020-01-01'::date), pg_column_size(now()), pg_column_size('abc'), pg_column_size('abc'::name),
       pg_column_size('a'::sysfuncs_mood), pg_column_size(5::sysfuncs_dom), pg_column_size(NULL::int),
       pg_column_size('1'::xid8), pg_column_size('1 day'::interval), pg_column_size('12:00+01'::timetz),
       pg_column_size('(1,2)'::tid), pg_column_size('a'::"char"), pg_column_size('08:00:2b:01:02:03'::macaddr);
SELECT pg_column_size(NULL::text);
CREATE TABLE sysfuncs_sizes (a int, m sysfuncs_mood, d float8);
INSERT INTO sysfuncs_sizes VALUES (1, 'b', 2.5);
SELECT pg_column_size(a), pg_column_size(m), pg_column_size(d) FROM sysfuncs_sizes;
DROP TABLE sysfuncs_sizes;
DROP TYPE sysfuncs_mood;
DROP DOMAIN sysfuncs_dom;

-- format_type of the bit-string types: BIT without a typmod is BIT(1),
-- so an explicit -1 is quoted
SELECT format_type(1560, NULL) AS bit_null, format_type(1560, -1) AS bit_minus1,
       format_type(1560, 5) AS bit5, format_type(1562, NULL) AS varbit_null,
       format_type(1562, 8) AS varbit8, 1562::regtype AS varbit_regtype;
-- the templates' ACL after initdb
SELECT datname, datacl FROM pg_database WHERE datname LIKE 'template%' ORDER BY 1;

-- Generic file access (superusers): relative to the data directory,
-- offsets from the end when negative, missing_ok, errors of the file system.
SELECT pg_read_file('PG_VERSION');
SELECT pg_read_file('./PG_VERSION', 0, 1), pg_read_file('PG_VERSION', 1, 10), pg_read_file('PG_VERSION', -2, 1), pg_read_file('PG_VERSION', 100, 10);
SELECT pg_read_file('PG_VERSION', 0, -1);
SELECT pg_read_file('nosuch');
SELECT pg_read_file('nosuch', 0, 10, true) IS NULL;
SELECT pg_read_file('nosuch', true) IS NULL;
SELECT pg_read_binary_file('PG_VERSION'), pg_read_binary_file('PG_VERSION', 0, 2), pg_read_binary_file('nosuch', 0, 2, true);
SELECT pg_read_file('global');
SELECT pg_read_file(NULL);
SELECT size, isdir, creation, modification <= now() AS m, access <= now() + interval '1 min' AS a, change <= now() AS c FROM pg_stat_file('PG_VERSION');
SELECT size > 0, isdir FROM pg_stat_file('global');
SELECT pg_stat_file('nosuch');
SELECT pg_stat_file('nosuch', true);
SELECT * FROM pg_stat_file('nosuch', true);
SELECT pg_stat_file('nosuch', true) IS NULL;
SELECT d FROM pg_ls_dir('.') d WHERE d IN ('base', 'global', 'PG_VERSION', 'pg_wal', '.') ORDER BY 1;
SELECT count(*) FROM pg_ls_dir('.', false, true) d WHERE d IN ('.', '..');
SELECT pg_ls_dir('nosuch');
SELECT count(*) FROM pg_ls_dir('nosuch', true, false);
SELECT pg_ls_dir('PG_VERSION');
SELECT pg_ls_dir('.') IS NOT NULL LIMIT 1;
SELECT nspname FROM pg_namespace WHERE nspname IN ('pg_catalog', 'public', 'information_schema') ORDER BY 1;
