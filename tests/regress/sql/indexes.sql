--
-- indexes, primary keys, unique and foreign-key constraints (pending)
--
CREATE TABLE ix_t (id int PRIMARY KEY, email text UNIQUE, n int);
INSERT INTO ix_t VALUES (1, 'a@x', 10), (2, 'b@x', 20);
INSERT INTO ix_t VALUES (1, 'c@x', 30);
INSERT INTO ix_t VALUES (3, 'a@x', 30);
INSERT INTO ix_t VALUES (NULL, 'd@x', 40);
UPDATE ix_t SET id = 2 WHERE id = 1;
CREATE INDEX ix_t_n ON ix_t (n);
CREATE INDEX ix_t_n ON ix_t (n);
CREATE INDEX IF NOT EXISTS ix_t_n ON ix_t (n);
CREATE UNIQUE INDEX ix_t_lower ON ix_t (lower(email));
INSERT INTO ix_t VALUES (4, 'A@X', 50);
CREATE INDEX ix_t_partial ON ix_t (n) WHERE n > 15;
SELECT indexname FROM pg_indexes WHERE tablename = 'ix_t' ORDER BY 1;
\d ix_t
INSERT INTO ix_t VALUES (5, 'e@x', 50) ON CONFLICT (id) DO NOTHING;
INSERT INTO ix_t VALUES (5, 'f@x', 60) ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email RETURNING *;
INSERT INTO ix_t VALUES (5, 'g@x', 70) ON CONFLICT (id) DO UPDATE SET n = ix_t.n + EXCLUDED.n WHERE ix_t.n < 100 RETURNING *;
DROP INDEX ix_t_n;
DROP INDEX nosuch;
DROP INDEX IF EXISTS nosuch;
CREATE TABLE ix_child (id int, parent int REFERENCES ix_t (id) ON DELETE CASCADE);
INSERT INTO ix_child VALUES (1, 1);
INSERT INTO ix_child VALUES (2, 99);
DELETE FROM ix_t WHERE id = 1;
SELECT count(*) FROM ix_child;
DROP TABLE ix_t;
DROP TABLE ix_child, ix_t;
CREATE TABLE ix_multi (a int, b int, PRIMARY KEY (a, b));
INSERT INTO ix_multi VALUES (1, 1), (1, 2);
INSERT INTO ix_multi VALUES (1, 1);
DROP TABLE ix_multi;
