--
-- json and jsonb: statements where gpostgres differs from PostgreSQL 15
-- (see Known failures in ../README.md)
--
SELECT '$ ? (@ like_regex "a")'::jsonpath;
