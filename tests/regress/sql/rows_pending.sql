--
-- rows: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
CREATE TABLE r2p (k int, v text);
INSERT INTO r2p VALUES (1, 'a'), (10, 'ten');
SELECT array_agg(r2p ORDER BY k) FROM r2p;
DROP TABLE r2p;
