--
-- views: changing rows through a view, materialized views (pending)
--
CREATE TABLE vw_base (id int, v text, n int);
INSERT INTO vw_base VALUES (1, 'a', 10), (2, 'b', 20), (3, 'c', 30), (4, 'd', 40);
CREATE VIEW vw_v AS SELECT id, v, n * 2 AS n2 FROM vw_base WHERE n > 10;
INSERT INTO vw_v (id, v) VALUES (5, 'e');
SELECT * FROM vw_base ORDER BY id;
UPDATE vw_v SET v = upper(v) WHERE id = 2;
CREATE MATERIALIZED VIEW vw_m AS SELECT id, n FROM vw_base;
SELECT * FROM vw_m ORDER BY id;
INSERT INTO vw_base VALUES (6, 'f', 60);
SELECT count(*) FROM vw_m;
REFRESH MATERIALIZED VIEW vw_m;
SELECT count(*) FROM vw_m;
DROP MATERIALIZED VIEW vw_m;
DROP TABLE vw_base CASCADE;
