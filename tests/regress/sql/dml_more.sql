--
-- more DML: SET from subqueries, updating a row twice in a transaction,
-- INSERT ... SELECT from the same table, large values, RETURNING
-- expressions, ON CONFLICT without an index
--
CREATE TABLE dm_acct (id int NOT NULL, owner text, balance numeric(12,2) DEFAULT 0, updated int DEFAULT 0);
CREATE TABLE dm_tx (acct int, amount numeric(12,2));
INSERT INTO dm_acct (id, owner) SELECT g, 'owner' || g FROM generate_series(1, 5) g;
INSERT INTO dm_tx VALUES (1, 100), (1, -30), (2, 50), (3, 10), (3, 10), (3, 10), (9, 999);
UPDATE dm_acct SET balance = (SELECT coalesce(sum(amount), 0) FROM dm_tx WHERE acct = dm_acct.id) RETURNING id, balance;
UPDATE dm_acct SET balance = balance * 2, updated = updated + 1 WHERE balance > (SELECT avg(balance) FROM dm_acct) RETURNING id, balance, updated;
BEGIN;
UPDATE dm_acct SET balance = balance + 1 WHERE id = 1;
UPDATE dm_acct SET balance = balance + 1 WHERE id = 1;
UPDATE dm_acct SET balance = balance + 1 WHERE id = 1 RETURNING balance;
DELETE FROM dm_acct WHERE id = 1;
UPDATE dm_acct SET balance = 0 WHERE id = 1 RETURNING *;
SELECT count(*) FROM dm_acct;
ROLLBACK;
SELECT id, balance FROM dm_acct ORDER BY id;
INSERT INTO dm_acct SELECT id + 10, owner || '-copy', balance, updated FROM dm_acct RETURNING id, owner;
SELECT count(*), sum(balance) FROM dm_acct;
INSERT INTO dm_acct SELECT * FROM dm_acct;
SELECT count(*), count(DISTINCT id) FROM dm_acct;
DELETE FROM dm_acct WHERE id > 10 RETURNING id, owner, balance * 100 AS cents;
SELECT count(*) FROM dm_acct;
UPDATE dm_acct SET owner = upper(owner), balance = -balance WHERE id IN (SELECT acct FROM dm_tx WHERE amount > 40) RETURNING *;
UPDATE dm_acct SET id = id + 100 RETURNING id;
UPDATE dm_acct SET id = id - 100;
UPDATE dm_acct SET (owner, balance) = ('sub', 7) WHERE id = 5 RETURNING owner, balance;
UPDATE dm_acct SET (owner, balance) = ('pair', 8, 9) WHERE id = 5;
UPDATE dm_acct SET balance = 1e12 WHERE id = 5;
UPDATE dm_acct SET balance = balance WHERE id = 5 RETURNING old_balance;
DELETE FROM dm_acct WHERE id IN (SELECT id FROM dm_acct WHERE balance < 0) RETURNING id;
DELETE FROM dm_acct WHERE owner LIKE 'owner%' AND id = (SELECT min(id) FROM dm_acct WHERE owner LIKE 'owner%') RETURNING id;
SELECT id, owner, balance, updated FROM dm_acct ORDER BY id;
INSERT INTO dm_acct (id) VALUES (50) ON CONFLICT DO NOTHING;
INSERT INTO dm_acct (id) VALUES (50) ON CONFLICT (id) DO NOTHING;
INSERT INTO dm_acct (id) VALUES (50) ON CONFLICT (id) DO UPDATE SET owner = 'x';
SELECT count(*) FROM dm_acct WHERE id = 50;
CREATE TABLE dm_big (id int, payload text);
INSERT INTO dm_big SELECT g, repeat(md5(g::text), 200) FROM generate_series(1, 50) g;
SELECT count(*), sum(length(payload)), count(DISTINCT payload) FROM dm_big;
UPDATE dm_big SET payload = payload || payload WHERE id % 10 = 0;
SELECT sum(length(payload)) FROM dm_big;
SELECT id, length(payload), left(payload, 10), right(payload, 10) FROM dm_big WHERE id IN (1, 10) ORDER BY id;
DELETE FROM dm_big WHERE id > 5;
INSERT INTO dm_big VALUES (1000, repeat('ab', 500000));
SELECT id, length(payload), md5(payload) FROM dm_big WHERE id = 1000;
SELECT count(*) FROM dm_big;
DROP TABLE dm_big;
CREATE TABLE dm_def (id int, a text DEFAULT 'a' || 'b', b int DEFAULT 2 * 3, c timestamp DEFAULT '2000-01-01'::timestamp + interval '1 day', d bool DEFAULT NOT false);
INSERT INTO dm_def (id) VALUES (1) RETURNING *;
INSERT INTO dm_def VALUES (2, DEFAULT, NULL, DEFAULT, DEFAULT) RETURNING *;
INSERT INTO dm_def (id, b) SELECT 3, DEFAULT;
INSERT INTO dm_def DEFAULT VALUES RETURNING *;
UPDATE dm_def SET b = DEFAULT, a = 'z' WHERE id = 2 RETURNING id, a, b;
SELECT * FROM dm_def ORDER BY id NULLS FIRST;
DROP TABLE dm_def;
DROP TABLE dm_acct, dm_tx;
-- Multiple-column UPDATE from a sub-SELECT
CREATE TABLE dm_acct (id int NOT NULL, owner text, balance numeric(12,2) DEFAULT 0);
INSERT INTO dm_acct VALUES (5, 'owner5', 0), (6, 'owner6', 0);
UPDATE dm_acct SET (owner, balance) = (SELECT 'sub', 7) WHERE id = 5 RETURNING owner, balance;
UPDATE dm_acct SET (owner, balance) = (SELECT owner || '!', balance + 1 FROM dm_acct d2 WHERE d2.id = 5) WHERE id = 6 RETURNING *;
DROP TABLE dm_acct;
