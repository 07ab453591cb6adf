--
-- SELECT clauses: WHERE, GROUP BY, HAVING, ORDER BY (NULLS FIRST/LAST),
-- DISTINCT, DISTINCT ON, LIMIT/OFFSET/FETCH, VALUES, column naming
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
SELECT * FROM sel_emp ORDER BY id;
SELECT name, salary FROM sel_emp WHERE salary > 90000 ORDER BY salary DESC, name;
SELECT name FROM sel_emp WHERE dept = 'eng' AND hired > '2017-01-01' ORDER BY name;
SELECT name FROM sel_emp WHERE dept IS NULL OR salary IS NULL ORDER BY name;
SELECT id, name FROM sel_emp ORDER BY salary NULLS FIRST, id;
SELECT id, name FROM sel_emp ORDER BY salary DESC NULLS LAST, id;
SELECT id, name FROM sel_emp ORDER BY salary ASC NULLS LAST, id DESC;
SELECT id, name FROM sel_emp ORDER BY salary DESC, id;
SELECT id, dept FROM sel_emp ORDER BY dept NULLS FIRST, id DESC;
SELECT id, hired FROM sel_emp ORDER BY hired DESC NULLS FIRST LIMIT 3;
SELECT name FROM sel_emp ORDER BY 1 LIMIT 3;
SELECT name FROM sel_emp ORDER BY name LIMIT 3 OFFSET 2;
SELECT name FROM sel_emp ORDER BY name OFFSET 8;
SELECT name FROM sel_emp ORDER BY name OFFSET 20;
SELECT name FROM sel_emp ORDER BY name LIMIT 0;
SELECT name FROM sel_emp ORDER BY name LIMIT ALL;
SELECT name FROM sel_emp ORDER BY name LIMIT NULL;
SELECT name FROM sel_emp ORDER BY name FETCH FIRST 2 ROWS ONLY;
SELECT name FROM sel_emp ORDER BY name OFFSET 1 ROW FETCH NEXT 2 ROWS ONLY;
SELECT name FROM sel_emp ORDER BY name FETCH FIRST ROW ONLY;
SELECT name FROM sel_emp LIMIT -1;
SELECT name FROM sel_emp OFFSET -1;
SELECT name FROM sel_emp ORDER BY name LIMIT 1 + 1;
SELECT dept, count(*) FROM sel_emp GROUP BY dept ORDER BY dept;
SELECT dept, count(*), sum(salary), min(hired), max(name) FROM sel_emp GROUP BY dept ORDER BY dept NULLS FIRST;
SELECT dept, count(salary), avg(salary)::numeric(10,2) FROM sel_emp GROUP BY dept HAVING count(*) > 2 ORDER BY dept;
SELECT dept FROM sel_emp GROUP BY dept HAVING max(salary) > 100000;
SELECT dept, sum(salary) AS total FROM sel_emp GROUP BY dept ORDER BY total DESC NULLS LAST;
SELECT dept, sum(salary) AS total FROM sel_emp GROUP BY 1 ORDER BY 2 NULLS FIRST;
SELECT extract(year from hired) AS y, count(*) FROM sel_emp GROUP BY y ORDER BY y NULLS LAST;
SELECT dept, salary > 80000 AS high, count(*) FROM sel_emp GROUP BY dept, high ORDER BY dept, high;
SELECT count(*) FROM sel_emp HAVING count(*) > 5;
SELECT count(*) FROM sel_emp HAVING count(*) > 50;
SELECT 1 AS one HAVING 1 = 1;
SELECT dept, name FROM sel_emp GROUP BY dept;
SELECT name, count(*) FROM sel_emp;
SELECT dept FROM sel_emp GROUP BY dept HAVING name = 'Bob';
SELECT dept, count(*) FROM sel_emp WHERE count(*) > 1 GROUP BY dept;
SELECT dept, count(*) FROM sel_emp GROUP BY 3;
SELECT name FROM sel_emp ORDER BY 5;
SELECT DISTINCT dept FROM sel_emp ORDER BY dept;
SELECT DISTINCT dept, salary > 80000 FROM sel_emp ORDER BY 1, 2;
SELECT count(DISTINCT dept), count(dept), count(DISTINCT salary) FROM sel_emp;
SELECT DISTINCT ON (dept) dept, name, salary FROM sel_emp ORDER BY dept, salary DESC NULLS LAST, name;
SELECT DISTINCT ON (dept) dept, name FROM sel_emp ORDER BY dept, name;
SELECT DISTINCT ON (dept) dept, name FROM sel_emp ORDER BY name;
SELECT name, salary * 1.1 AS raised, salary / 12 AS monthly FROM sel_emp WHERE id <= 3 ORDER BY id;
SELECT name AS n FROM sel_emp WHERE id < 3 ORDER BY n DESC;
SELECT upper(name) FROM sel_emp ORDER BY upper(name) LIMIT 2;
SELECT name FROM sel_emp ORDER BY length(name), name;
SELECT name, dept FROM sel_emp ORDER BY dept DESC, name LIMIT 4;
SELECT e.name FROM sel_emp e WHERE e.id = 3;
SELECT sel_emp.name FROM sel_emp WHERE sel_emp.id = 4;
SELECT x.name FROM sel_emp e WHERE e.id = 1;
SELECT e.* FROM sel_emp e WHERE id = 2;
SELECT *, salary FROM sel_emp WHERE id = 2;
SELECT id, id FROM sel_emp WHERE id = 1;
SELECT count(*), count(1), count(salary), count(dept) FROM sel_emp;
SELECT * FROM sel_emp WHERE false;
SELECT 1 FROM sel_emp WHERE id = 1;
SELECT name, CASE WHEN salary >= 100000 THEN 'high' WHEN salary >= 70000 THEN 'mid' ELSE 'low' END AS band FROM sel_emp ORDER BY id;
SELECT CASE WHEN salary >= 100000 THEN 'high' ELSE 'other' END AS band, count(*) FROM sel_emp GROUP BY band ORDER BY band;
SELECT name FROM sel_emp WHERE name LIKE '_a%' ORDER BY name;
SELECT name FROM sel_emp WHERE name IN ('Alice', 'Eve', 'Zed') ORDER BY name;
SELECT name FROM sel_emp WHERE salary BETWEEN 60000 AND 95000 ORDER BY salary, name;
SELECT name FROM sel_emp WHERE hired < date '2018-01-01' ORDER BY hired;
SELECT id FROM sel_emp WHERE manager = 1 ORDER BY id;
SELECT * FROM (SELECT name, salary FROM sel_emp WHERE dept = 'eng') AS e WHERE salary < 110000 ORDER BY name;
SELECT * FROM (SELECT dept, count(*) AS n FROM sel_emp GROUP BY dept) s WHERE n > 1 ORDER BY n DESC, dept;
SELECT max(n) FROM (SELECT count(*) AS n FROM sel_emp GROUP BY dept) s;
SELECT * FROM (SELECT 1) s;
SELECT * FROM (SELECT 1 AS a, 2 AS b) AS s(x);
SELECT * FROM (SELECT 1 AS a) AS s(x, y);
SELECT * FROM (VALUES (1, 'one'), (2, 'two'), (3, NULL)) AS v(n, word) ORDER BY n DESC;
VALUES (1, 'a'), (2, 'b');
VALUES (1), (2) ORDER BY 1 DESC;
VALUES (1, 2), (3);
VALUES (1), ('a');
SELECT * FROM (VALUES (1), (2.5), (NULL)) v(x) ORDER BY x;
SELECT column1, column2 FROM (VALUES (1, 'x')) v;
SELECT 1, 'a', NULL, 2.5, true;
SELECT 1 + 1 AS two, 'text' AS t;
SELECT;
SELECT 1 FROM sel_emp LIMIT 1;
SELECT name FROM sel_emp WHERE id = (SELECT max(id) FROM sel_emp);
SELECT * FROM nosuchtable;
SELECT name FROM sel_emp GROUP BY name HAVING count(*) > 1;
SELECT dept, string_agg(name, ',') FROM (SELECT * FROM sel_emp ORDER BY name) e GROUP BY dept ORDER BY 1;
SELECT hired FROM sel_emp WHERE hired IS NOT NULL ORDER BY hired DESC LIMIT 1;
SELECT id % 3 AS bucket, count(*), min(id), max(id) FROM sel_emp GROUP BY id % 3 ORDER BY bucket;
SELECT id % 3 + 1 AS b FROM sel_emp GROUP BY id % 3 ORDER BY b;
SELECT dept, count(*) FILTER (WHERE salary > 80000) AS rich, count(*) FILTER (WHERE salary <= 80000) AS other FROM sel_emp GROUP BY dept ORDER BY dept;
SELECT TRUE AS t FROM sel_emp GROUP BY t;
SELECT count(*) FROM (SELECT DISTINCT dept FROM sel_emp) d;
SELECT ALL name FROM sel_emp WHERE id = 1;
TABLE sel_emp ORDER BY id LIMIT 2;
DROP TABLE sel_emp;
SELECT * FROM sel_emp;
