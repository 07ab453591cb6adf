--
-- date/time functions: to_char, to_date, to_timestamp, date_part, age,
-- justify, transaction-stable clocks, DateStyle and IntervalStyle output
--
SELECT date_part('epoch', timestamp '1970-01-02'), date_part('dow', timestamp '2024-03-05'), date_part('month', interval '14 months'), date_part('hour', time '23:15');
SELECT extract(epoch from timestamptz '1970-01-01 00:00:00 UTC'), extract(epoch from date '2024-01-01'), extract(epoch from time '01:00');
SELECT extract(day from timestamp '2024-02-29 10:00'), extract(year from interval '27 months'), extract(month from interval '27 months');
SELECT age(timestamp '2024-03-31', timestamp '2024-02-29'), age(timestamp '2020-01-01', timestamp '2024-06-15 12:00'), age(timestamptz '2024-11-04 00:00', timestamptz '2024-11-03 00:00');
SELECT justify_days(interval '65 days'), justify_days(interval '-35 days'), justify_hours(interval '-50 hours'), justify_interval(interval '-1 month 45 days 30 hours');
SELECT now() = now(), current_date = current_date, pg_typeof(now()), pg_typeof(current_date), pg_typeof(localtimestamp), pg_typeof(localtime);
SELECT current_timestamp(2) IS NOT NULL, localtimestamp(0) IS NOT NULL;
SELECT now() - clock_timestamp() < interval '1 minute', statement_timestamp() <= clock_timestamp(), timeofday() IS NOT NULL;
SELECT date 'today' = current_date, timestamp 'today' = current_date::timestamp, date 'tomorrow' - date 'yesterday', timestamp 'tomorrow' - timestamp 'today';
SELECT timestamp 'now' <= localtimestamp, date 'now' = current_date;
SELECT date_trunc('month', date '2024-03-15')::date, (date_trunc('month', date '2024-03-15') + interval '1 month - 1 day')::date AS last_day;
SELECT d, extract(dow from d) FROM generate_series(date '2024-03-01', date '2024-03-07', interval '1 day') d;
SELECT date '2024-03-31' - interval '1 month', date '2024-05-31' + interval '1 month', timestamp '2024-01-31 10:00' + interval '1 month 1 day';
SELECT interval '1 month' * 2.5, interval '2 hours 30 minutes' / 2, interval '1 day' * -1, interval '25 hours' - interval '1 day';
SELECT sum(x) FROM (VALUES (interval '1 hour'), (interval '1 day'), (interval '30 minutes')) v(x);
SELECT avg(x), max(x), min(x) FROM (VALUES (interval '1 hour'), (interval '1 day'), (interval '-30 minutes')) v(x);
SELECT time '10:00' < time '11:00', time '23:59' > time '00:00', interval '1 hour' < interval '61 minutes';
SELECT timestamp '2024-01-01' = date '2024-01-01', timestamptz '2024-01-01 00:00-08' = timestamp '2024-01-01 00:00';
SET DateStyle = 'ISO, DMY';
SELECT date '01/02/2024', timestamp '01/02/2024 10:00';
SET DateStyle = 'ISO, YMD';
SELECT date '2024/02/01';
RESET DateStyle;
SET IntervalStyle = 'sql_standard';
SHOW IntervalStyle;
RESET IntervalStyle;
SET DateStyle = 'nonsense';
SELECT date '2024-03-05' + 1 = date '2024-03-06', timestamp '2024-03-05' + interval '1 day' = timestamp '2024-03-06';
SELECT (timestamp '2024-12-31 23:59:59.999999' + interval '1 microsecond')::date;
SELECT timestamp '2024-01-01 00:00:00.0000005', timestamp '2024-01-01 00:00:00.0000015';
SELECT make_time(24, 0, 0);
SELECT make_timestamp(2024, 2, 30, 0, 0, 0);
SELECT to_timestamp(1e20);
-- data type formatting functions
SELECT to_char(timestamp '2024-03-05 14:07:09.123456', 'YYYY-MM-DD HH24:MI:SS'), to_char(timestamp '2024-03-05 14:07:09', 'DD/MM/YY HH12:MI AM');
SELECT to_char(timestamp '2024-03-05 14:07:09', 'Day, DD Month YYYY'), to_char(timestamp '2024-03-05 14:07:09', 'FMDay, FMDD FMMonth YYYY');
SELECT to_char(date '2024-03-05', 'Dy Mon DDD D WW IW Q J'), to_char(date '2024-12-31', 'IYYY-IW-ID'), to_char(date '2024-03-05', 'CC "century" YYYY');
SELECT to_char(timestamp '2024-03-05 14:07:09.123456', 'HH24:MI:SS.MS US FF3'), to_char(timestamp '2024-03-05 00:07:09', 'HH12 am pm');
SELECT to_char(timestamptz '2024-07-05 14:07:09+00', 'YYYY-MM-DD HH24:MI TZ OF');
SELECT to_char(interval '1 day 02:03:04', 'DD HH24:MI:SS'), to_char(interval '49 hours', 'HH24');
SELECT to_char(date '2024-03-05', 'month MONTH Month mon MON'), to_char(date '2024-03-05', 'day DAY dy DY');
SELECT to_char(date '2024-03-05', 'YYYYth DDth DDTH'), to_char(date '2024-03-01', 'FMDDth'), to_char(date '2024-03-02', 'FMDDth'), to_char(date '2024-03-23', 'FMDDth');
SELECT d, to_char(d, 'Dy') FROM generate_series(date '2024-03-01', date '2024-03-03', interval '1 day') d;
SELECT to_date('2024-03-05', 'YYYY-MM-DD'), to_date('05 Mar 2024', 'DD Mon YYYY'), to_date('20240305', 'YYYYMMDD'), to_date('2024 65', 'YYYY DDD');
SELECT to_date('2024-13-05', 'YYYY-MM-DD');
SELECT to_timestamp('2024-03-05 14:07:09', 'YYYY-MM-DD HH24:MI:SS'), to_timestamp('05/03/2024 02:07 PM', 'DD/MM/YYYY HH:MI AM');
SELECT to_timestamp('2024-03-05 25:00', 'YYYY-MM-DD HH24:MI');
SELECT make_time(25, 0, 0);
