--
-- like_matrix: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
SELECT substring('abcdefg' similar '%#"a*#"%' escape '#');
SELECT substring('aaa' similar '%#"a*#"%' escape '#');
