--
-- more subqueries: nesting levels, correlation through two levels,
-- subqueries in ORDER BY, HAVING, CASE, function arguments and LIMIT,
-- derived tables with LIMIT and DISTINCT, non-recursive WITH in depth
--
CREATE TABLE sm_dept (id int, name text, budget int);
CREATE TABLE sm_emp (id int, dept int, name text, pay int);
INSERT INTO sm_dept VALUES (1, 'eng', 1000), (2, 'ops', 500), (3, 'lab', 200), (4, 'void', 0);
INSERT INTO sm_emp VALUES (1, 1, 'ann', 300), (2, 1, 'ben', 250), (3, 1, 'cid', 250), (4, 2, 'dee', 200), (5, 2, 'eli', 100), (6, 3, 'fay', 150), (7, NULL, 'gus', 50);
SELECT name FROM sm_emp WHERE dept IN (SELECT id FROM sm_dept WHERE budget > (SELECT avg(budget) FROM sm_dept)) ORDER BY name;
SELECT name FROM sm_emp e WHERE pay > (SELECT avg(pay) FROM sm_emp e2 WHERE e2.dept = e.dept) ORDER BY name;
SELECT name FROM sm_emp e WHERE pay = (SELECT max(pay) FROM sm_emp e2 WHERE e2.dept = e.dept) ORDER BY name;
SELECT d.name FROM sm_dept d WHERE EXISTS (SELECT 1 FROM sm_emp e WHERE e.dept = d.id AND e.pay > (SELECT avg(pay) FROM sm_emp)) ORDER BY 1;
SELECT d.name FROM sm_dept d WHERE (SELECT count(*) FROM sm_emp e WHERE e.dept = d.id) = 0;
SELECT d.name, (SELECT name FROM sm_emp e WHERE e.dept = d.id ORDER BY pay DESC, name LIMIT 1) AS top FROM sm_dept d ORDER BY d.id;
SELECT d.name, (SELECT sum(pay) FROM sm_emp e WHERE e.dept = d.id) * 100 / NULLIF(d.budget, 0) AS pct FROM sm_dept d ORDER BY d.id;
SELECT e.name FROM sm_emp e WHERE e.pay > ALL (SELECT pay FROM sm_emp x WHERE x.dept = 2) ORDER BY 1;
SELECT e.name FROM sm_emp e WHERE e.pay < ANY (SELECT pay / 2 FROM sm_emp x WHERE x.dept = 1) ORDER BY 1;
SELECT name FROM sm_emp ORDER BY (SELECT budget FROM sm_dept WHERE id = sm_emp.dept) DESC NULLS LAST, name;
SELECT dept, sum(pay) FROM sm_emp GROUP BY dept HAVING sum(pay) > (SELECT min(budget) FROM sm_dept WHERE budget > 0) ORDER BY dept;
SELECT dept, count(*) FROM sm_emp e GROUP BY dept HAVING count(*) >= (SELECT count(*) FROM sm_emp x WHERE x.dept = 2) ORDER BY dept NULLS LAST;
SELECT name, CASE WHEN pay >= (SELECT avg(pay) FROM sm_emp) THEN 'above' ELSE 'below' END FROM sm_emp ORDER BY id;
SELECT upper((SELECT name FROM sm_dept WHERE id = 1)), length((SELECT string_agg(name, '') FROM sm_emp));
SELECT * FROM (SELECT DISTINCT pay FROM sm_emp ORDER BY pay DESC LIMIT 3) t ORDER BY pay;
SELECT * FROM (SELECT dept, max(pay) AS m FROM sm_emp GROUP BY dept) t JOIN sm_dept d ON d.id = t.dept ORDER BY d.id;
SELECT t.n FROM (SELECT count(*) AS n FROM (SELECT DISTINCT dept FROM sm_emp WHERE dept IS NOT NULL) x) t;
SELECT (SELECT (SELECT (SELECT 42)));
SELECT (SELECT max(id) FROM (SELECT id FROM sm_emp WHERE pay > (SELECT min(pay) FROM sm_emp)) s);
SELECT e.name, (SELECT d.name FROM sm_dept d WHERE d.id = e.dept AND d.budget > (SELECT avg(pay) FROM sm_emp e3 WHERE e3.dept = e.dept)) FROM sm_emp e ORDER BY e.id;
SELECT name FROM sm_emp e WHERE EXISTS (SELECT 1 FROM sm_dept d WHERE d.id = e.dept AND EXISTS (SELECT 1 FROM sm_emp e2 WHERE e2.dept = d.id AND e2.pay < e.pay)) ORDER BY name;
SELECT name FROM sm_emp WHERE (SELECT budget FROM sm_dept WHERE id = dept) IS NULL ORDER BY name;
SELECT name FROM sm_emp WHERE dept = (SELECT id FROM sm_dept WHERE name = 'nope');
SELECT name FROM sm_emp WHERE dept NOT IN (SELECT id FROM sm_dept WHERE budget < 300) ORDER BY name;
SELECT count(*) FROM sm_emp WHERE dept IN (SELECT id FROM sm_dept) AND dept IN (SELECT dept FROM sm_emp WHERE pay > 200);
WITH big AS (SELECT id FROM sm_dept WHERE budget >= 500), staff AS (SELECT * FROM sm_emp WHERE dept IN (SELECT id FROM big)) SELECT name FROM staff ORDER BY name;
WITH t AS (SELECT dept, sum(pay) AS s FROM sm_emp GROUP BY dept) SELECT d.name, t.s FROM sm_dept d LEFT JOIN t ON t.dept = d.id ORDER BY d.id;
WITH t(a, b) AS (SELECT id, name FROM sm_dept) SELECT b FROM t WHERE a > 2 ORDER BY a;
WITH t AS (SELECT 1 AS x) SELECT * FROM t t1, t t2;
WITH sm_emp AS (SELECT 'shadow' AS name) SELECT name FROM sm_emp;
WITH a AS (SELECT 1 AS v), b AS (SELECT v + 1 AS v FROM a), c AS (SELECT v * 10 AS v FROM b) SELECT * FROM a, b, c;
WITH outer_cte AS (WITH inner_cte AS (SELECT 5 AS v) SELECT v * 2 AS v FROM inner_cte) SELECT v FROM outer_cte;
SELECT * FROM (WITH x AS (SELECT 3 AS v) SELECT v FROM x) s;
SELECT (WITH x AS (SELECT max(pay) AS m FROM sm_emp) SELECT m FROM x);
WITH t AS (SELECT id FROM sm_dept) UPDATE sm_emp SET pay = pay + 1 WHERE dept IN (SELECT id FROM t WHERE id = 3) RETURNING name, pay;
WITH t AS (SELECT 7 AS id) DELETE FROM sm_emp WHERE id IN (SELECT id FROM t) RETURNING name;
WITH t AS (SELECT 8 AS id, 'hal' AS name) INSERT INTO sm_emp (id, name, pay) SELECT id, name, 10 FROM t RETURNING *;
WITH t AS (SELECT 1) SELECT * FROM t, u;
SELECT count(*) FROM sm_emp;
DROP TABLE sm_emp, sm_dept;
WITH t(a, b) AS (SELECT 1) SELECT * FROM t;
-- Subqueries in LIMIT and OFFSET.
SELECT x FROM generate_series(1, 10) x ORDER BY x LIMIT (SELECT 2);
SELECT name FROM generate_series(1, 10) name ORDER BY 1 LIMIT (SELECT count(*) FROM generate_series(1, 4));
SELECT name FROM generate_series(1, 10) name ORDER BY 1 OFFSET (SELECT count(*) FROM generate_series(1, 4)) LIMIT 2;
