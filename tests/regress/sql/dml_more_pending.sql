--
-- dml_more: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
CREATE TABLE dm_acct (id int NOT NULL, owner text, balance numeric(12,2) DEFAULT 0);
INSERT INTO dm_acct VALUES (5, 'owner5', 0), (6, 'owner6', 0);
UPDATE dm_acct SET (owner, balance) = (SELECT 'sub', 7) WHERE id = 5 RETURNING owner, balance;
UPDATE dm_acct SET (owner, balance) = (SELECT owner || '!', balance + 1 FROM dm_acct d2 WHERE d2.id = 5) WHERE id = 6 RETURNING *;
DROP TABLE dm_acct;
