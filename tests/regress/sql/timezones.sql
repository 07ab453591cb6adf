--
-- timestamptz across time zones and DST transitions, AT TIME ZONE,
-- timezone(), zone abbreviations and offsets
--
SELECT timestamptz '2024-03-10 01:59:59', timestamptz '2024-03-10 02:00:00', timestamptz '2024-03-10 03:00:00';
SELECT timestamptz '2024-11-03 00:59:59', timestamptz '2024-11-03 01:00:00', timestamptz '2024-11-03 02:00:00';
SELECT timestamptz '2024-03-10 01:00' + interval '1 hour', timestamptz '2024-03-10 01:00' + interval '2 hours', timestamptz '2024-11-03 00:30' + interval '1 hour', timestamptz '2024-11-03 00:30' + interval '2 hours';
SELECT timestamptz '2024-07-01 12:00 America/New_York', timestamptz '2024-07-01 12:00 Europe/London', timestamptz '2024-07-01 12:00 Asia/Kolkata', timestamptz '2024-07-01 12:00 Australia/Sydney';
SELECT timestamptz '2024-01-01 12:00 EST', timestamptz '2024-01-01 12:00 CET', timestamptz '2024-07-01 12:00 CEST', timestamptz '2024-07-01 12:00 JST';
SELECT timestamptz '2024-01-01 12:00+14', timestamptz '2024-01-01 12:00-12', timestamptz '2024-01-01 12:00+05:45', timestamptz '2024-01-01 12:00:00-03:30';
SELECT timestamptz '2024-01-01 12:00 +1', timestamptz '2024-01-01T12:00:00Z', timestamptz '20240101T120000Z';
SELECT timestamptz '2024-06-30 23:00 UTC' AT TIME ZONE 'America/Los_Angeles', timestamptz '2024-06-30 23:00 UTC' AT TIME ZONE 'Pacific/Auckland', timestamptz '2024-06-30 23:00 UTC' AT TIME ZONE 'UTC';
SELECT timestamp '2024-06-30 23:00' AT TIME ZONE 'UTC', timestamp '2024-06-30 23:00' AT TIME ZONE 'Asia/Tokyo', timestamp '2024-12-30 23:00' AT TIME ZONE 'Europe/Paris';
SELECT timestamp '2024-03-10 02:30' AT TIME ZONE 'America/Los_Angeles', timestamp '2024-11-03 01:30' AT TIME ZONE 'America/Los_Angeles';
SELECT timestamptz '2024-01-01 00:00 UTC' AT TIME ZONE '+05', timestamptz '2024-01-01 00:00 UTC' AT TIME ZONE '-05:30', timestamptz '2024-01-01 00:00 UTC' AT TIME ZONE 'EST';
SELECT timestamptz '2024-01-01 00:00 UTC' AT TIME ZONE interval '+02:00', timestamp '2024-01-01 00:00' AT TIME ZONE interval '-08:00';
SELECT timestamptz '2024-01-01 00:00 UTC' AT TIME ZONE 'Nowhere/City';
SELECT timezone('Asia/Tokyo', timestamptz '2024-01-01 00:00 UTC'), timezone('Asia/Tokyo', timestamp '2024-01-01 09:00');
SELECT extract(timezone from timestamptz '2024-01-01 00:00'), extract(timezone from timestamptz '2024-07-01 00:00'), extract(timezone_minute from timestamptz '2024-07-01 00:00');
SELECT extract(hour from timestamptz '2024-07-01 00:00 UTC'), extract(day from timestamptz '2024-07-01 00:00 UTC'), date_part('epoch', timestamptz '2024-07-01 00:00 UTC');
SELECT date_trunc('day', timestamptz '2024-03-10 12:00'), date_trunc('day', timestamptz '2024-11-03 12:00'), date_trunc('hour', timestamptz '2024-11-03 01:30 PST'), date_trunc('month', timestamptz '2024-03-15 UTC');
SELECT timestamptz '2024-07-01 12:00 UTC'::date, timestamptz '2024-07-01 03:00 UTC'::date, timestamptz '2024-07-01 03:00 UTC'::timestamp, timestamptz '2024-07-01 03:00 UTC'::time;
SELECT '2024-07-01 03:00'::timestamp::timestamptz, date '2024-03-10'::timestamptz, date '2024-11-03'::timestamptz;
SET TimeZone = 'Europe/Berlin';
SELECT timestamptz '2024-03-31 01:59:59', timestamptz '2024-03-31 02:30', timestamptz '2024-03-31 03:00', timestamptz '2024-10-27 02:30';
SELECT timestamptz '2024-07-01 12:00 UTC', timestamp '2024-07-01 12:00'::timestamptz, now() AT TIME ZONE 'Europe/Berlin' = localtimestamp;
SET TimeZone = 'Australia/Lord_Howe';
SELECT timestamptz '2024-01-01 12:00 UTC', timestamptz '2024-07-01 12:00 UTC';
SET TimeZone = 'Asia/Kathmandu';
SELECT timestamptz '2024-01-01 12:00 UTC';
SET TimeZone = 'UTC';
SELECT timestamptz '2024-01-01 12:00-08', timestamptz '1970-01-01 00:00', timestamptz 'epoch';
SET TimeZone = 'GMT';
SHOW TimeZone;
SET TimeZone = '-07';
SELECT timestamptz '2024-01-01 12:00 UTC';
SET TimeZone = 'PST8PDT';
SELECT timestamptz '2024-01-01 12:00 UTC', timestamptz '2024-07-01 12:00 UTC';
SET TimeZone TO DEFAULT;
SHOW TimeZone;
SET TimeZone = 'Asia/Tokyo';
CREATE TABLE tz_t (id int, t timestamptz);
INSERT INTO tz_t VALUES (1, '2024-01-01 09:00'), (2, '2024-01-01 00:00 UTC'), (3, '2024-06-30 18:00 America/Los_Angeles');
SELECT id, t FROM tz_t ORDER BY t;
RESET TimeZone;
SELECT id, t FROM tz_t ORDER BY t;
SELECT id, t AT TIME ZONE 'UTC' FROM tz_t ORDER BY id;
SELECT count(DISTINCT t) FROM tz_t;
SELECT id FROM tz_t WHERE t = '2024-01-01 00:00 UTC' ORDER BY id;
DROP TABLE tz_t;
SELECT pg_typeof(timestamptz '2024-01-01' AT TIME ZONE 'UTC'), pg_typeof(timestamp '2024-01-01' AT TIME ZONE 'UTC');
-- zone names with a POSIX offset (hours west of Greenwich) and the EST5EDT-style zone files
SELECT timestamptz '2024-01-01 12:00 UTC+3', timestamptz '2024-01-01 12:00 GMT-2';
SELECT timestamptz '2024-01-15 12:00 EST5EDT', timestamptz '2024-07-15 12:00 EST5EDT', timestamptz '2024-07-15 12:00 est5edt', timestamptz '2024-07-15 12:00 PST8PDT';
SELECT timestamptz '2024-01-01 12:00 utc+3:30', timestamptz '2024-01-01 12:00 UTC-14', timestamptz '2024-01-01 12:00 GMT+0', timestamptz '2024-01-01 12:00:00 XYZ+5:45:10';
SELECT timestamptz '2024-01-01T12:00:00', timestamptz '2024-01-01 12:00 PST', timestamptz 'jan 8 2024 12:00 utc+1';
SELECT timestamptz '2024-01-01 12:00 UTC+200';
SELECT timestamptz '2024-01-01 12:00 UT+3';
SELECT timestamptz '2024-01-01 12:00 nosuch5';
SELECT timestamp '2024-01-01 12:00 UTC+3', '12:00 UTC+3'::timetz;
SELECT '2024-01-01 12:00 UTC+3'::timestamptz AT TIME ZONE 'UTC';
SET TIME ZONE 'UTC+3';
SHOW TimeZone;
SELECT timestamptz '2024-01-01 12:00', timestamptz '2024-01-01 12:00 UTC+1';
SET TIME ZONE 'EST5EDT';
SELECT timestamptz '2024-07-01 12:00';
RESET TIME ZONE;
SELECT timestamptz '2024-01-01 12:00 A+3', timestamptz '2024-01-01 12:00 XY5', timestamptz '2024-01-01 12:00 GMT+24', timestamptz '2024-01-01 12:00 GMT+167', timestamptz '2024-01-01 12:00 GMT-1:30:60';
SELECT timestamptz '2024-01-01 12:00 GMT+168';
SELECT timestamptz '2024-01-01 12:00 GMT+1:60';
-- pg_timezone_names: the zones of the tz database (those without daylight-saving time, whose abbreviation and offset do not depend on the date)
SELECT name FROM pg_timezone_names WHERE name IN ('UTC', 'Europe/Paris', 'America/Los_Angeles') ORDER BY name;
SELECT count(*) > 400, count(*) FILTER (WHERE name LIKE 'posix/%') > 400, count(*) FILTER (WHERE name LIKE 'right/%') FROM pg_timezone_names;
SELECT name, abbrev, utc_offset, is_dst FROM pg_timezone_names WHERE name IN ('UTC', 'Asia/Tokyo', 'Asia/Kolkata', 'Etc/GMT+3', 'Etc/GMT-14', 'Factory', 'zone.tab', 'posix/Asia/Tokyo') ORDER BY name;
SELECT count(*) FROM pg_timezone_names WHERE name ~ '^\.' OR name LIKE '%.tab' OR name LIKE '%/';
SELECT utc_offset, count(*) FROM pg_timezone_names WHERE name ~ '^Etc/GMT[+-]1[0-2]$' GROUP BY 1 ORDER BY 1;
SELECT bool_and(abbrev = 'UTC' AND utc_offset = '0' AND NOT is_dst) FROM pg_timezone_names WHERE name IN ('UTC', 'Etc/UTC', 'Universal', 'Zulu');
SELECT pg_typeof(name), pg_typeof(abbrev), pg_typeof(utc_offset), pg_typeof(is_dst) FROM pg_timezone_names LIMIT 1;

-- Abbreviations of the Default set, fixed and dynamic (their meaning at
-- the time given: Moscow's MSK was +04 in 2012).
SELECT '2020-01-01 12:00 MSK'::timestamptz, '2010-01-01 12:00 MSK'::timestamptz, '2012-01-01 12:00 MSK'::timestamptz;
SELECT '1990-07-01 12:00 MSD'::timestamptz, '2020-06-01 12:00 EEST'::timestamptz, '2020-01-01 12:00 ACWST'::timestamptz;
SELECT '2012-01-01 12:00 MSK'::timetz, '12:00 PST'::timetz, '2020-06-01 12:00 LKT'::timestamptz, '2020-01-01 12:00 NZDT'::timestamptz;
SELECT '2020-01-01 12:00 WEST'::timestamptz;
