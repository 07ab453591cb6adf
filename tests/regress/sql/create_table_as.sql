--
-- CREATE TABLE AS, SELECT INTO
--
create table src (a int, b text);
insert into src values (1,'x'),(2,'y');
create table c1 as select * from src;
create table c2 (p, q) as select a, b, 1 from src with no data;
create table c3 (p, q, r) as select a from src;
create table if not exists c1 as select 1;
create table c4 as select 'lit', 1 + 1, a from src where a > 1;
select * from c4;
select a into c5 from src;
select * into c1 from src;
create table c6 as select a, a from src;
select attname, attnotnull, atthasdef from pg_attribute where attrelid='c2'::regclass and attnum>0;
select * from c1 order by a;
begin;
create table c7 as select g from generate_series(1, 3) g;
select count(*) from c7;
rollback;
select * from c7;
drop table src, c1, c2, c5;
