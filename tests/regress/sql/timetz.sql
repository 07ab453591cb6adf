-- time with time zone: input, output, comparison, arithmetic, AT TIME ZONE,
-- casts, extract, typmods, tables (the session zone is America/Los_Angeles)
SELECT '04:05:06+02'::timetz, '04:05:06.789-08'::timetz, '04:05:06 +05:30'::timetz, '04:05 PST'::timetz;
SELECT '04:05:06-08:00'::timetz, '040506+0100'::timetz, '04:05:06.123456789+00'::timetz, '23:59:59.9999999+00'::timetz;
SELECT '24:00:00+00'::timetz, '00:00:00-15:59'::timetz, '12:00+14'::timetz, '12:00:00+05:30:15'::timetz;
SELECT 'allballs'::timetz, '4:05 am EST'::timetz, '4:05 pm EDT'::timetz, '12:00 am UTC'::timetz, '12:00 Z'::timetz;
SELECT '2003-04-12 04:05:06 America/New_York'::timetz, '2003-12-12 04:05:06 America/New_York'::timetz, 'Jan 8 1999 04:05:06 Europe/Paris'::timetz;
SELECT '2003-07-12 04:05:06'::timetz, '2003-01-12 04:05:06'::timetz;
SELECT time with time zone '12:30+03', TIME WITH TIME ZONE '01:02:03.45-07';
SELECT '04:05:06 America/New_York'::timetz;
SELECT '04:05:06 Etc/GMT+5'::timetz, '04:05:06 UTC'::timetz, '2024-07-01 04:05:06 Europe/London'::timetz;
SELECT '040506-08'::timetz, '0405-0530'::timetz, '2003-04-12 040506-08'::timetz, '040506-08'::time, '04:05:06-0800'::timetz, 'T040506+01'::timetz;
SELECT '04:05:06 040506-08'::timetz;
SELECT '040506-08 2003-04-12'::timetz;
SELECT '04:05 2003-04-12'::timetz;
SELECT '2003-04-12 America/New_York 04:05'::timetz;
SELECT '04:05 Asia/Kolkata'::timetz;
SELECT '1-2'::timetz;
SELECT '25:00:00+00'::timetz;
SELECT '24:00:01+00'::timetz;
SELECT '12:60:00+00'::timetz;
SELECT '12:00+16'::timetz;
SELECT 'abc'::timetz;
SELECT ''::timetz;
SELECT 'infinity'::timetz;
SELECT '12:00 Mars/Olympus'::timetz;
SELECT NULL::timetz;
-- typmod
SELECT '04:05:06.789123+02'::timetz(0), '04:05:06.789123+02'::timetz(2), '04:05:06.789123+02'::time(3) with time zone, '23:59:59.99+00'::timetz(1);
SELECT '04:05:06.5+02'::timetz(0), '04:05:06.789123+02'::timetz(6);
SELECT '04:05:06+02'::timetz(-1);
SELECT pg_typeof('04:05+02'::timetz), pg_typeof(current_time), format_type('timetz'::regtype, 3), format_type('timetz'::regtype, -1), 'time with time zone'::regtype, 'timetz[]'::regtype;
-- comparison (by UTC instant, then zone)
SELECT '12:00+02'::timetz = '10:00+00'::timetz, '12:00+02'::timetz = '12:00+02'::timetz, '12:00+02'::timetz < '10:00+00'::timetz, '12:00+02'::timetz > '10:00+00'::timetz;
SELECT '11:00+01'::timetz < '12:00+01'::timetz, '12:00-01'::timetz > '12:00+01'::timetz, '12:00+01'::timetz <> '11:00+00'::timetz, '12:00+01'::timetz <= '11:00+00'::timetz, '12:00+01'::timetz >= '11:00+00'::timetz;
SELECT timetz_cmp('12:00+02', '10:00+00'), timetz_cmp('10:00+00', '12:00+02'), timetz_cmp('10:00+00', '10:00+00'), timetz_cmp('09:00+00', '10:00+00');
SELECT timetz_larger('12:00+02', '10:00+00'), timetz_smaller('12:00+02', '10:00+00');
-- arithmetic
SELECT '12:00+02'::timetz + interval '1 hour', '23:30+02'::timetz + interval '1 hour', '00:30-05'::timetz - interval '1 hour', interval '90 minutes' + '12:00+02'::timetz;
SELECT '12:00+02'::timetz + interval '3 days 1 hour', '12:00+02'::timetz - interval '1 month 2 hours', '12:00+02'::timetz + interval '-25 hours';
SELECT date '2024-01-15' + '12:00+02'::timetz, '12:00+02'::timetz + date '2024-07-15', timestamptz(date '2024-01-15', '23:00-05'::timetz);
SELECT date 'infinity' + '12:00+02'::timetz, date '-infinity' + '12:00+02'::timetz;
SELECT '12:00+02'::timetz - '11:00+02'::timetz;
-- AT TIME ZONE
SELECT '12:00+02'::timetz AT TIME ZONE 'UTC', '12:00+02'::timetz AT TIME ZONE '+05', '12:00+02'::timetz AT TIME ZONE 'EST', '23:00+00'::timetz AT TIME ZONE 'JST';
SELECT '12:00+02'::timetz AT TIME ZONE interval '03:00', '12:00+02'::timetz AT TIME ZONE interval '-05:30', timezone(interval '1 hour', '23:30+00'::timetz), timezone('UTC', '01:00+03'::timetz);
SELECT '12:00+02'::timetz AT TIME ZONE 'Asia/Tokyo', '12:00+02'::timetz AT TIME ZONE 'Etc/GMT+3';
SELECT '12:00+00'::timetz AT TIME ZONE interval '20 hours', '12:00+00'::timetz AT TIME ZONE interval '-200 hours 30 minutes', '00:00+15:59'::timetz AT TIME ZONE interval '-15:59:59';
SELECT '12:00+02'::timetz AT TIME ZONE 'No/Such_Zone';
SELECT '12:00+02'::timetz AT TIME ZONE interval '1 day';
-- casts
SELECT '12:34:56+02'::timetz::time, '12:34:56.78-08'::timetz::time(1), timestamptz '2024-01-15 12:34:56+00'::timetz, timestamptz '2024-07-15 12:34:56+00'::timetz;
SELECT timetz(timestamptz '2024-01-15 12:34:56.5+02'), "time"('01:02:03+04'::timetz), timestamptz 'infinity'::timetz, timetz('12:34:56.789+01'::timetz, 1);
SELECT '12:34+02'::timetz::text, '12:34+02'::timetz::varchar(5), '12:34:56+02'::text::timetz, cast('01:00 -3' as time with time zone);
SELECT '12:34:56'::time::timetz = '12:34:56'::timetz;
SELECT '12:00+02'::timetz::date;
SELECT '12:00+02'::timetz::timestamptz;
-- extract and date_part
SELECT extract(hour FROM '12:34:56.789+05:30'::timetz), extract(minute FROM '12:34:56.789+05:30'::timetz), extract(second FROM '12:34:56.789+05:30'::timetz), extract(milliseconds FROM '12:34:56.789+05:30'::timetz), extract(microseconds FROM '12:34:56.789+05:30'::timetz);
SELECT extract(timezone FROM '12:34+05:30'::timetz), extract(timezone_hour FROM '12:34-05:30'::timetz), extract(timezone_minute FROM '12:34-05:30'::timetz), extract(epoch FROM '12:34:56.5+02'::timetz), extract(epoch FROM '01:00-03'::timetz);
SELECT date_part('hour', '12:34:56.789+05:30'::timetz), date_part('second', '12:34:56.789+05:30'::timetz), date_part('timezone', '12:34-01'::timetz), date_part('epoch', '12:34:56.5+02'::timetz), extract(hour FROM '24:00:00+00'::timetz);
SELECT extract(day FROM '12:34+02'::timetz);
SELECT extract(fortnight FROM '12:34+02'::timetz);
SELECT date_part('year', '12:34+02'::timetz);
-- current_time is the transaction's start time
SELECT current_time = now()::timetz, current_time(0) <= now()::timetz + interval '1 second', pg_typeof(current_time(2)), localtime = now()::time;
BEGIN;
SELECT current_time = current_time, current_time::time = localtime;
COMMIT;
-- tables, ordering, grouping, joins, arrays
CREATE TABLE timetz_tbl (id int, t timetz, t2 time(2) with time zone);
INSERT INTO timetz_tbl VALUES
  (1, '12:00+02', '12:00:00.123+02'),
  (2, '10:00+00', '10:00:00.555-05'),
  (3, '11:00+01', '23:59:59.999+00'),
  (4, '00:00+00', '00:00:00+00'),
  (5, '23:59:59.999999-08', '12:00+02'),
  (6, NULL, NULL),
  (7, '12:00+02', '01:02:03.456789+03'),
  (8, '09:00-01', '09:00-01');
SELECT * FROM timetz_tbl ORDER BY id;
SELECT id, t FROM timetz_tbl ORDER BY t, id;
SELECT id, t FROM timetz_tbl ORDER BY t DESC NULLS LAST, id;
SELECT t, count(*) FROM timetz_tbl GROUP BY t ORDER BY t;
SELECT DISTINCT t FROM timetz_tbl ORDER BY t;
SELECT min(t), max(t), min(t2), max(t2), count(DISTINCT t) FROM timetz_tbl;
SELECT id, t FROM timetz_tbl WHERE t = '10:00+00' ORDER BY id;
SELECT id, t FROM timetz_tbl WHERE t > '11:30+00' ORDER BY id;
SELECT a.id, b.id FROM timetz_tbl a JOIN timetz_tbl b ON a.t = b.t2 ORDER BY 1, 2;
SELECT a.id, b.id FROM timetz_tbl a JOIN timetz_tbl b ON a.t = b.t AND a.id < b.id ORDER BY 1, 2;
SELECT id, t + interval '30 minutes', t AT TIME ZONE 'UTC', t::time, extract(timezone_hour FROM t) FROM timetz_tbl ORDER BY id;
SELECT id, t, count(*) OVER (ORDER BY t RANGE BETWEEN interval '1 hour' PRECEDING AND interval '30 minutes' FOLLOWING), min(id) OVER (ORDER BY t RANGE BETWEEN CURRENT ROW AND interval '2 hours' FOLLOWING) FROM timetz_tbl ORDER BY t, id;
SELECT id, count(*) OVER (ORDER BY t RANGE BETWEEN interval '-1 hour' PRECEDING AND CURRENT ROW) FROM timetz_tbl;
UPDATE timetz_tbl SET t2 = t2 + interval '1 hour' WHERE id < 3;
INSERT INTO timetz_tbl VALUES (10, '12:00+00'::timetz AT TIME ZONE interval '200 hours', '00:00-15:59:59'), (11, '12:00+00'::timetz AT TIME ZONE interval '-20 hours', '24:00+15:59');
SELECT id, t, t2 FROM timetz_tbl WHERE id >= 10 ORDER BY t;
SELECT t FROM timetz_tbl WHERE t IN (SELECT '12:00+00'::timetz AT TIME ZONE interval '200 hours') GROUP BY t;
DELETE FROM timetz_tbl WHERE id >= 10;
SELECT id, t2 FROM timetz_tbl ORDER BY id;
INSERT INTO timetz_tbl VALUES (9, '25:00+00', NULL);
ALTER TABLE timetz_tbl ALTER COLUMN t TYPE time(0) with time zone;
SELECT id, t FROM timetz_tbl ORDER BY id;
ALTER TABLE timetz_tbl ALTER COLUMN t2 TYPE time;
SELECT id, t2 FROM timetz_tbl ORDER BY id;
DROP TABLE timetz_tbl;
SELECT '{12:00+02,"10:00:00-08"}'::timetz[], ARRAY['12:00+02'::timetz, '01:00-01'], array_agg(x ORDER BY x) FROM (VALUES ('12:00+02'::timetz), ('10:00+00'), ('11:00+01')) v(x);
-- output in every DateStyle is the same
SET datestyle = 'SQL, DMY';
SELECT '04:05:06.5+02'::timetz, '04:05:06-08:30'::timetz;
SET datestyle = 'German';
SELECT '04:05:06.5+02'::timetz;
SET datestyle = 'Postgres, MDY';
SELECT '04:05:06.5+02'::timetz;
RESET datestyle;
SET TIME ZONE 'UTC';
SELECT '12:00'::timetz, '12:00'::time::timetz, timestamptz '2024-07-15 12:00+02'::timetz;
SET TIME ZONE 'Asia/Kolkata';
SELECT '12:00'::timetz, '12:00'::time::timetz, timestamptz '2024-07-15 12:00+02'::timetz, '12:00+02'::timetz AT TIME ZONE 'Asia/Kolkata';
RESET TIME ZONE;
