-- Rows a scan lends to its consumer (a projection, an aggregate, a bounded
-- sort, a hash join's outer side) must not change under what the consumer
-- kept: text, numeric and array values kept by aggregates, sorts and joins,
-- in memory and spilled (work_mem = 64kB).
create table bt (id int, k int, s text, n numeric, arr int[]);
insert into bt select i, i % 7, md5(i::text), i * 1.5, array[i, i+1] from generate_series(1, 20000) i;
create table bu (id int, w text);
insert into bu select i * 3, 'w' || i from generate_series(1, 3000) i;
select count(*), max(s), min(s), string_agg(s, ',' order by s) filter (where id < 5) from bt;
select k, array_agg(s order by id) filter (where id < 30), max(n), sum(n) from bt group by k order by k;
select bt.id, bt.s, bu.w from bt left join bu on bt.id = bu.id order by bt.s limit 15;
select bt.id, bu.w from bt left join bu on bt.id = bu.id where bt.id < 20 order by bt.id desc;
select s, n, arr from bt order by s desc limit 7;
select s, n from bt order by n desc, s limit 5 offset 3;
select id, s, row_number() over (partition by k order by s) from (select id, k, upper(s) s from bt) x order by s limit 10;
with c as (select id, s from bt where id % 1000 = 0) select * from c c1 join c c2 using (id) order by 1;
select k, (select max(w) from bu where bu.id % 7 = bt.k) from bt group by k order by k;
select distinct on (k) k, s from bt order by k, s;
select id, s from bt where s like '%ab%' order by id limit 10;
select array_agg(x) from (select s x from bt order by id limit 5) y;
select k, count(distinct s), count(distinct arr) from bt group by k order by k;
select * from (select id, s, n from bt order by id desc limit 3) a, (select w from bu order by id limit 2) b order by 1, 4;
select bt.*, bu.* from bt full join bu on bt.id = bu.id where bt.id is null or bt.id < 4 order by bt.id nulls first, bu.id limit 8;
select ctid, xmin = xmin, s from bt order by id limit 3;
select json_agg(bt order by id) from bt where id < 3;
select sum(length(s)) from bt;
set work_mem = '64kB';
select count(*), max(s), min(s), string_agg(s, ',' order by s) filter (where id < 5) from bt;
select k, array_agg(s order by id) filter (where id < 30), max(n), sum(n) from bt group by k order by k;
select bt.id, bt.s, bu.w from bt left join bu on bt.id = bu.id order by bt.s limit 15;
select bt.id, bu.w from bt left join bu on bt.id = bu.id where bt.id < 20 order by bt.id desc;
select s, n, arr from bt order by s desc limit 7;
select s, n from bt order by n desc, s limit 5 offset 3;
select id, s, row_number() over (partition by k order by s) from (select id, k, upper(s) s from bt) x order by s limit 10;
with c as (select id, s from bt where id % 1000 = 0) select * from c c1 join c c2 using (id) order by 1;
select k, (select max(w) from bu where bu.id % 7 = bt.k) from bt group by k order by k;
select distinct on (k) k, s from bt order by k, s;
select id, s from bt where s like '%ab%' order by id limit 10;
select array_agg(x) from (select s x from bt order by id limit 5) y;
select k, count(distinct s), count(distinct arr) from bt group by k order by k;
select * from (select id, s, n from bt order by id desc limit 3) a, (select w from bu order by id limit 2) b order by 1, 4;
select bt.*, bu.* from bt full join bu on bt.id = bu.id where bt.id is null or bt.id < 4 order by bt.id nulls first, bu.id limit 8;
select ctid, xmin = xmin, s from bt order by id limit 3;
select json_agg(bt order by id) from bt where id < 3;
select sum(length(s)) from bt;
reset work_mem;
drop table bt, bu;
