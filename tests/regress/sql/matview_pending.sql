--
-- matview_pending: what a materialized view's stored query looks like
-- (pg_get_viewdef prints the query as stored, not PostgreSQL's deparse)
--
CREATE TABLE mvp_base (id int, grp text);
CREATE MATERIALIZED VIEW mvp_v AS SELECT id, grp FROM mvp_base WHERE id > 0;
SELECT pg_get_viewdef('mvp_v');
SELECT pg_get_viewdef('mvp_v'::regclass, true);
SELECT matviewname, definition FROM pg_matviews WHERE matviewname = 'mvp_v';
\d+ mvp_v
DROP TABLE mvp_base CASCADE;
