--
-- generated columns (GENERATED ALWAYS AS (...) STORED)
--
CREATE TABLE seq_g (a int, b int GENERATED ALWAYS AS (a * 2) STORED);
INSERT INTO seq_g (a) VALUES (1), (5) RETURNING *;
UPDATE seq_g SET a = 10 WHERE a = 1 RETURNING *;
INSERT INTO seq_g VALUES (1, 1);
DROP TABLE seq_g;
create table gc (a int, b int generated always as (a * 2) stored, c text generated always as ('x' || a::text) stored);
insert into gc (a) values (1), (5) returning *;
insert into gc values (1, 1);
insert into gc values (2, default, default) returning *;
insert into gc (a, b) values (3, default) returning *;
update gc set a = 10 where a = 1 returning *;
update gc set b = 3;
update gc set b = default where a = 10 returning *;
insert into gc (a) values (null) returning *;
select attname, attgenerated, atthasdef from pg_attribute where attrelid = 'gc'::regclass and attnum > 0;
select pg_get_expr(adbin, adrelid) from pg_attrdef where adrelid = 'gc'::regclass order by adnum;
\d gc
create table gc2 (a int, b int generated always as (a + 1) stored default 5);
create table gc3 (a int, b int generated always as (c + 1) stored, c int generated always as (a) stored);
create table gc4 (a int, b timestamptz generated always as (now()) stored);
create table gc5 (a int, b int generated always as ((select 1)) stored);
create table gc6 (a int generated always as (a + 1) stored);
create table gc7 (a int, b int generated always as (sum(a)) stored);
alter table gc drop column a;
alter table gc drop column a cascade;
select * from gc;
drop table gc;
create table ga (a int, t text);
insert into ga values (1, 'x'), (2, 'y');
alter table ga add column d int generated always as (a * 10) stored;
select * from ga order by a;
alter table ga rename column a to aa;
insert into ga (aa, t) values (3, 'z') returning *;
select pg_get_expr(adbin, adrelid, true) from pg_attrdef where adrelid = 'ga'::regclass;
alter table ga add column e int generated always as (d + 1) stored;
drop table ga;
