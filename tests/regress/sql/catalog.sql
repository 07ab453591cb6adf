--
-- the system catalogs: built-in objects keep PostgreSQL's OIDs and
-- attributes; tables users create appear in pg_class, pg_attribute,
-- pg_type and pg_tables as PostgreSQL shows them
--
SELECT oid, typname, typlen, typbyval, typtype, typcategory, typdelim, typelem, typarray FROM pg_type WHERE typname IN ('bool', 'bytea', 'char', 'name', 'int8', 'int2', 'int4', 'text', 'oid', 'float4', 'float8', 'bpchar', 'varchar', 'date', 'time', 'timestamp', 'timestamptz', 'interval', 'numeric') ORDER BY oid;
SELECT oid, typname FROM pg_type WHERE oid IN (1000, 1005, 1007, 1016, 1009, 1015, 1021, 1022, 1231, 1115, 1182, 1185) ORDER BY oid;
SELECT oid, relname, relkind, relnamespace FROM pg_class WHERE relname IN ('pg_class', 'pg_type', 'pg_attribute', 'pg_proc', 'pg_namespace', 'pg_database') ORDER BY oid;
SELECT oid, nspname FROM pg_namespace WHERE nspname IN ('pg_catalog', 'public', 'pg_toast') ORDER BY oid;
SELECT oid, datname FROM pg_database WHERE datname IN ('template0', 'template1') ORDER BY oid;
SELECT oid, proname, pronargs, prorettype::regtype FROM pg_proc WHERE oid IN (870, 871, 1317, 2101, 936, 877) ORDER BY oid;
SELECT oid, oprname, oprleft::regtype, oprright::regtype, oprresult::regtype FROM pg_operator WHERE oid IN (96, 551, 97, 521, 98, 664, 1752) ORDER BY oid;
SELECT castsource::regtype, casttarget::regtype, castcontext FROM pg_cast WHERE castsource = 'int4'::regtype AND casttarget IN ('int8'::regtype, 'int2'::regtype, 'float8'::regtype, 'numeric'::regtype, 'text'::regtype) ORDER BY 2;
SELECT aggfnoid::oid, aggkind FROM pg_aggregate WHERE aggfnoid IN (2108, 2147, 2803, 2116, 2132) ORDER BY aggfnoid;
SELECT attname, atttypid::regtype, attlen, attnum, attnotnull FROM pg_attribute WHERE attrelid = 'pg_namespace'::regclass AND attnum > 0 ORDER BY attnum;
SELECT count(*) > 0 FROM pg_attribute WHERE attrelid = 'pg_class'::regclass AND attnum < 0;
CREATE TABLE cat_t (a int NOT NULL, b text, c numeric(7,2) DEFAULT 1.5, d timestamptz);
SELECT relname, relkind, relpersistence, relnatts, relhasindex, relnamespace = 'public'::regnamespace AS in_public FROM pg_class WHERE relname = 'cat_t';
SELECT attname, atttypid::regtype, atttypmod, attlen, attnotnull, atthasdef, attisdropped FROM pg_attribute WHERE attrelid = 'cat_t'::regclass AND attnum > 0 ORDER BY attnum;
SELECT attname FROM pg_attribute WHERE attrelid = 'cat_t'::regclass AND attnum < 0 ORDER BY attnum;
SELECT typname, typtype, typrelid = 'cat_t'::regclass AS rel FROM pg_type WHERE typname IN ('cat_t', '_cat_t') ORDER BY typname;
SELECT schemaname, tablename, tableowner, hasindexes FROM pg_tables WHERE tablename = 'cat_t';
SELECT 'cat_t'::regclass, 'cat_t'::regclass::oid = (SELECT oid FROM pg_class WHERE relname = 'cat_t'), 'public.cat_t'::regclass;
SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adrelid = 'cat_t'::regclass;
SELECT count(*) FROM pg_class WHERE relname = 'cat_t' AND reltoastrelid <> 0;
DROP TABLE cat_t;
SELECT count(*) FROM pg_class WHERE relname = 'cat_t';
SELECT count(*) FROM pg_type WHERE typname = 'cat_t';
SELECT count(*) FROM pg_attribute WHERE attrelid NOT IN (SELECT oid FROM pg_class);
SELECT count(*) FROM pg_class WHERE relnamespace NOT IN (SELECT oid FROM pg_namespace);
SELECT 'pg_catalog.pg_class'::regclass, 'pg_catalog.int4'::regtype;
SELECT 'upper'::regproc;
SELECT to_regclass('pg_class'), to_regclass('nosuch'), to_regtype('int4'), to_regtype('nosuch');
-- regproc output qualifies a name that is not unique
SELECT aggfnoid::regproc FROM pg_aggregate WHERE aggfnoid IN (2108, 2147) ORDER BY aggfnoid;
SELECT 'now'::regproc, 'upper'::regproc::oid::regproc, 2108::regproc, 1242::regproc;
SELECT oid::regproc FROM pg_proc WHERE proname IN ('abs', 'now', 'to_char', 'textlen') ORDER BY oid LIMIT 6;
CREATE FUNCTION uniq_fn_x(int) RETURNS int LANGUAGE sql AS 'select 1';
SELECT 'uniq_fn_x'::regproc;
CREATE FUNCTION uniq_fn_x(text) RETURNS int LANGUAGE sql AS 'select 1';
SELECT oid::regproc FROM pg_proc WHERE proname = 'uniq_fn_x';
DROP FUNCTION uniq_fn_x(int); DROP FUNCTION uniq_fn_x(text);
-- regprocedure input: a function's name and its exact argument types; to_regproc and to_regprocedure
SELECT 'nosuch.pg_class'::regclass;
SELECT 'pg_catalog.upper(text)'::regprocedure, 'upper( text )'::regprocedure, 'int4pl(int4, int4)'::regprocedure, 'int4pl(integer,integer)'::regprocedure::oid;
SELECT 'now()'::regprocedure, 'abs(float8)'::regprocedure, 'abs(double precision)'::regprocedure, ' "upper" (text)'::regprocedure;
SELECT 'upper'::regprocedure;
SELECT 'upper(int)'::regprocedure;
SELECT 'nosuch(int)'::regprocedure;
SELECT 'nosuch.upper(text)'::regprocedure;
SELECT 'upper(nosuchtype)'::regprocedure;
SELECT 'upper(text'::regprocedure;
SELECT 'upper(text) x'::regprocedure;
SELECT 'pg_class.upper(text)'::regprocedure;
SELECT '-'::regprocedure, '0'::regprocedure, '1242'::regprocedure;
SELECT 'array_length(anyarray,int)'::regprocedure, 'substring(text,int4,int4)'::regprocedure, 'array_append(anycompatiblearray, anycompatible)'::regprocedure;
SELECT 'upper(text)'::regprocedure::regproc, 'count()'::regprocedure;
SELECT to_regprocedure('upper(text)'), to_regprocedure('upper(int)'), to_regprocedure('nosuch(int)'), to_regprocedure('upper');
SELECT to_regprocedure('nosuch.upper(text)');
SELECT to_regproc('upper'), to_regproc('abs'), to_regproc('nosuch'), to_regproc('pg_catalog.upper'), to_regproc('nosuch.upper');
SELECT to_regnamespace('public'), to_regnamespace('nosuch'), to_regrole('postgres'), to_regrole('nosuch');
CREATE SCHEMA rp_s;
CREATE FUNCTION rp_s.rp_f(a int, b text) RETURNS int LANGUAGE sql AS 'SELECT a';
CREATE FUNCTION rp_f2(numeric(10,2), varchar) RETURNS int LANGUAGE sql AS 'SELECT 1';
SELECT 'rp_s.rp_f(int, text)'::regprocedure, 'rp_f2(numeric, character varying)'::regprocedure, 'rp_f2(numeric(10,2), varchar(3))'::regprocedure;
SELECT 'rp_f(int, text)'::regprocedure;
SELECT to_regprocedure('rp_s.rp_f(int4,text)')::oid = 'rp_s.rp_f'::regproc::oid, to_regproc('rp_f2') IS NOT NULL;
DROP SCHEMA rp_s CASCADE;
DROP FUNCTION rp_f2;
-- regoper and regoperator
SELECT '+'::regoper;
SELECT '||/'::regoper, '!~~*'::regoper, 'pg_catalog.||/'::regoper, '0'::regoper, 0::oid::regoper;
SELECT '+(int4, int4)'::regoperator, '-(NONE, integer)'::regoperator, 'pg_catalog.||(text,text)'::regoperator, '0'::regoperator;
SELECT '+(int4, int4)'::regoperator::oid, 551::regoperator, 551::regoper, '+(int4,int4)'::regoperator::regoper;
SELECT '+(int4)'::regoperator;
SELECT '+(int4, int4, int4)'::regoperator;
SELECT '+(text, text)'::regoperator;
SELECT '@@@'::regoper;
SELECT '-'::regoper;
SELECT 'nosuch.+'::regoper;
SELECT to_regoper('+'), to_regoper('||/'), to_regoper('@@@'), to_regoperator('+(int4,int4)'), to_regoperator('+(text,text)'), to_regoperator('nosuch.+(int4,int4)');
SELECT oprname, oid::regoperator FROM pg_operator WHERE oprname = '||/' OR oid IN (96, 98) ORDER BY oid;
SELECT pg_typeof('+(int4,int4)'::regoperator), pg_typeof('||/'::regoper), '{+,-}'::regoper[];
SELECT '{"+(int4,int4)","-(NONE,int8)"}'::regoperator[];
SELECT '||/'::regoper, 'pg_catalog.||/'::regoper, '0'::regoper, 0::oid::regoper;
