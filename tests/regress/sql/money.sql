-- money under lc_monetary C: input forms, rounding and range errors,
-- output, arithmetic, comparison, casts, cash_words, aggregates, tables
-- and indexes
SHOW lc_monetary;
SELECT '12.34'::money, '$1,234.56'::money, '-12.34'::money, '(12.34)'::money, '$-12.34'::money, '-$12.34'::money;
SELECT '12'::money, '12.3'::money, '.5'::money, '0'::money, ''::money, '  $ 12.34  '::money, '+12.34'::money;
SELECT '12.345'::money, '12.344'::money, '-12.345'::money, '12.3456'::money, '1,2,3,4'::money, '12.34-'::money, '12.34 $'::money;
SELECT '12.34)'::money, '1.2.3'::money;
SELECT '12a'::money;
SELECT 'abc'::money;
SELECT '$$12'::money;
SELECT '92233720368547758.07'::money, '-92233720368547758.08'::money;
SELECT '92233720368547758.08'::money;
SELECT '-92233720368547758.09'::money;
SELECT '92233720368547758.075'::money;
SELECT '1000000000000000000000'::money;
SELECT NULL::money, pg_typeof('1'::money);
SELECT '- 12'::money, '(12'::money, '12)'::money, ' '::money, '$ -1'::money, '12.999'::money, '0.995'::money, '-0.005'::money, '.'::money, '$'::money, '-'::money;
SELECT '-$-1'::money;
SELECT '1 2'::money;
SELECT '1e5'::money;
SELECT '12.34.56'::money;
SELECT '+-1'::money;
SELECT '1,,2'::money, ',1'::money, '1,'::money, '1.,5'::money;
SELECT '99999999999999999999'::money;
SELECT '92233720368547758.0799'::money;
SELECT '-92233720368547758.085'::money;
SELECT '0.0000000000000000000000000001'::money, '000000000000000000000000001.5'::money;
-- output
SELECT 0::money, 1::money, 0.01::money, 999.99::money, 1000::money, 1234567.89::money, (-1234567.89)::money, (-0.01)::money;
-- arithmetic
SELECT '12.34'::money + '1.66'::money, '12.34'::money - '20'::money, - '12.34'::money;
SELECT '12.34'::money * 2, 2 * '12.34'::money, '12.34'::money * 2::int2, 2::int8 * '12.34'::money, '12.34'::money * 1.5::float8, 1.5::float4 * '12.34'::money, '12.35'::money * 0.5;
SELECT '12.34'::money / 2, '12.35'::money / 2::int8, '12.35'::money / 2::int2, '12.34'::money / 3.0::float8, '12.34'::money / 0.5::float4, '12.34'::money / '2'::money, '1'::money / '3'::money;
SELECT '12.34'::money / 0;
SELECT '12.34'::money / 0.0::float8;
SELECT '12.34'::money / '0'::money;
SELECT '92233720368547758.07'::money + '0.01'::money;
SELECT '92233720368547758.07'::money * 2;
SELECT '-92233720368547758.08'::money - '0.01'::money;
SELECT '-92233720368547758.08'::money * -1;
SELECT '-92233720368547758.08'::money / -1;
SELECT '-92233720368547758.08'::money / 1, '-92233720368547758.08'::money - '-1'::money;
SELECT '1'::money * 'inf'::float8;
SELECT '1'::money * 'nan'::float8;
SELECT '1'::money * 1e308::float8;
SELECT '0.01'::money * 1e-320::float8;
SELECT '1'::money / 1e-300::float8;
SELECT '1'::money / 'inf'::float8, '1'::money * 0::float8, '92233720368547758.07'::money * 1::float4;
SELECT sum(m) FROM (VALUES ('92233720368547758.07'::money), ('1'::money)) t(m);
-- comparison
SELECT '1'::money < '2'::money, '2'::money <= '2'::money, '3'::money > '-4'::money, '1'::money = '1.00'::money, '1'::money <> '1.01'::money, '1'::money >= '2'::money;
SELECT cash_cmp('1', '2'), cash_cmp('2', '1'), cash_cmp('1', '1'), cashlarger('1', '2'), cashsmaller('1', '2');
-- casts
SELECT 12.345::numeric::money, 12.344::money, (-12.345)::money, 5::money, 5::int8::money, '12.34'::money::numeric, '-92233720368547758.08'::money::numeric;
SELECT 'NaN'::numeric::money;
SELECT 1e30::money;
SELECT 92233720368547758::int8::money;
SELECT '12.34'::money::text, '12.34'::text::money, '12.34'::money::varchar;
SELECT 12.34::float8::money;
SELECT '12.34'::money::int4;
SELECT '{1,2.5,-3}'::money[], ARRAY['1'::money];
-- cash_words
SELECT cash_words('0'), cash_words('0.01'), cash_words('1'), cash_words('1.01'), cash_words('-1.50');
SELECT cash_words('12.34'), cash_words('100'), cash_words('110'), cash_words('115'), cash_words('120'), cash_words('121');
SELECT cash_words('1000'), cash_words('1234567.89'), cash_words('92233720368547758.07'), cash_words('-92233720368547758.08');
-- tables, aggregates, indexes
CREATE TABLE cash_t (id int, m money);
INSERT INTO cash_t VALUES (1, '10'), (2, '-2.50'), (3, '1,000.01'), (4, NULL), (5, '10.00'), (6, 0.005);
SELECT * FROM cash_t ORDER BY id;
SELECT sum(m), min(m), max(m), count(DISTINCT m) FROM cash_t;
SELECT sum(m) FROM cash_t WHERE false;
SELECT m, count(*) FROM cash_t GROUP BY m ORDER BY m NULLS FIRST;
SELECT DISTINCT m FROM cash_t ORDER BY m DESC NULLS LAST;
SELECT id, m FROM cash_t ORDER BY m, id;
SELECT a.id, b.id FROM cash_t a JOIN cash_t b ON a.m = b.m AND a.id < b.id ORDER BY 1, 2;
CREATE INDEX cash_t_m ON cash_t (m);
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM cash_t WHERE m = '10';
SELECT id FROM cash_t WHERE m = '10' ORDER BY id;
SELECT id, m FROM cash_t WHERE m > '0' ORDER BY m, id;
RESET enable_seqscan;
UPDATE cash_t SET m = m * 2 WHERE id = 1;
INSERT INTO cash_t VALUES (7, 12.5::numeric), (8, 3);
SELECT id, m, m::numeric FROM cash_t ORDER BY id;
INSERT INTO cash_t VALUES (9, 'x');
SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'cash_t'::regclass AND attnum > 0 ORDER BY attnum;
SELECT typname, typlen, typbyval, typcategory, typalign FROM pg_type WHERE oid = 'money'::regtype;
\d cash_t
\set VERBOSITY sqlstate
SELECT 'abc'::money;
SELECT '92233720368547758.08'::money;
SELECT '1'::money / 0;
\set VERBOSITY default
-- the C locale's spellings (other monetary locales are refused)
SET lc_monetary = 'C';
SELECT '1234.5'::money;
SET lc_monetary = 'POSIX';
SET lc_monetary = 'C.utf8';
SELECT '-1234.5'::money;
SET lc_monetary = 'no_such_locale';
RESET lc_monetary;
SHOW lc_monetary;
DROP TABLE cash_t;
