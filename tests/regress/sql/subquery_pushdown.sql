-- WHERE conditions over subqueries in FROM and views: the rows are the
-- same whether or not a condition can be moved into the subquery, and
-- the stored text of a view keeps its conditions where they were
-- written.
CREATE TABLE sp_t (a int PRIMARY KEY, b text, c int);
INSERT INTO sp_t SELECT g, 'b' || (g % 5), g % 3 FROM generate_series(1, 30) g;
CREATE VIEW sp_v AS SELECT a, b, c * 10 AS c10 FROM sp_t WHERE a > 10;
SELECT * FROM sp_v WHERE a = 12;
SELECT * FROM sp_v WHERE a = 5;
SELECT a FROM sp_v WHERE c10 = 20 AND b = 'b3' ORDER BY a;
SELECT v.a, t.a FROM sp_v v JOIN sp_t t ON t.a = v.a + 1 WHERE v.b = 'b1' ORDER BY 1;
-- Not moved: the subquery's LIMIT, window, DISTINCT, grouping decide
-- which rows there are before the condition.
SELECT * FROM (SELECT a FROM sp_t ORDER BY a LIMIT 3) s WHERE a > 1 ORDER BY a;
SELECT * FROM (SELECT a, row_number() OVER (ORDER BY a) AS rn FROM sp_t) s WHERE a > 27 ORDER BY a;
SELECT * FROM (SELECT DISTINCT c FROM sp_t) s WHERE c > 0 ORDER BY c;
SELECT * FROM (SELECT c, count(*) AS n FROM sp_t GROUP BY c) s WHERE c = 1;
SELECT * FROM (SELECT a FROM sp_t WHERE a < 3 UNION ALL SELECT a FROM sp_t WHERE a > 28) s WHERE a > 1 ORDER BY a;
SELECT * FROM (SELECT a, generate_series(1, 2) AS g FROM sp_t WHERE a < 4) s WHERE g = 2 ORDER BY a;
-- The nullable side of an outer join.
SELECT t.a, s.a FROM sp_t t LEFT JOIN (SELECT a FROM sp_t WHERE a % 2 = 0) s ON s.a = t.a WHERE s.a IS NULL AND t.a < 6 ORDER BY 1;
SELECT t.a, s.a FROM sp_t t LEFT JOIN (SELECT a FROM sp_t WHERE a % 2 = 0) s ON s.a = t.a WHERE s.a > 26 ORDER BY 1;
-- Volatile and sublinks stay where they are.
SELECT count(*) FROM (SELECT a FROM sp_t) s WHERE random() < 2;
SELECT a FROM (SELECT a, c FROM sp_t) s WHERE c = (SELECT max(c) FROM sp_t) AND a < 7 ORDER BY a;
SELECT a FROM sp_v WHERE EXISTS (SELECT 1 FROM sp_t t WHERE t.a = sp_v.a * 2) ORDER BY a;
-- A condition that fails on rows the view leaves out fails as in
-- PostgreSQL only when it reaches one: here none does.
SELECT a FROM (SELECT a FROM sp_t WHERE a <> 0) s WHERE 100 / a = 4;
-- Views keep their text.
CREATE VIEW sp_info AS SELECT table_name FROM information_schema.tables WHERE table_name = 'sp_t';
SELECT pg_get_viewdef('sp_info');
SELECT * FROM sp_info;
CREATE VIEW sp_locked AS SELECT * FROM sp_v WHERE a = 15 FOR UPDATE;
SELECT pg_get_viewdef('sp_locked');
SELECT * FROM sp_locked;
CREATE VIEW sp_nested AS SELECT * FROM (SELECT a, b FROM sp_t) s WHERE a < 3;
SELECT pg_get_viewdef('sp_nested');
SELECT * FROM sp_nested ORDER BY a;
-- A locked view locks only the rows that pass the outer WHERE.
BEGIN;
SELECT a FROM sp_v WHERE a = 20 FOR UPDATE;
SELECT count(*) FROM pg_locks WHERE locktype = 'tuple';
COMMIT;
-- information_schema with a condition, as drivers ask.
SELECT table_schema, table_name, table_type FROM information_schema.tables WHERE table_name IN ('sp_t', 'sp_v') ORDER BY 2;
SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'sp_v' ORDER BY ordinal_position;
-- Locking clauses print back, those pushed into views and subqueries
-- left out.
create table sp_lk1(a int, b int); create table sp_lk2(a int);
create view sp_lkv1 as select * from sp_lk1 where a = 1 for update;
create view sp_lkv2 as select * from sp_lk1 join sp_lk2 using (a) for share of sp_lk1 nowait for update of sp_lk2 skip locked;
create view sp_lkv3 as select * from (select * from sp_lk1) s for no key update;
create view sp_lkv4 as select * from sp_lkv1 for key share;
create view sp_lkv5 as select * from sp_lk1 order by a limit 3 for update of sp_lk1;
select pg_get_viewdef('sp_lkv1'), pg_get_viewdef('sp_lkv2'), pg_get_viewdef('sp_lkv3'), pg_get_viewdef('sp_lkv4'), pg_get_viewdef('sp_lkv5');
select pg_get_viewdef('sp_lkv2', true);
drop view sp_lkv4, sp_lkv1, sp_lkv2, sp_lkv3, sp_lkv5; drop table sp_lk1, sp_lk2;
DROP VIEW sp_info, sp_locked, sp_nested, sp_v;
DROP TABLE sp_t;
