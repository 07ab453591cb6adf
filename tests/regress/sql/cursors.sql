-- SQL cursors: DECLARE, FETCH and MOVE in every direction, CLOSE,
-- WITH HOLD, pg_cursors, and the errors on the way.
create table cur_t (id int primary key, name text, grp int);
insert into cur_t select g, 'row' || g, g % 3 from generate_series(1, 20) g;
analyze cur_t;

-- Outside a transaction block only a holdable cursor may be declared.
declare c cursor for select 1;
fetch c;
close c;
move c;

begin;
declare c scroll cursor for select id, name from cur_t order by id;
fetch c;
fetch next from c;
fetch 3 from c;
fetch forward 2 from c;
fetch prior from c;
fetch backward 2 from c;
fetch first from c;
fetch last from c;
fetch next from c;
fetch next from c;
fetch prior from c;
fetch absolute 5 from c;
fetch absolute -3 from c;
fetch absolute 0 from c;
fetch prior from c;
fetch absolute 25 from c;
fetch prior from c;
fetch relative 3 from c;
fetch relative -2 from c;
fetch relative 0 from c;
fetch 0 from c;
fetch forward 0 from c;
fetch backward 0 from c;
fetch -2 from c;
fetch forward -1 from c;
fetch backward -2 from c;
fetch forward all from c;
fetch backward all from c;
fetch all from c;
fetch all from c;
move first in c;
move 3 in c;
fetch c;
move backward all in c;
fetch c;
move forward all in c;
move backward 2 in c;
fetch c;
move absolute 10 in c;
move relative -3 in c;
fetch relative 0 from c;
move 0 in c;
move absolute 0 in c;
move 0 in c;
move last in c;
move next in c;
move 0 in c;
close c;
fetch c;
commit;

-- Scrollability without SCROLL or NO SCROLL follows the plan.
begin;
declare s1 cursor for select id from cur_t order by id;
declare s2 cursor for select g from generate_series(1, 5) g;
declare s3 cursor for select grp, count(*) from cur_t group by grp order by grp;
declare s4 cursor for values (1), (2), (3);
declare s5 cursor for select 1;
declare s6 cursor for select * from cur_t a join cur_t b using (id);
declare s7 cursor for select id from cur_t order by id limit 4;
declare s8 cursor for select id from cur_t union all select id from cur_t;
declare s9 cursor for select distinct grp from cur_t;
declare s10 no scroll cursor for select id from cur_t order by id;
declare s11 scroll cursor for select grp, count(*) from cur_t group by grp order by grp;
declare s12 cursor for select id from cur_t order by id for update;
select name, statement, is_holdable, is_binary, is_scrollable, creation_time <= now() as created
  from pg_cursors order by name;
fetch 2 from s3;
fetch prior from s3;
fetch 2 from s11;
fetch prior from s11;
fetch backward all from s11;
fetch 2 from s4;
fetch prior from s4;
fetch 2 from s7;
fetch last from s7;
fetch prior from s7;
commit;

-- NO SCROLL: forward only, and a rewind is an error once it moved.
begin;
declare n no scroll cursor for select id from cur_t order by id;
fetch absolute 0 from n;
fetch 2 from n;
fetch absolute 4 from n;
fetch absolute 1 from n;
rollback;
begin;
declare n no scroll cursor for select id from cur_t order by id;
fetch 2 from n;
fetch relative 0 from n;
rollback;
begin;
declare n no scroll cursor for select id from cur_t order by id;
move forward all in n;
move 0 in n;
fetch 0 from n;
move backward all in n;
rollback;
begin;
declare n no scroll cursor for select id from cur_t order by id;
fetch last from n;
rollback;

-- The options DECLARE refuses or accepts.
begin;
declare bad scroll no scroll cursor for select 1;
rollback;
begin;
declare bad asensitive insensitive cursor for select 1;
rollback;
begin;
declare ok1 asensitive cursor for select 1;
declare ok2 insensitive scroll cursor without hold for select 2;
select name, is_holdable, is_scrollable from pg_cursors order by name;
fetch ok2;
rollback;
begin;
declare bad scroll cursor for select * from cur_t for update;
rollback;
begin;
declare bad cursor with hold for select * from cur_t for share;
rollback;
begin;
declare bad insensitive cursor for select * from cur_t for no key update;
rollback;
begin;
declare bad cursor for with w as (insert into cur_t values (100) returning id) select id from w;
rollback;
begin;
declare bad cursor for select * from cur_t into x;
rollback;
begin;
declare bad cursor for select nosuchcolumn from cur_t;
rollback;
begin;
declare dup cursor for select 1;
declare dup cursor for select 2;
rollback;
begin;
declare c1 cursor for select 1;
close nosuch;
rollback;

-- A cursor declared on a failed transaction, and a query that fails as
-- it is fetched.
begin;
select 1 / 0;
declare f cursor for select 1;
fetch f;
rollback;
begin;
declare f cursor for select 10 / (id - 3) as q from cur_t;
fetch 2 from f;
fetch 2 from f;
rollback;
begin;
declare f cursor for select 10 / (id - 3) as q from cur_t;
savepoint sp;
fetch 5 from f;
rollback to sp;
fetch f;
rollback;

-- Savepoints: a cursor declared in a rolled-back savepoint is gone, one
-- declared before it stays and keeps its position.
begin;
declare outer_c cursor for select id from cur_t order by id;
fetch 2 from outer_c;
savepoint a;
declare inner_c cursor for select id from cur_t order by id desc;
fetch inner_c;
fetch outer_c;
rollback to a;
fetch inner_c;
rollback;
begin;
declare outer_c cursor for select id from cur_t order by id;
savepoint a;
declare inner_c cursor for select id from cur_t order by id desc;
release a;
fetch inner_c;
fetch outer_c;
select name from pg_cursors order by name;
commit;
select name from pg_cursors order by name;

-- A cursor reads under the snapshot of its DECLARE: later changes of the
-- same transaction are not seen.
begin;
declare snap cursor for select id, name from cur_t where id <= 3 order by id;
update cur_t set name = 'changed' where id <= 3;
insert into cur_t values (0, 'new', 0);
fetch all from snap;
select id, name from cur_t where id <= 3 order by id;
rollback;

-- FOR UPDATE cursors lock the rows as they are fetched.
begin;
declare lk cursor for select id from cur_t where id in (1, 2, 3) order by id for update;
fetch lk;
fetch lk;
close lk;
rollback;

-- WITH HOLD: materialized at commit, kept after it, dropped when the
-- declaring transaction rolls back.
begin;
declare h1 cursor with hold for select id, name from cur_t order by id;
declare h2 scroll cursor with hold for select id from cur_t where id <= 5 order by id;
declare h3 no scroll cursor with hold for select id from cur_t where id <= 5 order by id;
declare nh cursor for select 1;
fetch 2 from h1;
fetch 2 from h2;
fetch 2 from h3;
commit;
select name, is_holdable, is_scrollable from pg_cursors order by name;
fetch nh;
fetch 2 from h1;
fetch prior from h1;
fetch first from h2;
fetch last from h2;
fetch absolute 2 from h2;
fetch h3;
fetch prior from h3;
fetch all from h3;
-- Rows changed after the commit do not show.
update cur_t set name = 'later' where id = 5;
fetch h1;
fetch h1;
fetch h1;
update cur_t set name = 'row5' where id = 5;
-- A held cursor survives a later transaction's rollback.
begin;
fetch h1;
rollback;
fetch h1;
close h1;
close h2;
close h3;
begin;
declare h4 cursor with hold for select 1 as one;
rollback;
fetch h4;
-- Declared outside a block: the implicit transaction commits it.
declare h5 cursor with hold for select id from cur_t where id > 18 order by id;
fetch all from h5;
fetch backward 1 from h5;
close h5;
-- A holdable cursor whose query fails makes its commit fail.
begin;
declare h6 cursor with hold for select 10 / (id - 20) from cur_t;
fetch h6;
commit;
fetch h6;
select name from pg_cursors;
-- CLOSE ALL closes held and open cursors alike.
declare h7 cursor with hold for select 1;
begin;
declare c8 cursor for select 2;
close all;
select count(*) from pg_cursors;
fetch c8;
commit;
fetch h7;

-- Several statements in one Query message are an implicit block: DECLARE
-- works there, and the cursor ends with the message.
declare m cursor for select g from generate_series(1, 3) g \; fetch 2 from m \; fetch m;
fetch m;

-- A table an open cursor reads cannot be dropped, truncated or altered.
begin;
declare u cursor for select id from cur_t where grp = 1;
fetch u;
savepoint s;
truncate cur_t;
rollback to s;
drop table cur_t;
rollback to s;
alter table cur_t add column extra int;
rollback to s;
fetch u;
commit;
begin;
declare uh cursor with hold for select id from cur_t where id < 3 order by id;
commit;
alter table cur_t add column extra int;
fetch all from uh;
alter table cur_t drop column extra;
close uh;

-- ON COMMIT DROP comes after the commit closed the cursors.
begin;
create temp table cur_tmp on commit drop as select g from generate_series(1, 4) g;
declare tc cursor for select g from cur_tmp order by g;
declare th cursor with hold for select g from cur_tmp order by g;
fetch tc;
fetch th;
commit;
fetch tc;
fetch all from th;
close th;

-- Cursors over the rows of functions, VALUES, subqueries and WITH.
begin;
declare fx scroll cursor for
  with w as (select g, g * g as sq from generate_series(1, 6) g)
  select * from w where sq > 4 order by g desc;
fetch 2 from fx;
fetch last from fx;
fetch backward 3 from fx;
declare vx cursor for select * from (values (1, 'a'), (2, 'b'), (3, 'c')) v(n, l) order by n;
fetch absolute 3 from vx;
fetch absolute 1 from vx;
move forward 5 in vx;
fetch prior from vx;
rollback;

-- Large results spill to a temporary file past work_mem.
set work_mem = '64kB';
begin;
declare big scroll cursor for select g, repeat('x', 100) as pad from generate_series(1, 5000) g;
move forward 4000 in big;
fetch big;
fetch absolute 10 from big;
fetch relative 2500 from big;
fetch last from big;
fetch backward 2 from big;
move backward all in big;
fetch big;
commit;
begin;
declare bigh cursor with hold for select g, md5(g::text) as h from generate_series(1, 3000) g;
fetch 2 from bigh;
commit;
move forward 2000 in bigh;
fetch bigh;
fetch all from bigh;
close bigh;
create table cur_big (id int, pad text);
insert into cur_big select g, repeat('p', 300) from generate_series(1, 3000) g;
begin;
declare bc scroll cursor for select id from cur_big;
move forward 2500 in bc;
fetch absolute 2000 from bc;
update cur_big set id = -id where current of bc;
fetch prior from bc;
delete from cur_big where current of bc;
commit;
select count(*), min(id) from cur_big;
drop table cur_big;
reset work_mem;

-- MOVE counts and FETCH tags after the end.
begin;
declare mc cursor for select id from cur_t order by id;
move 5 in mc;
move forward all in mc;
move forward all in mc;
fetch mc;
rollback;

-- WHERE CURRENT OF: the row the cursor stands on.
begin;
declare cu cursor for select id, name from cur_t where id <= 3 order by id;
savepoint a;
update cur_t set name = 'x' where current of cu;
rollback to a;
fetch cu;
update cur_t set name = 'current' where current of cu;
fetch cu;
delete from cur_t where current of cu returning *;
fetch all from cu;
savepoint b;
update cur_t set name = 'x' where current of cu;
rollback to b;
select * from cur_t where id <= 3 order by id;
declare cg cursor for select grp, count(*) from cur_t group by grp;
fetch cg;
savepoint c;
update cur_t set name = 'x' where current of cg;
rollback to c;
declare cj cursor for select * from cur_t a join cur_t b using (id);
fetch cj;
savepoint d;
delete from cur_t where current of cj;
rollback to d;
update cur_t set name = 'x' where current of nosuch;
rollback;
begin;
declare cfu cursor for select * from cur_t where grp = 2 for update;
fetch 2 from cfu;
update cur_t set name = 'locked' where current of cfu returning id, name;
select id, name from cur_t where name = 'locked';
rollback;
begin;
declare hc cursor with hold for select id from cur_t;
commit;
fetch hc;
update cur_t set name = 'x' where current of hc;
close hc;

-- DISCARD ALL closes every cursor.
declare dh cursor with hold for select 1;
discard all;
fetch dh;
select count(*) from pg_cursors;

drop table cur_t;
