--
-- identifiers: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
CREATE TABLE id_t (a int, b text, c date);
INSERT INTO id_t VALUES (1, 'x y', '2024-01-01'), (2, NULL, NULL);
SELECT t IS NULL, row_to_json(t) FROM id_t t ORDER BY a;
DROP TABLE id_t;
