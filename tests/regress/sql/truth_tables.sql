--
-- three-valued logic: truth tables of AND, OR, NOT, comparisons and the IS
-- predicates over true, false and NULL; comparisons, IN, BETWEEN,
-- COALESCE, NULLIF, GREATEST, LEAST and CASE over integers and NULL
--
SELECT true AND true, true OR true, true = true, true <> true, true < true, true IS DISTINCT FROM true, true IS NOT DISTINCT FROM true;
SELECT true AND false, true OR false, true = false, true <> false, true < false, true IS DISTINCT FROM false, true IS NOT DISTINCT FROM false;
SELECT true AND NULL::bool, true OR NULL::bool, true = NULL::bool, true <> NULL::bool, true < NULL::bool, true IS DISTINCT FROM NULL::bool, true IS NOT DISTINCT FROM NULL::bool;
SELECT NOT true, true IS TRUE, true IS NOT TRUE, true IS FALSE, true IS NOT FALSE, true IS UNKNOWN, true IS NOT UNKNOWN, true IS NULL;
SELECT false AND true, false OR true, false = true, false <> true, false < true, false IS DISTINCT FROM true, false IS NOT DISTINCT FROM true;
SELECT false AND false, false OR false, false = false, false <> false, false < false, false IS DISTINCT FROM false, false IS NOT DISTINCT FROM false;
SELECT false AND NULL::bool, false OR NULL::bool, false = NULL::bool, false <> NULL::bool, false < NULL::bool, false IS DISTINCT FROM NULL::bool, false IS NOT DISTINCT FROM NULL::bool;
SELECT NOT false, false IS TRUE, false IS NOT TRUE, false IS FALSE, false IS NOT FALSE, false IS UNKNOWN, false IS NOT UNKNOWN, false IS NULL;
SELECT NULL::bool AND true, NULL::bool OR true, NULL::bool = true, NULL::bool <> true, NULL::bool < true, NULL::bool IS DISTINCT FROM true, NULL::bool IS NOT DISTINCT FROM true;
SELECT NULL::bool AND false, NULL::bool OR false, NULL::bool = false, NULL::bool <> false, NULL::bool < false, NULL::bool IS DISTINCT FROM false, NULL::bool IS NOT DISTINCT FROM false;
SELECT NULL::bool AND NULL::bool, NULL::bool OR NULL::bool, NULL::bool = NULL::bool, NULL::bool <> NULL::bool, NULL::bool < NULL::bool, NULL::bool IS DISTINCT FROM NULL::bool, NULL::bool IS NOT DISTINCT FROM NULL::bool;
SELECT NOT NULL::bool, NULL::bool IS TRUE, NULL::bool IS NOT TRUE, NULL::bool IS FALSE, NULL::bool IS NOT FALSE, NULL::bool IS UNKNOWN, NULL::bool IS NOT UNKNOWN, NULL::bool IS NULL;
SELECT 1 = 1, 1 < 1, 1 >= 1, 1 IN (1, 3), 1 NOT IN (1, 3), 1 BETWEEN 1 AND 2, COALESCE(1, 1), NULLIF(1, 1), GREATEST(1, 1), LEAST(1, 1);
SELECT CASE WHEN 1 = 1 THEN 'eq' WHEN 1 <> 1 THEN 'ne' ELSE 'unknown' END, CASE 1 WHEN 1 THEN 'match' ELSE 'no' END;
SELECT 1 = 2, 1 < 2, 1 >= 2, 1 IN (2, 3), 1 NOT IN (2, 3), 1 BETWEEN 2 AND 2, COALESCE(1, 2), NULLIF(1, 2), GREATEST(1, 2), LEAST(1, 2);
SELECT CASE WHEN 1 = 2 THEN 'eq' WHEN 1 <> 2 THEN 'ne' ELSE 'unknown' END, CASE 1 WHEN 2 THEN 'match' ELSE 'no' END;
SELECT 1 = NULL::int, 1 < NULL::int, 1 >= NULL::int, 1 IN (NULL::int, 3), 1 NOT IN (NULL::int, 3), 1 BETWEEN NULL::int AND 2, COALESCE(1, NULL::int), NULLIF(1, NULL::int), GREATEST(1, NULL::int), LEAST(1, NULL::int);
SELECT CASE WHEN 1 = NULL::int THEN 'eq' WHEN 1 <> NULL::int THEN 'ne' ELSE 'unknown' END, CASE 1 WHEN NULL::int THEN 'match' ELSE 'no' END;
SELECT 2 = 1, 2 < 1, 2 >= 1, 2 IN (1, 3), 2 NOT IN (1, 3), 2 BETWEEN 1 AND 2, COALESCE(2, 1), NULLIF(2, 1), GREATEST(2, 1), LEAST(2, 1);
SELECT CASE WHEN 2 = 1 THEN 'eq' WHEN 2 <> 1 THEN 'ne' ELSE 'unknown' END, CASE 2 WHEN 1 THEN 'match' ELSE 'no' END;
SELECT 2 = 2, 2 < 2, 2 >= 2, 2 IN (2, 3), 2 NOT IN (2, 3), 2 BETWEEN 2 AND 2, COALESCE(2, 2), NULLIF(2, 2), GREATEST(2, 2), LEAST(2, 2);
SELECT CASE WHEN 2 = 2 THEN 'eq' WHEN 2 <> 2 THEN 'ne' ELSE 'unknown' END, CASE 2 WHEN 2 THEN 'match' ELSE 'no' END;
SELECT 2 = NULL::int, 2 < NULL::int, 2 >= NULL::int, 2 IN (NULL::int, 3), 2 NOT IN (NULL::int, 3), 2 BETWEEN NULL::int AND 2, COALESCE(2, NULL::int), NULLIF(2, NULL::int), GREATEST(2, NULL::int), LEAST(2, NULL::int);
SELECT CASE WHEN 2 = NULL::int THEN 'eq' WHEN 2 <> NULL::int THEN 'ne' ELSE 'unknown' END, CASE 2 WHEN NULL::int THEN 'match' ELSE 'no' END;
SELECT NULL::int = 1, NULL::int < 1, NULL::int >= 1, NULL::int IN (1, 3), NULL::int NOT IN (1, 3), NULL::int BETWEEN 1 AND 2, COALESCE(NULL::int, 1), NULLIF(NULL::int, 1), GREATEST(NULL::int, 1), LEAST(NULL::int, 1);
SELECT CASE WHEN NULL::int = 1 THEN 'eq' WHEN NULL::int <> 1 THEN 'ne' ELSE 'unknown' END, CASE NULL::int WHEN 1 THEN 'match' ELSE 'no' END;
SELECT NULL::int = 2, NULL::int < 2, NULL::int >= 2, NULL::int IN (2, 3), NULL::int NOT IN (2, 3), NULL::int BETWEEN 2 AND 2, COALESCE(NULL::int, 2), NULLIF(NULL::int, 2), GREATEST(NULL::int, 2), LEAST(NULL::int, 2);
SELECT CASE WHEN NULL::int = 2 THEN 'eq' WHEN NULL::int <> 2 THEN 'ne' ELSE 'unknown' END, CASE NULL::int WHEN 2 THEN 'match' ELSE 'no' END;
SELECT NULL::int = NULL::int, NULL::int < NULL::int, NULL::int >= NULL::int, NULL::int IN (NULL::int, 3), NULL::int NOT IN (NULL::int, 3), NULL::int BETWEEN NULL::int AND 2, COALESCE(NULL::int, NULL::int), NULLIF(NULL::int, NULL::int), GREATEST(NULL::int, NULL::int), LEAST(NULL::int, NULL::int);
SELECT CASE WHEN NULL::int = NULL::int THEN 'eq' WHEN NULL::int <> NULL::int THEN 'ne' ELSE 'unknown' END, CASE NULL::int WHEN NULL::int THEN 'match' ELSE 'no' END;
