--
-- json and jsonb: statements where gpostgres differs from PostgreSQL 15
-- (see Known failures in ../README.md)
--
SELECT jsonb_path_query('{"a": 1}', '$.keyvalue()');
SELECT jsonb_path_query('"2024-01-02"', '$.datetime()');
