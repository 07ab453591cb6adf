--
-- interval: input forms, normalization, comparison, arithmetic with dates
-- and timestamps, aggregates
--
SELECT interval '1', interval '1 second', interval '1.5', interval '-1.5', interval '1:2', interval '1:2:3', interval '1:2:3.456789';
SELECT interval '1 yr', interval '2 yrs', interval '3 mon', interval '4 w', interval '5 d', interval '6 h', interval '7 m', interval '8 s', interval '9 ms', interval '10 us';
SELECT interval '1 year -1 month', interval '-1 year 1 month', interval '1 day -1 second', interval '-00:00:01', interval '- 1 day';
SELECT interval '1.5 months', interval '1.5 weeks', interval '1.5 days', interval '0.5 years', interval '1.001 seconds';
SELECT interval 'P1D', interval 'P1W', interval 'P1Y1M', interval 'PT1H30M', interval 'P-1D';
SELECT interval '@ 1 year 2 mons ago', interval '1 day ago', interval '-1 day ago';
SELECT interval '2 days 25 hours', interval '1 month 35 days', interval '100 hours', interval '3600 seconds', interval '86400 seconds';
SELECT interval '1 day' = interval '24 hours', interval '1 month' = interval '30 days', interval '1 year' = interval '360 days', interval '1 year' = interval '12 months';
SELECT interval '1 day' > interval '23 hours', interval '-1 day' < interval '0', interval '1 month' > interval '29 days 23:59:59';
SELECT interval '1 hour' * 2, 2 * interval '1 hour', interval '1 hour' * 0.5, interval '1 day' * 1.5, interval '1 month' * 1.5, interval '1 year' * 1.5;
SELECT interval '3 hours' / 2, interval '1 day' / 3, interval '1 month' / 2, interval '1 year' / 5, interval '1 hour' / 7;
SELECT interval '1 day 2 hours' + interval '3 days 4 hours', interval '1 month' - interval '1 day', interval '1 hour' - interval '2 hours';
SELECT -interval '1 day 2 hours', @ interval '-1 day';
SELECT date '2024-01-31' + interval '1 month', date '2024-02-29' + interval '1 year', date '2024-03-31' - interval '1 month', date '2023-01-31' + interval '1 month';
SELECT timestamp '2024-01-01 23:00' + interval '2 hours', timestamp '2024-01-01' - interval '1.5 days', timestamp '2024-01-01' + interval '1 month 1 day 1 hour';
SELECT timestamp '2024-03-01' - timestamp '2024-02-01', timestamp '2024-03-01 12:00' - timestamp '2024-03-01 11:59:59.5', timestamp '2023-01-01' - timestamp '2024-01-01';
SELECT timestamptz '2024-03-10 00:00' + interval '1 day', timestamptz '2024-03-10 00:00' + interval '24 hours', timestamptz '2024-03-11 00:00' - timestamptz '2024-03-10 00:00';
SELECT timestamptz '2024-11-03 00:00' + interval '1 day', timestamptz '2024-11-03 00:00' + interval '24 hours', timestamptz '2024-11-04 00:00' - timestamptz '2024-11-03 00:00';
SELECT time '12:00' + interval '13 hours', time '12:00' - interval '13 hours', time '00:00' + interval '1 day 1 minute';
SELECT sum(x), avg(x), min(x), max(x), count(x) FROM (VALUES (interval '1 day'), (interval '2 hours'), (interval '-30 minutes'), (NULL)) v(x);
SELECT avg(x) FROM (VALUES (interval '1 month'), (interval '1 day')) v(x);
SELECT x FROM (VALUES (interval '1 day'), (interval '23 hours'), (interval '1 month'), (interval '-1 year'), (interval '30 days')) v(x) ORDER BY x, x::text;
SELECT DISTINCT x FROM (VALUES (interval '1 day'), (interval '24 hours'), (interval '1 day')) v(x);
SELECT x, count(*) FROM (VALUES (interval '1 day'), (interval '24 hours'), (interval '30 days'), (interval '1 month')) v(x) GROUP BY x ORDER BY x;
SELECT extract(epoch from interval '1 month'), extract(epoch from interval '1 year'), extract(epoch from interval '-1 day 1 second'), extract(days from interval '40 days');
SELECT extract(hour from interval '25 hours'), extract(minute from interval '90 minutes'), extract(second from interval '61.5 seconds'), extract(year from interval '18 months');
SELECT justify_hours(interval '49 hours 30 minutes'), justify_days(interval '61 days'), justify_interval(interval '1 year -1 day'), justify_interval(interval '-1 day 25 hours');
SELECT interval '1 year 2 months 3 days 4 hours 5 minutes 6.789 seconds'::text;
SELECT interval '2 days' > interval '47 hours 59 minutes 59.999999 seconds';
SELECT interval '1' year, interval '18' month, interval '1-2' year to month, interval '3 4:05:06' day to second, interval '4:05' hour to minute;
SELECT interval '123' second(2), interval '1.23456789' second(3);
SELECT interval '1 day 2 hours' day;
SELECT interval 'yesterday';
SELECT interval '1 fortnight';
SELECT interval '';
CREATE TABLE iv_t (id int, d interval);
INSERT INTO iv_t VALUES (1, '1 hour'), (2, '1 day'), (3, '-2 days 3 hours'), (4, '1 mon'), (5, NULL), (6, 'P2W');
SELECT * FROM iv_t ORDER BY d NULLS FIRST;
SELECT id, d * 2, d / 2, d + interval '1 minute', timestamp '2024-01-31' + d FROM iv_t ORDER BY id;
SELECT sum(d), avg(d) FROM iv_t WHERE id <> 4;
UPDATE iv_t SET d = d * 10 WHERE id = 1 RETURNING d;
SELECT id FROM iv_t WHERE d > '1 day' ORDER BY id;
DROP TABLE iv_t;
SELECT interval '1 day 1 day';
