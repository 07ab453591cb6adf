--
-- regular expressions: PostgreSQL's ARE flavour (word boundaries, lookahead,
-- back references, classes, embedded options, directors) through ~, ~*,
-- substring and regexp_replace
--
SELECT 'foobar' ~ '^foo', 'foobar' ~* '^foo', substring('foobar' from '^foo'), regexp_replace('foobar', '^foo', '<&>');
SELECT 'foobar' ~ 'bar$', 'foobar' ~* 'bar$', substring('foobar' from 'bar$'), regexp_replace('foobar', 'bar$', '<&>');
SELECT 'foobar' ~ 'o+', 'foobar' ~* 'o+', substring('foobar' from 'o+'), regexp_replace('foobar', 'o+', '<&>');
SELECT 'foobar' ~ 'o{2}', 'foobar' ~* 'o{2}', substring('foobar' from 'o{2}'), regexp_replace('foobar', 'o{2}', '<&>');
SELECT 'foo bar' ~ '[[:space:]]', 'foo bar' ~* '[[:space:]]', substring('foo bar' from '[[:space:]]'), regexp_replace('foo bar', '[[:space:]]', '<&>');
SELECT 'a1b2' ~ '[[:digit:]]+', 'a1b2' ~* '[[:digit:]]+', substring('a1b2' from '[[:digit:]]+'), regexp_replace('a1b2', '[[:digit:]]+', '<&>');
SELECT 'a1b2' ~ '[\d]', 'a1b2' ~* '[\d]', substring('a1b2' from '[\d]'), regexp_replace('a1b2', '[\d]', '<&>');
SELECT 'ABC' ~ '(?i)abc', 'ABC' ~* '(?i)abc', substring('ABC' from '(?i)abc'), regexp_replace('ABC', '(?i)abc', '<&>');
SELECT 'aaa' ~ 'a*?', 'aaa' ~* 'a*?', substring('aaa' from 'a*?'), regexp_replace('aaa', 'a*?', '<&>');
SELECT 'aaa' ~ 'a+?', 'aaa' ~* 'a+?', substring('aaa' from 'a+?'), regexp_replace('aaa', 'a+?', '<&>');
SELECT 'a.b' ~ 'a\.b', 'a.b' ~* 'a\.b', substring('a.b' from 'a\.b'), regexp_replace('a.b', 'a\.b', '<&>');
SELECT 'ab' ~ 'a|b', 'ab' ~* 'a|b', substring('ab' from 'a|b'), regexp_replace('ab', 'a|b', '<&>');
SELECT 'abc' ~ '(a)(b)(c)', 'abc' ~* '(a)(b)(c)', substring('abc' from '(a)(b)(c)'), regexp_replace('abc', '(a)(b)(c)', '<&>');
SELECT 'abc' ~ '[^a]', 'abc' ~* '[^a]', substring('abc' from '[^a]'), regexp_replace('abc', '[^a]', '<&>');
SELECT 'abc' ~ '[a-]', 'abc' ~* '[a-]', substring('abc' from '[a-]'), regexp_replace('abc', '[a-]', '<&>');
SELECT 'a]b' ~ '[]a]', 'a]b' ~* '[]a]', substring('a]b' from '[]a]'), regexp_replace('a]b', '[]a]', '<&>');
SELECT 'abc' ~ 'a{,2}', 'abc' ~* 'a{,2}', substring('abc' from 'a{,2}'), regexp_replace('abc', 'a{,2}', '<&>');
SELECT 'abc' ~ '\w+', 'abc' ~* '\w+', substring('abc' from '\w+'), regexp_replace('abc', '\w+', '<&>');
SELECT 'a b' ~ '\S+', 'a b' ~* '\S+', substring('a b' from '\S+'), regexp_replace('a b', '\S+', '<&>');
SELECT E'tab\there' ~ '\t', E'tab\there' ~* '\t', substring(E'tab\there' from '\t'), regexp_replace(E'tab\there', '\t', '<&>');
SELECT 'abc' ~ '(?:a)bc', 'abc' ~* '(?:a)bc', substring('abc' from '(?:a)bc'), regexp_replace('abc', '(?:a)bc', '<&>');
SELECT 'café' ~ 'caf.', 'café' ~* 'caf.', substring('café' from 'caf.'), regexp_replace('café', 'caf.', '<&>');
SELECT '日本語' ~ '^.{3}$', '日本語' ~* '^.{3}$', substring('日本語' from '^.{3}$'), regexp_replace('日本語', '^.{3}$', '<&>');
SELECT 'ABC' ~ '[[:lower:]]', 'ABC' ~* '[[:lower:]]', substring('ABC' from '[[:lower:]]'), regexp_replace('ABC', '[[:lower:]]', '<&>');
SELECT E'a\nb' ~ 'a.b', E'a\nb' ~* 'a.b', substring(E'a\nb' from 'a.b'), regexp_replace(E'a\nb', 'a.b', '<&>');
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
