-- EXISTS, NOT EXISTS and IN (subquery) in WHERE as semi and anti joins:
-- plan shapes and results, NULLs on both sides.
create table sj_a (id int primary key, x int, v text);
create table sj_b (id int primary key, ax int, w int);
insert into sj_a select g, g % 100, 'v' || g from generate_series(1, 10000) g;
insert into sj_b select g, g % 50, g % 7 from generate_series(1, 3000) g;
create index sj_b_ax on sj_b (ax);
analyze sj_a;
analyze sj_b;

-- The inner side's distinct keys joined (HashAggregate), or a semi join.
explain (costs off) select * from sj_a where exists (select 1 from sj_b where sj_b.ax = sj_a.x);
select count(*) from sj_a where exists (select 1 from sj_b where sj_b.ax = sj_a.x);
explain (costs off) select * from sj_a where x in (select ax from sj_b where w = 3);
select count(*), sum(id) from sj_a where x in (select ax from sj_b where w = 3);
explain (costs off) select * from sj_a where exists (select 1 from sj_b where sj_b.ax = sj_a.x and sj_b.w > sj_a.id % 7);
select count(*), sum(id) from sj_a where exists (select 1 from sj_b where sj_b.ax = sj_a.x and sj_b.w > sj_a.id % 7);

-- Anti joins.
explain (costs off) select * from sj_a where not exists (select 1 from sj_b where sj_b.ax = sj_a.x);
select count(*), sum(id) from sj_a where not exists (select 1 from sj_b where sj_b.ax = sj_a.x);
explain (costs off) select * from sj_a where not exists (select 1 from sj_b where sj_b.id = sj_a.id);
select count(*), sum(id) from sj_a where not exists (select 1 from sj_b where sj_b.id = sj_a.id);

-- A unique inner key makes it an inner join.
explain (costs off) select * from sj_a where id in (select id from sj_b);
select count(*) from sj_a where id in (select id from sj_b);
explain (costs off) select * from sj_a where id < 100 and exists (select 1 from sj_b where sj_b.id = sj_a.id);
select count(*) from sj_a where id < 100 and exists (select 1 from sj_b where sj_b.id = sj_a.id);

-- Over a join of the FROM list.
explain (costs off) select sj_a.id from sj_a, sj_b b1 where sj_a.id = b1.id and exists (select 1 from sj_b where sj_b.ax = sj_a.x and sj_b.w = b1.w);
select count(*) from sj_a, sj_b b1 where sj_a.id = b1.id and exists (select 1 from sj_b where sj_b.ax = sj_a.x and sj_b.w = b1.w);

-- A large outer table, a small inner one: merge and nested loops.
create table sj_big (id int primary key, g int, t text);
insert into sj_big select g, g % 1000, md5(g::text) from generate_series(1, 100000) g;
create table sj_small (k int, tag text);
insert into sj_small select g * 37, 'x' from generate_series(1, 20) g;
insert into sj_small values (null, 'n'), (74, 'dup');
analyze sj_big;
analyze sj_small;
explain (costs off) select * from sj_big where id in (select k from sj_small);
select id, g from sj_big where id in (select k from sj_small) order by id;
explain (costs off) select * from sj_big where not exists (select 1 from sj_small where sj_small.k = sj_big.id);
select count(*) from sj_big where not exists (select 1 from sj_small where sj_small.k = sj_big.id);
explain (costs off) select * from sj_small where exists (select 1 from sj_big where sj_big.id = sj_small.k);
select * from sj_small where exists (select 1 from sj_big where sj_big.id = sj_small.k) order by 1, 2;
explain (costs off) select * from sj_small where not exists (select 1 from sj_big where sj_big.g = sj_small.k);
select * from sj_small where not exists (select 1 from sj_big where sj_big.g = sj_small.k) order by 1, 2;
explain (costs off) select * from sj_small s where exists (select 1 from sj_big b where b.g = s.k and b.id > s.k * 10);
select * from sj_small s where exists (select 1 from sj_big b where b.g = s.k and b.id > s.k * 10) order by 1, 2;
set enable_hashjoin = off;
explain (costs off) select * from sj_small where not exists (select 1 from sj_big where sj_big.g = sj_small.k);
select * from sj_small where not exists (select 1 from sj_big where sj_big.g = sj_small.k) order by 1, 2;
reset enable_hashjoin;

-- NULLs: never equal, so NOT EXISTS keeps them and IN drops them.
create table sj_n (k int);
insert into sj_n values (1), (null), (2), (2);
analyze sj_n;
select * from sj_n where k in (select k from sj_n) order by 1;
select * from sj_n where not exists (select 1 from sj_n n2 where n2.k = sj_n.k) order by 1;
select * from sj_n where exists (select 1 from sj_n n2 where n2.k is not distinct from sj_n.k) order by 1;
select * from sj_n where (k, k) in (select k, k from sj_n) order by 1;
select * from sj_n where not exists (select 1 from sj_n n2 where n2.k = sj_n.k + 1) order by 1;
-- An empty inner side.
select count(*) from sj_a where exists (select 1 from sj_n where sj_n.k = sj_a.id and sj_n.k > 5);
select count(*) from sj_a where not exists (select 1 from sj_n where sj_n.k = sj_a.id and sj_n.k > 5);
-- A condition on the outer side alone, in EXISTS and in NOT EXISTS.
select count(*) from sj_a where exists (select 1 from sj_b where sj_b.ax = sj_a.x and sj_a.id < 50);
select count(*) from sj_a where not exists (select 1 from sj_b where sj_b.ax = sj_a.x and sj_a.id < 50);
-- EXISTS with LIMIT, and forms left as subplans.
select count(*) from sj_a where exists (select 1 from sj_b where sj_b.ax = sj_a.x limit 1);
select count(*) from sj_a where x not in (select ax from sj_b);
select count(*) from sj_a where id < 10 or exists (select 1 from sj_b where sj_b.id = sj_a.id);
-- Subqueries over joins, nested EXISTS, several semi joins.
create table sj_c (id int, w int);
insert into sj_c select g * 2, g % 5 from generate_series(1, 2000) g;
analyze sj_c;
explain (costs off) select * from sj_a where exists (select 1 from sj_b join sj_c on sj_b.id = sj_c.id where sj_b.ax = sj_a.x);
select count(*), sum(id) from sj_a where exists (select 1 from sj_b join sj_c on sj_b.id = sj_c.id where sj_b.ax = sj_a.x);
explain (costs off) select * from sj_a where x in (select b.ax from sj_b b, sj_c c where b.id = c.id and c.w = 2);
select count(*), sum(id) from sj_a where x in (select b.ax from sj_b b, sj_c c where b.id = c.id and c.w = 2);
explain (costs off) select * from sj_a where exists (select 1 from sj_b where sj_b.ax = sj_a.x and exists (select 1 from sj_c where sj_c.id = sj_b.id));
select count(*), sum(id) from sj_a where exists (select 1 from sj_b where sj_b.ax = sj_a.x and exists (select 1 from sj_c where sj_c.id = sj_b.id));
explain (costs off) select count(*) from sj_big where g in (select k from sj_small) and exists (select 1 from sj_n where sj_n.k = sj_big.id % 3);
select count(*) from sj_big where g in (select k from sj_small) and exists (select 1 from sj_n where sj_n.k = sj_big.id % 3);
explain (costs off) select a1.id from sj_a a1 join sj_a a2 on a1.id = a2.id + 1 where not exists (select 1 from sj_b where sj_b.ax = a1.x and sj_b.w = a2.x % 7);
select count(*) from sj_a a1 join sj_a a2 on a1.id = a2.id + 1 where not exists (select 1 from sj_b where sj_b.ax = a1.x and sj_b.w = a2.x % 7);
-- In ORDER BY's order, stopping early.
explain (costs off) select * from sj_a where exists (select 1 from sj_b where sj_b.ax = sj_a.x) order by id limit 5;
select * from sj_a where exists (select 1 from sj_b where sj_b.ax = sj_a.x) order by id limit 5;
explain (costs off) select * from sj_a join sj_b on sj_b.ax = sj_a.x order by sj_a.id limit 5;
select sj_a.id, sj_b.id from sj_a join sj_b on sj_b.ax = sj_a.x order by sj_a.id, sj_b.id limit 5;
drop table sj_a, sj_b, sj_c, sj_big, sj_small, sj_n;
