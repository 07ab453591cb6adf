-- Built-in functions of PostgreSQL 15 that gpostgres added late: pg_lsn arithmetic,
-- support functions users can call (comparisons, hashes), catalog and system information.

-- pg_lsn arithmetic, conversions and support functions
select pg_lsn(1.5), pg_lsn(0), pg_lsn(-0.4);
select pg_lsn(-0.5);
select pg_lsn(18446744073709551615.4);
select pg_lsn(18446744073709551615.5);
select pg_lsn(1e30);
select pg_lsn('NaN'::numeric);
select pg_lsn('-Infinity'::numeric);
select '0/1'::pg_lsn + 'NaN'::numeric;
select '0/1'::pg_lsn - 'NaN'::numeric;
\set VERBOSITY terse
select 'NaN'::numeric + '0/1'::pg_lsn;
\set VERBOSITY default
select '0/1'::pg_lsn + 'Infinity'::numeric;
select '0/1'::pg_lsn - 2;
select 'FFFFFFFF/FFFFFFFF'::pg_lsn + 1;
select '0/1'::pg_lsn + 1.5, '0/10'::pg_lsn - 1.5, 16::numeric + '1/0'::pg_lsn, 'FFFFFFFF/FFFFFFFF'::pg_lsn - 18446744073709551615, '0/0'::pg_lsn + 18446744073709551615;
select pg_lsn_cmp('0/1','FFFFFFFF/0'), pg_lsn_cmp('1/1','1/1'), pg_lsn_cmp('FFFFFFFF/0', '0/1'), pg_lsn_larger('0/1','FFFFFFFF/0'), pg_lsn_smaller('0/1','FFFFFFFF/0');
select pg_lsn_hash('0/1'), pg_lsn_hash('FFFFFFFF/FFFFFFFF'), pg_lsn_hash_extended('0/1', 0), pg_lsn_hash_extended('0/1', 42), pg_lsn_hash(null), pg_lsn(null::numeric), '0/1'::pg_lsn + null::numeric;

-- comparison support functions (text-like ones through sign(): PostgreSQL's magnitude follows the collation)
select sign(bpcharcmp('a','c')), sign(bpcharcmp('a ','a')), sign(bpcharcmp('ab','a')), byteacmp('\x01','\x05'), byteacmp('\x0102','\x01'), numeric_cmp(1,2), date_cmp('2020-01-01','2019-01-01'), interval_cmp('1 mon','30 days'), time_cmp('10:00','09:00');
select date_cmp_timestamp('2020-01-01','2020-01-01 00:00:01'), timestamp_cmp_date('2020-01-01 00:00:01','2020-01-01'), date_cmp_timestamptz('2020-01-01','2020-01-01 00:00:01+00'), timestamptz_cmp_date(now(), 'infinity'), timestamp_cmp_timestamptz('2020-01-01', '2020-01-01 00:00:00+00'), timestamptz_cmp_timestamp('2020-01-01 00:00:00+00', '2020-01-01');
select time_hash('10:00'), time_hash_extended('10:00', 1), timetz_hash('10:00+02'), timetz_hash_extended('10:00+02', 1), interval_hash('1 mon'), interval_hash('30 days'), interval_hash_extended('1 mon 2 hours', 7), timestamp_hash('2020-01-01'), timestamp_hash_extended('2020-01-01', 3), uuid_hash('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'), uuid_hash_extended('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 0),  uuid_hash_extended('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 5);
select interval_hash('-1 mon -3 us'), interval_hash_extended('-100 years -3 us', 0), timetz_hash_extended('10:00+02', 0), time_hash('-infinity'::timestamp::time);

-- index access method, index and index column properties
select a.amname, p, pg_indexam_has_property(a.oid, p) from pg_am a, unnest(array['can_order','can_unique','can_multi_col','can_exclude','can_include','bogus', 'CAN_Order']) p order by a.oid, p;
select pg_indexam_has_property(0, 'can_order'), pg_indexam_has_property(null, 'can_order'), pg_indexam_has_property(403, null);
create table ip(a int, b text, c int);
create index ip_i on ip(a desc nulls last, b nulls first) include (c);
create index ip_j on ip(b);
select i, p, pg_index_has_property(i, p) from unnest(array['ip_i','ip_j','ip']::regclass[]) i, unnest(array['clusterable','index_scan','bitmap_scan','backward_scan','CAN_ORDER','Clusterable', 'bogus']) p order by 1, 2;
select pg_index_has_property(0, 'clusterable'), pg_index_has_property(null, 'clusterable');
select i, n, p, pg_index_column_has_property(i, n, p) from unnest(array['ip_i','ip_j', 'ip']::regclass[]) i, generate_series(-1,4) n, unnest(array['asc','desc','nulls_first','nulls_last','orderable','distance_orderable','returnable','search_array','search_nulls','bogus', 'clusterable']) p order by 1, 2, 3;
drop table ip;

-- keywords, encodings, bytea, width_bucket over thresholds, timetz OVERLAPS, tablespaces, log file,
-- commit timestamps (track_commit_timestamp is off), control file (through properties)
select count(*), count(*) filter (where barelabel), string_agg(distinct catcode::text, '') from pg_get_keywords();
select * from pg_get_keywords() where word in ('all', 'between', 'abort', 'authorization', 'absent', 'json_array', 'merge', 'system_user', 'xmltable') order by word;
select md5(string_agg(word || catcode || barelabel || catdesc || baredesc, ',' order by word)) from pg_get_keywords();
select i, pg_encoding_max_length(i) from generate_series(-1, 43) i;
select pg_encoding_max_length(null);
select length('\xc3a9'::bytea, 'UTF8'), length('\xc3a9'::bytea, 'latin1'), length('\xc3a9'::bytea, 'sql_ascii'), length(''::bytea, 'utf8'), length('\xc3a9'::bytea, 'Unicode'), length(null::bytea, 'utf8');
select length('\xc3'::bytea, 'UTF8');
select length('\x6100'::bytea, 'latin1');
select length('\x6100'::bytea, 'UTF8');
select length('\x61'::bytea, 'bogus');
select bit_count('\x0f'::bytea), bit_count(''::bytea), bit_count('\xffff00'::bytea), bit_count(null::bytea);
select width_bucket(5, array[1,3,5,7]), width_bucket(0, array[1,3]), width_bucket(10, array[]::int[]), width_bucket(null::int, array[1]), width_bucket(2.5, array[1,2.5,3.5]), width_bucket('b'::text, array['a','c']), width_bucket(now(), array['2020-01-01'::timestamptz]), width_bucket(5, array[9,1,3]), width_bucket(5, null::int[]);
select width_bucket(5, array[[1,2],[3,4]]);
select width_bucket(5, array[1,null]);
select width_bucket(5, '[2:3]={1,6}'::int[]), width_bucket(3.5::float8, array[1, 2.5]), width_bucket(2, array[1.5, 2.5]::numeric[]);
select width_bucket('1'::json, array['1'::json]);
select ('10:00+02'::timetz, '11:00+02'::timetz) overlaps ('10:30+02'::timetz, '12:00+02'::timetz),
       ('10:00+02'::timetz, '11:00+02'::timetz) overlaps ('10:30+00'::timetz, '12:00+00'::timetz),
       ('11:00+02'::timetz, '10:00+02'::timetz) overlaps ('10:30+02'::timetz, null::timetz),
       ('10:00+02'::timetz, null::timetz) overlaps ('12:30+02'::timetz, '12:00+02'::timetz),
       overlaps('10:00+02'::timetz, '11:00+02'::timetz, '11:00+02'::timetz, '12:00+02'::timetz);
select pg_tablespace_size('pg_global') > 0, pg_tablespace_size('pg_default') > pg_tablespace_size('pg_global'), pg_tablespace_size(1663) = pg_tablespace_size('pg_default'), pg_tablespace_size(12345), pg_tablespace_size(null::oid);
select pg_tablespace_size('nope');
select * from pg_tablespace_databases(1664);
select * from pg_tablespace_databases(12345);
select (select oid from pg_database where datname = current_database()) in (select pg_tablespace_databases(1663));
select pg_current_logfile() is null, pg_current_logfile('csvlog') is null, pg_current_logfile(null) is null;
select pg_current_logfile('bogus');
select pg_xact_commit_timestamp('5');
select pg_xact_commit_timestamp(null);
select * from pg_last_committed_xact();
select pg_control_version, catalog_version_no, system_identifier > 0, pg_control_last_modified <= now() from pg_control_system();
select timeline_id, prev_timeline_id, full_page_writes, checkpoint_lsn >= redo_lsn, redo_wal_file = pg_walfile_name(redo_lsn + 1) or redo_lsn::text like '%/0', next_xid ~ '^0:[0-9]+$', next_oid > 0, oldest_xid > 0, oldest_commit_ts_xid, newest_commit_ts_xid, checkpoint_time <= now() from pg_control_checkpoint();
select * from pg_control_init();
select min_recovery_end_lsn, min_recovery_end_timeline, backup_start_lsn, backup_end_lsn, end_of_backup_record_required from pg_control_recovery();
select (pg_control_system()).pg_control_version, pg_typeof(pg_control_checkpoint());

-- aggregate and index support functions
select int4inc(1), int8inc(1), int8dec(1), numeric_inc(1.5), numeric_inc('NaN'), numeric_inc('-Infinity'), int4inc(null);
select int4inc(2147483647);
select int8inc(9223372036854775807);
select int8dec(-9223372036854775808);
select tidlarger('(1,2)', '(1,3)'), tidsmaller('(1,2)', '(1,3)'), tidlarger('(2,1)', '(1,3)'), tidsmaller('(0,0)', '(4294967295,65535)');
select array_larger(array[1,2], array[1,3]), array_smaller(array[1,2], array[1,2,0]), array_larger('{}'::int[], array[1]), array_smaller(array['a','b'], array['a']);
select array_larger(array[1], array[1.5]);
select like_escape('a\\_b'::bytea, '\\'::bytea), like_escape('a#_b'::bytea, '#'::bytea), like_escape('a_b'::bytea, ''::bytea);
select like_escape('a_b'::bytea, 'ab'::bytea);
select similar_escape('a.b%', null), similar_escape('a#.b', '#'), similar_escape(null, '#'), similar_escape('a.b', '');
select similar_escape('ab', 'xy');
select like_escape('\xe9255c'::bytea, '\xe9'::bytea), like_escape('\x5c'::bytea, '#'::bytea), tidlarger(null, '(1,1)'), array_larger(array[1,null], array[1,2]);
select 'ab'::bytea like like_escape('a#_'::bytea, '#'::bytea), 'a_'::bytea like like_escape('a#_'::bytea, '#'::bytea);

-- pg_sequence_parameters
create sequence sp1;
create sequence sp2 as smallint increment by -2 minvalue -100 maxvalue 50 start 10 cache 5 cycle;
create table spt(a int);
select * from pg_sequence_parameters('sp1'::regclass);
select * from pg_sequence_parameters('sp2'::regclass);
select pg_sequence_parameters('sp2'::regclass);
\set VERBOSITY sqlstate
select * from pg_sequence_parameters('spt'::regclass);
\set VERBOSITY default
select * from pg_sequence_parameters(4294967295);
drop table spt; drop sequence sp1, sp2;

-- pg_filenode_relation
create table fnr(a int primary key);
create view fnv as select 1;
select pg_filenode_relation(0, pg_relation_filenode('fnr')) = 'fnr'::regclass,
       pg_filenode_relation(1663, pg_relation_filenode('fnr_pkey')) = 'fnr_pkey'::regclass,
       pg_filenode_relation(0, pg_relation_filenode('pg_class')) = 'pg_class'::regclass,
       pg_filenode_relation(0, pg_relation_filenode('pg_proc')),
       pg_filenode_relation(1664, pg_relation_filenode('pg_database')),
       pg_filenode_relation(1664, pg_relation_filenode('pg_authid')),
       pg_filenode_relation(0, pg_relation_filenode('pg_database')),
       pg_filenode_relation(1664, pg_relation_filenode('fnr')),
       pg_filenode_relation(0, 0), pg_filenode_relation(0, 4000000000), pg_filenode_relation(12345, pg_relation_filenode('fnr')),
       pg_filenode_relation(null, 1), pg_relation_filenode('fnv');
truncate fnr;
select pg_filenode_relation(0, pg_relation_filenode('fnr')) = 'fnr'::regclass;
drop view fnv; drop table fnr;

-- pg_get_catalog_foreign_keys
select count(*), count(*) filter (where is_array), count(*) filter (where is_opt) from pg_get_catalog_foreign_keys();
select * from pg_get_catalog_foreign_keys() where fktable in ('pg_proc'::regclass, 'pg_constraint'::regclass, 'pg_index'::regclass);
select md5(string_agg(fktable::text || fkcols::text || pktable::text || pkcols::text || is_array || is_opt, ';')) from pg_get_catalog_foreign_keys();
select pg_typeof(fkcols), pg_typeof(pktable) from pg_get_catalog_foreign_keys() limit 1;

-- to_ascii
select to_ascii('abcé', 'latin1'), to_ascii('abcé', 8), to_ascii('abcé', 'WIN1250'), to_ascii(null, 8), to_ascii('x', null::int), to_ascii('Ŕžšč€', 'latin2'), to_ascii('Ŕžšč€', 'iso-8859-15'), to_ascii('Ŕžšč€', 29);
select to_ascii(convert_from('\x7f80c280c2bfdfbfe0a080efbfbff0908080f48fbfbf'::bytea, 'UTF8'), e) from unnest(array['LATIN1','LATIN2','LATIN9','WIN1250']) e;
select to_ascii('abc');
select to_ascii('abc', 'bogus');
select to_ascii('abc', 'UTF8');
select to_ascii('abc', 6);
select to_ascii('abc', 99);
select to_ascii('abc', -1);
select to_ascii('abc', 'LATIN3');
\set VERBOSITY sqlstate
select to_ascii('abc');
select to_ascii('abc', 'bogus');
select to_ascii('abc', 99);
\set VERBOSITY default

-- in_range support functions called directly
select in_range(5, 3, 2::int8, false, true), in_range(6, 3, 2::int8, false, true), in_range(1::int8, 3::int8, 2::int8, true, false), in_range(1::int2, 3::int2, 1::int2, true, false), in_range(3, 3, 0, false, false), in_range(2147483647, 2147483647, 10, false, true);
select in_range(1.5::float8, 1::float8, 0.5::float8, false, true), in_range(1.5::float4, 1::float4, 0.25::float8, false, true), in_range('NaN'::float8, 1::float8, 1::float8, false, true), in_range(1::float8, 1::float8, 'Infinity'::float8, true, false);
select in_range(1.5::numeric, 1::numeric, 0.5::numeric, false, true), in_range(2::numeric, 1::numeric, 'Infinity'::numeric, false, true);
select in_range('2020-01-10'::date, '2020-01-01'::date, '1 week'::interval, false, true), in_range('2020-01-10 00:00'::timestamp, '2020-01-01'::timestamp, '9 days'::interval, false, true), in_range('2020-01-10 00:00+00'::timestamptz, '2020-01-01 00:00+00'::timestamptz, '9 days'::interval, true, false);
select in_range('10:00'::time, '09:00'::time, '1 hour'::interval, false, true), in_range('10:00+02'::timetz, '09:00+02'::timetz, '30 min'::interval, false, true), in_range('2 days'::interval, '1 day'::interval, '1 day'::interval, false, true);
select in_range(5, 3, -1, false, true);
select in_range(5.0, 3.0, -1.0, false, true);
select in_range(5::float8, 3::float8, 'NaN'::float8, false, true);
select in_range('2020-01-10'::date, '2020-01-01'::date, '-1 week'::interval, false, true);
select in_range(null::int, 3, 1, false, true);

-- pg_identify_object, pg_identify_object_as_address
create schema "IdS";
create table "IdS"."T t"(a int, "B" text);
create index idi on "IdS"."T t"(a);
create sequence ids_seq;
create view idv as select 1 as x;
create materialized view idm as select 1 as x;
create type idc as (a int);
create function idf(int, text) returns int language sql as 'select 1';
create procedure idp() language sql as 'select 1';
select * from pg_identify_object('pg_class'::regclass, '"IdS"."T t"'::regclass, 0);
select * from pg_identify_object('pg_class'::regclass, '"IdS"."T t"'::regclass, 2);
select * from pg_identify_object('pg_class'::regclass, '"IdS".idi'::regclass, 0);
select * from pg_identify_object('pg_class'::regclass, 'ids_seq'::regclass, 0);
select * from pg_identify_object('pg_class'::regclass, 'idv'::regclass, 0);
select * from pg_identify_object('pg_class'::regclass, 'idm'::regclass, 0);
select * from pg_identify_object('pg_class'::regclass, 'idc'::regclass, 0);
select * from pg_identify_object('pg_class'::regclass, 'pg_class'::regclass, 0);
select * from pg_identify_object('pg_class'::regclass, 'pg_class'::regclass, 1);
select * from pg_identify_object('pg_namespace'::regclass, '"IdS"'::regnamespace, 0);
select * from pg_identify_object('pg_type'::regclass, 'int4'::regtype, 0);
select * from pg_identify_object('pg_type'::regclass, 'idc'::regtype, 0);
select * from pg_identify_object('pg_type'::regclass, '_int4'::regtype, 0);
select * from pg_identify_object('pg_type'::regclass, 'character varying'::regtype, 0);
select * from pg_identify_object('pg_proc'::regclass, 'idf'::regproc, 0);
select * from pg_identify_object('pg_proc'::regclass, 'idp'::regproc, 0);
select * from pg_identify_object('pg_proc'::regclass, 'sum(int4)'::regprocedure, 0);
select * from pg_identify_object('pg_proc'::regclass, 'now'::regproc, 0);
select * from pg_identify_object('pg_class'::regclass, 4000000000, 0);
select * from pg_identify_object('pg_class'::regclass, '"IdS"."T t"'::regclass, 9);
select * from pg_identify_object('pg_namespace'::regclass, 4000000000, 0);
select * from pg_identify_object('pg_proc'::regclass, 4000000000, 0);
select * from pg_identify_object('pg_type'::regclass, 4000000000, 0);
select * from pg_identify_object(4000000000, 1, 0);
select * from pg_identify_object(0, 0, 0);
select * from pg_identify_object_as_address('pg_class'::regclass, '"IdS"."T t"'::regclass, 0);
select * from pg_identify_object_as_address('pg_class'::regclass, '"IdS"."T t"'::regclass, 2);
select * from pg_identify_object_as_address('pg_proc'::regclass, 'idf'::regproc, 0);
select * from pg_identify_object_as_address('pg_type'::regclass, '_int4'::regtype, 0);
select * from pg_identify_object_as_address('pg_namespace'::regclass, '"IdS"'::regnamespace, 0);
select * from pg_identify_object_as_address('pg_class'::regclass, 4000000000, 0);
drop schema "IdS" cascade; drop sequence ids_seq; drop view idv; drop materialized view idm; drop type idc; drop function idf; drop procedure idp;
create table idt2(a int, b int);
alter table idt2 drop column a;
select * from pg_identify_object('pg_class'::regclass, 'idt2'::regclass, 1);
select * from pg_identify_object('pg_class'::regclass, 'idt2'::regclass, 2);
select * from pg_identify_object('pg_type'::regclass, '"char"'::regtype, 0), pg_identify_object_as_address('pg_type'::regclass, 'timestamptz[]'::regtype, 0);
select (pg_identify_object('pg_proc'::regclass, 'pg_catalog.substring(text, int, int)'::regprocedure, 0)).identity;
drop table idt2;

-- pg_get_object_address
create schema "GoS";
create table "GoS"."T t"(a int, "B" text);
create index goi on "GoS"."T t"(a);
create sequence go_seq;
create view gov as select 1 as x;
create function gof(int, text) returns int language sql as 'select 1';
create procedure gop() language sql as 'select 1';
select classid::regclass, objid::regclass::text, objsubid from pg_get_object_address('table', '{GoS,T t}', '{}');
select classid::regclass, objid::regclass::text, objsubid from pg_get_object_address('table column', '{GoS,T t,B}', '{}');
select classid::regclass, objid::regclass::text, objsubid from pg_get_object_address('index', '{GoS,goi}', '{}');
select classid::regclass, objid::regclass::text, objsubid from pg_get_object_address('sequence', '{go_seq}', '{}');
select classid::regclass, objid::regclass::text, objsubid from pg_get_object_address('view', '{public,gov}', '{}');
select classid::regclass, objid::regnamespace::text, objsubid from pg_get_object_address('schema', '{GoS}', '{}');
select classid::regclass, objid::regtype, objsubid from pg_get_object_address('type', '{integer[]}', '{}');
select classid::regclass, objid::regtype, objsubid from pg_get_object_address('type', '{pg_catalog.int4}', '{}');
select classid::regclass, objid::regprocedure, objsubid from pg_get_object_address('function', '{gof}', '{integer,text}');
select classid::regclass, objid::regprocedure, objsubid from pg_get_object_address('procedure', '{public,gop}', '{}');
select classid::regclass, objid::regprocedure, objsubid from pg_get_object_address('aggregate', '{sum}', '{int4}');
select classid::regclass, objid::regprocedure, objsubid from pg_get_object_address('routine', '{gof}', '{int,text}');
select * from pg_get_object_address('table', '{nope}', '{}');
select * from pg_get_object_address('table', '{gov}', '{}');
select * from pg_get_object_address('view', '{go_seq}', '{}');
select * from pg_get_object_address('table column', '{GoS,T t,zz}', '{}');
select * from pg_get_object_address('table column', '{a}', '{}');
select * from pg_get_object_address('schema', '{nope}', '{}');
select * from pg_get_object_address('schema', '{a,b}', '{}');
select * from pg_get_object_address('type', '{nope}', '{}');
select * from pg_get_object_address('type', '{a,b}', '{}');
select * from pg_get_object_address('function', '{gof}', '{}');
select * from pg_get_object_address('function', '{nope}', '{int}');
select * from pg_get_object_address('procedure', '{gof}', '{int,text}');
select * from pg_get_object_address('function', '{gop}', '{}');
select * from pg_get_object_address('bogus', '{a}', '{}');
select * from pg_get_object_address('table', '{a,null}', '{}');
select * from pg_get_object_address('table', '{a,b,c,d}', '{}');
select * from pg_get_object_address('table', '{}', '{}');
drop schema "GoS" cascade; drop sequence go_seq; drop view gov; drop function gof; drop procedure gop;
select * from pg_get_object_address('composite type', '{a}', '{}');
select * from pg_get_object_address('view column', '{a}', '{}');
select * from pg_get_object_address('foreign table column', '{a}', '{}');
select * from pg_get_object_address('aggregate', '{nope}', '{int}');
select * from pg_get_object_address('aggregate', '{now}', '{}');
select * from pg_get_object_address('function', '{sum}', '{int}');
select * from pg_get_object_address('function', '{now}', '{null}');
select * from pg_get_object_address('function', '{now}', '{nope}');
select * from pg_get_object_address('table', '{public,nope}', '{}');
select * from pg_get_object_address('table', '{"a.b"}', '{}');

-- hash opclass support functions of integers, oid, "char", text, name, bpchar, floats
select hashint2(-3::int2), hashint2extended(-3::int2, 5), hashint4(-3), hashint4extended(2147483647, 0), hashint8(-3), hashint8(4294967296), hashint8extended(-3, 9), hashoid(4000000000), hashoidextended(12, 1);
select hashchar('a'), hashchar(e'\xe9'::"char"), hashchar(''), hashcharextended('z', 3), hashtext('abc'), hashtext(''), hashtextextended('abc', 0), hashtextextended('abc', 99), hashname('pg_class'), hashnameextended('pg_class', 2);
select hashbpchar('ab  '::char(6)), hashbpchar('ab'), hashbpcharextended('ab '::bpchar, 4);
select hashfloat8(0), hashfloat8(-0.0::float8), hashfloat8('NaN'), hashfloat8(1.5), hashfloat4(1.5), hashfloat4('-Infinity'), hashfloat8extended(0, 77), hashfloat8extended(1.5, 77), hashfloat4extended('NaN', 1), hashfloat8extended('NaN', 1);
select hashint4(5) = hashint8(5), hashint2(5::int2) = hashint4(5), hashint4extended(5, 3) = hashint8extended(5, 3), hashfloat4(2.5) = hashfloat8(2.5);

-- hash_numeric, jsonb_hash and their _extended forms
select hash_numeric(0), hash_numeric(1.5), hash_numeric(1.50), hash_numeric(-1.5), hash_numeric(12345678.9), hash_numeric(0.0001), hash_numeric(100000000), hash_numeric('NaN'), hash_numeric('Infinity'), hash_numeric(1e-20), hash_numeric(123e20);
select hash_numeric_extended(0, 5), hash_numeric_extended(1.5, 0), hash_numeric_extended(-0.00012, 77), hash_numeric_extended('NaN', 9), hash_numeric_extended(99999.99999, 3);
select jsonb_hash('{}'), jsonb_hash('[]'), jsonb_hash('null'), jsonb_hash('true'), jsonb_hash('false'), jsonb_hash('"abc"'), jsonb_hash('1.50'), jsonb_hash('1.5');
select jsonb_hash('{"b": 1, "aa": [1, "x", null, true, {"k": false}], "a": {}}'), jsonb_hash('[[], {}, [[1]]]');
select jsonb_hash_extended('{}', 7), jsonb_hash_extended('[]', 0), jsonb_hash_extended('null', 0), jsonb_hash_extended('null', 3), jsonb_hash_extended('true', 0), jsonb_hash_extended('true', 3), jsonb_hash_extended('false', 3);
select jsonb_hash_extended('{"b": 1, "aa": [1, "x", null, true, {"k": false}], "a": {}}', 0), jsonb_hash_extended('{"b": 1, "aa": [1, "x", null, true, {"k": false}], "a": {}}', 12345), jsonb_hash_extended('[[], {}, [[1.0]]]', 1);

-- oidvectortypes, pg_get_replica_identity_index
select oidvectortypes('23 25 1043'::oidvector), oidvectortypes(''::oidvector), oidvectortypes('1 23'::oidvector), oidvectortypes(null);
select p.proname, oidvectortypes(p.proargtypes) from pg_proc p where p.proname in ('substr', 'array_position', 'jsonb_set', 'pg_sleep') order by 1, 2;
create table rit(a int primary key, b int not null unique);
create table rit2(a int);
select pg_get_replica_identity_index('rit')::text, pg_get_replica_identity_index('rit2'), pg_get_replica_identity_index(null);
\set VERBOSITY sqlstate
select pg_get_replica_identity_index(4000000000);
\set VERBOSITY default
drop table rit, rit2;


-- aggregate transition and final functions, range subdiffs
select int4range_subdiff(10, 3), int8range_subdiff(-5, 9223372036854775807), numrange_subdiff(1.5, 0.25), daterange_subdiff('2020-03-01', '2020-02-01'), tsrange_subdiff('2020-01-01 00:00:01.5', '2020-01-01'), tstzrange_subdiff('2020-01-01 00:00:00+00', '2020-01-02 00:00:00+00');
select int8range_subdiff(-9223372036854775808, 9223372036854775807), numrange_subdiff('NaN', 1), daterange_subdiff('infinity', '2020-01-01'), tsrange_subdiff('infinity', '2020-01-01');
select booland_statefunc(true, false), booland_statefunc(true, true), boolor_statefunc(false, false), boolor_statefunc(false, true), booland_statefunc(null, true);
select int8inc_any(5, 'x'::text), int8dec_any(5, 1), int8inc_float8_float8(5, 1, 2), int8inc_any(null, 1);
select int2_sum(null, 3::int2), int2_sum(10, null), int2_sum(null, null), int2_sum(9223372036854775807, 1::int2), int4_sum(5, 2147483647), int8_sum(1.5, 9223372036854775807), int8_sum(null, 3), int8_sum(2, null);
select int2_avg_accum('{0,0}', 5::int2), int4_avg_accum('{2,10}', 7), int2_avg_accum_inv('{2,10}', 5::int2), int4_avg_accum_inv('{2,10}', 7), int8_avg('{4,10}'), int8_avg('{0,0}'), int2int4_sum('{3,10}'), int2int4_sum('{0,0}'), int8_avg('{3,10}'), int2_avg_accum(null, 5::int2), int4_avg_accum('[2:3]={1,2}', 7);
select int4_avg_combine('{2,10}', '{3,-4}');
select int4_avg_accum('{1,null}', 7);
select int8_avg('{{1,2}}');
select int8_avg('{}');
select int4_avg_accum('{1,2,3}', 7);
select int8_avg('{1}');
select int2int4_sum('{1,2,3}');
select int4_avg_accum('{9223372036854775807,0}', 7);
select int4_avg_combine('{1,9223372036854775807}', '{1,1}');
select timestamptz_cmp('2020-01-01 00:00+00', '2020-01-01 01:00+01'), timestamptz_cmp('infinity', now()), timestamp_cmp('-infinity', '2020-01-01');

-- float8 aggregate states: accumulation, combination, final functions
select float8_accum('{0,0,0}', 2), float8_accum('{1,2,0}', 4), float8_accum('{2,6,2}', -1.5), float4_accum('{0,0,0}', 1.5::float4), float8_accum('{0,0,0}', 'Infinity'), float8_accum('{1,1,0}', 'NaN'), float8_accum('[0:2]={1,1,0}', 3);
select float8_accum('{1,1e308,0}', 1e308);
select float8_accum('{1,2}', 1);
select float8_accum('{1,null,2}', 1);
select float8_accum('{{1,2,3}}', 1);
select float8_combine('{0,0,0}', '{2,6,2}'), float8_combine('{2,6,2}', '{0,0,0}'), float8_combine('{2,6,2}', '{3,3,8}');
select float8_combine('{1,1e308,0}', '{1,1e308,0}');
select float8_avg('{4,10,3}'), float8_avg('{0,0,0}'), float8_avg('{-1,2,3}'), float8_var_pop('{4,10,3}'), float8_var_samp('{4,10,3}'), float8_var_samp('{1,10,3}'), float8_stddev_pop('{4,10,3}'), float8_stddev_samp('{4,10,3}'), float8_stddev_samp('{0.5,1,1}');
select float8_var_pop('{1,2}');

-- regression aggregates' state functions
select float8_regr_accum('{0,0,0,0,0,0}', 1, 2), float8_regr_accum('{1,2,0,1,0,0}', 3, 5), float8_regr_accum('{2,7,4.5,4,2,3}', -1, 0.5);
select float8_regr_accum('{0,0,0,0,0,0}', 'NaN', 2), float8_regr_accum('{0,0,0,0,0,0}', 1, 'Infinity'), float8_regr_accum('{1,Infinity,0,1,0,0}', 3, 5), float8_regr_accum('{1,1,0,1,0,0}', 'Infinity', 5);
select float8_regr_accum('{1,1e308,0,1,0,0}', 3, 1e308);
select float8_regr_accum('{1,2,3}', 1, 2);
select float8_regr_combine('{0,0,0,0,0,0}', '{2,7,4.5,4,2,3}'), float8_regr_combine('{2,7,4.5,4,2,3}', '{3,1,2,3,4,5}');
select float8_regr_combine('{1,1e308,0,0,0,0}', '{1,1e308,0,0,0,0}');
select s, float8_regr_sxx(s), float8_regr_syy(s), float8_regr_sxy(s), float8_regr_avgx(s), float8_regr_avgy(s), float8_covar_pop(s), float8_covar_samp(s), float8_corr(s), float8_regr_r2(s), float8_regr_slope(s), float8_regr_intercept(s)
  from (values ('{0,0,0,0,0,0}'::float8[]), ('{1,2,0,3,0,0}'), ('{3,7,4.5,4,2,3}'), ('{3,7,0,4,2,3}'), ('{3,7,4.5,4,0,3}'), ('{2,1,2,3,4,-1}'), ('{0.5,1,2,3,4,5}')) v(s);
select float8_corr('{1,2}');

-- pg_walfile_name_offset, pg_prepared_xact
select pg_walfile_name_offset('0/1000000'), pg_walfile_name_offset('0/1000001'), pg_walfile_name_offset('1/0'), pg_walfile_name_offset('0/0'), pg_walfile_name_offset('FFFFFFFF/FFFFFFFF');
select * from pg_walfile_name_offset('0/10000ff');
select file_name = pg_walfile_name(pg_current_wal_lsn()), file_offset = (pg_current_wal_lsn() - '0/0') % 16777216 from pg_walfile_name_offset(pg_current_wal_lsn());
select * from pg_prepared_xact();

-- avg(interval)'s state functions
select interval_accum('{0,0}', '1 day 2 hours'), interval_accum('{"1 mon","00:00:00.000002"}', '-3 days'), interval_accum_inv('{"1 mon","00:00:00.000002"}', '1 mon'), interval_combine('{"1 day","00:00:00.000002"}', '{"2 hours","00:00:00.000003"}');
select interval_avg('{"1 day","00:00:00.000002"}'), interval_avg('{"1 mon 1 day","00:00:00.000003"}'), interval_avg('{0,0}'), interval_avg('{{"1 day","00:00:00.000002"}}');
select interval_accum('{0}', '1 day');
select interval_accum('{0,null}', '1 day');
select interval_accum('{"178000000 years",0}', '178000000 years');
select interval_avg('{"1 day","-00:00:00.000002"}');

-- pg_settings_get_flags
select pg_settings_get_flags('nope'), pg_settings_get_flags('WORK_MEM'), pg_settings_get_flags('sort_mem'), pg_settings_get_flags('server_version'), pg_settings_get_flags('is_superuser'), pg_settings_get_flags('data_checksums'), pg_settings_get_flags(null);
select md5(string_agg(name || coalesce(pg_settings_get_flags(name)::text, '-'), ',' order by name)), count(*) filter (where pg_settings_get_flags(name) <> '{}') from pg_settings;
select pg_settings_get_flags(n) from unnest(array['seed', 'session_authorization', 'role', 'transaction_isolation', 'lc_collate', 'shared_memory_size']) n;
