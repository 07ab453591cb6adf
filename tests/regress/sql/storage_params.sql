-- Table storage parameters that change how rows are stored or vacuumed,
-- and the multixact columns of the catalogs.

-- toast_tuple_target: a row over the TOAST threshold has its values
-- compressed and moved out of line until it fits the table's target; a
-- small target moves more of them.
create table sp_default (id int, a text, b text, c text);
create table sp_small (id int, a text, b text, c text) with (toast_tuple_target = 128);
insert into sp_default
  select i, string_agg(md5((g + i * 1000)::text), ''), string_agg(md5((g + i * 1000 + 100)::text), ''),
         string_agg(md5((g + i * 1000 + 200)::text), '')
  from generate_series(1, 24) g, generate_series(1, 20) i group by i;
insert into sp_small select * from sp_default;
select relname, pg_relation_size(oid) / 8192 as pages, pg_relation_size(reltoastrelid) / 8192 as toast_pages
  from pg_class where relname in ('sp_default', 'sp_small') order by relname;
select count(*) from sp_small s join sp_default d using (id) where s.a || s.b || s.c = d.a || d.b || d.c;
update sp_small set id = id + 100 where id <= 5;
select count(*), sum(length(a || b || c)) from sp_small;
create table sp_bad (a int) with (toast_tuple_target = 100);
create table sp_bad (a int) with (toast_tuple_target = 9000);

-- The autovacuum parameters, freeze ages included, with their bounds.
create table sp_av (a int) with (autovacuum_vacuum_cost_limit = 50, autovacuum_freeze_min_age = 0,
  autovacuum_freeze_max_age = 100000, autovacuum_freeze_table_age = 0,
  autovacuum_multixact_freeze_min_age = 0, autovacuum_multixact_freeze_max_age = 10000,
  autovacuum_multixact_freeze_table_age = 0);
select reloptions from pg_class where relname = 'sp_av';
create table sp_bad (a int) with (autovacuum_multixact_freeze_max_age = 9999);
create table sp_bad (a int) with (autovacuum_multixact_freeze_min_age = -1);
create table sp_bad (a int) with (autovacuum_multixact_freeze_table_age = 2000000001);
create table sp_bad (a int) with (autovacuum_vacuum_cost_limit = 0);
create table sp_bad (a int) with (autovacuum_freeze_max_age = 99999);

-- relminmxid: a new table's is the next multixact, and VACUUM keeps it
-- at most as old as the oldest one its rows hold.
select pg_typeof(relminmxid), mxid_age(relminmxid) from pg_class where relname = 'sp_av';
insert into sp_av select generate_series(1, 100);
vacuum freeze sp_av;
select mxid_age(relminmxid), relfrozenxid <> '0'::xid as has_frozenxid from pg_class where relname = 'sp_av';
create index sp_av_a on sp_av (a);
create sequence sp_seq;
select relname, relminmxid from pg_class where relname in ('sp_av_a', 'sp_seq') order by relname;
select pg_typeof(datminmxid), mxid_age(datminmxid) >= 0 as aged from pg_database where datname = current_database();
select mxid_age('0'::xid), pg_typeof(mxid_age('1'::xid));

drop table sp_default, sp_small, sp_av;
drop sequence sp_seq;
-- Boolean options are stored as written.
CREATE TABLE sp_bool (a int) WITH (autovacuum_enabled = yes, vacuum_truncate = OFF, user_catalog_table = 'on');
SELECT reloptions FROM pg_class WHERE relname = 'sp_bool';
ALTER TABLE sp_bool SET (autovacuum_enabled = 0);
SELECT reloptions FROM pg_class WHERE relname = 'sp_bool';
ALTER TABLE sp_bool SET (autovacuum_enabled = maybe);
DROP TABLE sp_bool;
-- ALTER TABLE ... SET / RESET of storage parameters.
CREATE TABLE sp_alter (a int, b text);
ALTER TABLE sp_alter SET (fillfactor = 70, autovacuum_enabled = off);
SELECT reloptions FROM pg_class WHERE relname = 'sp_alter';
ALTER TABLE sp_alter SET (fillfactor = 80), SET (autovacuum_vacuum_scale_factor = 0.05);
SELECT reloptions FROM pg_class WHERE relname = 'sp_alter';
ALTER TABLE sp_alter RESET (fillfactor, no_such_parameter);
SELECT reloptions FROM pg_class WHERE relname = 'sp_alter';
ALTER TABLE sp_alter RESET (fillfactor = 3);
ALTER TABLE sp_alter SET (fillfactor = 5);
ALTER TABLE sp_alter SET (no_such_parameter = 5);
ALTER TABLE sp_alter SET (autovacuum_analyze_scale_factor = 101);
ALTER TABLE sp_alter SET (autovacuum_analyze_scale_factor = 'abc');
ALTER TABLE sp_alter SET (autovacuum_vacuum_insert_threshold = -1, log_autovacuum_min_duration = 0, autovacuum_vacuum_insert_scale_factor = 0.5);
SELECT reloptions FROM pg_class WHERE relname = 'sp_alter';
ALTER TABLE sp_alter SET (fillfactor = 70, fillfactor = 80);
CREATE TABLE sp_dup (a int) WITH (fillfactor = 70, fillfactor = 80);
ALTER TABLE sp_alter RESET (autovacuum_enabled, autovacuum_vacuum_scale_factor, autovacuum_vacuum_insert_threshold, log_autovacuum_min_duration, autovacuum_vacuum_insert_scale_factor);
SELECT reloptions FROM pg_class WHERE relname = 'sp_alter';
INSERT INTO sp_alter SELECT g, 'x' FROM generate_series(1, 10) g;
ALTER TABLE sp_alter SET (fillfactor = 50);
SELECT count(*) FROM sp_alter;
CREATE MATERIALIZED VIEW sp_mv AS SELECT * FROM sp_alter;
ALTER MATERIALIZED VIEW sp_mv SET (fillfactor = 60);
SELECT reloptions FROM pg_class WHERE relname = 'sp_mv';
ALTER MATERIALIZED VIEW sp_mv RESET (fillfactor);
SELECT reloptions FROM pg_class WHERE relname = 'sp_mv';
\d+ sp_alter
DROP MATERIALIZED VIEW sp_mv;
DROP TABLE sp_alter;
