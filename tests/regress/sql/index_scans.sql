-- Queries the planner answers through B-tree indexes: their rows must be
-- those a sequential scan gives, whatever the index, direction, keys and
-- visibility of the rows.
CREATE TABLE ixs (id int PRIMARY KEY, g int, t text, v varchar(20), n int, b bigint, s smallint);
INSERT INTO ixs SELECT g, g % 10, 't' || lpad(g::text, 5, '0'), 'v' || (g % 100), CASE WHEN g % 7 = 0 THEN NULL ELSE g % 50 END, g * 1000, (g % 300)::smallint
  FROM generate_series(1, 20000) g;
CREATE INDEX ixs_g_t ON ixs (g, t DESC);
CREATE INDEX ixs_n ON ixs (n NULLS FIRST);
CREATE INDEX ixs_v ON ixs (v);
CREATE INDEX ixs_b ON ixs (b DESC);
CREATE INDEX ixs_s ON ixs (s);
ANALYZE ixs;
-- point lookups, with constants of other integer types and on either side
SELECT * FROM ixs WHERE id = 777;
SELECT * FROM ixs WHERE id = 777::bigint;
SELECT * FROM ixs WHERE 777::smallint = id;
SELECT * FROM ixs WHERE id = 0;
SELECT * FROM ixs WHERE id = NULL;
SELECT id FROM ixs WHERE id = 5 AND g = 5;
SELECT id FROM ixs WHERE id = 5 AND g = 6;
SELECT id, b FROM ixs WHERE b = 123000;
SELECT id, s FROM ixs WHERE s = 299 AND id < 1000 ORDER BY id;
SELECT id FROM ixs WHERE s = 70000;
-- text and varchar keys
SELECT id FROM ixs WHERE t = 't00042';
SELECT id FROM ixs WHERE t = 't00042'::varchar;
SELECT count(*) FROM ixs WHERE v = 'v42';
SELECT count(*) FROM ixs WHERE v = 'v42'::text;
SELECT count(*) FROM ixs WHERE v >= 'v98';
-- ranges, both sides, empty and inverted ranges
SELECT id FROM ixs WHERE id BETWEEN 100 AND 105 ORDER BY id;
SELECT id FROM ixs WHERE id > 19995 ORDER BY id;
SELECT id FROM ixs WHERE id < 4 ORDER BY id;
SELECT id FROM ixs WHERE id >= 10 AND id <= 12 AND id <> 11 ORDER BY id;
SELECT id FROM ixs WHERE id > 10 AND id < 10;
SELECT id FROM ixs WHERE id > 100 AND id > 19998 ORDER BY id;
SELECT count(*) FROM ixs WHERE b > 19990000;
SELECT count(*) FROM ixs WHERE b < 3000;
-- multi-column keys
SELECT id, t FROM ixs WHERE g = 3 AND t > 't19900' ORDER BY t;
SELECT id, t FROM ixs WHERE g = 3 AND t = 't00013';
SELECT count(*) FROM ixs WHERE g = 3;
-- ORDER BY ... LIMIT through an index, both directions, NULLs
SELECT id FROM ixs ORDER BY id LIMIT 3;
SELECT id FROM ixs ORDER BY id DESC LIMIT 3;
SELECT id FROM ixs ORDER BY id LIMIT 3 OFFSET 19998;
SELECT id, t FROM ixs WHERE g = 4 ORDER BY t DESC LIMIT 3;
SELECT id, t FROM ixs WHERE g = 4 ORDER BY t LIMIT 3;
SELECT id, n FROM ixs ORDER BY n NULLS FIRST, id LIMIT 3;
SELECT n FROM ixs ORDER BY n NULLS FIRST LIMIT 3;
SELECT n FROM ixs ORDER BY n DESC NULLS LAST LIMIT 3;
SELECT n FROM ixs ORDER BY n LIMIT 3;
SELECT n FROM ixs WHERE n > 47 ORDER BY n DESC LIMIT 4;
SELECT b FROM ixs ORDER BY b DESC LIMIT 2;
SELECT b FROM ixs ORDER BY b LIMIT 2;
SELECT id FROM ixs WHERE id > 100 ORDER BY id DESC LIMIT 2;
SELECT g FROM ixs ORDER BY g LIMIT 2 WITH TIES;
SELECT id FROM ixs ORDER BY id LIMIT 0;
-- parameters, enclosing queries' columns
PREPARE ixs_p(int) AS SELECT t FROM ixs WHERE id = $1;
EXECUTE ixs_p(10);
EXECUTE ixs_p(20000);
EXECUTE ixs_p(NULL);
DEALLOCATE ixs_p;
SELECT x, (SELECT t FROM ixs WHERE ixs.id = x) FROM generate_series(19999, 20001) x;
SELECT x FROM generate_series(1, 5) x WHERE EXISTS (SELECT 1 FROM ixs WHERE id = x * 5000);
-- IN lists and = ANY (array): each distinct value looked up once
SELECT id FROM ixs WHERE id IN (5, 3, 19999, 3, NULL, 123456) ORDER BY id;
SELECT id FROM ixs WHERE id IN (5, 3, 19999);
SELECT id FROM ixs WHERE id = ANY ('{7,8,9}'::int[]) ORDER BY id;
SELECT id FROM ixs WHERE id = ANY (ARRAY[7, 7, NULL]::bigint[]);
SELECT count(*) FROM ixs WHERE id = ANY ('{}'::int[]);
SELECT count(*) FROM ixs WHERE id = ANY (NULL::int[]);
SELECT id, b FROM ixs WHERE b IN (2000, 1000, 5000) ORDER BY b DESC;
SELECT count(*) FROM ixs WHERE v IN ('v1', 'v2', 'v1');
SELECT id FROM ixs WHERE g IN (1, 2) AND t IN ('t00001', 't00012', 't00013') ORDER BY id;
SELECT count(*) FROM ixs WHERE id NOT IN (1, 2);
PREPARE ixs_a(int[]) AS SELECT id FROM ixs WHERE id = ANY ($1) ORDER BY id;
EXECUTE ixs_a('{10,20,30,20}');
EXECUTE ixs_a(NULL);
DEALLOCATE ixs_a;
SELECT x, (SELECT count(*) FROM ixs WHERE id IN (x, x + 1, x * 1000)) FROM generate_series(1, 3) x;
-- the enable_* settings steer the choice; the rows stay the same
SET enable_seqscan = off;
SELECT count(*) FROM ixs WHERE id > 10;
SELECT count(*) FROM ixs WHERE g = 3;
SELECT id FROM ixs WHERE id > 19997 ORDER BY id;
RESET enable_seqscan;
SET enable_indexscan = off;
SELECT * FROM ixs WHERE id = 777;
SELECT id FROM ixs ORDER BY id LIMIT 3;
RESET enable_indexscan;
SET enable_hashjoin = off;
SELECT count(*) FROM ixs a JOIN ixs b ON a.id = b.id + 1 WHERE a.id < 50;
RESET enable_hashjoin;
SET enable_nestloop = off;
SELECT count(*) FROM ixs a JOIN ixs b ON a.id = b.id + 1 WHERE a.id < 50;
RESET enable_nestloop;
-- changes the index scan must see or not see
BEGIN;
UPDATE ixs SET t = 'changed' WHERE id = 10;
SELECT id, t FROM ixs WHERE id = 10;
DELETE FROM ixs WHERE id = 11;
SELECT id FROM ixs WHERE id BETWEEN 9 AND 12 ORDER BY id;
INSERT INTO ixs (id, g, t) VALUES (20001, 1, 'new');
SELECT id, t FROM ixs WHERE id > 19999 ORDER BY id;
SAVEPOINT s;
UPDATE ixs SET id = 30000 WHERE id = 12;
SELECT id FROM ixs WHERE id IN (12, 30000);
SELECT id FROM ixs WHERE id = 12;
ROLLBACK TO SAVEPOINT s;
SELECT id FROM ixs WHERE id = 12;
SELECT id FROM ixs WHERE id = 30000;
ROLLBACK;
SELECT id, t FROM ixs WHERE id IN (10, 11, 12, 20001) ORDER BY id;
UPDATE ixs SET id = id + 100000 WHERE id > 19990;
SELECT count(*), min(id), max(id) FROM ixs WHERE id > 19980;
DELETE FROM ixs WHERE id > 100000;
SELECT count(*) FROM ixs WHERE id > 19980;
UPDATE ixs SET n = NULL WHERE id = 1;
SELECT id FROM ixs ORDER BY n NULLS FIRST, id LIMIT 2;
-- joins and conditions the index cannot take
SELECT count(*) FROM ixs a JOIN ixs b ON a.id = b.id + 1 WHERE a.id < 50;
SELECT count(*) FROM ixs WHERE id + 0 = 5;
SELECT count(*) FROM ixs WHERE id = 5 OR id = 6;
SELECT count(*) FROM ixs WHERE id::numeric = 5.0;
SELECT count(*) FROM ixs WHERE t LIKE 't0001%';
DROP TABLE ixs;
-- joins whose inner side is searched through an index for each outer row
CREATE TABLE ixc (id int PRIMARY KEY, name text);
CREATE TABLE ixo (id int PRIMARY KEY, cust_id int, amount int);
INSERT INTO ixc SELECT g, 'c' || g FROM generate_series(1, 5000) g;
INSERT INTO ixo SELECT g, (g * 7) % 5000 + 1, g % 100 FROM generate_series(1, 10000) g;
INSERT INTO ixo VALUES (10001, NULL, 1), (10002, 99999, 2);
CREATE INDEX ixo_cust ON ixo (cust_id);
ANALYZE ixc;
ANALYZE ixo;
SELECT o.id, c.name FROM ixo o JOIN ixc c ON c.id = o.cust_id WHERE o.id = 777;
SELECT o.id, c.name FROM ixo o JOIN ixc c ON c.id = o.cust_id WHERE o.id IN (10001, 10002);
SELECT o.id, c.name FROM ixo o LEFT JOIN ixc c ON c.id = o.cust_id WHERE o.id = 10002;
SELECT o.id, c.name FROM ixo o LEFT JOIN ixc c ON c.id = o.cust_id + 1 AND c.name LIKE '%9' WHERE o.id BETWEEN 1 AND 5 ORDER BY o.id;
SELECT c.name, count(*), sum(o.amount) FROM ixc c JOIN ixo o ON o.cust_id = c.id WHERE c.id = 4242 GROUP BY c.name;
SELECT c.id, o.id FROM ixc c LEFT JOIN ixo o ON o.cust_id = c.id AND o.amount > 50 WHERE c.id BETWEEN 10 AND 12 ORDER BY 1, 2;
SELECT count(*) FROM ixo o JOIN ixc c ON c.id = o.cust_id::bigint WHERE o.id < 20;
SELECT count(*) FROM ixo o JOIN ixc c ON c.id = o.cust_id WHERE o.amount = 5;
SELECT count(*) FROM ixo o JOIN ixc c ON c.id = o.cust_id;
BEGIN;
DELETE FROM ixc WHERE id = 5440;
SELECT o.id, c.name FROM ixo o LEFT JOIN ixc c ON c.id = o.cust_id WHERE o.id = 777;
ROLLBACK;
DROP TABLE ixc, ixo;
