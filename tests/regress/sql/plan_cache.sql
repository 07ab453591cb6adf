-- Generic and custom plans of prepared statements (plan_cache_mode).
CREATE TABLE pc (id int PRIMARY KEY, k int, v text);
INSERT INTO pc SELECT g, CASE WHEN g <= 9000 THEN 1 ELSE g END, 'v' || g FROM generate_series(1, 10000) g;
CREATE INDEX pc_k ON pc (k);
ANALYZE pc;
PREPARE byid(int) AS SELECT id, v FROM pc WHERE id = $1;
SELECT name, generic_plans, custom_plans FROM pg_prepared_statements;
EXECUTE byid(1);
EXPLAIN (COSTS OFF) EXECUTE byid(2);
EXECUTE byid(3);
EXECUTE byid(4);
EXECUTE byid(5);
SELECT name, generic_plans, custom_plans FROM pg_prepared_statements;
EXECUTE byid(6);
EXPLAIN (COSTS OFF) EXECUTE byid(7);
EXECUTE byid(8);
SELECT name, generic_plans, custom_plans FROM pg_prepared_statements;
-- a skewed column: the custom plans differ by value, and stay custom
PREPARE byk(int) AS SELECT count(v) FROM pc WHERE k = $1;
EXPLAIN (COSTS OFF) EXECUTE byk(1);
EXPLAIN (COSTS OFF) EXECUTE byk(9500);
EXECUTE byk(1);
EXECUTE byk(9500);
EXECUTE byk(1);
EXECUTE byk(9501);
EXPLAIN (COSTS OFF) EXECUTE byk(1);
EXPLAIN (COSTS OFF) EXECUTE byk(9502);
SELECT name, generic_plans, custom_plans FROM pg_prepared_statements ORDER BY name;
-- no parameters: always the generic plan
PREPARE noparams AS SELECT count(*) FROM pc WHERE k = 1;
EXECUTE noparams;
EXECUTE noparams;
SELECT name, generic_plans, custom_plans FROM pg_prepared_statements ORDER BY name;
-- plan_cache_mode forces either
SET plan_cache_mode = force_generic_plan;
PREPARE forced(int) AS SELECT id, v FROM pc WHERE id < $1 ORDER BY id LIMIT 3;
EXPLAIN (COSTS OFF) EXECUTE forced(5);
EXECUTE forced(5);
SET plan_cache_mode = force_custom_plan;
EXPLAIN (COSTS OFF) EXECUTE forced(5);
EXECUTE forced(5);
EXECUTE byid(9);
EXECUTE byid(10);
SELECT name, generic_plans, custom_plans FROM pg_prepared_statements ORDER BY name;
SET plan_cache_mode = auto;
SHOW plan_cache_mode;
SET plan_cache_mode = sometimes;
-- LIMIT and OFFSET by parameter
PREPARE lim(int, int) AS SELECT id, v FROM pc ORDER BY id LIMIT $1 OFFSET $2;
EXECUTE lim(2, 0);
EXECUTE lim(3, 5);
EXPLAIN (COSTS OFF) EXECUTE lim(3, 5);
-- parameters in a subquery and a join
PREPARE sub(int) AS SELECT a.id, b.v FROM pc a JOIN pc b ON b.id = a.id + 1 WHERE a.id IN (SELECT id FROM pc WHERE id < $1) ORDER BY 1;
EXECUTE sub(4);
EXECUTE sub(3);
-- DML
PREPARE upd(int, text) AS UPDATE pc SET v = $2 WHERE id = $1 RETURNING id, v;
EXECUTE upd(1, 'one');
EXECUTE upd(2, 'two');
EXECUTE upd(3, 'three');
EXECUTE upd(4, 'four');
EXECUTE upd(5, 'five');
EXECUTE upd(6, 'six');
EXECUTE upd(7, NULL);
SELECT name, generic_plans, custom_plans FROM pg_prepared_statements WHERE name = 'upd';
-- NULL parameters
EXECUTE byid(NULL);
EXECUTE byk(NULL);
DEALLOCATE ALL;
DROP TABLE pc;
