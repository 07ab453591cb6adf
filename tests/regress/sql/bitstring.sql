-- bit(n) and bit varying(n): input forms and errors, output, length
-- coercion, operators, functions, casts, aggregates, tables and indexes
SELECT B'0101', X'1F', B'', X'', b'11', x'a0f';
SELECT '0101'::bit(4), 'B0101'::bit(4), 'x1f'::bit(8), 'X1F'::varbit, ''::varbit, '1'::bit;
SELECT bit '101', bit varying '11', '101'::bit varying(5), '1010'::varbit(4);
SELECT B'0102';
SELECT X'1G';
SELECT 'b10é'::varbit;
SELECT '0101'::bit(5);
SELECT B'0101'::bit;
SELECT '101010'::varbit(3);
SELECT 'x12'::bit(4);
SELECT NULL::bit(3), NULL::varbit;
SELECT B'1 0'::varbit;
SELECT ' 101'::varbit;
SELECT 'b'::varbit, 'x'::varbit, 'B'::bit(1);
SELECT 'xx'::varbit;
SELECT 'X0'::bit(3);
SELECT pg_typeof(B'1'), pg_typeof(B'1'::varbit), pg_typeof(B'1' || B'0');
-- length coercion: explicit casts pad or truncate, assignment refuses
SELECT B'101'::bit(5), B'10101'::bit(3), B'101'::bit(3), B'101'::varbit(2), B'101'::varbit(5), B'101'::varbit::bit(2);
SELECT CAST(B'1' AS bit(8)), CAST(X'FF' AS bit(4)), CAST(B'111' AS bit varying(1));
CREATE TABLE bits (id int, a bit(4), b varbit(6), c bit varying);
INSERT INTO bits VALUES (1, B'1010', B'1', B'');
INSERT INTO bits VALUES (2, B'101', B'1', B'');
INSERT INTO bits VALUES (3, B'10101', B'1', B'');
INSERT INTO bits VALUES (4, B'1010', B'1010101', B'');
INSERT INTO bits VALUES (5, X'F', X'3F', X'ABCDEF0123456789');
INSERT INTO bits VALUES (6, '0000', '000', '0'), (7, '0110', '110011', '1100110011'), (8, NULL, NULL, NULL), (9, '1111', '', '1');
UPDATE bits SET a = B'11' WHERE id = 1;
SELECT * FROM bits ORDER BY id;
-- comparison and ordering: common bytes first, then the shorter string
SELECT B'10' < B'100', B'100' < B'11', B'0' = B'00', B'101' = B'101'::varbit, B'1' > B'', B'0101' >= B'0101', B'0101' <> B'0100';
SELECT bitcmp(B'1010', B'1011'), bitcmp(B'11', B'1'), varbitcmp(B'1', B'1'), B'1'::varbit <= B'10'::varbit;
SELECT id, c FROM bits ORDER BY c, id;
SELECT id, b FROM bits ORDER BY b DESC NULLS LAST, id;
SELECT b, count(*) FROM bits GROUP BY b ORDER BY b;
SELECT DISTINCT a FROM bits ORDER BY a;
SELECT x.id, y.id FROM bits x JOIN bits y ON x.a = y.a AND x.id < y.id ORDER BY 1, 2;
-- operators
SELECT B'1100' & B'1010', B'1100' | B'1010', B'1100' # B'1010', ~ B'1100', ~ B'101';
SELECT B'110' & B'11';
SELECT B'110' | B'11';
SELECT B'110' # B'11';
SELECT B'11001' << 2, B'11001' >> 2, B'11001' << -1, B'11001' >> -3, B'11001' << 5, B'11001' >> 100, B'1' << 0;
SELECT B'101' || B'0011', B'' || B'1', X'F' || B'0', pg_typeof(B'1'::bit(1) || B'1'::bit(1));
SELECT b || c FROM bits WHERE id = 5;
-- functions
SELECT length(B'10101'), bit_length(B'10101'), octet_length(B'10101'), octet_length(B''), length(X'ABC'), bit_length(B'1'::varbit);
SELECT substring(B'110010' FROM 2 FOR 3), substring(B'110010' FROM 3), substring(B'110010' FROM 0 FOR 2), substring(B'110010' FROM -5 FOR 7), substring(B'110010' FROM 7), substring(B'110010', 2, 2147483647);
SELECT substring(B'110010' FROM 2 FOR -1);
SELECT overlay(B'1111111' PLACING B'000' FROM 2 FOR 2), overlay(B'1111111' PLACING B'000' FROM 2), overlay(B'11' PLACING B'000' FROM 5), overlay(B'1111' PLACING B'0' FROM 1 FOR 0);
SELECT overlay(B'1111' PLACING B'0' FROM 0);
SELECT position(B'010' IN B'1101011'), position(B'111' IN B'1101011'), position(B'' IN B'1'), position(B'1' IN B''), position(B'11' IN B'1');
SELECT get_bit(B'0101', 0), get_bit(B'0101', 3), set_bit(B'0101', 0, 1), set_bit(B'0101', 3, 0), set_bit(B'0101'::varbit, 1, 0);
SELECT get_bit(B'0101', 4);
SELECT get_bit(B'0101', -1);
SELECT set_bit(B'0101', 1, 2);
SELECT bit_count(B'1011001'), bit_count(X'FFFF'), bit_count(B'');
-- casts to and from integers
SELECT 5::bit(4), 5::bit(1), (-1)::bit(4), (-1)::bit(40), 5::bit(36), 1::bit, 123456789::bit(32);
SELECT 5::int8::bit(70), (-2)::int8::bit(66), 9223372036854775807::bit(64);
SELECT B'0101'::int4, B'11111111111111111111111111111111'::int4, B'1'::int8, X'7FFFFFFFFFFFFFFF'::int8, X'FFFFFFFFFFFFFFFF'::int8, B''::int4;
SELECT B'111111111111111111111111111111111'::int4;
SELECT X'1FFFFFFFFFFFFFFFF'::int8;
SELECT 5::bit(4)::varbit, B'1'::varbit::bit(1), int4(B'101'), int8(B'101');
SELECT 5::varbit;
SELECT B'101'::text, B'101'::varbit::varchar, '1100'::text::bit(4), 'x1f'::text::varbit(10);
SELECT '{101,0011}'::varbit[], ARRAY[B'1', B'0'], '{1,0}'::bit(1)[];
-- aggregates
SELECT bit_and(a), bit_or(a), bit_xor(a) FROM bits WHERE a IS NOT NULL;
SELECT bit_and(v), bit_or(v), bit_xor(v) FROM (VALUES (B'1100'), (B'1010'), (NULL)) t(v);
SELECT bit_and(v) FROM (VALUES (B'1100'), (B'101')) t(v);
SELECT bit_or(v) FROM (VALUES (B'1')) t(v) WHERE false;
SELECT count(DISTINCT b), count(DISTINCT a), string_agg(b::text, ',' ORDER BY b, id) FROM bits;
-- indexes
CREATE INDEX bits_a ON bits (a);
CREATE INDEX bits_b ON bits (b);
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM bits WHERE a = B'0110';
SELECT id FROM bits WHERE a = B'0110';
SELECT id, b FROM bits WHERE b > B'1' ORDER BY b, id;
SELECT id, b FROM bits WHERE b >= B'' AND b < B'11' ORDER BY b, id;
RESET enable_seqscan;
CREATE UNIQUE INDEX bits_c ON bits (c);
INSERT INTO bits VALUES (10, '0001', '1', '1');
-- catalog and psql printing
SELECT format_type('bit'::regtype, 3), format_type('varbit'::regtype, 10), format_type('bit'::regtype, NULL), format_type('varbit'::regtype, NULL), 'bit varying(4)'::regtype, 'bit(3)'::regtype;
SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'bits'::regclass AND attnum > 0 ORDER BY attnum;
CREATE TABLE bits_t (x bit, y bit(3), z bit varying(10), w varbit, v bit(2)[]);
\d bits_t
INSERT INTO bits_t VALUES (B'1', B'101', B'1', B'', '{10,01}');
INSERT INTO bits_t VALUES (B'10', B'101', B'1', B'', NULL);
SELECT * FROM bits_t;
SELECT typname, typlen, typbyval, typcategory, typispreferred FROM pg_type WHERE oid IN ('bit'::regtype, 'varbit'::regtype) ORDER BY typname;
SELECT pg_catalog.bit(B'101', 2, true), varbit(B'101', 2, true), pg_catalog.bit(B'101', 5, true), varbit(B'101', 5, false);
SELECT pg_catalog.bit(B'101', 2, false);
SELECT varbit(B'101', 2, false);
\set VERBOSITY sqlstate
SELECT B'012';
INSERT INTO bits_t (y) VALUES (B'01');
INSERT INTO bits_t (z) VALUES (X'FFF');
SELECT B'01' & B'1';
SELECT get_bit(B'01', 2);
SELECT substring(B'01' FROM 1 FOR -1);
SELECT X'FFFFFFFFF'::int4;
\set VERBOSITY default
DROP TABLE bits, bits_t;
