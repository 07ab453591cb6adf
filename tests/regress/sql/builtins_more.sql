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
