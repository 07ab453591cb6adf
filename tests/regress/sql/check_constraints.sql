--
-- CHECK constraints
--
create table ck (a int check (a > 0), b int, c text, check (b > a), constraint named check (c <> ''), check (a + b < 100), check (length(c) < 10));
select conname, contype, convalidated, conkey, pg_get_constraintdef(oid), pg_get_constraintdef(oid, true) from pg_constraint where conrelid = 'ck'::regclass order by conname;
select relchecks from pg_class where relname = 'ck';
insert into ck values (1, 2, 'x');
insert into ck values (0, 2, 'x');
insert into ck values (5, 2, 'x');
insert into ck values (1, 2, '');
insert into ck values (null, null, null);
update ck set b = 0 where a = 1;
alter table ck add constraint positive_b check (b >= 0);
alter table ck add check (b < 0);
alter table ck add constraint bneg check (b < 0) not valid;
alter table ck validate constraint bneg;
alter table ck drop constraint bneg;
alter table ck drop constraint nosuch;
alter table ck drop constraint if exists nosuch;
alter table ck add constraint named check (true);
create table ck2 (a int check (a > 0), check (a > 0), check (a > 0));
select conname from pg_constraint where conrelid = 'ck2'::regclass order by 1;
create table ck3 (a int check (sum(a) > 0));
create table ck4 (a int check ((select 1) > 0));
create table ck5 (a int check (a));
create table ck6 (a int check (b > 0));
alter table ck rename column b to bb;
select conname, pg_get_constraintdef(oid) from pg_constraint where conrelid = 'ck'::regclass order by conname;
insert into ck values (50, 60, 'y');
alter table ck drop column c;
select conname from pg_constraint where conrelid = 'ck'::regclass order by conname;
\d ck
drop table ck, ck2;

-- Set-returning functions, aggregates, subqueries and window functions in
-- CHECK constraints, domain checks, generated columns and defaults.
create table srfck1 (a int check (a > generate_series(1,2)));
create table srfck2 (a int check (a > sum(a)));
create table srfck3 (a int check (a > (select 1)));
create table srfck4 (a int check (a > row_number() over ()));
create table srfck5 (a int generated always as (generate_series(1,2)) stored);
create table srfck6 (a int default generate_series(1,2));
create table srfck7 (a int);
alter table srfck7 add constraint c check (a in (select 1));
alter table srfck7 add constraint c check (a > generate_series(1, 2));
drop table srfck7;
create domain srfckd as int check (value > generate_series(1, 2));
create table srfck8 (a int, b int generated always as (a + 1) stored check (b > 0));
insert into srfck8 (a) values (1) returning *;
drop table srfck8;
