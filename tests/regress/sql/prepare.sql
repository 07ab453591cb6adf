--
-- PREPARE, EXECUTE, DEALLOCATE, DISCARD
--
PREPARE p1 AS SELECT 1 + $1;
EXECUTE p1(2);
PREPARE p2(int, text) AS SELECT $1 * 2, upper($2);
EXECUTE p2(21, 'abc');
EXECUTE p2('x', 'abc');
EXECUTE nosuch;
PREPARE p1 AS SELECT 2;
SELECT name, statement, parameter_types FROM pg_prepared_statements ORDER BY name;
CREATE TABLE prep_t (a int, b text);
PREPARE ins(int, text) AS INSERT INTO prep_t VALUES ($1, $2) RETURNING *;
EXECUTE ins(1, 'one');
EXECUTE ins(2, 'two');
SELECT * FROM prep_t ORDER BY a;
DEALLOCATE ins;
DEALLOCATE ins;
DEALLOCATE ALL;
SELECT count(*) FROM pg_prepared_statements;
DISCARD ALL;
DROP TABLE prep_t;
