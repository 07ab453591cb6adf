--
-- grouping sets crossed with aggregates of every kind (generated once from
-- random grouping items and data, edited by hand since)
--
CREATE TABLE r_t (a int, b text, c int, d numeric);
INSERT INTO r_t VALUES (3,'r',10,0.125),(1,'p',20,-3),(1,NULL,10,2.25),(1,NULL,20,NULL),(3,'r',20,0.125),(1,NULL,20,NULL),(NULL,NULL,NULL,1.5),(NULL,'r',10,-3),(1,'p',20,2.25),(3,NULL,20,NULL),(3,'q',10,0.125),(NULL,'q',10,1.5),(2,NULL,NULL,0.125),(NULL,'r',NULL,2.25),(3,NULL,NULL,NULL),(1,'p',NULL,-3),(3,'r',10,NULL),(1,'q',10,NULL),(2,'q',NULL,-3),(NULL,'p',NULL,NULL),(NULL,NULL,10,-3),(1,'p',10,0.125),(1,'p',10,-3),(NULL,'r',10,1.5),(NULL,'q',20,2.25),(NULL,'p',NULL,-3),(NULL,NULL,NULL,1.5),(3,'q',NULL,0.125),(2,'q',10,NULL),(NULL,NULL,NULL,0.125),(1,NULL,20,2.25),(2,'r',NULL,0.125),(3,'p',10,1.5),(1,'q',NULL,0.125),(1,'p',NULL,0.125),(1,'r',10,0.125),(NULL,'r',NULL,NULL),(NULL,NULL,20,2.25),(1,'r',10,-3),(3,'q',20,1.5);
SELECT a, b, c, grouping(a, b, c), array_agg(a ORDER BY a NULLS FIRST, b, c, d), count(DISTINCT b), mode() WITHIN GROUP (ORDER BY c), rank(2) WITHIN GROUP (ORDER BY a) FROM r_t GROUP BY DISTINCT b, c, ROLLUP (a, b) ORDER BY 1, 2, 3, 4, 5, 6, 7;
SELECT a, b, c, grouping(a, b, c), count(*), sum(d), string_agg(b, ',' ORDER BY b DESC, a, c, d), array_agg(DISTINCT c) FROM r_t GROUP BY CUBE (a), b, CUBE (b, c) ORDER BY 1, 2, 3, 4, 5, 6, 7;
SELECT a, b, c, grouping(a, b, c), avg(d), min(b), max(a), variance(d), percentile_disc(0.5) WITHIN GROUP (ORDER BY d) FROM r_t GROUP BY DISTINCT a, b, CUBE (b, c) ORDER BY 1, 2, 3, 4, 5, 6, 7;
SELECT a, b, c, grouping(a, b, c), count(*), sum(d), string_agg(b, ',' ORDER BY b DESC, a, c, d), array_agg(DISTINCT c) FROM r_t GROUP BY a ORDER BY 1, 2, 3, 4, 5, 6, 7;
SELECT a, b, c, grouping(a, b, c), count(*), sum(d), string_agg(b, ',' ORDER BY b DESC, a, c, d), array_agg(DISTINCT c) FROM r_t GROUP BY GROUPING SETS (a, c), () ORDER BY 1, 2, 3, 4, 5, 6, 7;
SELECT a, b, c, grouping(a, b, c), array_agg(a ORDER BY a NULLS FIRST, b, c, d), count(DISTINCT b), mode() WITHIN GROUP (ORDER BY c), rank(2) WITHIN GROUP (ORDER BY a) FROM r_t GROUP BY DISTINCT c, ROLLUP (c) ORDER BY 1, 2, 3, 4, 5, 6, 7;
SELECT a, b, c, grouping(a, b, c), avg(d), min(b), max(a), variance(d), percentile_disc(0.5) WITHIN GROUP (ORDER BY d) FROM r_t GROUP BY (), c, a ORDER BY 1, 2, 3, 4, 5, 6, 7;
SELECT a, b, c, grouping(a, b, c), array_agg(a ORDER BY a NULLS FIRST, b, c, d), count(DISTINCT b), mode() WITHIN GROUP (ORDER BY c), rank(2) WITHIN GROUP (ORDER BY a) FROM r_t GROUP BY CUBE (b, c), a ORDER BY 1, 2, 3, 4, 5, 6, 7;
SELECT a, b, c, grouping(a, b, c), avg(d), min(b), max(a), variance(d), percentile_disc(0.5) WITHIN GROUP (ORDER BY d) FROM r_t GROUP BY DISTINCT b, ROLLUP (c), CUBE (a) ORDER BY 1, 2, 3, 4, 5, 6, 7;
SELECT a, b, c, grouping(a, b, c), avg(d), min(b), max(a), variance(d), percentile_disc(0.5) WITHIN GROUP (ORDER BY d) FROM r_t GROUP BY b ORDER BY 1, 2, 3, 4, 5, 6, 7;
SELECT a, b, c, grouping(a, b, c), avg(d), min(b), max(a), variance(d), percentile_disc(0.5) WITHIN GROUP (ORDER BY d) FROM r_t GROUP BY DISTINCT GROUPING SETS (a, c), a, c ORDER BY 1, 2, 3, 4, 5, 6, 7;
SELECT a, b, c, grouping(a, b, c), avg(d), min(b), max(a), variance(d), percentile_disc(0.5) WITHIN GROUP (ORDER BY d) FROM r_t GROUP BY ROLLUP (c) ORDER BY 1, 2, 3, 4, 5, 6, 7;
SELECT a, b, c, grouping(a, b, c), array_agg(a ORDER BY a NULLS FIRST, b, c, d), count(DISTINCT b), mode() WITHIN GROUP (ORDER BY c), rank(2) WITHIN GROUP (ORDER BY a) FROM r_t GROUP BY ROLLUP (c) ORDER BY 1, 2, 3, 4, 5, 6, 7;
SELECT a, b, c, grouping(a, b, c), count(*), sum(d), string_agg(b, ',' ORDER BY b DESC, a, c, d), array_agg(DISTINCT c) FROM r_t GROUP BY GROUPING SETS ((a, b), ()), CUBE (a), a ORDER BY 1, 2, 3, 4, 5, 6, 7;
SELECT a, b, c, grouping(a, b, c), avg(d), min(b), max(a), variance(d), percentile_disc(0.5) WITHIN GROUP (ORDER BY d) FROM r_t GROUP BY DISTINCT b ORDER BY 1, 2, 3, 4, 5, 6, 7;
SELECT a, b, c, grouping(a, b, c), avg(d), min(b), max(a), variance(d), percentile_disc(0.5) WITHIN GROUP (ORDER BY d) FROM r_t GROUP BY DISTINCT GROUPING SETS (a, c), GROUPING SETS ((a, b), ()), ROLLUP (c) ORDER BY 1, 2, 3, 4, 5, 6, 7;
SELECT a, b, c, grouping(a, b, c), array_agg(a ORDER BY a NULLS FIRST, b, c, d), count(DISTINCT b), mode() WITHIN GROUP (ORDER BY c), rank(2) WITHIN GROUP (ORDER BY a) FROM r_t GROUP BY DISTINCT b, (), a ORDER BY 1, 2, 3, 4, 5, 6, 7;
SELECT a, b, c, grouping(a, b, c), count(*), sum(d), string_agg(b, ',' ORDER BY b DESC, a, c, d), array_agg(DISTINCT c) FROM r_t GROUP BY ROLLUP (c) ORDER BY 1, 2, 3, 4, 5, 6, 7;
SELECT a, b, c, grouping(a, b, c), count(*), sum(d), string_agg(b, ',' ORDER BY b DESC, a, c, d), array_agg(DISTINCT c) FROM r_t GROUP BY DISTINCT b, ROLLUP (c), () ORDER BY 1, 2, 3, 4, 5, 6, 7;
SELECT a, b, c, grouping(a, b, c), array_agg(a ORDER BY a NULLS FIRST, b, c, d), count(DISTINCT b), mode() WITHIN GROUP (ORDER BY c), rank(2) WITHIN GROUP (ORDER BY a) FROM r_t GROUP BY CUBE (b, c), c ORDER BY 1, 2, 3, 4, 5, 6, 7;
SELECT a, b, c, grouping(a, b, c), avg(d), min(b), max(a), variance(d), percentile_disc(0.5) WITHIN GROUP (ORDER BY d) FROM r_t GROUP BY DISTINCT GROUPING SETS (a, c) ORDER BY 1, 2, 3, 4, 5, 6, 7;
SELECT a, b, c, grouping(a, b, c), array_agg(a ORDER BY a NULLS FIRST, b, c, d), count(DISTINCT b), mode() WITHIN GROUP (ORDER BY c), rank(2) WITHIN GROUP (ORDER BY a) FROM r_t GROUP BY DISTINCT GROUPING SETS (a, c) ORDER BY 1, 2, 3, 4, 5, 6, 7;
SELECT a, b, c, grouping(a, b, c), count(*), sum(d), string_agg(b, ',' ORDER BY b DESC, a, c, d), array_agg(DISTINCT c) FROM r_t GROUP BY ROLLUP (a, b), GROUPING SETS ((a, b), ()) ORDER BY 1, 2, 3, 4, 5, 6, 7;
SELECT a, b, c, grouping(a, b, c), count(*), sum(d), string_agg(b, ',' ORDER BY b DESC, a, c, d), array_agg(DISTINCT c) FROM r_t GROUP BY ROLLUP (a, b), GROUPING SETS (a, c) ORDER BY 1, 2, 3, 4, 5, 6, 7;
SELECT a, b, c, grouping(a, b, c), count(*), sum(d), string_agg(b, ',' ORDER BY b DESC, a, c, d), array_agg(DISTINCT c) FROM r_t GROUP BY DISTINCT ROLLUP (c) ORDER BY 1, 2, 3, 4, 5, 6, 7;
SELECT a, b, c, grouping(a, b, c), avg(d), min(b), max(a), variance(d), percentile_disc(0.5) WITHIN GROUP (ORDER BY d) FROM r_t GROUP BY b, CUBE (b, c), c ORDER BY 1, 2, 3, 4, 5, 6, 7;
SELECT a, b, c, grouping(a, b, c), avg(d), min(b), max(a), variance(d), percentile_disc(0.5) WITHIN GROUP (ORDER BY d) FROM r_t GROUP BY DISTINCT CUBE (b, c), ROLLUP (a, b) ORDER BY 1, 2, 3, 4, 5, 6, 7;
SELECT a, b, c, grouping(a, b, c), avg(d), min(b), max(a), variance(d), percentile_disc(0.5) WITHIN GROUP (ORDER BY d) FROM r_t GROUP BY DISTINCT (), ROLLUP (c), GROUPING SETS (a, c) ORDER BY 1, 2, 3, 4, 5, 6, 7;
SELECT a, b, c, grouping(a, b, c), array_agg(a ORDER BY a NULLS FIRST, b, c, d), count(DISTINCT b), mode() WITHIN GROUP (ORDER BY c), rank(2) WITHIN GROUP (ORDER BY a) FROM r_t GROUP BY DISTINCT a ORDER BY 1, 2, 3, 4, 5, 6, 7;
SELECT a, b, c, grouping(a, b, c), avg(d), min(b), max(a), variance(d), percentile_disc(0.5) WITHIN GROUP (ORDER BY d) FROM r_t GROUP BY DISTINCT CUBE (b, c) ORDER BY 1, 2, 3, 4, 5, 6, 7;
SELECT a, b, c, grouping(a, b, c), avg(d), min(b), max(a), variance(d), percentile_disc(0.5) WITHIN GROUP (ORDER BY d) FROM r_t GROUP BY DISTINCT CUBE (a), a, c ORDER BY 1, 2, 3, 4, 5, 6, 7;
SELECT a, b, c, grouping(a, b, c), count(*), sum(d), string_agg(b, ',' ORDER BY b DESC, a, c, d), array_agg(DISTINCT c) FROM r_t GROUP BY DISTINCT a ORDER BY 1, 2, 3, 4, 5, 6, 7;
SELECT a, b, c, grouping(a, b, c), avg(d), min(b), max(a), variance(d), percentile_disc(0.5) WITHIN GROUP (ORDER BY d) FROM r_t GROUP BY a ORDER BY 1, 2, 3, 4, 5, 6, 7;
SELECT a, b, c, grouping(a, b, c), count(*), sum(d), string_agg(b, ',' ORDER BY b DESC, a, c, d), array_agg(DISTINCT c) FROM r_t GROUP BY DISTINCT () ORDER BY 1, 2, 3, 4, 5, 6, 7;
SELECT a, b, c, grouping(a, b, c), count(*), sum(d), string_agg(b, ',' ORDER BY b DESC, a, c, d), array_agg(DISTINCT c) FROM r_t GROUP BY DISTINCT ROLLUP (a, b), CUBE (a), ROLLUP (c) ORDER BY 1, 2, 3, 4, 5, 6, 7;
SELECT a, b, c, grouping(a, b, c), count(*), sum(d), string_agg(b, ',' ORDER BY b DESC, a, c, d), array_agg(DISTINCT c) FROM r_t GROUP BY a, ROLLUP (c), CUBE (a) ORDER BY 1, 2, 3, 4, 5, 6, 7;
SELECT a, b, c, grouping(a, b, c), avg(d), min(b), max(a), variance(d), percentile_disc(0.5) WITHIN GROUP (ORDER BY d) FROM r_t GROUP BY GROUPING SETS (a, c), () ORDER BY 1, 2, 3, 4, 5, 6, 7;
SELECT a, b, c, grouping(a, b, c), count(*), sum(d), string_agg(b, ',' ORDER BY b DESC, a, c, d), array_agg(DISTINCT c) FROM r_t GROUP BY DISTINCT ROLLUP (a, b), b, GROUPING SETS ((a, b), ()) ORDER BY 1, 2, 3, 4, 5, 6, 7;
SELECT a, b, c, grouping(a, b, c), avg(d), min(b), max(a), variance(d), percentile_disc(0.5) WITHIN GROUP (ORDER BY d) FROM r_t GROUP BY ROLLUP (c), ROLLUP (a, b) ORDER BY 1, 2, 3, 4, 5, 6, 7;
SELECT a, b, c, grouping(a, b, c), avg(d), min(b), max(a), variance(d), percentile_disc(0.5) WITHIN GROUP (ORDER BY d) FROM r_t GROUP BY DISTINCT CUBE (a), (), GROUPING SETS (a, c) ORDER BY 1, 2, 3, 4, 5, 6, 7;
DROP TABLE r_t;
