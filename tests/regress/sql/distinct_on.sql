--
-- SELECT DISTINCT ON
--
create table dox (g int, v int, t text);
insert into dox values (1, 5, 'a'), (1, 3, 'b'), (2, 9, 'c'), (2, 1, 'd'), (null, 4, 'e'), (null, 2, 'f'), (3, null, 'g');
select distinct on (g) g, v, t from dox order by g, v;
select distinct on (g) g, v, t from dox order by g, v desc;
select distinct on (g) g, t from dox order by g desc nulls last, v;
select distinct on (g) t from dox order by g, v;
select distinct on (g, v % 2) g, v % 2 as odd, t from dox order by g, v % 2, t;
select distinct on (g) g, v from dox order by v;
select distinct on (g) g, v from dox order by g, v, t;
select distinct on (1) g, v from dox order by 1, 2 desc;
select distinct on (v) v from dox order by v nulls first;
select count(*) from (select distinct on (g) * from dox order by g, t) s;
drop table dox;
