--
-- SQLSTATE of common errors: VERBOSITY sqlstate prints only the code, so
-- this file checks the codes that the other files check messages for.
--
\set VERBOSITY sqlstate
SELECT 1/0;
SELECT 1.0/0;
SELECT 1::float8/0;
SELECT 2147483647 + 1;
SELECT 9223372036854775807 + 1;
SELECT 32767::int2 + 1::int2;
SELECT int4 'abc';
SELECT int4 '2147483648';
SELECT numeric 'x';
SELECT float8 '1e400';
SELECT date '2024-02-30';
SELECT date 'nonsense';
SELECT timestamp '2024-01-01 25:00';
SELECT interval 'bogus';
SELECT bool 'maybe';
SELECT 'abc'::varchar(2)::char(1), 'abcd'::varchar(2);
SELECT sqrt(-1);
SELECT ln(0);
SELECT log(-1);
SELECT 0 ^ -1.0;
SELECT 'a' + 1;
SELECT nosuchfunc(1);
SELECT nosuchcol;
SELECT * FROM nosuchtable;
SELECT 1 +;
SELECT (SELECT 1 UNION SELECT 2);
SELECT 1 WHERE 1;
SELECT CASE WHEN true THEN 1 ELSE 'x' END;
SELECT sum(sum(1));
SELECT count(*) WHERE count(*) > 0;
SELECT substr('abc', 1, -1);
SELECT repeat('x', 1) FROM generate_series(1, 2) g GROUP BY g HAVING x = 1;
SELECT '\xzz'::bytea;
SELECT chr(0);
SELECT 'x' ~ '(';
SELECT 1::int4 << 'a';
SELECT 1 UNION SELECT 'a';
SELECT 1 INTERSECT SELECT 1, 2;
CREATE TABLE ss_t (id int NOT NULL, v varchar(3));
CREATE TABLE ss_t (id int);
INSERT INTO ss_t VALUES (NULL);
INSERT INTO ss_t VALUES (1, 'abcd');
INSERT INTO ss_t VALUES (1, 'a', 3);
INSERT INTO ss_t (nosuch) VALUES (1);
UPDATE ss_t SET id = 'x';
DROP TABLE nosuch;
CREATE TABLE ss_u (a nosuchtype);
CREATE TABLE ss_u (a int, a int);
BEGIN;
SELECT 1/0;
SELECT 1;
ROLLBACK;
BEGIN READ ONLY;
INSERT INTO ss_t VALUES (1);
ROLLBACK;
SET nosuch_setting = 1;
SET extra_float_digits = 10;
SET TimeZone = 'Nowhere/Land';
SHOW nosuch_setting;
DROP TABLE ss_t;
\set VERBOSITY default
SELECT 1/0;
