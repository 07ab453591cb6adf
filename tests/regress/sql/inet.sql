-- inet and cidr: input, output, operators, functions, casts, tables
SELECT '192.168.1.5'::inet, '192.168.1.5/24'::inet, '10.0.0.0/8'::inet, '10/8'::inet;
SELECT '0.0.0.0/0'::inet, '255.255.255.255'::inet, '1.2.3.4/32'::inet, '1.2.3.4/0'::inet;
SELECT '::1'::inet, '::'::inet, 'fe80::1/64'::inet, '2001:DB8:0:0:1:0:0:1'::inet;
SELECT '::ffff:1.2.3.4'::inet, '::1.2.3.4'::inet, '::0.0.0.2'::inet, '1::'::inet, '1:0:0:2::3'::inet;
SELECT '1:2:3:4:5:6:7:8'::inet, '1:2:3:4:5:6:1.2.3.4/96'::inet, 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128'::inet;
SELECT '10'::cidr, '10.1'::cidr, '224'::cidr, '192.168.1/24'::cidr, '0x0a'::cidr, '0xc0a8'::cidr;
SELECT '128'::cidr, '192'::cidr, '240'::cidr, '10.1.2'::cidr, '1.2.3.4'::cidr, '0.0.0.0/0'::cidr;
SELECT '2001:db8::/32'::cidr, '::/0'::cidr, '::1'::cidr, 'fe80::/10'::cidr;
SELECT ' 1.2.3.4'::inet;
SELECT '1.2.3.4 '::inet;
SELECT '1.2.3'::inet;
SELECT ''::inet;
SELECT '1.2.3.4/33'::inet;
SELECT '1.2.3.256'::inet;
SELECT '1.2.3.4.5'::inet;
SELECT '::1/129'::inet;
SELECT '1:2:3:4:5:6:7:8:9'::inet;
SELECT '1::2::3'::inet;
SELECT 'abc'::inet;
SELECT '10.0.0.0/'::inet;
SELECT '192.168.1.5/24'::cidr;
SELECT '2001:db8::1/32'::cidr;
SELECT 'x'::cidr;
SELECT '1.2.3.4/33'::cidr;
SELECT NULL::inet, NULL::cidr;
-- comparison
SELECT '1.2.3.4'::inet = '1.2.3.4'::inet, '1.2.3.4'::inet = '1.2.3.4/32'::inet, '1.2.3.4/24'::inet = '1.2.3.4'::inet;
SELECT '1.2.3.4/24'::inet < '1.2.3.4'::inet, '1.2.3.4'::inet <= '1.2.3.5'::inet, '10.0.0.1'::inet > '9.255.255.255'::inet;
SELECT '1.2.3.4'::inet >= '::1'::inet, '1.2.3.4'::inet <> '::1'::inet, '10.0.0.0/8'::cidr = '10.0.0.0/8'::inet;
SELECT network_cmp('1.2.3.4/24', '1.2.3.4/16'), network_cmp('1.2.3.4', '1.2.3.5'), network_cmp('1.2.3.4', '::1'), network_cmp('10.0.0.1', '10.0.0.1');
-- containment
SELECT '192.168.1.5'::inet << '192.168.1.0/24'::inet, '192.168.1.0/24'::inet << '192.168.1.0/24'::inet, '192.168.1.0/24'::inet <<= '192.168.1.0/24'::inet;
SELECT '192.168.1.0/24'::inet >> '192.168.1.5'::inet, '192.168.1.0/24'::inet >>= '192.168.1.0/24'::inet, '192.168.1.0/24'::inet >> '192.168.2.5'::inet;
SELECT '192.168.1.0/24'::cidr && '192.168.1.128/25'::cidr, '192.168.1.0/24'::cidr && '192.168.2.0/24'::cidr, '::1'::inet && '1.2.3.4'::inet;
SELECT '::1'::inet << '::/0'::inet, '1.2.3.4'::inet << '::/0'::inet, '2001:db8::5'::inet <<= '2001:db8::/32'::cidr;
-- bitwise and arithmetic
SELECT ~ '192.168.1.6'::inet, ~ '::1'::inet, ~ '10.0.0.0/8'::inet;
SELECT '192.168.1.6'::inet & '0.0.0.255'::inet, '192.168.1.6'::inet | '0.0.0.255'::inet, '10.1.2.3/8'::inet & '255.255.0.0/16'::inet;
SELECT '1.2.3.4'::inet & '::1'::inet;
SELECT '1.2.3.4'::inet | '::1'::inet;
SELECT '192.168.1.6'::inet + 25, 25 + '192.168.1.6'::inet, '192.168.1.43'::inet - 36, '192.168.1.6/24'::inet + 300;
SELECT '::1'::inet + 65535, '::ffff'::inet - 1, 'ffff::'::inet - 1;
SELECT '255.255.255.255'::inet + 1;
SELECT '0.0.0.0'::inet - 1;
SELECT '1.2.3.4'::inet + 9999999999;
SELECT '192.168.1.43'::inet - '192.168.1.19'::inet, '192.168.1.19'::inet - '192.168.1.43'::inet, '::2'::inet - '::1'::inet;
SELECT '0.0.0.0'::inet - '255.255.255.255'::inet, '::1:0:0:0'::inet - '::'::inet, '::8000:0:0:0'::inet - '::1'::inet;
SELECT 'ffff::'::inet - '::'::inet;
SELECT '::8000:0:0:0'::inet - '::'::inet;
SELECT '1.2.3.4'::inet - '::1'::inet;
SELECT '10.0.0.0/8'::cidr + 1, '10.0.0.0/8'::cidr - 1;
-- functions
SELECT abbrev('10.1.0.0/16'::inet), abbrev('10.1.0.0/16'::cidr), abbrev('10.1.0.0/32'::inet), abbrev('10.0.0.0/8'::cidr), abbrev('10.1.2.0/23'::cidr);
SELECT abbrev('0.0.0.0/0'::cidr), abbrev('::/0'::cidr), abbrev('2001:db8::/32'::cidr), abbrev('::ffff:1.2.3.0/120'::cidr), abbrev('fe80::1/64'::inet);
SELECT abbrev('1:0:0:0:5::/80'::cidr), abbrev('0:0:1::/48'::cidr), abbrev('::ffff:0:0/96'::cidr), abbrev('1::/16'::cidr), abbrev('::1.2.3.0/120'::cidr), abbrev('::1.2.0.0/112'::cidr);
SELECT abbrev('1:2:3:4::/64'::cidr), abbrev('1:0:0:4::/64'::cidr), abbrev('::1.2.3.4'::cidr), abbrev('1.2.3.4'::cidr);
SELECT broadcast('192.168.1.5/24'), broadcast('10.1.2.3/8'), broadcast('1.2.3.4'), broadcast('2001:db8::1/64'), broadcast('0.0.0.0/0');
SELECT family('127.0.0.1'), family('::1'), family('10.0.0.0/8'::cidr);
SELECT host('192.168.1.5/24'), host('10.0.0.0/8'::cidr), host('fe80::1/64'), host('::');
SELECT hostmask('192.168.23.20/30'), hostmask('10.0.0.0/8'::cidr), hostmask('::1/64'), hostmask('1.2.3.4');
SELECT netmask('192.168.1.5/24'), netmask('10.0.0.0/8'::cidr), netmask('::1/64'), netmask('1.2.3.4/0');
SELECT masklen('192.168.1.5/24'), masklen('::1'), masklen('10'::cidr);
SELECT network('192.168.1.5/24'), network('10.1.2.3/8'), network('fe80::1234/64'), network('1.2.3.4');
SELECT set_masklen('192.168.1.5/24'::inet, 16), set_masklen('192.168.1.0/24'::cidr, 16), set_masklen('192.168.1.0/24'::cidr, 28), set_masklen('192.168.1.5/24'::inet::cidr, 30);
SELECT set_masklen('192.168.1.5'::inet, -1), set_masklen('::1/64'::inet, -1), set_masklen('10.0.0.0/8'::cidr, 0);
SELECT set_masklen('192.168.1.5'::inet, 33);
SELECT set_masklen('192.168.1.5'::inet, -2);
SELECT set_masklen('::1'::cidr, 129);
SELECT text('192.168.1.5'::inet), text('10.0.0.0/8'::cidr), text('::1'::inet), text('fe80::1/64'::inet);
SELECT inet_same_family('192.168.1.5', '10.0.0.1'), inet_same_family('192.168.1.5', '::1'), inet_same_family(NULL, '::1');
SELECT inet_merge('192.168.1.5/24', '192.168.2.5/24'), inet_merge('10.0.0.1', '10.0.0.2'), inet_merge('192.168.1.5', '192.168.1.5'), inet_merge('::1', '::2'), inet_merge('0.0.0.0', '255.0.0.0');
SELECT inet_merge('192.168.1.5/24', '::1');
-- casts
SELECT '192.168.1.5/24'::inet::cidr, '10.1.2.3'::inet::cidr, '10.0.0.0/8'::cidr::inet, '::1/64'::inet::cidr;
SELECT '10.0.0.0/8'::cidr::text, '1.2.3.4'::inet::text, '1.2.3.4'::inet::varchar, '1.2.3.4/24'::inet::varchar(5), '1.2.3.4'::inet::char(20);
SELECT '1.2.3.4/24'::text::inet, '10.1'::text::cidr, '::1'::varchar::inet, cidr('1.2.3.4/24'::inet);
SELECT 'bad'::text::inet;
SELECT '1.2.3.4'::inet::int;
SELECT pg_typeof('1.2.3.4'::inet), pg_typeof('1.2/16'::cidr), pg_typeof(network('1.2.3.4')), pg_typeof('1.2.3.4'::inet + 1), pg_typeof('10'::cidr + 1);
SELECT '{1.2.3.4,::1,10.0.0.0/8}'::inet[], ARRAY['10/8'::cidr, '192.168/16'], '{1.2.3.4/24}'::cidr[];
SELECT (ARRAY['1.2.3.4'::inet, '5.6.7.8'])[2], array_agg(x ORDER BY x) FROM (VALUES ('1.2.3.4'::inet), ('::1'), ('1.2.3.0/24')) v(x);
SELECT '{1.2.3.4/24}'::cidr[];
-- tables
CREATE TABLE inet_tbl (id int, i inet, c cidr);
INSERT INTO inet_tbl VALUES
  (1, '192.168.1.5', '192.168.1.0/24'),
  (2, '192.168.1.5/24', '192.168.0.0/16'),
  (3, '10.1.2.3/8', '10.0.0.0/8'),
  (4, '10.1.2.3', '10.1.2.0/24'),
  (5, '::1', '::/0'),
  (6, 'fe80::1/64', 'fe80::/64'),
  (7, '192.168.1.5', '192.168.1.5/32'),
  (8, NULL, NULL),
  (9, '0.0.0.0/0', '0.0.0.0/0'),
  (10, '2001:db8::ffff', '2001:db8::/32');
INSERT INTO inet_tbl VALUES (11, '1.2.3.4', '1.2.3.4/24');
INSERT INTO inet_tbl VALUES (11, 'nope', NULL);
SELECT * FROM inet_tbl ORDER BY id;
SELECT id, i FROM inet_tbl ORDER BY i, id;
SELECT id, c FROM inet_tbl ORDER BY c DESC, id;
SELECT i, count(*) FROM inet_tbl GROUP BY i ORDER BY i;
SELECT DISTINCT c FROM inet_tbl ORDER BY 1;
SELECT min(i), max(i), min(c), max(c), count(DISTINCT i) FROM inet_tbl;
SELECT id, i, c FROM inet_tbl WHERE i << c ORDER BY id;
SELECT id, i, c FROM inet_tbl WHERE i <<= c ORDER BY id;
SELECT id, i FROM inet_tbl WHERE i = '192.168.1.5' ORDER BY id;
SELECT id, i FROM inet_tbl WHERE i >>= '10.5.5.5' ORDER BY id;
SELECT a.id, b.id FROM inet_tbl a JOIN inet_tbl b ON a.i = b.i WHERE a.id < b.id ORDER BY 1, 2;
SELECT a.id, b.id FROM inet_tbl a JOIN inet_tbl b ON a.c = b.i ORDER BY 1, 2;
SELECT a.id, b.id FROM inet_tbl a JOIN inet_tbl b ON a.i << b.c ORDER BY 1, 2;
SELECT id, abbrev(c), host(i), masklen(i), family(c), broadcast(i), network(i), netmask(c), hostmask(c) FROM inet_tbl ORDER BY id;
SELECT id, i & netmask(c), i | hostmask(c), set_masklen(c, 8) FROM inet_tbl WHERE family(i) = 4 ORDER BY id;
UPDATE inet_tbl SET i = i + 1 WHERE family(i) = 4 AND masklen(i) = 32;
SELECT id, i FROM inet_tbl ORDER BY id;
SELECT i FROM inet_tbl WHERE i IN ('192.168.1.6', '10.1.2.4') ORDER BY 1;
ALTER TABLE inet_tbl ALTER COLUMN c TYPE inet;
SELECT id, c FROM inet_tbl ORDER BY id;
ALTER TABLE inet_tbl ALTER COLUMN i TYPE text;
SELECT id, i FROM inet_tbl ORDER BY id;
ALTER TABLE inet_tbl ALTER COLUMN i TYPE cidr USING i::inet::cidr;
SELECT id, i FROM inet_tbl ORDER BY id;
DROP TABLE inet_tbl;
-- the session's addresses (NULL over a Unix socket)
SELECT inet_client_addr(), inet_client_port(), inet_server_addr(), inet_server_port();
