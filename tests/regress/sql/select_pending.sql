--
-- select: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
-- DISTINCT, DISTINCT ON, LIMIT/OFFSET/FETCH, VALUES, column naming
SELECT DISTINCT ON (dept) dept, name, salary FROM sel_emp ORDER BY dept, salary DESC NULLS LAST, name;
SELECT DISTINCT ON (dept) dept, name FROM sel_emp ORDER BY dept, name;
SELECT DISTINCT ON (dept) dept, name FROM sel_emp ORDER BY name;
