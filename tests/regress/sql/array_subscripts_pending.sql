--
-- array_subscripts: statements where gpostgres differs from PostgreSQL 15
-- (see Known failures in ../README.md)
--
create table mt (id int, a int[]);
merge into mt using (values (3, 9)) v(id, x) on mt.id = v.id
  when not matched then insert (id, a[2]) values (v.id, v.x);
select * from mt order by id;
drop table mt;
