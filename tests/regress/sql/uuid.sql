--
-- uuid
--
select 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid, '{a0eebc99-9c0b4ef8-bb6d6bb9-bd380a11}'::uuid, 'A0EEBC999C0B4EF8BB6D6BB9BD380A11'::uuid, 'a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11'::uuid;
select 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1'::uuid;
select 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11x'::uuid;
select '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid;
select 'a0eebc999-c0b-4ef8-bb6d-6bb9bd380a11'::uuid;
create table ut (id uuid default gen_random_uuid(), n int);
insert into ut (n) values (1), (2);
insert into ut values ('11111111-1111-1111-1111-111111111111', 3), ('00000000-0000-0000-0000-000000000000', 4);
select count(distinct id), count(*) from ut;
select n from ut where n > 2 order by id;
select id from ut where id = '11111111-1111-1111-1111-111111111111';
select id < '22222222-2222-2222-2222-222222222222'::uuid, id::text from ut where n > 2 order by n;
select pg_typeof(gen_random_uuid()), length(gen_random_uuid()::text), substr(gen_random_uuid()::text, 15, 1);
select a.n, b.n from ut a join ut b on a.id = b.id order by 1;
select '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11, 11111111-1111-1111-1111-111111111111}'::uuid[];
select uuid_cmp('11111111-1111-1111-1111-111111111111', '00000000-0000-0000-0000-000000000000');
select max(id::text) from ut where n > 2;
drop table ut;
