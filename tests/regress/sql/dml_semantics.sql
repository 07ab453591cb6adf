--
-- statement semantics of DML in one session: every row sees the values
-- before the statement (swaps, self-references), a statement does not see
-- its own inserts, RETURNING sees the new values, order of effects
--
CREATE TABLE ds_t (id int, a int, b int);
INSERT INTO ds_t VALUES (1, 10, 20), (2, 30, 40), (3, NULL, 50);
UPDATE ds_t SET a = b, b = a RETURNING *;
UPDATE ds_t SET a = a + 1, b = a RETURNING id, a, b;
UPDATE ds_t SET a = (SELECT max(a) FROM ds_t) RETURNING id, a;
UPDATE ds_t SET b = (SELECT sum(b) FROM ds_t t2 WHERE t2.id <= ds_t.id) RETURNING id, b;
SELECT * FROM ds_t ORDER BY id;
INSERT INTO ds_t SELECT id + 10, a, b FROM ds_t;
SELECT count(*) FROM ds_t;
INSERT INTO ds_t SELECT id + 100, (SELECT count(*) FROM ds_t), 0 FROM ds_t WHERE id < 10 RETURNING id, a;
DELETE FROM ds_t WHERE a = (SELECT max(a) FROM ds_t) RETURNING id;
DELETE FROM ds_t WHERE id > (SELECT avg(id) FROM ds_t) RETURNING id;
SELECT id, a, b FROM ds_t ORDER BY id;
UPDATE ds_t SET id = id * -1 WHERE id IN (SELECT id FROM ds_t ORDER BY id LIMIT 2) RETURNING id;
UPDATE ds_t SET a = NULL WHERE a IS NOT NULL AND id < 0 RETURNING id, a;
UPDATE ds_t SET a = 0 WHERE a IS NULL RETURNING id;
UPDATE ds_t SET a = a + 1 WHERE false RETURNING *;
UPDATE ds_t SET a = a + 1 WHERE NULL RETURNING *;
DELETE FROM ds_t WHERE NULL;
SELECT count(*) FROM ds_t;
BEGIN;
INSERT INTO ds_t VALUES (1000, 1, 1);
UPDATE ds_t SET a = a + 1 WHERE id = 1000;
UPDATE ds_t SET a = a + 1 WHERE id = 1000;
DELETE FROM ds_t WHERE id = 1000 RETURNING a;
INSERT INTO ds_t VALUES (1000, 5, 5);
SELECT id, a FROM ds_t WHERE id = 1000;
COMMIT;
SELECT id, a FROM ds_t WHERE id = 1000;
BEGIN;
UPDATE ds_t SET b = b * 2;
SELECT sum(b) FROM ds_t;
UPDATE ds_t SET b = b / 2;
SELECT sum(b) FROM ds_t;
ROLLBACK;
SELECT sum(b) FROM ds_t;
UPDATE ds_t SET a = 1 / (a - a) WHERE id = 1000;
SELECT id, a FROM ds_t WHERE id = 1000;
UPDATE ds_t SET a = CASE WHEN id = 1000 THEN 1 / 0 ELSE a END;
SELECT count(*) FROM ds_t WHERE a IS NULL;
INSERT INTO ds_t VALUES (2000, 1, 1), (2001, 1 / 0, 1);
SELECT count(*) FROM ds_t WHERE id >= 2000;
INSERT INTO ds_t SELECT g, 10 / (g - 3003), 0 FROM generate_series(3000, 3005) g;
SELECT count(*) FROM ds_t WHERE id >= 3000;
DELETE FROM ds_t RETURNING count(*);
DELETE FROM ds_t WHERE id = 1000 RETURNING *, a * 2 AS twice;
TRUNCATE ds_t;
INSERT INTO ds_t VALUES (1, 1, 1) RETURNING (SELECT count(*) FROM ds_t);
SELECT count(*) FROM ds_t;
DROP TABLE ds_t;
