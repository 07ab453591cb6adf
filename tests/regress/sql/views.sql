--
-- views
--
CREATE TABLE vw_base (id int, v text, n int);
INSERT INTO vw_base VALUES (1, 'a', 10), (2, 'b', 20), (3, 'c', 30);
CREATE VIEW vw_v AS SELECT id, v FROM vw_base WHERE n > 10;
SELECT * FROM vw_v ORDER BY id;
INSERT INTO vw_base VALUES (4, 'd', 40);
SELECT * FROM vw_v ORDER BY id;
CREATE OR REPLACE VIEW vw_v AS SELECT id, v, n * 2 AS n2 FROM vw_base WHERE n > 10;
SELECT * FROM vw_v ORDER BY id;
CREATE VIEW vw_v AS SELECT 1;
CREATE VIEW vw_agg (total, cnt) AS SELECT sum(n), count(*) FROM vw_base;
SELECT * FROM vw_agg;
DROP TABLE vw_base;
DROP VIEW vw_v, vw_agg;
DROP VIEW nosuch;
DROP VIEW IF EXISTS nosuch;
DROP TABLE vw_base CASCADE;
