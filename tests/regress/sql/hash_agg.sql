-- Hash aggregation keyed by one integer-like column (by the key's word) or
-- by byte keys, with a NULL group, in memory and spilled at work_mem = 64kB.
create table ga (k int, d date, b bool, v int, s text);
insert into ga select case when i % 13 = 0 then null else i % 977 end, date '2020-01-01' + (i % 50), i % 3 = 0, i, md5(i::text) from generate_series(1, 30000) i;
select k, count(*), sum(v), min(s) from ga group by k order by k nulls first limit 12;
select count(*) from (select k, count(*) from ga group by k) x;
select d, count(*), max(v) from ga group by d order by d limit 5;
select b, count(*) from ga group by b order by b;
select k::bigint, count(*) from ga group by 1 having count(*) > 31 order by 1 limit 5;
select k, count(distinct s) from ga group by k order by k nulls last limit 4;
set work_mem = '64kB';
select k, count(*), sum(v), min(s) from ga group by k order by k nulls first limit 12;
select count(*), sum(c) from (select k, count(*) c from ga group by k) x;
select k, count(distinct s) from ga group by k order by k nulls last limit 4;
select k, d, count(*) from ga group by k, d order by 3 desc, 1, 2 limit 5;
select k, count(*) from ga group by rollup (k) order by k nulls first limit 3;
reset work_mem;
drop table ga;
