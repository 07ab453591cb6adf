--
-- LOCK TABLE
--
create table lk (a int);
lock table lk;
begin; lock table lk in access share mode; lock lk, lk in share row exclusive mode nowait; lock table nosuch; rollback;
begin; lock table only lk in exclusive mode; select mode, granted from pg_locks where relation = 'lk'::regclass order by 1; commit;
create sequence lks; create view lkv as select * from lk;
begin; lock table lks; rollback;
begin; lock table lkv; select mode from pg_locks where relation = 'lk'::regclass order by 1; rollback;
begin; lock table pg_class in access share mode; rollback;
drop view lkv; drop sequence lks; drop table lk;
