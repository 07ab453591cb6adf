--
-- strings: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
SELECT regexp_match('foobarbequebaz', 'ba.'), regexp_match('foobar', '(f)(o+)'), regexp_match('abc', 'x'), regexp_match('ABC', 'b', 'i');
SELECT regexp_matches('foobarbequebaz', 'ba.', 'g');
SELECT regexp_matches('a1b2c3', '([a-z])([0-9])', 'g');
SELECT regexp_split_to_table('a,b,,c', ',');
SELECT regexp_split_to_table('hello world  foo', '\s+');
SELECT regexp_split_to_array('a1b2c', '[0-9]'), regexp_split_to_array('abc', '');
SELECT regexp_count('abcabc', 'b'), regexp_instr('abcabc', 'c'), regexp_like('abc', 'B', 'i'), regexp_substr('abc123def', '[0-9]+');
SELECT 'abc' ~ 'a(b', 'x';
SELECT to_ascii('abc');
SELECT length('a', 'b');
