--
-- select: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
CREATE TABLE sel_emp (id int, name text, dept text, salary numeric(8,2), hired date, manager int);
INSERT INTO sel_emp VALUES
  (1, 'Alice', 'eng', 120000, '2015-03-01', NULL),
  (2, 'Bob', 'eng', 95000, '2018-07-15', 1),
  (3, 'Carol', 'sales', 70000, '2019-01-10', 1),
  (4, 'Dave', 'sales', 65000, '2020-11-30', 3),
  (5, 'Eve', 'eng', 105000, '2017-05-20', 1),
  (6, 'Frank', NULL, 50000, '2021-02-01', NULL),
  (7, 'Grace', 'hr', NULL, '2016-09-09', 1),
  (8, 'Heidi', 'hr', 60000, NULL, 7),
  (9, 'Ivan', 'sales', 70000, '2022-04-04', 3),
  (10, 'Judy', 'eng', 95000, '2023-01-01', 2);
SELECT DISTINCT ON (dept) dept, name, salary FROM sel_emp ORDER BY dept, salary DESC NULLS LAST, name;
SELECT DISTINCT ON (dept) dept, name FROM sel_emp ORDER BY dept, name;
SELECT DISTINCT ON (dept) dept, name FROM sel_emp ORDER BY name;
DROP TABLE sel_emp;
