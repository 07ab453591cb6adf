--
-- views: changing rows through a view (pending; materialized views are in matview)
--
CREATE TABLE vw_base (id int, v text, n int);
INSERT INTO vw_base VALUES (1, 'a', 10), (2, 'b', 20), (3, 'c', 30), (4, 'd', 40);
CREATE VIEW vw_v AS SELECT id, v, n * 2 AS n2 FROM vw_base WHERE n > 10;
INSERT INTO vw_v (id, v) VALUES (5, 'e');
SELECT * FROM vw_base ORDER BY id;
UPDATE vw_v SET v = upper(v) WHERE id = 2;
DROP TABLE vw_base CASCADE;
