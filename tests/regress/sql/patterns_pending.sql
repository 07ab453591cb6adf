--
-- patterns: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
SELECT 'abcabc' ~ '(abc)\1';
SELECT 'abc' ~ '[';
SELECT 'abc' ~ 'a{2,1}';
SELECT 'abc' ~ '*';
SELECT regexp_replace('abc', '(', 'x');
