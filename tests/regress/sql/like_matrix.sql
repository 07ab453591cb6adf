--
-- LIKE and ILIKE over a matrix of strings and patterns (escapes, wildcards,
-- case, multibyte), SIMILAR TO over regular-expression-like patterns, and
-- SUBSTRING ... SIMILAR with the three-part pattern
--
SELECT '' LIKE 'a%', '' LIKE '%c', '' LIKE 'a_c', '' LIKE '%b%', '' LIKE 'a\%c', '' LIKE 'a\_c', '' LIKE '%', '' LIKE '_', '' LIKE '___', '' LIKE 'A%', '' LIKE '%abc', '' LIKE 'a%c%', '' LIKE '日%';
SELECT '' ILIKE 'a%', '' ILIKE '%c', '' ILIKE 'a_c', '' ILIKE '%b%', '' ILIKE 'a\%c', '' ILIKE 'a\_c', '' ILIKE '%', '' ILIKE '_', '' ILIKE '___', '' ILIKE 'A%', '' ILIKE '%abc', '' ILIKE 'a%c%', '' ILIKE '日%';
SELECT 'abc' LIKE 'a%', 'abc' LIKE '%c', 'abc' LIKE 'a_c', 'abc' LIKE '%b%', 'abc' LIKE 'a\%c', 'abc' LIKE 'a\_c', 'abc' LIKE '%', 'abc' LIKE '_', 'abc' LIKE '___', 'abc' LIKE 'A%', 'abc' LIKE '%abc', 'abc' LIKE 'a%c%', 'abc' LIKE '日%';
SELECT 'abc' ILIKE 'a%', 'abc' ILIKE '%c', 'abc' ILIKE 'a_c', 'abc' ILIKE '%b%', 'abc' ILIKE 'a\%c', 'abc' ILIKE 'a\_c', 'abc' ILIKE '%', 'abc' ILIKE '_', 'abc' ILIKE '___', 'abc' ILIKE 'A%', 'abc' ILIKE '%abc', 'abc' ILIKE 'a%c%', 'abc' ILIKE '日%';
SELECT 'ABC' LIKE 'a%', 'ABC' LIKE '%c', 'ABC' LIKE 'a_c', 'ABC' LIKE '%b%', 'ABC' LIKE 'a\%c', 'ABC' LIKE 'a\_c', 'ABC' LIKE '%', 'ABC' LIKE '_', 'ABC' LIKE '___', 'ABC' LIKE 'A%', 'ABC' LIKE '%abc', 'ABC' LIKE 'a%c%', 'ABC' LIKE '日%';
SELECT 'ABC' ILIKE 'a%', 'ABC' ILIKE '%c', 'ABC' ILIKE 'a_c', 'ABC' ILIKE '%b%', 'ABC' ILIKE 'a\%c', 'ABC' ILIKE 'a\_c', 'ABC' ILIKE '%', 'ABC' ILIKE '_', 'ABC' ILIKE '___', 'ABC' ILIKE 'A%', 'ABC' ILIKE '%abc', 'ABC' ILIKE 'a%c%', 'ABC' ILIKE '日%';
SELECT 'a%c' LIKE 'a%', 'a%c' LIKE '%c', 'a%c' LIKE 'a_c', 'a%c' LIKE '%b%', 'a%c' LIKE 'a\%c', 'a%c' LIKE 'a\_c', 'a%c' LIKE '%', 'a%c' LIKE '_', 'a%c' LIKE '___', 'a%c' LIKE 'A%', 'a%c' LIKE '%abc', 'a%c' LIKE 'a%c%', 'a%c' LIKE '日%';
SELECT 'a%c' ILIKE 'a%', 'a%c' ILIKE '%c', 'a%c' ILIKE 'a_c', 'a%c' ILIKE '%b%', 'a%c' ILIKE 'a\%c', 'a%c' ILIKE 'a\_c', 'a%c' ILIKE '%', 'a%c' ILIKE '_', 'a%c' ILIKE '___', 'a%c' ILIKE 'A%', 'a%c' ILIKE '%abc', 'a%c' ILIKE 'a%c%', 'a%c' ILIKE '日%';
SELECT 'a_c' LIKE 'a%', 'a_c' LIKE '%c', 'a_c' LIKE 'a_c', 'a_c' LIKE '%b%', 'a_c' LIKE 'a\%c', 'a_c' LIKE 'a\_c', 'a_c' LIKE '%', 'a_c' LIKE '_', 'a_c' LIKE '___', 'a_c' LIKE 'A%', 'a_c' LIKE '%abc', 'a_c' LIKE 'a%c%', 'a_c' LIKE '日%';
SELECT 'a_c' ILIKE 'a%', 'a_c' ILIKE '%c', 'a_c' ILIKE 'a_c', 'a_c' ILIKE '%b%', 'a_c' ILIKE 'a\%c', 'a_c' ILIKE 'a\_c', 'a_c' ILIKE '%', 'a_c' ILIKE '_', 'a_c' ILIKE '___', 'a_c' ILIKE 'A%', 'a_c' ILIKE '%abc', 'a_c' ILIKE 'a%c%', 'a_c' ILIKE '日%';
SELECT 'a\c' LIKE 'a%', 'a\c' LIKE '%c', 'a\c' LIKE 'a_c', 'a\c' LIKE '%b%', 'a\c' LIKE 'a\%c', 'a\c' LIKE 'a\_c', 'a\c' LIKE '%', 'a\c' LIKE '_', 'a\c' LIKE '___', 'a\c' LIKE 'A%', 'a\c' LIKE '%abc', 'a\c' LIKE 'a%c%', 'a\c' LIKE '日%';
SELECT 'a\c' ILIKE 'a%', 'a\c' ILIKE '%c', 'a\c' ILIKE 'a_c', 'a\c' ILIKE '%b%', 'a\c' ILIKE 'a\%c', 'a\c' ILIKE 'a\_c', 'a\c' ILIKE '%', 'a\c' ILIKE '_', 'a\c' ILIKE '___', 'a\c' ILIKE 'A%', 'a\c' ILIKE '%abc', 'a\c' ILIKE 'a%c%', 'a\c' ILIKE '日%';
SELECT 'aXc' LIKE 'a%', 'aXc' LIKE '%c', 'aXc' LIKE 'a_c', 'aXc' LIKE '%b%', 'aXc' LIKE 'a\%c', 'aXc' LIKE 'a\_c', 'aXc' LIKE '%', 'aXc' LIKE '_', 'aXc' LIKE '___', 'aXc' LIKE 'A%', 'aXc' LIKE '%abc', 'aXc' LIKE 'a%c%', 'aXc' LIKE '日%';
SELECT 'aXc' ILIKE 'a%', 'aXc' ILIKE '%c', 'aXc' ILIKE 'a_c', 'aXc' ILIKE '%b%', 'aXc' ILIKE 'a\%c', 'aXc' ILIKE 'a\_c', 'aXc' ILIKE '%', 'aXc' ILIKE '_', 'aXc' ILIKE '___', 'aXc' ILIKE 'A%', 'aXc' ILIKE '%abc', 'aXc' ILIKE 'a%c%', 'aXc' ILIKE '日%';
SELECT 'abcabc' LIKE 'a%', 'abcabc' LIKE '%c', 'abcabc' LIKE 'a_c', 'abcabc' LIKE '%b%', 'abcabc' LIKE 'a\%c', 'abcabc' LIKE 'a\_c', 'abcabc' LIKE '%', 'abcabc' LIKE '_', 'abcabc' LIKE '___', 'abcabc' LIKE 'A%', 'abcabc' LIKE '%abc', 'abcabc' LIKE 'a%c%', 'abcabc' LIKE '日%';
SELECT 'abcabc' ILIKE 'a%', 'abcabc' ILIKE '%c', 'abcabc' ILIKE 'a_c', 'abcabc' ILIKE '%b%', 'abcabc' ILIKE 'a\%c', 'abcabc' ILIKE 'a\_c', 'abcabc' ILIKE '%', 'abcabc' ILIKE '_', 'abcabc' ILIKE '___', 'abcabc' ILIKE 'A%', 'abcabc' ILIKE '%abc', 'abcabc' ILIKE 'a%c%', 'abcabc' ILIKE '日%';
SELECT '日本' LIKE 'a%', '日本' LIKE '%c', '日本' LIKE 'a_c', '日本' LIKE '%b%', '日本' LIKE 'a\%c', '日本' LIKE 'a\_c', '日本' LIKE '%', '日本' LIKE '_', '日本' LIKE '___', '日本' LIKE 'A%', '日本' LIKE '%abc', '日本' LIKE 'a%c%', '日本' LIKE '日%';
SELECT '日本' ILIKE 'a%', '日本' ILIKE '%c', '日本' ILIKE 'a_c', '日本' ILIKE '%b%', '日本' ILIKE 'a\%c', '日本' ILIKE 'a\_c', '日本' ILIKE '%', '日本' ILIKE '_', '日本' ILIKE '___', '日本' ILIKE 'A%', '日本' ILIKE '%abc', '日本' ILIKE 'a%c%', '日本' ILIKE '日%';
SELECT '' SIMILAR TO 'abc', '' SIMILAR TO 'a%', '' SIMILAR TO '(a|b)%', '' SIMILAR TO '[a-c]+', '' SIMILAR TO 'a_c', '' SIMILAR TO 'a*bc', '' SIMILAR TO '(abc)+', '' SIMILAR TO 'a{1,2}bc', '' SIMILAR TO '%(b|x)c', '' SIMILAR TO 'ab?c', '' SIMILAR TO '[^x]bc', '' SIMILAR TO '.bc';
SELECT 'abc' SIMILAR TO 'abc', 'abc' SIMILAR TO 'a%', 'abc' SIMILAR TO '(a|b)%', 'abc' SIMILAR TO '[a-c]+', 'abc' SIMILAR TO 'a_c', 'abc' SIMILAR TO 'a*bc', 'abc' SIMILAR TO '(abc)+', 'abc' SIMILAR TO 'a{1,2}bc', 'abc' SIMILAR TO '%(b|x)c', 'abc' SIMILAR TO 'ab?c', 'abc' SIMILAR TO '[^x]bc', 'abc' SIMILAR TO '.bc';
SELECT 'ABC' SIMILAR TO 'abc', 'ABC' SIMILAR TO 'a%', 'ABC' SIMILAR TO '(a|b)%', 'ABC' SIMILAR TO '[a-c]+', 'ABC' SIMILAR TO 'a_c', 'ABC' SIMILAR TO 'a*bc', 'ABC' SIMILAR TO '(abc)+', 'ABC' SIMILAR TO 'a{1,2}bc', 'ABC' SIMILAR TO '%(b|x)c', 'ABC' SIMILAR TO 'ab?c', 'ABC' SIMILAR TO '[^x]bc', 'ABC' SIMILAR TO '.bc';
SELECT 'a%c' SIMILAR TO 'abc', 'a%c' SIMILAR TO 'a%', 'a%c' SIMILAR TO '(a|b)%', 'a%c' SIMILAR TO '[a-c]+', 'a%c' SIMILAR TO 'a_c', 'a%c' SIMILAR TO 'a*bc', 'a%c' SIMILAR TO '(abc)+', 'a%c' SIMILAR TO 'a{1,2}bc', 'a%c' SIMILAR TO '%(b|x)c', 'a%c' SIMILAR TO 'ab?c', 'a%c' SIMILAR TO '[^x]bc', 'a%c' SIMILAR TO '.bc';
SELECT 'a_c' SIMILAR TO 'abc', 'a_c' SIMILAR TO 'a%', 'a_c' SIMILAR TO '(a|b)%', 'a_c' SIMILAR TO '[a-c]+', 'a_c' SIMILAR TO 'a_c', 'a_c' SIMILAR TO 'a*bc', 'a_c' SIMILAR TO '(abc)+', 'a_c' SIMILAR TO 'a{1,2}bc', 'a_c' SIMILAR TO '%(b|x)c', 'a_c' SIMILAR TO 'ab?c', 'a_c' SIMILAR TO '[^x]bc', 'a_c' SIMILAR TO '.bc';
SELECT 'a\c' SIMILAR TO 'abc', 'a\c' SIMILAR TO 'a%', 'a\c' SIMILAR TO '(a|b)%', 'a\c' SIMILAR TO '[a-c]+', 'a\c' SIMILAR TO 'a_c', 'a\c' SIMILAR TO 'a*bc', 'a\c' SIMILAR TO '(abc)+', 'a\c' SIMILAR TO 'a{1,2}bc', 'a\c' SIMILAR TO '%(b|x)c', 'a\c' SIMILAR TO 'ab?c', 'a\c' SIMILAR TO '[^x]bc', 'a\c' SIMILAR TO '.bc';
SELECT 'aXc' SIMILAR TO 'abc', 'aXc' SIMILAR TO 'a%', 'aXc' SIMILAR TO '(a|b)%', 'aXc' SIMILAR TO '[a-c]+', 'aXc' SIMILAR TO 'a_c', 'aXc' SIMILAR TO 'a*bc', 'aXc' SIMILAR TO '(abc)+', 'aXc' SIMILAR TO 'a{1,2}bc', 'aXc' SIMILAR TO '%(b|x)c', 'aXc' SIMILAR TO 'ab?c', 'aXc' SIMILAR TO '[^x]bc', 'aXc' SIMILAR TO '.bc';
SELECT 'abcabc' SIMILAR TO 'abc', 'abcabc' SIMILAR TO 'a%', 'abcabc' SIMILAR TO '(a|b)%', 'abcabc' SIMILAR TO '[a-c]+', 'abcabc' SIMILAR TO 'a_c', 'abcabc' SIMILAR TO 'a*bc', 'abcabc' SIMILAR TO '(abc)+', 'abcabc' SIMILAR TO 'a{1,2}bc', 'abcabc' SIMILAR TO '%(b|x)c', 'abcabc' SIMILAR TO 'ab?c', 'abcabc' SIMILAR TO '[^x]bc', 'abcabc' SIMILAR TO '.bc';
SELECT '日本' SIMILAR TO 'abc', '日本' SIMILAR TO 'a%', '日本' SIMILAR TO '(a|b)%', '日本' SIMILAR TO '[a-c]+', '日本' SIMILAR TO 'a_c', '日本' SIMILAR TO 'a*bc', '日本' SIMILAR TO '(abc)+', '日本' SIMILAR TO 'a{1,2}bc', '日本' SIMILAR TO '%(b|x)c', '日本' SIMILAR TO 'ab?c', '日本' SIMILAR TO '[^x]bc', '日本' SIMILAR TO '.bc';
SELECT substring('abcdefg' similar '%#"b_d#"%' escape '#');
SELECT substring('abcdefg' similar 'a#"%#"g' escape '#');
SELECT substring('abcdefg' similar 'T#"o_a#"_' escape '#');
SELECT substring('Thomas' similar '%#"b_d#"%' escape '#');
SELECT substring('Thomas' similar 'a#"%#"g' escape '#');
SELECT substring('Thomas' similar 'T#"o_a#"_' escape '#');
SELECT substring('Thomas' similar '%#"a*#"%' escape '#');
SELECT substring('aaa' similar '%#"b_d#"%' escape '#');
SELECT substring('aaa' similar 'a#"%#"g' escape '#');
SELECT substring('aaa' similar 'T#"o_a#"_' escape '#');
SELECT substring('xyz' similar '%#"b_d#"%' escape '#');
SELECT substring('xyz' similar 'a#"%#"g' escape '#');
SELECT substring('xyz' similar 'T#"o_a#"_' escape '#');
SELECT substring('xyz' similar '%#"a*#"%' escape '#');
SELECT substring('abcdefg' similar '%#"a*#"%' escape '#');
SELECT substring('aaa' similar '%#"a*#"%' escape '#');
