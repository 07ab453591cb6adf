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
-- the stored query names columns and relations: after a rename, or a
-- column a * finds before the view's last column, REFRESH is refused
CREATE MATERIALIZED VIEW mvp_star AS SELECT *, 10 AS x FROM mvp_base;
CREATE MATERIALIZED VIEW mvp_col AS SELECT id FROM mvp_base;
ALTER TABLE mvp_base ADD COLUMN extra int DEFAULT 3;
INSERT INTO mvp_base VALUES (1, 'a');
REFRESH MATERIALIZED VIEW mvp_star;
SELECT * FROM mvp_star;
ALTER TABLE mvp_base RENAME COLUMN id TO old_id;
ALTER TABLE mvp_base RENAME COLUMN extra TO id;
REFRESH MATERIALIZED VIEW mvp_col;
SELECT * FROM mvp_col;
ALTER TABLE mvp_base RENAME TO mvp_base2;
REFRESH MATERIALIZED VIEW mvp_col;
DROP TABLE mvp_base2 CASCADE;
