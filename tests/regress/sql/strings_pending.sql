--
-- strings: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
SELECT to_ascii('abc');
SELECT length('a', 'b');
