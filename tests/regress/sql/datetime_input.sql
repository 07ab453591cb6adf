--
-- date, time and timestamp input formats under DateStyle ISO, MDY
--
SELECT d::date FROM (VALUES ('1999-01-08'), ('January 8, 1999'), ('1/8/1999'), ('1/18/1999'), ('01/02/03'), ('1999-Jan-08'), ('Jan-08-1999'), ('08-Jan-1999'), ('99-Jan-08'), ('08-Jan-99'), ('Jan-08-99'), ('19990108'), ('990108'), ('1999.008'), ('J2451187'), ('January 8, 99 BC')) t(d);
SELECT d::date FROM (VALUES ('2024-02-29'), ('  2024-02-29  '), ('2024-2-9'), ('2024/02/29'), ('2024.02.29'), ('29 Feb 2024'), ('Feb 29 2024'), ('Thursday, Feb 29, 2024'), ('2024-02-29 AD'), ('0001-01-01 BC')) t(d);
SELECT '18/1/1999'::date;
SELECT '1999-01-32'::date;
SELECT '1999-13-01'::date;
SELECT '99-Jan-32'::date;
SELECT 'Jan 8 1999 junk'::date;
SELECT '2024-02-29 10:00'::date, '2024-02-29T23:59:59Z'::date, '2024-02-29 10:00+05'::date;
SELECT 'epoch'::date, 'infinity'::date, '-infinity'::date, 'today'::date = current_date, 'yesterday'::date = current_date - 1;
SELECT t::time FROM (VALUES ('04:05:06.789'), ('04:05:06'), ('04:05'), ('040506'), ('04:05 AM'), ('04:05 PM'), ('12:00 AM'), ('12:00 PM'), ('04:05:06 PST'), ('2003-04-12 04:05:06'), ('allballs'), ('23:59:60'), ('24:00')) v(t);
SELECT '13:00 PM'::time;
SELECT '4:5:6'::time, '4:05:6.5'::time, 'T04:05'::time;
SELECT ts::timestamp FROM (VALUES ('1999-01-08 04:05:06'), ('1999-01-08T04:05:06'), ('January 8 04:05:06 1999'), ('Jan 8 1999 4:05 PM'), ('1999-01-08 04:05:06.123456789'), ('19990108 040506'), ('19990108T040506'), ('1999-01-08 04:05:06 -8:00'), ('1999-01-08 04:05:06 PST'), ('epoch'), ('1999-01-08 24:00:00'), ('2024-02-29 12:00 BC')) v(ts);
SELECT ts::timestamptz FROM (VALUES ('1999-01-08 04:05:06'), ('1999-01-08 04:05:06+02'), ('1999-01-08 04:05:06 +2:30'), ('1999-01-08 04:05:06Z'), ('1999-01-08 04:05:06 UTC'), ('1999-01-08 04:05:06 Europe/Rome'), ('1999-07-08 04:05:06 EDT'), ('J2451187 04:05:06'), ('1999-01-08 04:05:06.5-08'), ('Fri Jan 08 04:05:06 1999 PST')) v(ts);
SELECT '1999-01-08 04:05:06 +25'::timestamptz;
SELECT '1999-01-08 04:05:06 XYZ'::timestamptz;
SELECT '1999-01-08 04:05:06.1234567'::timestamp(6), '1999-01-08 04:05:06.9999995'::timestamp;
SELECT '1999-12-31 23:59:59.9999999'::timestamp;
SELECT ' 1999-01-08 '::timestamp, '1999-01-08'::timestamptz;
SELECT 'now'::timestamp = localtimestamp, 'today'::timestamptz = date_trunc('day', now()), 'tomorrow'::date - 'today'::date;
SELECT '1999-01-08 04:05:06'::timestamp - '1999-01-08 04:05:06 UTC'::timestamptz::timestamp;
SET DateStyle = 'ISO, DMY';
SELECT d::date FROM (VALUES ('1/8/1999'), ('18/1/1999'), ('08-Jan-1999'), ('01/02/03')) t(d);
SELECT '1/18/1999'::date;
SET DateStyle = 'ISO, YMD';
SELECT d::date FROM (VALUES ('1999/01/08'), ('99/01/08'), ('1999-Jan-08')) t(d);
SELECT '01/02/03'::date;
RESET DateStyle;
CREATE TABLE dti_t (d date, t time, ts timestamp, tz timestamptz);
INSERT INTO dti_t VALUES ('Jan 8 1999', '4:05 PM', 'Jan 8 1999 4:05 PM', 'Jan 8 1999 4:05 PM EST');
INSERT INTO dti_t VALUES ('19990109', '160500', '19990109 160500', '19990109 160500+01');
INSERT INTO dti_t VALUES ('bad', NULL, NULL, NULL);
INSERT INTO dti_t VALUES (NULL, '25:00', NULL, NULL);
SELECT * FROM dti_t ORDER BY d;
SELECT d - lag_d FROM (SELECT d, (SELECT min(d) FROM dti_t) AS lag_d FROM dti_t) s ORDER BY 1;
DROP TABLE dti_t;
-- full zone names in time input: only zones with one offset in their history
SELECT '04:05:06 America/New_York'::time;
SELECT '04:05:06 Etc/GMT+5'::time, '04:05:06 UTC'::time, '2024-01-01 04:05:06 America/New_York'::time;
SELECT '04:05:06 Asia/Tokyo'::time;
SELECT '05:06.7'::time, '25:06.7'::time, '5:60.5'::time;
SELECT '75:06.5'::time;
SELECT timestamp '2024-01-01 05:06.7';
