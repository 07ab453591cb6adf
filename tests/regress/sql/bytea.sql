--
-- bytea: hex and escape input and output, functions, comparison
--
SELECT '\x'::bytea, '\x01ff'::bytea, '\xDEADbeef'::bytea, 'abc'::bytea, '\000'::bytea;
SELECT E'\\x41 42'::bytea;
SELECT '\x0'::bytea;
SELECT '\xzz'::bytea;
SELECT 'a\\b'::bytea, 'a\001b'::bytea, '\\'::bytea;
SELECT 'a\9'::bytea;
SET bytea_output = 'escape';
SELECT '\x00010203'::bytea, 'abc'::bytea, '\xff7f80'::bytea, 'a\\b'::bytea, '\x5c27'::bytea;
SHOW bytea_output;
SET bytea_output = 'hex';
SELECT '\x00010203'::bytea, 'abc'::bytea;
SET bytea_output = 'other';
RESET bytea_output;
SELECT length('\x010203'::bytea), octet_length('abc'::bytea), bit_length('\x01'::bytea);
SELECT '\x0102'::bytea || '\x0304'::bytea, 'ab'::bytea || 'cd'::bytea;
SELECT substring('\x0102030405'::bytea from 2 for 3), substr('abcdef'::bytea, 3), overlay('abcdef'::bytea placing 'XY'::bytea from 2);
SELECT position('\x03'::bytea in '\x01020304'::bytea), position('\x09'::bytea in '\x0102'::bytea);
SELECT '\x01'::bytea < '\x02'::bytea, '\x01'::bytea < '\x0100'::bytea, 'abc'::bytea = 'abc'::bytea, '\xff'::bytea > '\x00ff'::bytea;
SELECT btrim('\x0001020100'::bytea, '\x00'::bytea), ltrim('\x000001'::bytea, '\x00'::bytea), rtrim('\x010000'::bytea, '\x00'::bytea);
SELECT 'abc'::bytea::text, '\x68'::bytea::text;
SELECT pg_typeof('\x00'::bytea), pg_typeof('ab'::bytea || 'cd'::bytea);
CREATE TABLE bytea_t (id int, b bytea);
SELECT * FROM bytea_t ORDER BY b;
SELECT id FROM bytea_t WHERE b = 'abc';
SELECT max(b), min(b), count(b) FROM bytea_t;
UPDATE bytea_t SET b = b || '\x01'::bytea WHERE id = 4 RETURNING *;
DROP TABLE bytea_t;
