--
-- wrong answers and wrongly accepted input from issue 7, fixed: each must
-- keep PostgreSQL's answer or error
--
WITH q1(x) AS (SELECT random() FROM generate_series(1, 5)) SELECT count(*) FROM (SELECT * FROM q1 UNION SELECT * FROM q1) s;
WITH q1(x) AS MATERIALIZED (SELECT random() FROM generate_series(1, 5)) SELECT count(*) FROM (SELECT * FROM q1 UNION SELECT * FROM q1) s;
SELECT SUBSTRING('abcdefg' SIMILAR 'a*#"%#"g*' ESCAPE '#');
SELECT SUBSTRING('abcdefg' SIMILAR 'a#"%#"x#"g' ESCAPE '#');
CREATE TABLE wa_u (u unknown);
SELECT regproc('ng_catalog.now');
SELECT interval '178956971 years';
SELECT interval '2147483647 months 1 year', interval '2147483648 days';
SELECT interval '1 day' / 0.0000000001;
SELECT justify_hours(interval '2147483647 days 24 hours');
SELECT sqrt(1.000000000000003::numeric);
SELECT log(1.00000000000000014::numeric, 1.00000000000000000000000000000651::numeric);
SELECT power(0::numeric, '-inf'), power(0::float8, '-inf');
SELECT power('-inf'::numeric, 0.5);
SELECT power(-1::float8, 'nan'), power(1::numeric, 'nan');
SELECT (WITH cte(foo) AS (VALUES (1)) VALUES ((SELECT foo FROM cte)));
SELECT '{abc,de}'::varchar(2)[];
CREATE TABLE wa_v (c char(1), v varchar(1));
INSERT INTO wa_v VALUES ('ab', 'x');
INSERT INTO wa_v VALUES ('a', 'xy');
INSERT INTO wa_v VALUES ('a ', 'x  ');
SELECT c, v, 'abc'::varchar(1), 'abc'::char(1) FROM wa_v;
DROP TABLE wa_v;
BEGIN;
CREATE TABLE wa_now (a timestamptz);
INSERT INTO wa_now VALUES (timestamptz 'now');
SELECT pg_sleep(0.01);
INSERT INTO wa_now VALUES ('now'::text::timestamptz);
SELECT count(DISTINCT a), bool_and(a = now()) FROM wa_now;
ROLLBACK;
SET DateStyle = 'German, DMY';
SELECT date '27.12.2001', date '27/12/2001';
SELECT date '12/27/2001';
RESET DateStyle;
DROP TABLE IF EXISTS wa_u;
