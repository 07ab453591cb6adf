--
-- COMMENT ON and the description functions
--
create table cm (a int, b text check (b <> ''));
comment on table cm is 'a table';
comment on column cm.a is 'col a';
comment on column cm.nosuch is 'x';
comment on table nosuch is 'x';
comment on view cm is 'x';
comment on schema public is 'pub';
create sequence cms; comment on sequence cms is 'seq';
comment on column cm is 'x';
comment on constraint cm_b_check on cm is 'chk';
comment on constraint nosuch on cm is 'chk';
select obj_description('cm'::regclass, 'pg_class'), obj_description('cm'::regclass), col_description('cm'::regclass, 1), col_description('cm'::regclass, 2), obj_description('public'::regnamespace, 'pg_namespace');
select objoid::regclass, classoid::regclass, objsubid, description from pg_description where objoid = 'cm'::regclass;
comment on table cm is null;
comment on table cm is '';
select count(*) from pg_description where objoid = 'cm'::regclass;
alter table cm drop column a;
select count(*) from pg_description where objoid = 'cm'::regclass;
comment on schema public is null;
drop table cm; drop sequence cms;
select count(*) from pg_description where objoid >= 16384;
