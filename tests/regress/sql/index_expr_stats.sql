-- ANALYZE keeps statistics of index expressions (compute_index_stats),
-- shown by pg_stats under the index's name, and conditions and
-- groupings on those expressions are estimated from them.
create table ies (id int primary key, email text, n int);
insert into ies select g, case when g % 10 = 0 then 'Common@X.org' else 'user' || g || '@x.org' end, g % 100 from generate_series(1, 20000) g;
create index ies_lower on ies (lower(email));
create index ies_mod on ies ((n % 7));
create index ies_part on ies ((n * 2)) where n < 50;
-- No index statistics before ANALYZE, nor with a column list.
analyze ies (email);
select tablename, attname from pg_stats where tablename like 'ies%' order by 1, 2;
analyze ies;
select tablename, attname, null_frac, n_distinct, most_common_vals, most_common_freqs, avg_width, correlation
  from pg_stats where tablename in ('ies_lower', 'ies_mod', 'ies_part') and attname <> 'lower' order by 1, 2;
select tablename, attname, null_frac, n_distinct, most_common_vals, most_common_freqs, avg_width, correlation
  from pg_stats where tablename = 'ies_lower';
explain select * from ies where lower(email) = 'common@x.org';
explain select * from ies where lower(email) = 'user5@x.org';
explain (costs off) select * from ies where n % 7 = 3;
explain select * from ies where n % 7 = 3 and id < 0;
-- A statistics target of 0 on the index column: none kept.
alter index ies_mod alter column 1 set statistics 0;
alter index ies_pkey alter column 1 set statistics 10;
alter index ies_mod alter column 2 set statistics 10;
alter index ies_mod alter column 1 set statistics -5;
alter index ies_part alter column 1 set statistics 20000;
select attname, attstattarget from pg_attribute where attrelid in ('ies_mod'::regclass, 'ies_part'::regclass) order by 1;
analyze ies;
select tablename, attname from pg_stats where tablename like 'ies%' order by 1, 2;
drop index ies_lower;
select count(*) from pg_stats where tablename = 'ies_lower';
drop table ies;
