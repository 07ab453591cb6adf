--
-- row and table locks in one session: SELECT ... FOR UPDATE/SHARE and
-- their options, LOCK TABLE (pending)
--
CREATE TABLE lk_t (id int, v text);
INSERT INTO lk_t VALUES (1, 'a'), (2, 'b');
BEGIN;
SELECT * FROM lk_t WHERE id = 1 FOR UPDATE;
SELECT * FROM lk_t ORDER BY id FOR SHARE;
SELECT * FROM lk_t ORDER BY id FOR NO KEY UPDATE NOWAIT;
SELECT * FROM lk_t ORDER BY id FOR KEY SHARE SKIP LOCKED;
SELECT id FROM lk_t ORDER BY id FOR UPDATE OF lk_t;
SELECT count(*) FROM lk_t FOR UPDATE;
SELECT DISTINCT v FROM lk_t FOR UPDATE;
COMMIT;
BEGIN;
LOCK TABLE lk_t IN ACCESS EXCLUSIVE MODE;
LOCK lk_t IN SHARE MODE NOWAIT;
COMMIT;
LOCK TABLE lk_t;
DROP TABLE lk_t;
--
-- a lock and a stronger one of a savepoint, kept together in a multixact
-- (the members' modes; ids differ between servers), and what a rolled-back
-- savepoint leaves
--
CREATE TABLE lk_m (id int PRIMARY KEY, v text);
INSERT INTO lk_m VALUES (1, 'a'), (2, 'b');
BEGIN;
SELECT * FROM lk_m WHERE id = 1 FOR KEY SHARE;
SAVEPOINT s;
SELECT * FROM lk_m WHERE id = 1 FOR UPDATE;
SELECT m.mode FROM lk_m, pg_get_multixact_members(lk_m.xmax) m WHERE id = 1 ORDER BY m.mode;
ROLLBACK TO s;
SELECT m.mode FROM lk_m, pg_get_multixact_members(lk_m.xmax) m WHERE id = 1 ORDER BY m.mode;
SELECT * FROM lk_m ORDER BY id FOR SHARE;
SELECT m.mode FROM lk_m, pg_get_multixact_members(lk_m.xmax) m WHERE id = 1 ORDER BY m.mode;
SAVEPOINT t;
UPDATE lk_m SET v = 'u' WHERE id = 1;
SELECT m.mode FROM lk_m, pg_get_multixact_members(lk_m.xmax) m WHERE id = 1 ORDER BY m.mode;
SELECT id, v FROM lk_m ORDER BY id;
ROLLBACK TO t;
SELECT id, v FROM lk_m ORDER BY id;
DELETE FROM lk_m WHERE id = 1;
SELECT id, v FROM lk_m ORDER BY id;
COMMIT;
SELECT * FROM pg_get_multixact_members('0');
SELECT mxid_age('0'), mxid_age(xmax) >= 0 AS nonneg FROM lk_m WHERE id = 2;
SELECT * FROM pg_get_multixact_members('4294967295');
DROP TABLE lk_m;
