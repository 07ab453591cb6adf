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

-- A view's "*" reads the columns its tables had when it was made: columns
-- added later do not appear, and the columns after the "*" keep theirs.
CREATE TABLE star_t (a int, b text);
CREATE TABLE star_u (a int, c int);
INSERT INTO star_t VALUES (1, 'x'), (2, 'y');
INSERT INTO star_u VALUES (1, 10), (3, 30);
CREATE VIEW star_v1 AS SELECT *, a * 10 AS a10 FROM star_t;
CREATE VIEW star_v2 AS SELECT star_t.*, star_u.c FROM star_t JOIN star_u USING (a);
CREATE VIEW star_v3 AS SELECT * FROM star_t JOIN star_u USING (a);
CREATE VIEW star_v4 AS SELECT * FROM star_t FULL JOIN star_u USING (a);
CREATE VIEW star_v5 AS SELECT * FROM (SELECT * FROM star_t) s WHERE EXISTS (SELECT * FROM star_u WHERE star_u.a = s.a);
CREATE VIEW star_v6 AS SELECT * FROM star_t UNION ALL SELECT * FROM star_t;
CREATE VIEW star_v7 AS WITH w AS (SELECT * FROM star_t) SELECT * FROM w;
CREATE VIEW star_v8 AS SELECT j.* FROM (star_t JOIN star_u USING (a)) j;
CREATE VIEW star_v9 AS SELECT * FROM star_t t2(x);
CREATE MATERIALIZED VIEW star_m1 AS SELECT * FROM star_t;
ALTER TABLE star_t ADD COLUMN z int DEFAULT 7;
ALTER TABLE star_u ADD COLUMN y int DEFAULT 8;
SELECT * FROM star_v1 ORDER BY 1;
SELECT * FROM star_v2 ORDER BY 1;
SELECT * FROM star_v3 ORDER BY 1;
SELECT * FROM star_v4 ORDER BY 1;
SELECT * FROM star_v5 ORDER BY 1;
SELECT * FROM star_v6 ORDER BY 1;
SELECT * FROM star_v7 ORDER BY 1;
SELECT * FROM star_v8 ORDER BY 1;
SELECT * FROM star_v9 ORDER BY 1;
REFRESH MATERIALIZED VIEW star_m1;
SELECT * FROM star_m1 ORDER BY 1;
INSERT INTO star_v1 (a, b) VALUES (5, 'q') RETURNING *;
UPDATE star_v9 SET b = 'w' WHERE x = 5 RETURNING *;
SELECT * FROM star_t ORDER BY 1;
DROP MATERIALIZED VIEW star_m1;
DROP VIEW star_v1, star_v2, star_v3, star_v4, star_v5, star_v6, star_v7, star_v8, star_v9;
DROP TABLE star_t, star_u;

-- A view over UNION, INTERSECT or EXCEPT depends on the tables of every arm.
create table sdep_a (a int); create table sdep_b (a int);
create view sdep_uv as select a from sdep_a union select a from sdep_b;
select refobjid::regclass::text as r, deptype from pg_depend where objid = (select oid from pg_rewrite where ev_class = 'sdep_uv'::regclass) and refobjid <> 'sdep_uv'::regclass order by 1;
create view sdep_rv as with recursive r(n) as (select a from sdep_a union all select n + 1 from r where n < 5) select * from r;
create view sdep_rv2 as with recursive r(n) as (select 1 union all select n + 1 from r join sdep_b on sdep_b.a = r.n where n < 5) select * from r intersect select a from sdep_a;
select refobjid::regclass::text as r, deptype from pg_depend where objid = (select oid from pg_rewrite where ev_class = 'sdep_rv2'::regclass) and refobjid <> 'sdep_rv2'::regclass order by 1;
insert into sdep_a values (1), (2); insert into sdep_b values (1), (2), (3);
select * from sdep_rv order by 1; select * from sdep_rv2 order by 1;
drop table sdep_a;
drop table sdep_b cascade;
select * from sdep_uv;
drop table sdep_a cascade;
