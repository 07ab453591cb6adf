--
-- funcs_misc: OVERLAPS, make_timestamptz, make_time errors, date_bin,
-- string_to_table, parse_ident, pg_size_pretty(numeric), pg_size_bytes
--
SET TimeZone = 'America/New_York';
SELECT (date '2024-01-01', date '2024-02-01') OVERLAPS (date '2024-01-15', date '2024-03-01');
SELECT (time '10:00', interval '1 hour') OVERLAPS (time '10:30', time '12:00'), (date '2024-01-01', date '2024-01-10') OVERLAPS (date '2024-01-10', date '2024-01-20');
SELECT (timestamp '2024-01-01', timestamp '2024-01-10') OVERLAPS (timestamp '2024-01-10', timestamp '2024-01-20');
SELECT (timestamp '2024-01-10', timestamp '2024-01-01') OVERLAPS (timestamp '2024-01-05', NULL::timestamp), (NULL::timestamp, timestamp '2024-01-01') OVERLAPS (timestamp '2024-01-05', timestamp '2023-01-01');
SELECT (NULL::timestamp, NULL::timestamp) OVERLAPS (timestamp '2024-01-05', timestamp '2023-01-01'), (timestamp '2024-01-01', NULL::timestamp) OVERLAPS (timestamp '2024-01-01', NULL::timestamp);
SELECT (timestamp '2024-01-01', interval '10 days') OVERLAPS (timestamp '2024-01-05', interval '1 day'), (timestamp '2024-01-01', timestamp '2024-01-03') OVERLAPS (timestamp '2024-01-02', interval '1 day'), (timestamp '2024-01-01', interval '1 day') OVERLAPS (timestamp '2024-01-05', timestamp '2024-01-06');
SELECT (timestamptz '2024-01-01', interval '10 days') OVERLAPS (timestamptz '2024-01-05', interval '1 day'), (time '23:00', interval '2 hours') OVERLAPS (time '00:30', time '01:00'), (time '10:00', time '11:00') OVERLAPS (time '10:30', interval '1 hour'), (time '10:00', interval '1 hour') OVERLAPS (time '12:00', interval '1 hour');
SELECT (timestamp '2024-01-01', NULL::interval) OVERLAPS (timestamp '2024-01-05', interval '1 day');
SELECT make_timestamptz(2024, 7, 1, 12, 0, 0), make_timestamptz(2024, 7, 1, 12, 0, 0, 'UTC'), make_timestamptz(2024, 1, 1, 12, 30, 15.5, '+05:30'), make_timestamptz(2024, 1, 1, 12, 0, 0, 'Europe/Paris'), make_timestamptz(2024, 7, 1, 12, 0, 0, 'EST'), make_timestamptz(2024, 7, 1, 12, 0, 0, '-3');
SELECT make_timestamptz(2024, 7, 1, 12, 0, 0, '5');
SELECT make_timestamptz(2024, 7, 1, 12, 0, 0, '+25');
SELECT make_timestamptz(2024, 7, 1, 12, 0, 0, 'nosuch');
SELECT make_timestamptz(2024, 13, 1, 12, 0, 0);
SELECT make_time(25, 0, 0);
SELECT make_time(1, 2, 61.5);
SELECT make_timestamp(2024, 1, 1, 1, 2, -1);
SELECT date_bin('15 minutes', timestamp '2024-01-01 10:37', timestamp '2024-01-01'), date_bin('1 day', timestamptz '2024-01-01 10:37+00', timestamptz '2001-01-01'), date_bin('15 minutes', timestamp '2024-01-01 10:37', timestamp '2030-01-01 00:07');
SELECT date_bin('1 month', timestamp '2024-01-01', timestamp '2024-01-01');
SELECT date_bin('0 days', timestamp '2024-01-01', timestamp '2024-01-01');
SELECT date_bin('-1 hour', timestamp '2024-01-01', timestamp '2024-01-01');
SELECT date_bin('1 hour', timestamp 'infinity', timestamp '2024-01-01');
SELECT date_bin('1 hour', timestamp '2024-01-01', timestamp 'infinity');
SELECT string_to_table('a,b,c', ',');
SELECT string_to_table('a,b,,c', ',', ''), string_to_table('abc', NULL);
SELECT * FROM string_to_table('', ',') t;
SELECT string_to_table('a b', '') AS x;
SELECT parse_ident('a."B".c', true), parse_ident(' Abc . "x""y" ', true), parse_ident('a.b c', false), parse_ident('MyTable$1', true);
SELECT parse_ident('a.b c', true);
SELECT parse_ident('a."b', true);
SELECT parse_ident('a.""', true);
SELECT parse_ident('.a', true);
SELECT parse_ident('a.', true);
SELECT parse_ident('', true);
SELECT parse_ident('1a', true);
SELECT pg_size_pretty(123456789::bigint), pg_size_pretty(1024::numeric), pg_size_pretty(10239::numeric), pg_size_pretty(10240::numeric), pg_size_pretty(-10240::numeric), pg_size_pretty(1e30::numeric), pg_size_pretty(12345.678::numeric), pg_size_pretty(-1e20::numeric);
SELECT pg_size_bytes('1 GB'), pg_size_bytes('1kB'), pg_size_bytes(' 1.5 MB '), pg_size_bytes('1e3'), pg_size_bytes('-2 bytes'), pg_size_bytes('1 tb'), pg_size_bytes('1PB'), pg_size_bytes('.5kB'), pg_size_bytes('1.5'), pg_size_bytes('1 B');
SELECT pg_size_bytes('1 XB');
SELECT pg_size_bytes('abc');
SELECT pg_size_bytes('1e');
SELECT pg_size_bytes('9223372036854775807 kB');
SELECT pg_size_bytes('');
-- pg_database_size: by name and by OID, NULL for an OID that names no
-- database, an error for a name that does not.
SELECT pg_database_size(datname) > 0 AS positive, pg_database_size(oid) = pg_database_size(datname) AS same FROM pg_database WHERE datname = current_database();
SELECT pg_database_size(0::oid), pg_database_size(NULL::name);
SELECT pg_database_size('no_such_database');

-- pg_collation_for: the collation of the argument expression, explicit,
-- from columns (a non-default one winning over the default), or its
-- type's; NULL for an unknown literal or conflicting implicit collations.
SELECT pg_collation_for('a'), pg_collation_for('a'::text), pg_collation_for(NULL), pg_collation_for(NULL::text);
SELECT pg_collation_for('a' COLLATE "C"), pg_collation_for('a' COLLATE "POSIX"), pg_collation_for('a' COLLATE "default"), pg_collation_for('a' COLLATE ucs_basic);
SELECT pg_collation_for(relname), pg_collation_for(relname::text), pg_collation_for(upper(relname)), pg_collation_for(length(relname)::text) FROM pg_class WHERE relname = 'pg_class';
SELECT pg_collation_for(ARRAY['a']), pg_collation_for(ARRAY['a'] COLLATE "C"), pg_collation_for(('a' COLLATE "C") || 'b');
SELECT pg_collation_for(1);
SELECT pg_collation_for(1) FROM pg_class WHERE false;
SELECT pg_collation_for(1 COLLATE "C");
SELECT pg_collation_for(('a' COLLATE "C") || ('b' COLLATE "POSIX"));
SELECT * FROM pg_collation_for('x'::text);
CREATE TABLE coll_t (a text COLLATE "C", b text, c varchar(3) COLLATE "POSIX", d name, e text[]);
INSERT INTO coll_t VALUES ('x', 'y', 'z', 'n', '{a}');
SELECT pg_collation_for(a), pg_collation_for(b), pg_collation_for(c), pg_collation_for(d), pg_collation_for(e), pg_collation_for(e[1]) FROM coll_t;
SELECT pg_collation_for(a || b), pg_collation_for(a || c), pg_collation_for(a::name), pg_collation_for(b::name), pg_collation_for(coalesce(b, c)) FROM coll_t;
SELECT pg_collation_for(a COLLATE "POSIX"), pg_collation_for(upper(c) || (b COLLATE "C")), pg_collation_for(CASE WHEN a > b THEN a ELSE b END) FROM coll_t;
SELECT attname, attcollation FROM pg_attribute WHERE attrelid = 'coll_t'::regclass AND attnum > 0 ORDER BY attnum;
DROP TABLE coll_t;

-- pg_column_compression: NULL for values made in memory and fixed-length
-- ones, pglz for values stored compressed (inline or in the TOAST table).
SELECT pg_column_compression(1::numeric), pg_column_compression('{1}'::int[]);
SELECT pg_column_compression('abc'::text), pg_column_compression(repeat('x', 10000)), pg_column_compression(1), pg_column_compression(NULL::text), pg_column_compression('x');
CREATE TABLE compr_t (id int, t text, b bytea, v varchar);
INSERT INTO compr_t VALUES (1, repeat('abc', 2000), decode(repeat('00', 5000), 'hex'), 'short');
INSERT INTO compr_t VALUES (2, 'short', 'x', repeat('xyz', 3000));
INSERT INTO compr_t VALUES (3, (SELECT string_agg(md5(i::text), '') FROM generate_series(1, 300) i), NULL, NULL);
ALTER TABLE compr_t ALTER COLUMN v SET STORAGE EXTERNAL;
INSERT INTO compr_t VALUES (4, NULL, NULL, repeat('xyz', 3000));
SELECT id, pg_column_compression(t) AS t, pg_column_compression(b) AS b, pg_column_compression(v) AS v, pg_column_compression(id) AS i FROM compr_t ORDER BY id;
SELECT id, pg_column_compression(t || ''), pg_column_compression(upper(t)), pg_column_compression(coalesce(t, '')) FROM compr_t ORDER BY id;
SELECT a.id, pg_column_compression(b.t) FROM compr_t a JOIN compr_t b ON a.id = b.id ORDER BY 1;
SELECT pg_column_compression(t::varchar), pg_column_compression(CASE WHEN id > 0 THEN t END), pg_column_compression(nullif(t, 'x')), pg_column_compression(greatest(t, 'a')), pg_column_compression(lower(t)) FROM compr_t WHERE id = 1;
DROP TABLE compr_t;
CREATE TABLE compr_lz (id int, t text COMPRESSION lz4, u text COMPRESSION pglz);
INSERT INTO compr_lz VALUES (1, repeat('abc', 3000), repeat('xyz', 3000));
SELECT id, pg_column_compression(t), pg_column_compression(u) FROM compr_lz;
CREATE TABLE compr_lz2 (id int, t text, u text COMPRESSION lz4);
INSERT INTO compr_lz2 SELECT * FROM compr_lz;
ALTER TABLE compr_lz2 ALTER COLUMN t SET STORAGE EXTERNAL;
INSERT INTO compr_lz2 SELECT id + 1, t, u FROM compr_lz;
SELECT id, pg_column_compression(t), pg_column_compression(u) FROM compr_lz2 ORDER BY id;
DROP TABLE compr_lz, compr_lz2;
