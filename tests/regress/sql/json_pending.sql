--
-- json and jsonb: statements where gpostgres differs from PostgreSQL 15
-- (see Known failures in ../README.md)
--
SELECT '$ ? (@ like_regex "a")'::jsonpath;
CREATE TABLE json_sub (j jsonb);
INSERT INTO json_sub VALUES ('{"a": 1}');
UPDATE json_sub SET j['b']['c'] = '2';
SELECT j FROM json_sub;
DROP TABLE json_sub;
