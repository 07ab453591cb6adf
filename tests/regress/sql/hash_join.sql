-- Hash joins on word keys (integers, dates) and byte keys (text, several
-- columns), with NULL keys, FULL and LEFT joins, duplicate keys and extra
-- join conditions, in memory and in batches at work_mem = 64kB.
create table ja (id int, x text);
create table jb (id int, y text);
insert into ja select case when i % 10 = 0 then null else i % 5000 end, 'a' || i from generate_series(1, 20000) i;
insert into jb select case when i % 7 = 0 then null else i % 3000 end, 'b' || i from generate_series(1, 12000) i;
create table jc (k bigint, d date, t text);
insert into jc select i, date '2020-01-01' + (i % 100), md5(i::text) from generate_series(1, 5000) i;
select count(*), count(ja.id), count(jb.id), count(distinct ja.x), count(distinct jb.y) from ja full join jb on ja.id = jb.id;
select count(*), sum(length(x)), sum(length(y)) from ja left join jb on ja.id = jb.id;
select count(*) from ja join jb on ja.id = jb.id and ja.x < jb.y;
select ja.x, jb.y from ja full join jb on ja.id = jb.id order by ja.x nulls first, jb.y nulls first limit 20;
select count(*) from jc a join jc b on a.d = b.d;
select count(*) from jc a join jc b on a.t = b.t;
select count(*) from jc a join ja on a.k = ja.id;
select count(*) from jc a join jc b on a.k = b.k and a.d = b.d;
set work_mem = '64kB';
select count(*), count(ja.id), count(jb.id), count(distinct ja.x), count(distinct jb.y) from ja full join jb on ja.id = jb.id;
select count(*), sum(length(x)), sum(length(y)) from ja left join jb on ja.id = jb.id;
select count(*) from ja join jb on ja.id = jb.id and ja.x < jb.y;
select ja.x, jb.y from ja full join jb on ja.id = jb.id order by ja.x nulls first, jb.y nulls first limit 20;
select count(*) from jc a join jc b on a.d = b.d;
select count(*) from jc a join jc b on a.t = b.t;
select count(*) from jc a join ja on a.k = ja.id;
select count(*) from jc a join jc b on a.k = b.k and a.d = b.d;
reset work_mem;
drop table ja, jb, jc;
