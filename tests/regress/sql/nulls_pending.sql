--
-- nulls: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
CREATE TABLE nl_t (k int, v int, s text);
INSERT INTO nl_t VALUES (1, 10, 'a'), (NULL, NULL, NULL);
SELECT count(*) FROM nl_t WHERE (k, v) IS NULL;
DROP TABLE nl_t;
