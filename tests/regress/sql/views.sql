--
-- views and materialized views (pending)
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
INSERT INTO vw_v (id, v) VALUES (5, 'e');
SELECT * FROM vw_base ORDER BY id;
UPDATE vw_v SET v = upper(v) WHERE id = 2;
DROP TABLE vw_base;
DROP VIEW vw_v, vw_agg;
DROP VIEW nosuch;
DROP VIEW IF EXISTS nosuch;
CREATE MATERIALIZED VIEW vw_m AS SELECT id, n FROM vw_base;
SELECT * FROM vw_m ORDER BY id;
INSERT INTO vw_base VALUES (6, 'f', 60);
SELECT count(*) FROM vw_m;
REFRESH MATERIALIZED VIEW vw_m;
SELECT count(*) FROM vw_m;
DROP MATERIALIZED VIEW vw_m;
DROP TABLE vw_base CASCADE;
