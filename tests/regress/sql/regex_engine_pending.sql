--
-- regex_engine: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
SELECT regexp_matches('cacaa   ', '((?<=a)c*(ab|a)+?)+', 'g');
SELECT regexp_match('abaxab', '(a*){2,3}?[^a]*(?<=a)', 'i');
SELECT regexp_match('aabbc', '(?<=a)((a*){2,3}?)*(?<=a)');
