--
-- regex: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
SELECT 'foobar' ~ '(o)\1', 'foobar' ~* '(o)\1', substring('foobar' from '(o)\1'), regexp_replace('foobar', '(o)\1', '<&>');
SELECT 'foobar' ~ 'fo(?=b)', 'foobar' ~* 'fo(?=b)', substring('foobar' from 'fo(?=b)'), regexp_replace('foobar', 'fo(?=b)', '<&>');
SELECT 'foobar' ~ 'fo(?!b)', 'foobar' ~* 'fo(?!b)', substring('foobar' from 'fo(?!b)'), regexp_replace('foobar', 'fo(?!b)', '<&>');
SELECT 'foo bar' ~ '\mbar', 'foo bar' ~* '\mbar', substring('foo bar' from '\mbar'), regexp_replace('foo bar', '\mbar', '<&>');
SELECT 'foo bar' ~ 'foo\M', 'foo bar' ~* 'foo\M', substring('foo bar' from 'foo\M'), regexp_replace('foo bar', 'foo\M', '<&>');
SELECT 'foo bar' ~ '\ybar\y', 'foo bar' ~* '\ybar\y', substring('foo bar' from '\ybar\y'), regexp_replace('foo bar', '\ybar\y', '<&>');
SELECT 'foo bar' ~ '[[:<:]]bar', 'foo bar' ~* '[[:<:]]bar', substring('foo bar' from '[[:<:]]bar'), regexp_replace('foo bar', '[[:<:]]bar', '<&>');
SELECT 'abc' ~ '(?x) a b c', 'abc' ~* '(?x) a b c', substring('abc' from '(?x) a b c'), regexp_replace('abc', '(?x) a b c', '<&>');
SELECT 'x' ~ '***=x', 'x' ~* '***=x', substring('x' from '***=x'), regexp_replace('x', '***=x', '<&>');
SELECT 'a+b' ~ '***=a+b', 'a+b' ~* '***=a+b', substring('a+b' from '***=a+b'), regexp_replace('a+b', '***=a+b', '<&>');
SELECT 'abc' ~ 'a(?#comment)bc', 'abc' ~* 'a(?#comment)bc', substring('abc' from 'a(?#comment)bc'), regexp_replace('abc', 'a(?#comment)bc', '<&>');
SELECT 'abc' ~ '\Aabc\Z', 'abc' ~* '\Aabc\Z', substring('abc' from '\Aabc\Z'), regexp_replace('abc', '\Aabc\Z', '<&>');
SELECT 'ab' ~ 'ab\Z', 'ab' ~* 'ab\Z', substring('ab' from 'ab\Z'), regexp_replace('ab', 'ab\Z', '<&>');
