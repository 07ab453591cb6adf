-- CREATE INDEX CONCURRENTLY, DROP INDEX CONCURRENTLY and REINDEX ...
-- CONCURRENTLY in one session: the indexes they leave, their states in
-- pg_index, and their errors.
create table cic (a int, b int, c text);
insert into cic select g, g % 10, 'row ' || g from generate_series(1, 200) g;

create index concurrently cic_a_idx on cic (a);
create index concurrently on cic (b desc nulls last) include (a);
create unique index concurrently cic_a_uniq on cic (a) where b > 2;
create index concurrently on cic (lower(c));
create index concurrently if not exists cic_a_idx on cic (b);
select c.relname, i.indisvalid, i.indisready, i.indislive, pg_get_indexdef(i.indexrelid)
  from pg_index i join pg_class c on c.oid = i.indexrelid
  where i.indrelid = 'cic'::regclass order by 1;
\d cic
set enable_seqscan = off;
set enable_bitmapscan = off;
explain (costs off) select a, c from cic where a = 5;
select a, b from cic where a = 5;
select a from cic where lower(c) = 'row 7';
reset enable_seqscan;
reset enable_bitmapscan;

-- A unique index over duplicates: the build fails and leaves an invalid
-- index that the planner ignores and writers do not maintain.
insert into cic values (1, 0, 'one again');
create unique index concurrently cic_a_dup on cic (a);
\d cic
select c.relname, i.indisvalid, i.indisready from pg_index i join pg_class c on c.oid = i.indexrelid
  where i.indrelid = 'cic'::regclass and not i.indisvalid order by 1;
set enable_seqscan = off;
explain (costs off) select c from cic where a = 1;
reset enable_seqscan;
insert into cic values (1, 1, 'one more');
reindex table concurrently cic;
reindex index cic_a_dup;
delete from cic where c in ('one again', 'one more');
reindex index concurrently cic_a_dup;
select indisvalid, indisready from pg_index where indexrelid = 'cic_a_dup'::regclass;
insert into cic values (201, 0, 'row 5');
create unique index concurrently cic_c_dup on cic (c);
reindex index cic_c_dup;
drop index cic_c_dup;
delete from cic where a = 201;

-- REINDEX CONCURRENTLY keeps names, definitions and constraints.
alter table cic add constraint cic_pkey primary key (a);
create index cic_b_idx_ccnew on cic (b);
reindex index concurrently cic_pkey;
reindex table concurrently cic;
reindex (concurrently) index cic_a_idx;
reindex (concurrently false) index cic_a_idx;
select c.relname, i.indisvalid, i.indisready, i.indisprimary, pg_get_indexdef(i.indexrelid)
  from pg_index i join pg_class c on c.oid = i.indexrelid
  where i.indrelid = 'cic'::regclass order by 1;
select conname, contype, conindid::regclass from pg_constraint where conrelid = 'cic'::regclass order by 1;
insert into cic values (1, 0, 'one again');
\d cic

-- The copy's name avoids those taken; a failed copy is left invalid.
insert into cic values (202, 0, 'row 6');
create unique index concurrently cic_c_u on cic (c);
create index cic_c_u_ccnew on cic (b);
create unique index concurrently cic_c_a_very_long_index_name_that_fills_all_sixty_three_bytes on cic (c);
reindex index concurrently cic_c_u;
reindex index concurrently cic_c_a_very_long_index_name_that_fills_all_sixty_three_bytes;
select c.relname, i.indisvalid, i.indisready from pg_index i join pg_class c on c.oid = i.indexrelid
  where i.indrelid = 'cic'::regclass and c.relname like 'cic_c_%' order by 1;
delete from cic where a = 202;
reindex index concurrently cic_c_u;
drop index cic_c_u, cic_c_u_ccnew, cic_c_u_ccnew1, cic_c_a_very_long_index_name_that_fills_all_sixty_three_bytes;
drop index cic_c_a_very_long_index_name_that_fills_all_sixty_three_b_ccnew;

-- Foreign keys and deferrable constraints follow the new index.
create table cic_pk (a int primary key);
create table cic_fk (a int references cic_pk);
create table cic_def (a int unique deferrable initially deferred);
insert into cic_pk select generate_series(1, 10);
insert into cic_fk values (1), (2);
insert into cic_def values (1), (2);
comment on index cic_pk_pkey is 'the key';
reindex index concurrently cic_pk_pkey;
select obj_description('cic_pk_pkey'::regclass, 'pg_class');
reindex table concurrently cic_def;
select conrelid::regclass, conname, contype, conindid::regclass from pg_constraint
  where conrelid in ('cic_pk'::regclass, 'cic_fk'::regclass, 'cic_def'::regclass) order by 1, 2;
insert into cic_fk values (3);
insert into cic_fk values (99);
delete from cic_pk where a = 1;
begin;
insert into cic_def values (1);
update cic_def set a = 3 where a = 1 and ctid = (select max(ctid) from cic_def where a = 1);
commit;
insert into cic_def values (2);
select a from cic_def order by 1;
drop table cic_fk, cic_pk, cic_def;

-- DROP INDEX CONCURRENTLY.
drop index concurrently cic_b_idx_ccnew;
drop index concurrently if exists cic_nothing;
drop index concurrently cic_nothing;
drop index concurrently cic_pkey;
drop index concurrently cic_a_idx, cic_a_uniq;
drop index concurrently cic_a_idx cascade;
drop index concurrently public.cic_a_uniq;
select c.relname from pg_index i join pg_class c on c.oid = i.indexrelid
  where i.indrelid = 'cic'::regclass order by 1;

-- Not inside a transaction block.
begin;
create index concurrently on cic (c);
rollback;
begin;
drop index concurrently cic_a_idx;
rollback;
begin;
reindex index concurrently cic_a_idx;
rollback;
begin;
reindex table concurrently cic;
rollback;
begin;
reindex schema concurrently public;
rollback;
begin;
reindex (concurrently off) schema public;
rollback;
begin;
reindex (concurrently false) table cic;
rollback;
select 1 \; create index concurrently on cic (c);
select 1 \; drop index concurrently cic_a_idx;
select 1 \; reindex table concurrently cic;

-- Nor from a routine.
create procedure cic_proc() language sql as $$ create index concurrently on cic (c) $$;
call cic_proc();
create function cic_func() returns int language sql as $$ reindex table concurrently cic; select 1 $$;
select cic_func();
create procedure cic_proc2() language sql as $$ drop index concurrently cic_a_idx $$;
call cic_proc2();
drop procedure cic_proc, cic_proc2;
drop function cic_func;

-- What is refused or done otherwise.
create index concurrently on pg_class (relname);
reindex table concurrently pg_class;
reindex system concurrently postgres;
create view cicv as select * from cic;
create index concurrently on cicv (a);
reindex table concurrently cicv;
reindex index concurrently cicv;
drop view cicv;
create table cic_empty (a int);
reindex table concurrently cic_empty;
drop table cic_empty;
create index concurrently cic_nope on cic_missing (a);
reindex index concurrently cic_missing;

-- A temporary table's indexes are made, rebuilt and dropped at once.
create temp table cic_temp (a int);
insert into cic_temp values (1), (2);
create index concurrently cic_temp_idx on cic_temp (a);
reindex index concurrently cic_temp_idx;
reindex table concurrently cic_temp;
drop index concurrently cic_temp_idx;
reindex table concurrently cic_temp;
drop table cic_temp;

-- REINDEX SCHEMA CONCURRENTLY.
create schema cics;
create table cics.t1 (a int primary key, b int);
create table cics.t2 (a int);
create index on cics.t2 (a);
insert into cics.t1 select g, g from generate_series(1, 20) g;
insert into cics.t2 select g from generate_series(1, 20) g;
reindex schema concurrently cics;
select c.relname, i.indisvalid from pg_index i join pg_class c on c.oid = i.indexrelid
  where c.relnamespace = 'cics'::regnamespace order by 1;
drop schema cics cascade;

drop table cic;
