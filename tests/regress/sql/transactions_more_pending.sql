--
-- transactions_more: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
CREATE TABLE tm_t (id int);
BEGIN;
INSERT INTO tm_t VALUES (3);
COMMIT AND CHAIN;
SHOW transaction_read_only;
INSERT INTO tm_t VALUES (4);
ROLLBACK;
SELECT id FROM tm_t ORDER BY id;
BEGIN READ ONLY;
SHOW transaction_read_only;
COMMIT AND CHAIN;
SHOW transaction_read_only;
INSERT INTO tm_t VALUES (5);
ROLLBACK AND CHAIN;
SHOW transaction_read_only;
ROLLBACK;
COMMIT AND CHAIN;
ROLLBACK AND CHAIN;
SET TRANSACTION READ ONLY;
SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
DROP TABLE tm_t;
