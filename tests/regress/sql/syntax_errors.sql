--
-- syntax and name-resolution errors: messages, LINE and caret positions,
-- on one line and on several
--
SELECT;
SELEC 1;
SELECT 1 FROM;
SELECT * FORM t;
SELECT 1,;
SELECT (1 + 2;
SELECT 1 + 2);
SELECT 'unterminated;
SELECT "unterminated;
SELECT 1 WHERE;
SELECT a b c;
SELECT 1 ORDER BY;
SELECT 1 LIMIT;
SELECT 1 GROUP 1;
SELECT * FROM (SELECT 1);
SELECT * FROM (SELECT 1) AS;
INSERT INTO;
INSERT INTO t VALUES;
INSERT t VALUES (1);
UPDATE SET a = 1;
UPDATE t a = 1;
DELETE t;
DELETE FROM;
CREATE TABLE (a int);
CREATE TABLE t (a int,);
CREATE TABLE t (a);
CREATE TABLE t a int;
DROP t;
DROP TABLE;
SELECT 1
  + 2
  +;
SELECT a,
       b
  FROM nosuch_table_xyz
 WHERE c = 1;
SELECT 1 AS x,
       nosuch_col AS y;
SELECT upper(1,
  2, 3);
SELECT 1 +
  'abc'::int;
SELECT $1;
SELECT $$unterminated;
SELECT E'\xZZ';
SELECT U&'\zzzz';
SELECT 1::nosuchtype;
SELECT CAST(1 AS);
SELECT CASE WHEN 1 THEN 2 END;
SELECT CASE END;
SELECT COALESCE();
SELECT 1 IN ();
SELECT 1 BETWEEN 2;
SELECT NOT;
SELECT 1 IS;
SELECT 1 = ANY (1);
SELECT count(;
SELECT count(*) OVER;
SELECT * FROM generate_series(1, 2) AS g(a) JOIN;
SELECT 1 UNION;
SELECT 1 UNION SELECT;
VALUES;
VALUES ();
SELECT 1; SELECT 2;
SELECT 'one statement' AS a; SELECT syntax error; SELECT 'after' AS b;
SELECT 1 -- comment
;
SELECT /* block
   comment */ 2;
SELECT /* unterminated comment ;
SELECT 3;
