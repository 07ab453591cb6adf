--
-- regex_engine: PostgreSQL's regular expression engine (ARE, ERE, BRE,
-- literal) through every function that uses it: matching rules, flags,
-- constraints, back references, and error messages
--
-- leftmost match, then the longest or shortest by the whole pattern's preference
SELECT regexp_match('abc01234xyz', '(.*)(\d+)(.*)'), regexp_match('abc01234xyz', '(.*?)(\d+)(.*)'), regexp_match('abc01234xyz', '(?:(.*?)(\d+)(.*)){1,1}');
SELECT substring('XY1234Z', 'Y*([0-9]{1,3})'), substring('XY1234Z', 'Y*?([0-9]{1,3})');
SELECT regexp_match('abcd', '(a|ab)(c|bcd)(d*)'), regexp_match('abcd', '(a|ab)(c|bcd)'), regexp_match('abc', '(ab|a)(bc|c)');
SELECT regexp_match('aaaa', '(a+?)(a*)'), regexp_match('aaa', '(a*?)(a*?)(a*)'), regexp_match('abc123', '([a-z]+?)([0-9]*)');
SELECT regexp_match('ab', '((a)|b)+'), regexp_match('aab', '(a*)+'), regexp_match('abbac', '(a|b)*c'), regexp_match('xb', 'x(a)?(b)?');
SELECT regexp_match('abcd', '(.+)(.+)'), regexp_match('abcd', '(.+?)(.+)'), regexp_match('abc', '((.)(.))');
-- back references
SELECT 'xabcabc' ~ '(abc)\1', regexp_match('aaaaa', '(a+)\1'), regexp_match('abccd', '(.)\1'), regexp_match('ABab', '(ab)\1', 'i');
SELECT regexp_replace('hello  world', '(\w+)\s+(\w+)', '\2 \1'), regexp_replace('aabbcc', '(.)\1', '<\1>', 'g');
-- lookahead and lookbehind
SELECT regexp_match('foobar fob', 'fo(?=b)'), regexp_instr('foobar fob', 'fo(?=b)'), regexp_instr('fob foo', 'fo(?!b)');
SELECT regexp_instr('cb ab', '(?<=a)b'), regexp_instr('ab cb', '(?<!a)b'), regexp_match('ab1cd', '(?<=\d)(\w+)');
SELECT regexp_replace('price: 100 dollars', '\d+(?= dollars)', 'N'), regexp_replace('a1b2c3', '(?<=[a-z])\d', '#', 'g');
-- constraints
SELECT regexp_replace('foo bar foobar', '\mbar', 'X', 'g'), regexp_replace('foo bar foobar', 'foo\M', 'X', 'g');
SELECT regexp_replace('foo bar foobar', '\ybar\y', 'X', 'g'), regexp_replace('foobar bar', '\Ybar', 'X', 'g');
SELECT regexp_replace('bar barx', '[[:<:]]bar[[:>:]]', 'X', 'g'), regexp_count(E'ab\nab', '\Aab'), regexp_count(E'ab\nab', 'ab\Z');
-- flags: newline sensitivity
SELECT regexp_count(E'a\nb\nc', '^.'), regexp_count(E'a\nb\nc', '^.', 1, 'n'), regexp_count(E'a\nb\nc', '.$', 1, 'w'), regexp_count(E'a\nb\nc', '.$', 1, 'p');
SELECT E'a\nb' ~ 'a.b', regexp_like(E'a\nb', 'a.b', 'n'), regexp_like(E'a\nb', 'a[^x]b', 'p'), regexp_like(E'a\nb', 'a[^x]b', 's');
-- flags: case, expanded, quoted, BRE and ERE
SELECT regexp_like('ABC', 'abc', 'i'), regexp_like('ABC', 'abc', 'ic'), regexp_like('ABC', 'abc', 'ci'), 'ÉTÉ' ~* 'été', regexp_like('ABC', '[[:lower:]]+', 'i');
SELECT regexp_like('abc', ' a b c # comment', 'x'), regexp_like('a b', 'a\ b', 'x'), regexp_like('a+b', 'a+b', 'q'), regexp_like('aab', 'a+b', 'q');
SELECT regexp_like('a(b)', 'a\(b\)', 'b'), regexp_match('abab', '\(ab\)\1', 'b'), regexp_like('a+', 'a+', 'b'), regexp_like('aa{2}', 'a\{2\}', 'b');
SELECT regexp_like('ab', 'a|b', 'e'), regexp_like('a{', 'a{', 'e'), regexp_match('abab', '(ab)+', 'e');
-- embedded options and directors
SELECT 'ABC' ~ '(?i)abc', 'abc' ~ '(?x) a b c', 'a+b' ~ '***=a+b', 'xaa' ~ '***:(?i)XA+', 'abc' ~ 'a(?#comment)bc', 'ABC' ~* '(?c)abc';
-- classes, escapes, brackets
SELECT regexp_match(' ab_1é! ', '\w+'), regexp_match('12abé3', '[[:alpha:]]+'), regexp_match('xyzABf09g', '[[:xdigit:]]+'), regexp_match('a!?b', '[[:punct:]]+');
SELECT regexp_match('a b', '[[.space.]]'), regexp_match('baab', '[[=a=]]+'), regexp_match('x]a]', '[]a]+'), regexp_match(']a xy', '[^]a]+'), regexp_match('12ab3', '[\D]+');
SELECT regexp_match('A', '\u0041'), regexp_match('A', '\x41'), regexp_match('A', '\101'), regexp_match(E'a\tb', '\t'), regexp_match('a.b', 'a\.b');
SELECT regexp_match('aaaaa', 'a{2,3}'), regexp_match('aaaaa', 'a{2,3}?'), regexp_match('a{,2}', 'a{,2}'), regexp_match('xy', 'x{1}y');
SELECT regexp_match('日本語テキスト', '本(.)'), regexp_instr('日本語テキスト', 'テ'), regexp_replace('日本語', '.', '[&]', 'g'), regexp_split_to_array('日,本,語', ',');
-- regexp_match and regexp_matches
SELECT regexp_match('foobarbequebaz', 'ba.'), regexp_match('foobar', '(f)(o+)'), regexp_match('abc', 'x'), regexp_match('abc', '(a)(x)?');
SELECT regexp_match('abc', 'b', 'g');
SELECT regexp_matches('foobarbequebaz', 'ba.', 'g');
SELECT regexp_matches('foobarbequebaz', 'ba.');
SELECT regexp_matches('abc', '', 'g');
SELECT regexp_matches('abc', 'x*', 'g');
SELECT regexp_matches('AbAB', 'ab', 'gi');
SELECT regexp_matches('abc', 'b', 'gz');
SELECT * FROM regexp_matches('k1=v1;k2=v2', '(\w+)=(\w+)', 'g') AS m;
-- regexp_split_to_table and regexp_split_to_array
SELECT regexp_split_to_array('abc', ''), regexp_split_to_array('abc', 'x*'), regexp_split_to_array(',a,', ','), regexp_split_to_array('', ','), regexp_split_to_array('abc', '$');
SELECT regexp_split_to_array('the quick  brown', '\s+'), regexp_split_to_array('aXbxc', 'x', 'i'), regexp_split_to_array('a1b22c', '\d*');
SELECT regexp_split_to_table('the quick brown fox', '\s+');
SELECT regexp_split_to_table('a', 'b', 'g');
SELECT regexp_split_to_array('a', 'b', 'g');
-- regexp_count, regexp_instr, regexp_like, regexp_substr
SELECT regexp_count('ABCABCAXYaxy', 'A.'), regexp_count('ABCABCAXYaxy', 'A.', 1, 'i'), regexp_count('abab', '^a', 2), regexp_count('abc', 'b', 10), regexp_count('', '');
SELECT regexp_instr('abcabc', 'b', 1, 2, 1), regexp_instr('abcabc', '(b)(c)', 1, 1, 0, '', 2), regexp_instr('abc', '(b)', 1, 1, 0, '', 5), regexp_instr('abc', 'x');
SELECT regexp_instr('ABCDEF', 'c(.)(..)', 1, 1, 0, 'i'), regexp_instr('ABCDEF', 'c(.)(..)', 1, 1, 0, 'i', 2), regexp_instr('ABCDEFGHI', '(c..)(...)', 2, 1, 1, 'i', 1);
SELECT regexp_substr('abcabc', '(b)(c)', 1, 2, '', 2), regexp_substr('abc', '(b)', 1, 1, '', 5), regexp_substr('abc123def456', '\d+', 1, 2), regexp_substr('ABCDEF', 'c(.)(..)', 1, 1, 'i', 3);
SELECT regexp_like('Steven', '^Ste(v|ph)en$'), regexp_like('abc', 'B'), regexp_like('abc', 'B', 'i');
SELECT regexp_count('abc', 'b', 0);
SELECT regexp_count('abc', 'b', 1, 'g');
SELECT regexp_instr('abc', 'b', 0);
SELECT regexp_instr('abc', 'b', 1, 0);
SELECT regexp_instr('abc', 'b', 1, 1, 2);
SELECT regexp_instr('abc', 'b', 1, 1, 0, 'g');
SELECT regexp_instr('abc', 'b', 1, 1, 0, '', -1);
SELECT regexp_substr('abc', 'b', 1, 0);
SELECT regexp_substr('abc', 'b', 1, 1, 'g');
SELECT regexp_like('abc', 'b', 'g');
SELECT regexp_like('abc', 'b', 'z');
-- regexp_replace, all forms
SELECT regexp_replace('abab', 'b', 'X'), regexp_replace('abab', 'b', 'X', 'g'), regexp_replace('Abab', 'a', 'X', 'gi'), regexp_replace('abab', 'b', 'X', 3);
SELECT regexp_replace('abab', 'b', 'X', 1, 2), regexp_replace('abab', 'b', 'X', 1, 0), regexp_replace('abab', 'b', 'X', 1, 2, 'g'), regexp_replace('ABab', 'b', 'X', 1, 0, 'i');
SELECT regexp_replace('abc', '^b', 'X', 2), regexp_replace('abc', 'x*', '-', 'g'), regexp_replace('abc', '', '-', 'g'), regexp_replace('abc', 'b', 'X', 10);
SELECT regexp_replace('abc', '(b)', '[\1\2\&\\\x]', 'g'), regexp_replace('abc', 'b', '\', 'g');
SELECT regexp_replace('abc', 'b', 'X', 0);
SELECT regexp_replace('abc', 'b', 'X', 1, -1);
SELECT regexp_replace('abc', 'b', 'X', 'z');
-- substring with a regular expression and SIMILAR TO
SELECT substring('foobar' from 'o(b)'), substring('foobar' from '(o)|(x)'), substring('foobar' from 'x(o)?|f'), substring('foobar' from 'z');
SELECT substring('abcdefg' similar 'a#"(b_d)#"%' escape '#'), substring('abcbcd' similar 'a%#"b%#"d' escape '#'), substring('abcbcd' similar '%#"b_#"%' escape '#');
SELECT 'abc' SIMILAR TO 'a(b|x)c', 'abc' SIMILAR TO '%(b|x)%', 'abc' NOT SIMILAR TO 'a_', 'a+b' SIMILAR TO 'a+b', 'aab' SIMILAR TO 'a+b';
-- other string types, NULLs
SELECT 'abc'::name ~ 'b', 'abc  '::char(5) ~ 'c$', 'ABC'::varchar ~* 'b', NULL::text ~ 'a', 'a' ~ NULL, regexp_match(NULL, 'a'), regexp_count('a', NULL);
-- invalid patterns
SELECT 'abc' ~ '[';
SELECT 'abc' ~ '[a';
SELECT 'abc' ~ '[[:alpha:]';
SELECT 'abc' ~ 'a{2,1}';
SELECT 'abc' ~ 'a{256}';
SELECT 'abc' ~ 'a{1';
SELECT 'abc' ~ '*';
SELECT 'abc' ~ 'a**';
SELECT 'abc' ~ '^*';
SELECT 'abc' ~ 'a(?=b)*';
SELECT 'abc' ~ '(';
SELECT 'abc' ~ ')';
SELECT 'abc' ~ 'a\';
SELECT 'abc' ~ '\q';
SELECT 'abc' ~ '\8';
SELECT 'abc' ~ '(a)\2';
SELECT 'abc' ~ '(a\1)';
SELECT 'abc' ~ '(?=a\1)';
SELECT 'abc' ~ '(?z)a';
SELECT 'abc' ~ 'a(?i)';
SELECT 'abc' ~ '(?';
SELECT 'abc' ~ '[z-a]';
SELECT 'abc' ~ '[[:foo:]]';
SELECT 'abc' ~ '[[.foo.]]';
SELECT regexp_match('abc', '(', 'i');
SELECT regexp_split_to_table('abc', '[');
-- patterns from a column, compiled per row
CREATE TABLE regex_engine_t (s text, p text);
INSERT INTO regex_engine_t VALUES ('abc', 'b'), ('abc', '^b'), ('ABC', '(?i)b'), ('aXa', '(a)X\1'), ('abc', NULL);
SELECT s, p, s ~ p AS m, regexp_replace(s, p, '_') AS r, regexp_count(s, p) AS c FROM regex_engine_t ORDER BY p;
SELECT count(*) FROM regex_engine_t WHERE s ~* 'A';
DROP TABLE regex_engine_t;
