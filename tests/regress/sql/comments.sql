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

-- constraints of domains
CREATE DOMAIN cmt_dom AS int CONSTRAINT cmt_dom_pos CHECK (VALUE > 0);
CREATE TYPE cmt_comp AS (a int);
COMMENT ON CONSTRAINT cmt_dom_pos ON DOMAIN cmt_dom IS 'positive';
SELECT conname, obj_description(oid, 'pg_constraint') FROM pg_constraint WHERE contypid = 'cmt_dom'::regtype;
COMMENT ON CONSTRAINT nope ON DOMAIN cmt_dom IS 'x';
COMMENT ON CONSTRAINT cmt_dom_pos ON DOMAIN public.cmt_comp IS 'x';
COMMENT ON CONSTRAINT cmt_dom_pos ON DOMAIN nosuch IS 'x';
COMMENT ON CONSTRAINT cmt_dom_pos ON DOMAIN cmt_dom IS '';
SELECT count(*) FROM pg_description WHERE objoid IN (SELECT oid FROM pg_constraint WHERE contypid = 'cmt_dom'::regtype);
COMMENT ON CONSTRAINT cmt_dom_pos ON DOMAIN cmt_dom IS 'again';
SELECT oid AS cmt_con FROM pg_constraint WHERE contypid = 'cmt_dom'::regtype \gset
DROP DOMAIN cmt_dom;
SELECT count(*) FROM pg_description WHERE objoid = :cmt_con;
DROP TYPE cmt_comp;
select count(*) from pg_description where objoid >= 16384;
