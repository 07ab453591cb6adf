-- macaddr and macaddr8: input spellings, output, comparison, bitwise
-- operators, trunc, conversions, tables
SELECT '08:00:2b:01:02:03'::macaddr, '08-00-2b-01-02-03'::macaddr, '08002b:010203'::macaddr, '08002b-010203'::macaddr;
SELECT '0800.2b01.0203'::macaddr, '0800-2b01-0203'::macaddr, '08002b010203'::macaddr, '08:00:2B:01:02:03'::macaddr;
SELECT '8:0:2b:1:2:3'::macaddr, ' 08:00:2b:01:02:03 '::macaddr, '0x08:0x00:2b:01:02:03'::macaddr;
SELECT '08:00:2b:01:02'::macaddr;
SELECT '08:00:2b:01:02:03:04'::macaddr;
SELECT '08:00:2b:01:02:100'::macaddr;
SELECT '08:00:2b:01:02:-1'::macaddr;
SELECT '08-00:2b:01:02:03'::macaddr;
SELECT 'not a mac'::macaddr;
SELECT ''::macaddr;
SELECT '08002b01020'::macaddr;
SELECT '08:00:2b:01:02:03'::macaddr8, '08:00:2b:01:02:03:04:05'::macaddr8, '08-00-2b-01-02-03-04-05'::macaddr8, '0800.2b01.0203.0405'::macaddr8;
SELECT '08002b0102030405'::macaddr8, '08002b010203'::macaddr8, '  08:00:2b:01:02:03:04:05  '::macaddr8, '08:00:2B:01:02:03:04:05'::macaddr8;
SELECT '08:00:2b:01:02:03:04'::macaddr8;
SELECT '08:00:2b:01:02:03:04:05:06'::macaddr8;
SELECT '08:00-2b:01:02:03'::macaddr8;
SELECT '08:00:2b:01:02:0g'::macaddr8;
SELECT '08:00:2b:01:02:03 x'::macaddr8;
SELECT 'x'::macaddr8;
SELECT NULL::macaddr, NULL::macaddr8;
-- comparison
SELECT '08:00:2b:01:02:03'::macaddr = '08-00-2b-01-02-03'::macaddr, '08:00:2b:01:02:03'::macaddr < '08:00:2b:01:02:04'::macaddr, 'ff:00:00:00:00:00'::macaddr > '00:ff:ff:ff:ff:ff'::macaddr;
SELECT '08:00:2b:01:02:03'::macaddr <> '08:00:2b:01:02:03'::macaddr, '08:00:2b:01:02:03'::macaddr <= '08:00:2b:01:02:03'::macaddr, '08:00:2b:01:02:03'::macaddr >= '08:00:2b:01:02:04'::macaddr;
SELECT macaddr_cmp('08:00:2b:01:02:03', '08:00:2b:01:02:04'), macaddr_cmp('ff:00:2b:01:02:03', '08:00:2b:01:02:04'), macaddr_cmp('08:00:2b:01:02:03', '08:00:2b:01:02:03');
SELECT '08:00:2b:01:02:03:04:05'::macaddr8 = '08002b0102030405'::macaddr8, '08:00:2b:01:02:03:04:05'::macaddr8 < '08:00:2b:01:02:03:04:06'::macaddr8, macaddr8_cmp('08:00:2b:01:02:03:04:05', '01:00:2b:01:02:03:04:06');
SELECT '08:00:2b:01:02:03'::macaddr8 = '08:00:2b:ff:fe:01:02:03'::macaddr8, '08:00:2b:01:02:03'::macaddr = '08:00:2b:ff:fe:01:02:03'::macaddr8;
-- operators and functions
SELECT ~ '08:00:2b:01:02:03'::macaddr, '08:00:2b:01:02:03'::macaddr & 'ff:ff:ff:00:00:00', '08:00:2b:01:02:03'::macaddr | '00:00:00:ff:ff:ff';
SELECT ~ '08:00:2b:01:02:03:04:05'::macaddr8, '08:00:2b:01:02:03:04:05'::macaddr8 & 'ff:ff:ff:ff:00:00:00:00', '08:00:2b:01:02:03:04:05'::macaddr8 | '00:00:00:00:ff:ff:ff:ff';
SELECT trunc('08:00:2b:01:02:03'::macaddr), trunc('08:00:2b:01:02:03:04:05'::macaddr8), macaddr8_set7bit('08:00:2b:01:02:03:04:05'), macaddr8_set7bit('0a:00:2b:01:02:03:04:05');
-- conversions
SELECT '08:00:2b:01:02:03'::macaddr::macaddr8, '08:00:2b:ff:fe:01:02:03'::macaddr8::macaddr, macaddr8('08:00:2b:01:02:03'::macaddr), macaddr('08:00:2b:ff:fe:01:02:03'::macaddr8);
SELECT '08:00:2b:01:02:03:04:05'::macaddr8::macaddr;
SELECT '08:00:2b:01:02:03'::macaddr::text, '08:00:2b:01:02:03:04:05'::macaddr8::varchar, 'AA-BB-CC-DD-EE-FF'::text::macaddr;
SELECT pg_typeof('08:00:2b:01:02:03'::macaddr), pg_typeof('08:00:2b:01:02:03'::macaddr8), '{08:00:2b:01:02:03,00:00:00:00:00:00}'::macaddr[], ARRAY['08:00:2b:01:02:03:04:05'::macaddr8];
-- tables
CREATE TABLE macaddr_tbl (id int, m macaddr, m8 macaddr8);
INSERT INTO macaddr_tbl VALUES
  (1, '08:00:2b:01:02:03', '08:00:2b:01:02:03:04:05'),
  (2, '08:00:2b:01:02:02', '08:00:2b:01:02:03'),
  (3, 'ff:ff:ff:ff:ff:ff', 'ff:ff:ff:ff:ff:ff:ff:ff'),
  (4, '00:00:00:00:00:00', '00:00:00:00:00:00:00:00'),
  (5, NULL, NULL),
  (6, '08:00:2b:01:02:03', '08:00:2b:ff:fe:01:02:03');
SELECT * FROM macaddr_tbl ORDER BY id;
SELECT id, m FROM macaddr_tbl ORDER BY m, id;
SELECT id, m8 FROM macaddr_tbl ORDER BY m8 DESC, id;
SELECT m, count(*) FROM macaddr_tbl GROUP BY m ORDER BY m;
SELECT DISTINCT trunc(m) FROM macaddr_tbl ORDER BY 1;
SELECT a.id, b.id FROM macaddr_tbl a JOIN macaddr_tbl b ON a.m::macaddr8 = b.m8 ORDER BY 1, 2;
SELECT a.id, b.id FROM macaddr_tbl a JOIN macaddr_tbl b ON a.m = b.m AND a.id < b.id ORDER BY 1, 2;
SELECT id, m8::macaddr FROM macaddr_tbl WHERE m8 & '00:00:00:ff:ff:00:00:00' = '00:00:00:ff:fe:00:00:00' ORDER BY id;
UPDATE macaddr_tbl SET m = m | '00:00:00:00:00:ff' WHERE id < 3;
SELECT id, m FROM macaddr_tbl ORDER BY id;
DROP TABLE macaddr_tbl;
