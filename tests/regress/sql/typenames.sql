--
-- type names and modifiers as written in CREATE TABLE and casts: SQL
-- spellings, aliases, typmods, format_type and pg_typeof of each
--
CREATE TABLE tn_t (
  a1 integer, a2 int, a3 int4, a4 smallint, a5 int2, a6 bigint, a7 int8,
  b1 real, b2 float4, b3 double precision, b4 float8, b5 float, b6 float(10), b7 float(30),
  c1 numeric, c2 numeric(10), c3 numeric(10, 3), c4 decimal, c5 decimal(5, 2), c6 dec(4,1),
  d1 text, d2 varchar, d3 varchar(7), d4 character varying(8), d5 char, d6 char(4), d7 character(5), d8 bpchar, d9 name,
  e1 boolean, e2 bool, e3 bytea,
  f1 date, f2 time, f3 time(3), f4 time without time zone, f5 timestamp, f6 timestamp(2), f7 timestamp without time zone,
  f8 timestamptz, f9 timestamp with time zone, f10 timestamptz(0), f11 interval, f12 interval(4), f13 interval year to month, f14 interval day to second(2)
);
SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'tn_t'::regclass AND attnum > 0 ORDER BY attnum;
INSERT INTO tn_t (b6, b7, c2, c3, c5, c6, d3, d5, d6, f3, f6, f10, f12, f13, f14) VALUES (1.23456789, 1.23456789, 12345.6, 1.23456, 123.456, 123.45, 'seven77', 'x', 'ab', '10:11:12.3456', '2024-01-01 10:11:12.345', '2024-01-01 10:11:12.5', '1.234567 seconds', '1 year 2 months 3 days', '1 day 00:00:01.234');
SELECT b6, b7, c2, c3, c5, c6, d3, d5, d6 || '|', f3, f6, f10, f12, f13, f14 FROM tn_t;
SELECT pg_typeof(a1), pg_typeof(a4), pg_typeof(a6), pg_typeof(b1), pg_typeof(b3), pg_typeof(b5), pg_typeof(b6), pg_typeof(b7) FROM tn_t;
SELECT pg_typeof(c1), pg_typeof(c5), pg_typeof(d1), pg_typeof(d3), pg_typeof(d5), pg_typeof(d9), pg_typeof(e1), pg_typeof(e3) FROM tn_t;
SELECT pg_typeof(f1), pg_typeof(f3), pg_typeof(f5), pg_typeof(f8), pg_typeof(f11), pg_typeof(f13) FROM tn_t;
INSERT INTO tn_t (c5) VALUES (1000);
INSERT INTO tn_t (d3) VALUES ('eight888');
INSERT INTO tn_t (d6) VALUES ('fiver');
INSERT INTO tn_t (d6) VALUES ('four    ');
INSERT INTO tn_t (a4) VALUES (32768);
DROP TABLE tn_t;
CREATE TABLE tn_bad (a float(0));
CREATE TABLE tn_bad (a float(54));
CREATE TABLE tn_bad (a numeric(0));
CREATE TABLE tn_scale (a numeric(5, 6), b numeric(3, -2));
INSERT INTO tn_scale VALUES (0.0123456, 12345);
INSERT INTO tn_scale VALUES (0.1, 0);
INSERT INTO tn_scale VALUES (0, 100000);
SELECT * FROM tn_scale;
DROP TABLE tn_scale;
CREATE TABLE tn_bad (a varchar(10485761));
CREATE TABLE tn_bad (a int(5));
CREATE TABLE tn_bad (a text(5));
CREATE TABLE tn_bad (a integer unsigned);
CREATE TABLE tn_bad (a datetime);
CREATE TABLE tn_bad (a string);
SELECT 1.5::float(10), 1.5::float(40), 'x'::character, 'xyz'::character(2), 'xyz'::character varying(2), 1::decimal(3,1), '10:00'::time(0), '1 day'::interval(0);
SELECT 'abc'::varchar(1)::varchar(5), 'abc'::char(1)::varchar, 12.345::numeric(5,2)::numeric(3,1), '12:34:56.789'::time(1), '2024-01-01 12:34:56.789'::timestamp(1);
SELECT time(2) '10:00:00.555', timestamp(1) '2024-01-01 10:00:00.55', timestamptz(0) '2024-01-01 10:00:00.5', interval(1) '1.55 seconds';
SELECT format_type('numeric'::regtype, -1), format_type('varchar'::regtype, -1), format_type('timestamptz'::regtype, 7), format_type('interval'::regtype, 2147418112);
SELECT typname, typlen, typtype FROM pg_type WHERE typname IN ('bpchar', 'varchar', 'numeric', 'float4', 'timestamp', 'name') ORDER BY typname;
-- a time, timestamp or interval precision above 6 is reduced to 6 with a WARNING,
-- sent again without a position where PostgreSQL resolves the type a second time
CREATE TABLE tn_prec (a time(7), b timestamp(7), c timetz(7), d timestamptz(7), e interval(7), f interval minute to second(8));
SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'tn_prec'::regclass AND attnum > 0 ORDER BY attnum;
ALTER TABLE tn_prec ADD COLUMN g time(9);
ALTER TABLE tn_prec ALTER COLUMN a TYPE timestamp(10);
ALTER TABLE tn_prec ALTER COLUMN b TYPE timestamptz(12);
SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'tn_prec'::regclass AND attnum IN (2, 7) ORDER BY attnum;
DROP TABLE tn_prec;
CREATE TABLE tn_prec2 (a int DEFAULT '1'::interval(8)::text::int, b time(7)[]);
DROP TABLE tn_prec2;
SELECT '12:00:00.1234567'::time(7), '12:00:00.1234567+02'::timetz(7);
SELECT '2024-01-01 12:00:00.1234567'::timestamp(7), '2024-01-01 12:00:00.1234567'::timestamptz(7);
SELECT '1.1234567 s'::interval(7), '1.1234567 s'::interval second(7), CAST('1.1234567 s' AS interval day to second(9));
SELECT NULL::time(7) UNION ALL SELECT NULL::time(8);
SELECT 'x'::time(7);
SELECT '12:00'::time(7) + 1;
SELECT '12:00'::time(6), '12:00'::time(7);
SELECT '12:00'::time(6), '12:00'::time(7);
CREATE DOMAIN tn_dom AS time(7);
DROP DOMAIN tn_dom;
CREATE TYPE tn_comp AS (a time(7), b int);
ALTER TYPE tn_comp ADD ATTRIBUTE c timestamp(8);
DROP TYPE tn_comp;
PREPARE tn_p(time(7)) AS SELECT $1, '1:00'::time(8);
EXECUTE tn_p('10:00:00.1234567');
EXECUTE tn_p('10:00:00.1234567');
DEALLOCATE tn_p;
CREATE VIEW tn_v AS SELECT '12:00'::time(7) AS x;
SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'tn_v'::regclass;
DROP VIEW tn_v;
CREATE TYPE tn_c9 AS (a int);
ALTER TYPE tn_c9 ALTER ATTRIBUTE a TYPE time(7);
DROP TYPE tn_c9;
CREATE TABLE tn_w9(a text);
INSERT INTO tn_w9 VALUES ('x');
ALTER TABLE tn_w9 ALTER COLUMN a TYPE time(7) USING a::time;
ALTER TABLE tn_w9 ALTER COLUMN a TYPE time(7) USING 1;
DROP TABLE tn_w9;
SELECT 'time(7)'::regtype, 'timestamptz(6)'::regtype;
SELECT 'time(7)[]'::regtype;
-- regtype input: errors name the type without its modifiers; interval's fields
SELECT 'nosuch(7)'::regtype;
SELECT 'nosuch[]'::regtype;
SELECT 'nosuch(7)[]'::regtype;
SELECT 'public.nosuch(3)'::regtype;
SELECT 'NoSuch'::regtype;
SELECT 'interval second(9)'::regtype;
SELECT 'interval(9)'::regtype, 'interval(3)'::regtype, 'interval year to month'::regtype, 'interval day to second(2)'::regtype, 'interval minute'::regtype;
SELECT to_regtype('interval hour to second'), to_regtype('interval(2)[]');
SELECT format_type('bit'::regtype, 5);

-- The WARNING of a time precision above 6: from to_regtype too; in a SQL
-- function's body at CREATE at its place in the statement, when called
-- at its place in the body (QUERY); none for a SQL-standard body called
-- (analyzed once, when created); without a position for CREATE
-- FUNCTION's argument and result types.
SELECT to_regtype('timestamp(8)');
SELECT to_regtype('time(9)[]'), to_regtype('interval second(8)');
CREATE FUNCTION tn_f7() RETURNS time LANGUAGE sql AS $$SELECT '1:00'::time(7)$$;
SELECT tn_f7();
CREATE FUNCTION tn_f7s() RETURNS time LANGUAGE sql AS $$SELECT 1; SELECT '1:00'::time(7)$$;
SELECT tn_f7s();
CREATE FUNCTION tn_f7n() RETURNS time LANGUAGE sql AS $$SELECT tn_f7s()$$;
SELECT tn_f7n();
CREATE PROCEDURE tn_p7() LANGUAGE sql AS $$SELECT '1:00'::time(7)$$;
CALL tn_p7();
CREATE FUNCTION tn_r7() RETURNS time LANGUAGE sql RETURN '1:00'::time(7);
SELECT tn_r7();
CREATE FUNCTION tn_a7() RETURNS time LANGUAGE sql BEGIN ATOMIC SELECT '1:00'::time(7); END;
SELECT tn_a7();
SET check_function_bodies = off;
CREATE FUNCTION tn_s8() RETURNS SETOF time LANGUAGE sql AS $$SELECT '1:00'::time(8) FROM generate_series(1, 2)$$;
RESET check_function_bodies;
SELECT * FROM tn_s8();
CREATE FUNCTION tn_f9(a time(7)) RETURNS time(9) LANGUAGE sql AS $$SELECT a::time(8)$$;
SELECT tn_f9('1:00');
DROP FUNCTION tn_f7, tn_f7s, tn_f7n, tn_r7, tn_a7, tn_s8, tn_f9;
DROP PROCEDURE tn_p7;
