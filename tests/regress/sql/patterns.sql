--
-- pattern matching: LIKE, ILIKE, ESCAPE, SIMILAR TO, POSIX regular
-- expressions, regexp_replace, substring with patterns
--
SELECT 'hello' LIKE 'hello', 'hello' LIKE 'h%', 'hello' LIKE '%o', 'hello' LIKE '%ll%', 'hello' LIKE 'h_llo', 'hello' LIKE 'h__lo', 'hello' LIKE 'h_lo';
SELECT 'hello' LIKE '', '' LIKE '', '' LIKE '%', 'x' LIKE '_', '' LIKE '_', 'hello' LIKE '%%%', 'hello' LIKE 'H%';
SELECT 'HeLLo' ILIKE 'hello', 'HeLLo' ILIKE 'h%O', 'straße' ILIKE 'STRASSE', 'ÉCOLE' ILIKE 'école';
SELECT '100%' LIKE '100\%', '100x' LIKE '100\%', 'a_b' LIKE 'a\_b', 'axb' LIKE 'a\_b', 'a\b' LIKE 'a\\b';
SELECT '100%' LIKE '100!%' ESCAPE '!', 'a!b' LIKE 'a!!b' ESCAPE '!', 'ab' LIKE 'a%' ESCAPE '', 'a%' LIKE 'a%' ESCAPE '';
SELECT 'abc' LIKE 'a%' ESCAPE 'xy';
SELECT 'abc' NOT LIKE 'a%', 'abc' NOT ILIKE 'A%', NULL::text LIKE '%', 'abc' LIKE NULL::text;
SELECT 'ab\cd' LIKE 'ab\\cd', E'ab\\cd' LIKE E'ab\\\\cd';
SELECT 'abc' SIMILAR TO 'abc', 'abc' SIMILAR TO 'ab', 'abc' SIMILAR TO '%c', 'abc' SIMILAR TO 'a_c', 'abc' SIMILAR TO '(a|x)bc', 'xbc' SIMILAR TO '(a|x)bc';
SELECT 'aaa' SIMILAR TO 'a+', 'aab' SIMILAR TO 'a*b', 'b' SIMILAR TO 'a?b', 'ab' SIMILAR TO '[a-c]{2}', 'a.c' SIMILAR TO 'a.c', 'abc' SIMILAR TO 'a.c';
SELECT 'a%c' SIMILAR TO 'a#%c' ESCAPE '#', 'abc' SIMILAR TO 'a#%c' ESCAPE '#', 'abc' NOT SIMILAR TO 'a%';
SELECT 'abc' ~ 'abc', 'abc' ~ '^a', 'abc' ~ 'c$', 'abc' ~ '^b', 'abc' ~ 'a.c', 'abc' ~ 'a.*', 'abc' ~ 'x*';
SELECT 'abc123' ~ '\d+', 'abc' ~ '\d', 'a b' ~ '\s', 'a_1' ~ '^\w+$', 'a-1' ~ '^\w+$', 'ABC' ~ '[[:upper:]]+', 'abc' ~ '[[:digit:]]';
SELECT 'foo' ~ '^(foo|bar)$', 'baz' ~ '^(foo|bar)$', 'aaa' ~ '^a{3}$', 'aaaa' ~ '^a{3}$', 'ab' ~ '^a{1,2}b?$';
SELECT 'Hello' ~* 'hello', 'Hello' !~* 'HELLO', 'Hello' !~ 'hello', 'x' ~ '';
SELECT substring('Thomas' from '...$'), substring('Thomas' from '^.{2}'), substring('foo bar baz' from 'b(..)'), substring('abc' from 'z');
SELECT substring('Thomas' from '%#"o_a#"_' for '#'), substring('Thomas' similar '%#"o_a#"_' escape '#');
SELECT substring('abc' from '(a)(b)'), substring('2024-05-06' from '(\d+)-(\d+)'), substring('no digits' from '\d+');
SELECT regexp_replace('The cat sat on the mat', 'at', 'og', 'g'), regexp_replace('The cat', 'the', 'a', 'gi'), regexp_replace('abc', 'x', 'y');
SELECT regexp_replace('John Smith', '(\w+) (\w+)', '\2, \1'), regexp_replace('aaa', 'a', '\&\&', 'g'), regexp_replace('a.b.c', '\.', '-', 'g');
SELECT regexp_replace('  trim  me  ', '^\s+|\s+$', '', 'g'), regexp_replace('CamelCaseString', '([a-z])([A-Z])', '\1_\2', 'g');
SELECT regexp_replace('phone: 555-1234', '[^0-9]', '', 'g'), regexp_replace(E'line1\nline2', '\n', ' ');
SELECT x, x LIKE 'a%' AS like_a, x ~ '^[a-c]' AS re_ac, x SIMILAR TO '[a-z]+' AS letters FROM (VALUES ('apple'), ('Banana'), ('cherry1'), (''), (NULL)) v(x) ORDER BY x NULLS LAST;
CREATE TABLE pat_t (id int, s text);
INSERT INTO pat_t VALUES (1, 'alpha'), (2, 'Beta'), (3, 'gamma_ray'), (4, '50% off'), (5, 'a\b'), (6, 'delta 9'), (7, NULL);
SELECT id FROM pat_t WHERE s LIKE '%a' ORDER BY id;
SELECT id FROM pat_t WHERE s ILIKE 'b%' ORDER BY id;
SELECT id FROM pat_t WHERE s LIKE '%\_%' ORDER BY id;
SELECT id FROM pat_t WHERE s LIKE '%\%%' ORDER BY id;
SELECT id FROM pat_t WHERE s LIKE '%\\%' ORDER BY id;
SELECT id FROM pat_t WHERE s ~ '[0-9]' ORDER BY id;
SELECT id FROM pat_t WHERE s !~ '^[a-z]+$' ORDER BY id;
SELECT id FROM pat_t WHERE s SIMILAR TO '(alpha|Beta)' ORDER BY id;
SELECT id, regexp_replace(s, '[aeiou]', '*', 'g') FROM pat_t ORDER BY id;
SELECT count(*) FILTER (WHERE s LIKE '%a%'), count(*) FILTER (WHERE s NOT LIKE '%a%'), count(*) FROM pat_t;
DELETE FROM pat_t WHERE s ~* '^(alpha|beta)$' RETURNING id;
DROP TABLE pat_t;
SELECT 'abcabc' ~ '(abc)\1';
SELECT 'abc' ~ '[';
SELECT 'abc' ~ 'a{2,1}';
SELECT 'abc' ~ '*';
SELECT regexp_replace('abc', '(', 'x');
