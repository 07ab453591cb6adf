-- bit, bit varying and money columns through COPY (text and binary,
-- to and from the client) and as pg_dump reads them; their plans,
-- windows and parameters; in records, json and strings
CREATE TABLE bm (id int, a bit(3), b varbit(10), c bit varying, m money);
INSERT INTO bm VALUES (1, B'101', B'1', B'', '12.34'), (2, B'000', B'1111111111', X'ABCDEF', '-0.01'), (3, NULL, NULL, NULL, NULL), (4, '111', '', '0', '92233720368547758.07');
COPY bm TO STDOUT;
COPY bm TO STDOUT (FORMAT csv, HEADER);
COPY (SELECT a, b, m FROM bm WHERE id = 1) TO STDOUT (FORMAT binary);
CREATE TABLE bm2 (LIKE bm);
COPY bm2 FROM STDIN;
5	010	0101	1	$1,000.00
6	\N	\N	\N	-$3.5
\.
COPY bm2 FROM STDIN (FORMAT csv);
7,110,11,,"$1,234.56"
\.
COPY bm2 FROM STDIN;
8	0101	1	1	1
\.
COPY bm2 FROM STDIN;
8	010	2	1	1
\.
COPY bm2 FROM STDIN;
8	010	1	1	$1x
\.
SELECT * FROM bm2 ORDER BY id;
-- binary COPY out to a file and back in
\copy bm TO '/tmp/bit_money_copy.bin' (FORMAT binary)
\copy bm2 FROM '/tmp/bit_money_copy.bin' (FORMAT binary)
SELECT * FROM bm2 ORDER BY id, a;
SELECT count(*) FROM bm JOIN bm2 USING (id) WHERE bm.a IS NOT DISTINCT FROM bm2.a AND bm.b IS NOT DISTINCT FROM bm2.b AND bm.c IS NOT DISTINCT FROM bm2.c AND bm.m IS NOT DISTINCT FROM bm2.m;
-- binary COPY into columns with a shorter typmod is refused
CREATE TABLE bm3 (id int, a bit(3), b varbit(2), c bit varying, m money);
\copy bm3 FROM '/tmp/bit_money_copy.bin' (FORMAT binary)
ALTER TABLE bm3 ALTER b TYPE varbit(10), ALTER a TYPE bit(2) USING a::bit(2);
\copy bm3 FROM '/tmp/bit_money_copy.bin' (FORMAT binary)
\! rm -f /tmp/bit_money_copy.bin
-- what pg_dump prints
\d bm
SELECT a.attname, format_type(a.atttypid, a.atttypmod), pg_get_expr(d.adbin, d.adrelid) FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum WHERE a.attrelid = 'bm'::regclass AND a.attnum > 0 ORDER BY a.attnum;
CREATE TABLE bm4 (a bit(3) DEFAULT B'101', b varbit(10) DEFAULT X'F', m money DEFAULT 5, c bit varying CHECK (length(c) < 5));
\d bm4
INSERT INTO bm4 DEFAULT VALUES;
SELECT * FROM bm4;
INSERT INTO bm4 (c) VALUES (B'111111');
CREATE VIEW bm_v AS SELECT a & B'110' AS x, b || B'1' AS y, m / 2 AS z, B'01' AS w, '1.5'::money AS v FROM bm;
\d+ bm_v
SELECT * FROM bm_v ORDER BY 1, 2;
DROP VIEW bm_v;
DROP TABLE bm, bm2, bm3, bm4;
-- grouping, joins (merge joins: neither type has a hash opclass), windows,
-- parameters
CREATE TABLE ex (id int, m money, b bit(4), v varbit);
INSERT INTO ex SELECT g, (g * 1.25)::numeric::money, (g % 16)::bit(4), (g::bit(8))::varbit FROM generate_series(1, 20) g;
SELECT id, sum(m) OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW), bit_or(b) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM ex ORDER BY id LIMIT 5;
SELECT max(m), min(m), avg(m::numeric) FROM ex;
SELECT b, count(*), sum(m) FROM ex GROUP BY b ORDER BY b LIMIT 4;
EXPLAIN (COSTS OFF) SELECT b, count(*) FROM ex GROUP BY b;
EXPLAIN (COSTS OFF) SELECT DISTINCT m FROM ex;
EXPLAIN (COSTS OFF) SELECT * FROM ex a JOIN ex b ON a.b = b.b;
EXPLAIN (COSTS OFF) SELECT * FROM ex a JOIN ex b ON a.m = b.m;
SELECT count(*) FROM ex a JOIN ex b ON a.b = b.b;
SELECT v FROM ex UNION SELECT B'1' ORDER BY 1 LIMIT 3;
SELECT id FROM ex WHERE b IN (B'0001', B'0011') ORDER BY id;
SELECT id FROM ex WHERE m BETWEEN '2' AND '5' ORDER BY id;
PREPARE p(bit(4), money) AS SELECT id FROM ex WHERE b = $1 AND m > $2 ORDER BY id;
EXECUTE p('0101', '1');
SELECT m::text::money = m, b::text::bit(4) = b FROM ex WHERE id = 3;
SELECT '{1,2}'::money[] || '3'::money, array_agg(b ORDER BY id) FROM ex WHERE id < 4;
SELECT greatest(B'1', B'10'), least('1'::money, '2'), coalesce(NULL::bit(2), B'11'), CASE WHEN true THEN B'1' ELSE B'10' END;
SELECT B'101' = ANY (ARRAY[B'101', B'1']), '1'::money IN ('1', '2');
SELECT to_char('12.34'::money::numeric, '999.99');
DROP TABLE ex;
-- in records, json, strings, and operators neither type has
SELECT row_to_json(row(B'1', '1'::money)), to_json(B'101'), to_jsonb('12.5'::money), jsonb_build_object('a', X'F'), json_agg(m) FROM (VALUES ('1'::money), ('-2')) t(m);
SELECT format('%s %L', B'101', '3'::money), quote_literal(B'1'), concat(B'1', '1'::money), B'1' || 'x'::text, 'x' || '1'::money;
SELECT row(B'1', '1'::money)::text, ARRAY[row(B'11')];
SELECT B'1' IS DISTINCT FROM B'10', nullif(B'1', B'1'), '1'::money IS DISTINCT FROM '1';
SELECT 1::money + 1, '1'::money + 1.5, 1.5 + '1'::money;
SELECT '1'::money * '2'::money;
SELECT - B'1';
SELECT B'1' + B'1';
SELECT sum(B'1');
SELECT avg('1'::money);
SELECT '5'::money::int8;
SELECT B'10'::text::bit(2), (B'10' || B'1')::bit(3), B'101'::bit(3)::varbit(2);
-- the functions behind the operators and casts, called by name
SELECT biteq(B'1', B'1'), bitne(B'1', B'0'), bitlt(B'0', B'1'), bitge(B'1', B'1'), varbitgt(B'1', B'0'), cash_eq('1', '1'), cash_lt('1', '2'), cash_ge('1', '2');
SELECT bitand(B'11', B'10'), bitor(B'01', B'10'), bitxor(B'11', B'10'), bitnot(B'10'), bitshiftleft(B'011', 1), bitshiftright(B'110', 1), bitcat(B'1', B'0');
SELECT cash_pl('1', '2'), cash_mi('1', '2'), cash_mul_int4('1', 3), cash_div_flt8('1', 3), int4_mul_cash(2, '1'), cash_div_cash('1', '3'), flt8_mul_cash(2, '1');
SELECT "numeric"('1.23'::money), money(1.234), money(5), money(5::int8), int4(B'1'), int8(B'11'), "bit"(5, 4), "bit"(5::int8, 70);
SELECT bitcmp(B'1', B'10'), varbitcmp(B'11', B'1'), cash_cmp('1', '1');
-- domains, composite types and arrays
CREATE DOMAIN d_bits AS bit(3) CHECK (VALUE <> B'000');
CREATE DOMAIN d_cash AS money CHECK (VALUE > '0');
SELECT B'101'::d_bits, '5'::d_cash, '1'::d_cash + '2'::d_cash;
SELECT B'000'::d_bits;
SELECT B'1'::d_bits;
SELECT '-1'::d_cash;
CREATE TYPE c_bm AS (b varbit(4), m money);
SELECT ROW(B'1', '2')::c_bm, '(0101,$3.00)'::c_bm, ('(1,4)'::c_bm).m;
SELECT '(10101,1)'::c_bm;
CREATE TABLE dt (x d_bits, y d_cash, z c_bm);
INSERT INTO dt VALUES (B'111', '1', ROW(B'11', '3'));
SELECT * FROM dt;
\d dt
DROP TABLE dt;
DROP TYPE c_bm;
DROP DOMAIN d_bits, d_cash;
SELECT B'1' = ANY ('{1,0}'::bit[]), '{1,2}'::money[] = '{$1,$2}', array_position('{1,0,1}'::varbit[], B'0');
-- indexes on bit and bit varying: which comparisons use them
CREATE TABLE bi (a bit(4), b varbit(8));
INSERT INTO bi SELECT (g % 16)::bit(4), (g % 200)::bit(8)::varbit FROM generate_series(1, 2000) g;
CREATE INDEX ON bi (a);
CREATE INDEX ON bi (b);
ANALYZE bi;
EXPLAIN (COSTS OFF) SELECT * FROM bi WHERE a = B'1010'::varbit;
EXPLAIN (COSTS OFF) SELECT * FROM bi WHERE b = B'00000011';
EXPLAIN (COSTS OFF) SELECT * FROM bi WHERE a = B'1010';
EXPLAIN (COSTS OFF) SELECT * FROM bi WHERE b::bit(8) = B'00000011';
EXPLAIN (COSTS OFF) SELECT a, count(*) FROM bi GROUP BY a ORDER BY a;
EXPLAIN (COSTS OFF) SELECT min(a), max(b) FROM bi;
SELECT min(a) FROM bi;
SELECT count(*) FROM bi WHERE a = B'1010'::varbit;
DROP TABLE bi;
-- outer joins, semi and anti joins, set operations (UNION sorts: neither
-- type can be hashed)
CREATE TABLE fa (id int, m money, b varbit);
CREATE TABLE fb (id int, m money, b varbit);
INSERT INTO fa VALUES (1, '1', B'1'), (2, '2', B'10'), (3, NULL, NULL), (4, '2', B'10');
INSERT INTO fb VALUES (1, '2', B'10'), (2, '3', B'11'), (3, NULL, NULL);
EXPLAIN (COSTS OFF) SELECT * FROM fa FULL JOIN fb ON fa.m = fb.m;
SELECT fa.id, fb.id FROM fa FULL JOIN fb ON fa.m = fb.m ORDER BY 1, 2;
SELECT fa.id, fb.id FROM fa FULL JOIN fb ON fa.b = fb.b ORDER BY 1, 2;
SELECT fa.id FROM fa WHERE NOT EXISTS (SELECT 1 FROM fb WHERE fb.m = fa.m) ORDER BY 1;
SELECT fa.id FROM fa WHERE fa.b IN (SELECT b FROM fb) ORDER BY 1;
SELECT fa.id, fb.id FROM fa LEFT JOIN fb USING (m) ORDER BY 1, 2;
SELECT m FROM fa UNION SELECT m FROM fb ORDER BY 1;
SELECT b FROM fa INTERSECT SELECT b FROM fb ORDER BY 1;
SELECT b FROM fa EXCEPT SELECT b FROM fb ORDER BY 1;
EXPLAIN (COSTS OFF) SELECT m FROM fa UNION SELECT m FROM fb;
DROP TABLE fa, fb;
CREATE TABLE fa (id int, m money, b varbit);
INSERT INTO fa VALUES (1, '1', B'1'), (2, '2', B'10'), (3, NULL, NULL), (4, '2', B'10');
EXPLAIN (COSTS OFF) SELECT m, b FROM fa UNION SELECT m, b FROM fa ORDER BY 1;
SELECT m, b FROM fa UNION SELECT m, b FROM fa ORDER BY 1;
EXPLAIN (COSTS OFF) SELECT m FROM fa UNION SELECT m FROM fa ORDER BY 1 DESC;
EXPLAIN (COSTS OFF) SELECT id, m FROM fa UNION SELECT id, m FROM fa;
SELECT m FROM fa UNION SELECT m FROM fa UNION SELECT '5' ORDER BY 1;
SELECT * FROM (SELECT m FROM fa UNION SELECT m FROM fa) s ORDER BY 1 LIMIT 2;
DROP TABLE fa;
-- psql's descriptions
\dT bit
\dT money
\dT varbit
\df bit_count
\do #
\dC money
SELECT oid::regtype, typinput, typoutput, typreceive, typsend, typmodin, typmodout FROM pg_type WHERE oid IN (1560, 1562, 790) ORDER BY 1;
