--
-- matview_pending: a materialized view keeps its query as SQL text,
-- analyzed again by REFRESH (pg_get_viewdef's output is in viewdef.sql)
--
CREATE TABLE mvp_base (id int, grp text);
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
