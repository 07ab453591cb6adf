-- INSERT ... ON CONFLICT DO UPDATE: the existing row and the proposed one
-- (excluded), WHERE, RETURNING, errors, constraints on the updated row.
CREATE TABLE ocu_t (k int PRIMARY KEY, v text, n int DEFAULT 0);
INSERT INTO ocu_t VALUES (1, 'a'), (2, 'b');
INSERT INTO ocu_t VALUES (1, 'x') ON CONFLICT (k) DO UPDATE SET v = excluded.v, n = ocu_t.n + 1;
SELECT * FROM ocu_t ORDER BY k;
INSERT INTO ocu_t VALUES (1, 'y'), (3, 'ocu_c') ON CONFLICT (k) DO UPDATE SET v = excluded.v || ocu_t.v RETURNING *;
INSERT INTO ocu_t VALUES (2, 'z') ON CONFLICT (k) DO UPDATE SET v = v;
INSERT INTO ocu_t VALUES (2, 'z') ON CONFLICT (k) DO UPDATE SET v = 'q' WHERE ocu_t.n > 0 RETURNING k, v;
INSERT INTO ocu_t VALUES (1, 'w') ON CONFLICT (k) DO UPDATE SET v = 'q' WHERE ocu_t.n > 0 RETURNING k, v, n;
INSERT INTO ocu_t VALUES (4, 'a'), (4, 'b') ON CONFLICT (k) DO UPDATE SET v = excluded.v;
SELECT * FROM ocu_t ORDER BY k;
INSERT INTO ocu_t VALUES (5, 'a') ON CONFLICT DO UPDATE SET v = 'x';
INSERT INTO ocu_t VALUES (5, 'a') ON CONFLICT (v) DO UPDATE SET v = 'x';
INSERT INTO ocu_t AS o VALUES (2, 'm') ON CONFLICT (k) DO UPDATE SET v = o.v || excluded.v RETURNING o.*;
INSERT INTO ocu_t AS o VALUES (2, 'm') ON CONFLICT (k) DO UPDATE SET v = ocu_t.v;
INSERT INTO ocu_t VALUES (2, 'm') ON CONFLICT (k) DO UPDATE SET v = excluded.v RETURNING excluded.v;
INSERT INTO ocu_t VALUES (2, 'm') ON CONFLICT ON CONSTRAINT ocu_t_pkey DO UPDATE SET n = DEFAULT, v = excluded.v || '!' RETURNING *;
INSERT INTO ocu_t VALUES (2, 'm') ON CONFLICT (k) DO UPDATE SET k = 3;
INSERT INTO ocu_t VALUES (2, 'm') ON CONFLICT (k) DO UPDATE SET (v, n) = (excluded.v, 42) RETURNING *;
INSERT INTO ocu_t VALUES (2, 'm') ON CONFLICT (k) DO UPDATE SET (v, n) = (SELECT 'sub', count(*)::int FROM ocu_t) RETURNING *;
INSERT INTO ocu_t VALUES (2, 'm') ON CONFLICT (k) DO UPDATE SET v = (SELECT max(v) FROM ocu_t WHERE k <> excluded.k) RETURNING *;
INSERT INTO ocu_t VALUES (2, 'm') ON CONFLICT (k) DO UPDATE SET v = excluded RETURNING *;
INSERT INTO ocu_t VALUES (2, 'm') ON CONFLICT (k) DO UPDATE SET v = excluded::text RETURNING *;
INSERT INTO ocu_t VALUES (2, 'm') ON CONFLICT (k) DO UPDATE SET v = count(*);
INSERT INTO ocu_t VALUES (2, 'm') ON CONFLICT (k) DO UPDATE SET v = 'a' WHERE count(*) > 1;
INSERT INTO ocu_t VALUES (2, 'm') ON CONFLICT (k) DO UPDATE SET v = 'a' WHERE 1;
INSERT INTO ocu_t VALUES (2, 'm') ON CONFLICT (k) DO UPDATE SET nosuch = 'a';
INSERT INTO ocu_t VALUES (2, 'm') ON CONFLICT (k) DO UPDATE SET v = excluded.nosuch;
INSERT INTO ocu_t VALUES (2, NULL) ON CONFLICT (k) DO UPDATE SET k = NULL;
INSERT INTO ocu_t SELECT g, 'g' || g FROM generate_series(1, 6) g ON CONFLICT (k) DO UPDATE SET n = ocu_t.n + 10 RETURNING *;
WITH u AS (INSERT INTO ocu_t VALUES (1, 'cte') ON CONFLICT (k) DO UPDATE SET v = excluded.v RETURNING *) SELECT * FROM u;
BEGIN;
INSERT INTO ocu_t VALUES (1, 'tx') ON CONFLICT (k) DO UPDATE SET v = excluded.v;
INSERT INTO ocu_t VALUES (1, 'tx2') ON CONFLICT (k) DO UPDATE SET v = ocu_t.v || excluded.v RETURNING *;
COMMIT;
SELECT * FROM ocu_t ORDER BY k;
DROP TABLE ocu_t;
CREATE TABLE ocu_c (a int, b int, ocu_c int CHECK (ocu_c < 100), g int GENERATED ALWAYS AS (ocu_c * 2) STORED, UNIQUE (a, b));
INSERT INTO ocu_c VALUES (1, 1, 1), (1, 2, 2);
INSERT INTO ocu_c VALUES (1, 1, 5) ON CONFLICT (b, a) DO UPDATE SET ocu_c = ocu_c.ocu_c + excluded.ocu_c RETURNING *;
INSERT INTO ocu_c VALUES (1, 1, 5) ON CONFLICT (a, b) DO UPDATE SET ocu_c = 200;
INSERT INTO ocu_c VALUES (1, 1, 500) ON CONFLICT (a, b) DO UPDATE SET ocu_c = 2;
INSERT INTO ocu_c VALUES (1, 1, 5) ON CONFLICT (a, b) DO UPDATE SET b = 2;
INSERT INTO ocu_c VALUES (1, 1, 5) ON CONFLICT (a, b) DO UPDATE SET g = 2;
INSERT INTO ocu_c VALUES (1, 1, 5) ON CONFLICT (a, b) DO UPDATE SET ocu_c = excluded.g RETURNING *;
INSERT INTO ocu_c VALUES (1, NULL, 5) ON CONFLICT (a, b) DO UPDATE SET ocu_c = 99 RETURNING *;
SELECT * FROM ocu_c ORDER BY a, b NULLS LAST;
DROP TABLE ocu_c;
CREATE TABLE ocu_nk (a int, b text);
INSERT INTO ocu_nk VALUES (1) ON CONFLICT (a) DO UPDATE SET b = 'x';
DROP TABLE ocu_nk;
-- two unique indexes: the arbiter's conflict updates, the other's fails
CREATE TABLE ocu_two (id int PRIMARY KEY, email text UNIQUE, n int);
INSERT INTO ocu_two VALUES (1, 'a', 1), (2, 'b', 2);
INSERT INTO ocu_two VALUES (1, 'b', 5) ON CONFLICT (id) DO UPDATE SET email = excluded.email;
INSERT INTO ocu_two VALUES (3, 'a', 5) ON CONFLICT (id) DO UPDATE SET n = 0;
INSERT INTO ocu_two VALUES (3, 'a', 5) ON CONFLICT (email) DO UPDATE SET n = excluded.n RETURNING *;
-- NULLS NOT DISTINCT: a NULL key conflicts
CREATE UNIQUE INDEX ocu_two_n ON ocu_two (n) NULLS NOT DISTINCT;
UPDATE ocu_two SET n = NULL WHERE id = 2;
INSERT INTO ocu_two VALUES (9, 'z', NULL) ON CONFLICT (n) DO UPDATE SET email = 'nulls' RETURNING *;
-- parameters
PREPARE ocu_up(int, text) AS INSERT INTO ocu_two VALUES ($1, $2, $1 * 10) ON CONFLICT (id) DO UPDATE SET email = excluded.email || $2 RETURNING *;
EXECUTE ocu_up(2, 'p');
EXECUTE ocu_up(2, 'q');
EXECUTE ocu_up(20, 'r');
DEALLOCATE ocu_up;
-- a large value moved out of line by the update
INSERT INTO ocu_two VALUES (1, 'big', 1) ON CONFLICT (id) DO UPDATE SET email = repeat('x', 100000);
SELECT id, length(email), n FROM ocu_two ORDER BY id;
-- the updated row's version: ctid changes, the old version is gone
CREATE TABLE ocu_ver (k text PRIMARY KEY, n int);
INSERT INTO ocu_ver VALUES ('a', 1);
INSERT INTO ocu_ver VALUES ('a', 1) ON CONFLICT (k) DO UPDATE SET n = ocu_ver.n + 1 RETURNING k, n, tableoid::regclass;
INSERT INTO ocu_ver SELECT 'a', g FROM generate_series(1, 3) g ON CONFLICT (k) DO NOTHING;
SELECT count(*), sum(n) FROM ocu_ver;
-- a temporary table
CREATE TEMP TABLE ocu_tmp (k int PRIMARY KEY, v int);
INSERT INTO ocu_tmp VALUES (1, 1) ON CONFLICT (k) DO UPDATE SET v = 0;
INSERT INTO ocu_tmp VALUES (1, 1) ON CONFLICT (k) DO UPDATE SET v = ocu_tmp.v + excluded.v RETURNING *;
DROP TABLE ocu_two, ocu_ver, ocu_tmp;
