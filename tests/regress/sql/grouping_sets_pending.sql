--
-- grouping_sets: statements where gpostgres differs from PostgreSQL today
-- (FETCH ... WITH TIES, LATERAL and TABLESAMPLE are not grouping set
-- features; they wait here for their own work)
--
CREATE TABLE gs_t (a text, b text, v int);
INSERT INTO gs_t VALUES ('x', 'p', 1), ('x', 'q', 2), ('y', 'p', 3), ('y', 'q', 4), ('y', 'q', 5);
SELECT v FROM gs_t ORDER BY a FETCH FIRST 1 ROWS WITH TIES;
SELECT g.a, l.m FROM (SELECT DISTINCT a FROM gs_t) g, LATERAL (SELECT max(v) AS m FROM gs_t WHERE gs_t.a = g.a) l ORDER BY g.a;
SELECT g.a, l.v FROM (SELECT DISTINCT a FROM gs_t) g LEFT JOIN LATERAL (SELECT v FROM gs_t WHERE gs_t.a = g.a ORDER BY v DESC LIMIT 2) l ON true ORDER BY 1, 2;
SELECT * FROM gs_t TABLESAMPLE SYSTEM (100) ORDER BY v;
DROP TABLE gs_t;
