-- Outer joins that WHERE makes inner, one-sided (FULL) or anti joins
-- (reduce_outer_joins): plan shapes and rows.
create table roj_a (id int primary key, v int); create table roj_b (id int primary key, aid int, w int); create table roj_c (id int, bid int);
insert into roj_a select g, g%10 from generate_series(1,1000) g; insert into roj_b select g, g*2, g%5 from generate_series(1,300) g; insert into roj_c select g, g % 400 from generate_series(1, 500) g;
insert into roj_b values (1000, null, null);
analyze roj_a; analyze roj_b; analyze roj_c;
explain (costs off) select * from roj_a left join roj_b on roj_a.id = roj_b.aid where roj_b.aid is null;
select count(*), sum(roj_a.id) from roj_a left join roj_b on roj_a.id = roj_b.aid where roj_b.aid is null;
explain (costs off) select * from roj_a left join roj_b on roj_a.id = roj_b.aid where roj_b.w = 3;
select count(*), sum(roj_a.id) from roj_a left join roj_b on roj_a.id = roj_b.aid where roj_b.w = 3;
explain (costs off) select * from roj_a left join roj_b on roj_a.id = roj_b.aid where roj_b.id is null;
select count(*), sum(roj_a.id) from roj_a left join roj_b on roj_a.id = roj_b.aid where roj_b.id is null;
explain (costs off) select * from roj_a left join roj_b on roj_a.id = roj_b.aid and roj_b.w > 1 where roj_b.w is null;
select count(*), sum(roj_a.id) from roj_a left join roj_b on roj_a.id = roj_b.aid and roj_b.w > 1 where roj_b.w is null;
explain (costs off) select * from roj_a full join roj_b on roj_a.id = roj_b.aid where roj_b.w = 3;
select count(*), sum(roj_a.id), sum(roj_b.id) from roj_a full join roj_b on roj_a.id = roj_b.aid where roj_b.w = 3;
explain (costs off) select * from roj_a full join roj_b on roj_a.id = roj_b.aid where roj_a.v = 3;
select count(*), sum(roj_a.id), sum(roj_b.id) from roj_a full join roj_b on roj_a.id = roj_b.aid where roj_a.v = 3;
explain (costs off) select * from roj_a full join roj_b on roj_a.id = roj_b.aid where roj_a.v = 3 and roj_b.w = 2;
explain (costs off) select * from roj_a left join roj_b on roj_a.id = roj_b.aid where coalesce(roj_b.w, 0) = 3;
explain (costs off) select * from roj_a left join roj_b on roj_a.id = roj_b.aid where roj_b.w = 3 or roj_a.v = 1;
select count(*) from roj_a left join roj_b on roj_a.id = roj_b.aid where roj_b.w = 3 or roj_a.v = 1;
explain (costs off) select * from roj_a left join roj_b on roj_a.id = roj_b.aid where roj_b.w = 3 or roj_b.w = 4;
select count(*) from roj_a left join roj_b on roj_a.id = roj_b.aid where roj_b.w = 3 or roj_b.w = 4;
explain (costs off) select * from roj_a left join roj_b on roj_a.id = roj_b.aid left join roj_c on roj_c.bid = roj_b.id where roj_c.id > 5;
select count(*), sum(roj_c.id) from roj_a left join roj_b on roj_a.id = roj_b.aid left join roj_c on roj_c.bid = roj_b.id where roj_c.id > 5;
explain (costs off) select * from roj_a left join (roj_b join roj_c on roj_c.bid = roj_b.id) on roj_a.id = roj_b.aid where roj_c.id is null;
select count(*) from roj_a left join (roj_b join roj_c on roj_c.bid = roj_b.id) on roj_a.id = roj_b.aid where roj_c.id is null;
explain (costs off) select * from roj_a left join roj_b on roj_a.id = roj_b.aid where roj_b.aid is null and roj_b.w is null;
select count(*) from roj_a left join roj_b on roj_a.id = roj_b.aid where roj_b.aid is null and roj_b.w is null;
explain (costs off) select * from roj_a left join roj_b on roj_a.id = roj_b.aid where roj_b.w is not null;
select count(*) from roj_a left join roj_b on roj_a.id = roj_b.aid where not (roj_b.w is null);
explain (costs off) select roj_a.id from roj_a left join roj_b on roj_a.id = roj_b.aid where roj_b.aid is null and exists (select 1 from roj_c where roj_c.bid = roj_a.id);
select count(*) from roj_a left join roj_b on roj_a.id = roj_b.aid where roj_b.aid is null and exists (select 1 from roj_c where roj_c.bid = roj_a.id);
explain (costs off) select * from roj_a where not exists (select 1 from roj_b left join roj_c on roj_c.bid = roj_b.id where roj_b.aid = roj_a.id and roj_c.id is null);
select count(*) from roj_a where not exists (select 1 from roj_b left join roj_c on roj_c.bid = roj_b.id where roj_b.aid = roj_a.id and roj_c.id is null);
-- A FULL JOIN on conditions no merge or hash join takes runs once WHERE
-- makes it one-sided; otherwise it is refused.
select count(*) from roj_a full join roj_b on roj_a.id < roj_b.aid where roj_b.w = 1;
select count(*) from roj_a full join roj_b on roj_a.id < roj_b.aid where roj_b.w = 1 and roj_a.v = 2;
select count(*) from roj_a full join roj_b on roj_a.id < roj_b.aid where roj_b.w = 1 or roj_a.v = 2;
select count(*) from roj_a full join roj_b on roj_a.id < roj_b.aid where not (roj_b.w is null);
drop table roj_a, roj_b, roj_c;
