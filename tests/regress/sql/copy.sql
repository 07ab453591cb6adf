--
-- COPY FROM STDIN, COPY TO STDOUT, COPY (query) TO, files and programs
--
CREATE TABLE cp_t (id int, name text, amount numeric, d date);
COPY cp_t FROM STDIN;
1	one	1.5	2024-01-01
2	two	\N	2024-02-02
3	with\ttab	-3	\N
\.
SELECT * FROM cp_t ORDER BY id;
COPY cp_t TO STDOUT;
COPY cp_t (id, name) TO STDOUT WITH (FORMAT csv, HEADER);
COPY (SELECT id, upper(name) FROM cp_t WHERE id < 3 ORDER BY id) TO STDOUT WITH (FORMAT csv);
COPY cp_t FROM STDIN WITH (FORMAT csv);
4,"quoted, comma",4.5,2024-04-04
5,,,
\.
SELECT * FROM cp_t ORDER BY id;
-- a bad row loads nothing
COPY cp_t FROM STDIN;
6	six	6	2024-06-06
x	bad	1	2024-01-01
\.
COPY cp_t (nosuch) FROM STDIN;
COPY nosuch FROM STDIN;
COPY cp_t (id, id) FROM STDIN;
SELECT count(*) FROM cp_t;
-- text escapes, both ways
CREATE TABLE cp_esc (id int, v text);
COPY cp_esc FROM STDIN;
1	a\tb\nc\\d
2	\x41\x4a\101\7\07\0101
3	back\\slash \b\f\r\v end
4	\q\z\.
5	\N
6	\\N
7	
\.
SELECT id, v, length(v), encode(convert_to(v, 'UTF8'), 'hex') FROM cp_esc ORDER BY id;
COPY cp_esc TO STDOUT;
COPY cp_esc TO STDOUT (FORMAT csv);
COPY cp_esc TO STDOUT (DELIMITER '|', NULL 'nil');
COPY cp_esc TO STDOUT (FORMAT csv, FORCE_QUOTE *, NULL 'nil');
COPY cp_esc (v) TO STDOUT (FORMAT csv, FORCE_QUOTE (v));
COPY cp_esc TO STDOUT (FORMAT csv, QUOTE '''', ESCAPE '\', DELIMITER ';');
-- a lone \. value is quoted in one-column CSV output
TRUNCATE cp_esc;
INSERT INTO cp_esc VALUES (1, '\.'), (2, '');
COPY cp_esc (v) TO STDOUT (FORMAT csv);
COPY cp_esc TO STDOUT (FORMAT csv);
-- the end-of-data marker ends the data mid-line in text mode
COPY cp_esc FROM STDIN;
3	last\.
\.
SELECT * FROM cp_esc ORDER BY id;
-- CSV details: quotes, escapes, embedded newlines, NULL handling
CREATE TABLE cp_csv (a text, b text, c text);
COPY cp_csv FROM STDIN (FORMAT csv);
"x""y",plain,"multi
line"
,"",
NULL,"NULL",n
\.
COPY cp_csv FROM STDIN (FORMAT csv, NULL 'NULL', FORCE_NOT_NULL (a), FORCE_NULL (b));
NULL,"NULL",z
,x,"y"
\.
COPY cp_csv FROM STDIN (FORMAT csv, QUOTE '''', ESCAPE '\', DELIMITER '|');
'it\'s'|'a|b'|'\\'
\.
SELECT a, b, c, a IS NULL AS a_null, b IS NULL AS b_null FROM cp_csv ORDER BY a NULLS FIRST, b NULLS FIRST, c;
COPY cp_csv FROM STDIN (FORMAT csv);
"unterminated,x,y
\.
COPY cp_csv FROM STDIN (FORMAT csv, HEADER);
a,b,c
h1,h2,h3
\.
COPY cp_csv FROM STDIN (FORMAT csv, HEADER MATCH);
a,b,c
m1,m2,m3
\.
COPY cp_csv FROM STDIN (FORMAT csv, HEADER MATCH);
a,x,c
\.
COPY cp_csv (c, a) FROM STDIN (FORMAT csv, HEADER MATCH);
c,a,b
\.
COPY cp_csv FROM STDIN (HEADER MATCH, NULL 'nil');
a	nil	c
\.
COPY cp_csv FROM STDIN (HEADER true);
ignored	header	line
t1	t2	t3
\.
SELECT * FROM cp_csv WHERE a LIKE 'h%' OR a LIKE 'm%' OR a LIKE 't%' ORDER BY a;
COPY cp_csv TO STDOUT (FORMAT csv, HEADER);
COPY cp_csv TO STDOUT (HEADER);
-- errors carry the line and the column
CREATE TABLE cp_err (a int NOT NULL, b text, c numeric(4,1) CHECK (c < 100), d date DEFAULT '2000-01-01');
COPY cp_err FROM STDIN;
1	x	1	2020-01-01
2	y
\.
COPY cp_err FROM STDIN;
1	x	1	2020-01-01	extra
\.
COPY cp_err FROM STDIN;
1	x	1	2020-01-01
2	y	zz	2020-01-01
\.
COPY cp_err FROM STDIN;
\N	x	1	2020-01-01
\.
COPY cp_err FROM STDIN;
1	x	100	2020-01-01
\.
COPY cp_err FROM STDIN;
1	x	12345	2020-01-01
\.
COPY cp_err (a, b) FROM STDIN (FORMAT csv);
1,"this is a long value that goes on and on and on and on and on and on and on and on and on and on and on and on and on",x
\.
COPY cp_err (a) FROM STDIN;
123456789012345678901234567890
\.
COPY cp_err FROM STDIN;
1	x	1	2020-01-01\.junk
\.
SELECT count(*) FROM cp_err;
-- defaults, identity, serial and generated columns, WHERE
CREATE TABLE cp_def (id serial, k int GENERATED ALWAYS AS IDENTITY, v text DEFAULT 'dflt', g int GENERATED ALWAYS AS (length(v)) STORED, n int);
COPY cp_def (n) FROM STDIN;
10
20
\.
COPY cp_def (k, v, n) FROM STDIN;
100	given	30
\.
COPY cp_def (n, v) FROM STDIN WHERE n > 40;
40	skip
50	fifty
60	\N
\.
SELECT * FROM cp_def ORDER BY id;
COPY cp_def TO STDOUT;
COPY cp_def (g) FROM STDIN;
COPY cp_def FROM STDIN WHERE g > 1;
COPY cp_def FROM STDIN WHERE n > nosuch;
COPY cp_def FROM STDIN WHERE sum(n) > 1;
COPY cp_def FROM STDIN WHERE n > (SELECT 1);
COPY cp_def FROM STDIN WHERE n;
COPY cp_def (n) TO STDOUT WHERE n > 1;
-- unique and foreign keys
CREATE TABLE cp_parent (id int PRIMARY KEY);
INSERT INTO cp_parent VALUES (1), (2);
CREATE TABLE cp_child (id int PRIMARY KEY, p int REFERENCES cp_parent);
COPY cp_child FROM STDIN;
1	1
2	2
1	2
\.
COPY cp_child FROM STDIN;
1	1
2	3
\.
COPY cp_child FROM STDIN (FORMAT csv);
1,1
2,
\.
SELECT * FROM cp_child ORDER BY id;
-- many batches into a table with indexes: every row's entries, and a
-- duplicate far into the data named by its line
CREATE TABLE cp_big (id int PRIMARY KEY, v text);
CREATE INDEX cp_big_v ON cp_big (v);
COPY (SELECT g, 'v' || (g % 97) FROM generate_series(1, 2500) g) TO '/tmp/gpostgres_regress_cp_big.data';
COPY cp_big FROM '/tmp/gpostgres_regress_cp_big.data';
SET enable_seqscan = off;
SET enable_bitmapscan = off;
SELECT count(*), sum(id) FROM cp_big WHERE v = 'v5';
SELECT count(*) FROM cp_big WHERE id BETWEEN 990 AND 1010;
RESET enable_seqscan;
RESET enable_bitmapscan;
COPY (SELECT g, 'w' FROM generate_series(2501, 4000) g UNION ALL SELECT 3999, 'dup' UNION ALL SELECT 4001, 'x') TO '/tmp/gpostgres_regress_cp_big.data';
COPY cp_big FROM '/tmp/gpostgres_regress_cp_big.data';
SELECT count(*) FROM cp_big;
DROP TABLE cp_big;
\! rm -f /tmp/gpostgres_regress_cp_big.data
-- domains and enums
CREATE DOMAIN cp_pos AS int CHECK (VALUE > 0);
CREATE DOMAIN cp_nn AS text NOT NULL;
CREATE TYPE cp_mood AS ENUM ('sad', 'happy');
CREATE TABLE cp_dom (p cp_pos, t cp_nn, m cp_mood);
COPY cp_dom FROM STDIN;
1	a	happy
\.
COPY cp_dom FROM STDIN;
-1	a	sad
\.
COPY cp_dom FROM STDIN;
2	\N	sad
\.
COPY cp_dom FROM STDIN;
2	b	meh
\.
COPY cp_dom TO STDOUT;
-- many types, out and back in
CREATE TABLE cp_types (i2 int2, i8 int8, f4 float4, f8 float8, b bool, vc varchar(3), bp char(3), by bytea,
  tm time, ttz timetz, ts timestamp, tstz timestamptz, iv interval, j json, jb jsonb, u uuid, ip inet,
  arr int[], tarr text[], o oid, nm name);
INSERT INTO cp_types VALUES (-1, 9223372036854775807, 1.5, -0.1, true, 'ab', 'x', '\x00ff', '01:02:03.5', '04:05+03',
  '2001-02-03 04:05:06.7', '2001-02-03 04:05:06+00', '1 year 2 mons -3 days 04:05:06', '{"a": 1}', '{"b": [1, "x"]}',
  'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '192.168.0.1/24', '{1,NULL}', '{"a b",NULL,"c\"d"}', 7, 'nm'),
  (NULL, NULL, 'NaN', '-Infinity', false, '', '', '', NULL, NULL, 'infinity', '-infinity', '0', 'null', '[]', NULL, '::1', '{}', '{}', 0, '');
COPY cp_types TO STDOUT;
COPY cp_types TO STDOUT (FORMAT csv);
CREATE TABLE cp_types2 (LIKE cp_types);
COPY cp_types2 FROM STDIN;
-1	9223372036854775807	1.5	-0.1	t	ab	x  	\\x00ff	01:02:03.5	04:05:00+03	2001-02-03 04:05:06.7	2001-02-02 20:05:06-08	1 year 2 mons -3 days +04:05:06	{"a": 1}	{"b": [1, "x"]}	a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11	192.168.0.1/24	{1,NULL}	{"a b",NULL,"c\\"d"}	7	nm
\.
COPY cp_types2 FROM STDIN;
1	1	1	1	t	abcd
\.
SELECT count(*) FROM (SELECT * FROM cp_types EXCEPT SELECT * FROM cp_types2) x;
-- options and their checks
COPY cp_t TO STDOUT (FORMAT xml);
COPY cp_t TO STDOUT (nosuch 1);
COPY cp_t TO STDOUT (FORMAT csv, FORMAT text);
COPY cp_t TO STDOUT (DELIMITER 'ab');
COPY cp_t TO STDOUT (DELIMITER E'\n');
COPY cp_t TO STDOUT (DELIMITER 'a');
COPY cp_t TO STDOUT (NULL E'\r');
COPY cp_t TO STDOUT (QUOTE '"');
COPY cp_t TO STDOUT (ESCAPE '"');
COPY cp_t TO STDOUT (FORMAT csv, QUOTE '');
COPY cp_t TO STDOUT (FORMAT csv, ESCAPE 'ab');
COPY cp_t TO STDOUT (FORMAT csv, DELIMITER ',', QUOTE ',');
COPY cp_t TO STDOUT (FORMAT csv, NULL 'a"b');
COPY cp_t TO STDOUT (DELIMITER ',', NULL 'a,b');
COPY cp_t TO STDOUT (FORCE_QUOTE (id));
COPY cp_t TO STDOUT (FORMAT csv, FORCE_NOT_NULL (id));
COPY cp_t TO STDOUT (FORMAT csv, FORCE_NULL (id));
COPY cp_t TO STDOUT (FORMAT csv, FORCE_QUOTE (nosuch));
COPY cp_t (id) TO STDOUT (FORMAT csv, FORCE_QUOTE (name));
COPY cp_t TO STDOUT (FORMAT csv, FORCE_QUOTE id);
COPY cp_t TO STDOUT (FORMAT binary, DELIMITER ',');
COPY cp_t TO STDOUT (FORMAT binary, NULL 'x');
COPY cp_t TO STDOUT (FORMAT binary, HEADER);
COPY cp_t TO STDOUT (HEADER MATCH);
COPY cp_t TO STDOUT (HEADER 'maybe');
COPY cp_t TO STDOUT (ENCODING 'nosuch');
COPY cp_t TO STDOUT (ENCODING 'utf8', FREEZE false, HEADER 0);
COPY cp_t FROM STDIN (FORMAT csv, FORCE_NOT_NULL (name), FORCE_NOT_NULL (id));
COPY cp_t (id) FROM STDIN (FORMAT csv, FORCE_NULL (name));
COPY cp_t FROM STDIN (FORMAT csv, FORCE_QUOTE *);
-- the old syntax
COPY cp_t TO STDOUT WITH CSV HEADER DELIMITER AS ';' NULL AS 'N' FORCE QUOTE *;
COPY cp_t (id, name) TO STDOUT WITH CSV QUOTE AS '''' FORCE QUOTE name;
COPY cp_t (id) FROM STDIN WITH DELIMITER AS ',' NULL AS 'x';
100
\.
COPY cp_t (id, name) FROM STDIN WITH CSV HEADER QUOTE AS '''' FORCE NOT NULL name;
id,name
101,
\.
SELECT * FROM cp_t WHERE id >= 100 ORDER BY id;
-- queries, views, sequences
COPY (SELECT 1 AS a, 'x' AS b UNION ALL SELECT 2, NULL ORDER BY 1) TO STDOUT (FORMAT csv, HEADER, FORCE_QUOTE (b));
COPY (SELECT 1 AS a) TO STDOUT (FORMAT csv, FORCE_QUOTE (nosuch));
COPY (VALUES (1, 'v')) TO STDOUT;
COPY (INSERT INTO cp_t (id) VALUES (200) RETURNING id, name) TO STDOUT;
COPY (DELETE FROM cp_t WHERE id = 200) TO STDOUT;
COPY (SELECT 1 INTO cp_nope) TO STDOUT;
COPY (SELECT 1/0) TO STDOUT;
CREATE VIEW cp_v AS SELECT id FROM cp_t;
COPY cp_v TO STDOUT;
COPY cp_v FROM STDIN;
\.
CREATE SEQUENCE cp_seq;
COPY cp_seq TO STDOUT;
COPY cp_seq FROM STDIN;
\.
-- FREEZE needs a table created or truncated in the same transaction
COPY cp_t FROM STDIN (FREEZE);
\.
BEGIN;
TRUNCATE cp_esc;
COPY cp_esc FROM STDIN (FREEZE);
1	frozen
\.
SELECT * FROM cp_esc;
COMMIT;
SELECT * FROM cp_esc;
BEGIN;
CREATE TABLE cp_new (a int);
COPY cp_new FROM STDIN WITH (FREEZE true);
1
\.
SAVEPOINT s;
COPY cp_new FROM STDIN WITH (FREEZE true);
\.
ROLLBACK;
-- read-only transactions: a temporary table may be loaded
CREATE TEMP TABLE cp_tmp (a int);
BEGIN READ ONLY;
COPY cp_t FROM STDIN;
ROLLBACK;
BEGIN READ ONLY;
COPY cp_tmp FROM STDIN;
1
\.
COPY cp_tmp TO STDOUT;
COPY (INSERT INTO cp_t (id) VALUES (1) RETURNING id) TO STDOUT;
ROLLBACK;
DROP TABLE cp_tmp;
-- server files and programs
COPY cp_t TO 'relative/path';
COPY cp_t TO '/nonexistent_dir/x';
COPY cp_esc (v) FROM 'PG_VERSION';
SELECT * FROM cp_esc ORDER BY id;
COPY cp_esc TO PROGRAM 'cat > /dev/null';
COPY (SELECT generate_series(1, 100000)) TO PROGRAM 'head -1 > /dev/null';
COPY cp_esc FROM PROGRAM 'printf "5\tfrom program\n"';
COPY cp_esc FROM PROGRAM 'exit 3';
SELECT * FROM cp_esc ORDER BY id;
-- ENCODING: data in a single-byte encoding
COPY cp_esc FROM PROGRAM 'printf "6\tcaf\351\n"' (ENCODING 'latin1');
COPY cp_esc FROM PROGRAM 'printf "7\t\201\n"' (ENCODING 'win1252');
COPY cp_esc FROM PROGRAM 'printf "7\t\377\n"';
COPY (SELECT E'caf\u00e9' AS v) TO PROGRAM 'test "$(cat)" = "$(printf "caf\351")"' (ENCODING 'LATIN1');
COPY (SELECT E'\u20ac' AS v) TO STDOUT (ENCODING 'LATIN1');
SELECT * FROM cp_esc WHERE id = 6;
-- SQL functions: not to or from the client, files and programs are fine
CREATE FUNCTION cp_fn() RETURNS int LANGUAGE sql AS $$ COPY cp_esc TO STDOUT; SELECT 1 $$;
SELECT cp_fn();
CREATE FUNCTION cp_fn2() RETURNS bigint LANGUAGE sql AS $$ COPY cp_esc (id, v) FROM PROGRAM 'echo 8,fn' (FORMAT csv); SELECT count(*) FROM cp_esc $$;
SELECT cp_fn2();
DROP FUNCTION cp_fn();
DROP FUNCTION cp_fn2();
-- psql's \copy uses STDIN and STDOUT
\copy cp_esc to stdout with csv
\copy (select 1 as one) to stdout with (format csv, header)
\copy cp_esc from stdin
9	via backslash copy
\.
\copy cp_esc (v, id) from stdin with (format csv)
"csv, via \copy",10
\.
SELECT * FROM cp_esc WHERE id >= 9 ORDER BY id;
DROP VIEW cp_v;
DROP SEQUENCE cp_seq;
DROP TABLE cp_t, cp_esc, cp_csv, cp_err, cp_def, cp_child, cp_parent, cp_dom, cp_types, cp_types2;
DROP DOMAIN cp_pos;
DROP DOMAIN cp_nn;
DROP TYPE cp_mood;
