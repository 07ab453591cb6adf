--
-- output of dates and timestamps in every DateStyle and field order, input
-- of ambiguous dates under each, and intervals in every IntervalStyle
--
SET DateStyle = 'ISO, MDY'; SELECT date '2024-07-04', timestamp '2024-07-04 09:08:07.5', timestamptz '2024-07-04 09:08:07.5+00', timestamptz '2024-12-25 23:00 UTC', date '0044-03-15 BC', timestamp 'infinity';
SET DateStyle = 'ISO, MDY'; SELECT '03/04/05'::date, '2024-03-04'::date, '4 July 2024'::date;
SET DateStyle = 'ISO, DMY'; SELECT date '2024-07-04', timestamp '2024-07-04 09:08:07.5', timestamptz '2024-07-04 09:08:07.5+00', timestamptz '2024-12-25 23:00 UTC', date '0044-03-15 BC', timestamp 'infinity';
SET DateStyle = 'ISO, DMY'; SELECT '03/04/05'::date, '2024-03-04'::date, '4 July 2024'::date;
SET DateStyle = 'ISO, YMD'; SELECT date '2024-07-04', timestamp '2024-07-04 09:08:07.5', timestamptz '2024-07-04 09:08:07.5+00', timestamptz '2024-12-25 23:00 UTC', date '0044-03-15 BC', timestamp 'infinity';
SET DateStyle = 'ISO, YMD'; SELECT '03/04/05'::date, '2024-03-04'::date, '4 July 2024'::date;
SET DateStyle = 'SQL, MDY'; SELECT date '2024-07-04', timestamp '2024-07-04 09:08:07.5', timestamptz '2024-07-04 09:08:07.5+00', timestamptz '2024-12-25 23:00 UTC', date '0044-03-15 BC', timestamp 'infinity';
SET DateStyle = 'SQL, MDY'; SELECT '03/04/05'::date, '2024-03-04'::date, '4 July 2024'::date;
SET DateStyle = 'SQL, DMY'; SELECT date '2024-07-04', timestamp '2024-07-04 09:08:07.5', timestamptz '2024-07-04 09:08:07.5+00', timestamptz '2024-12-25 23:00 UTC', date '0044-03-15 BC', timestamp 'infinity';
SET DateStyle = 'SQL, DMY'; SELECT '03/04/05'::date, '2024-03-04'::date, '4 July 2024'::date;
SET DateStyle = 'SQL, YMD'; SELECT date '2024-07-04', timestamp '2024-07-04 09:08:07.5', timestamptz '2024-07-04 09:08:07.5+00', timestamptz '2024-12-25 23:00 UTC', date '0044-03-15 BC', timestamp 'infinity';
SET DateStyle = 'SQL, YMD'; SELECT '03/04/05'::date, '2024-03-04'::date, '4 July 2024'::date;
SET DateStyle = 'Postgres, MDY'; SELECT date '2024-07-04', timestamp '2024-07-04 09:08:07.5', timestamptz '2024-07-04 09:08:07.5+00', timestamptz '2024-12-25 23:00 UTC', date '0044-03-15 BC', timestamp 'infinity';
SET DateStyle = 'Postgres, MDY'; SELECT '03/04/05'::date, '2024-03-04'::date, '4 July 2024'::date;
SET DateStyle = 'Postgres, DMY'; SELECT date '2024-07-04', timestamp '2024-07-04 09:08:07.5', timestamptz '2024-07-04 09:08:07.5+00', timestamptz '2024-12-25 23:00 UTC', date '0044-03-15 BC', timestamp 'infinity';
SET DateStyle = 'Postgres, DMY'; SELECT '03/04/05'::date, '2024-03-04'::date, '4 July 2024'::date;
SET DateStyle = 'Postgres, YMD'; SELECT date '2024-07-04', timestamp '2024-07-04 09:08:07.5', timestamptz '2024-07-04 09:08:07.5+00', timestamptz '2024-12-25 23:00 UTC', date '0044-03-15 BC', timestamp 'infinity';
SET DateStyle = 'Postgres, YMD'; SELECT '03/04/05'::date, '2024-03-04'::date, '4 July 2024'::date;
SET DateStyle = 'German, MDY'; SELECT date '2024-07-04', timestamp '2024-07-04 09:08:07.5', timestamptz '2024-07-04 09:08:07.5+00', timestamptz '2024-12-25 23:00 UTC', date '0044-03-15 BC', timestamp 'infinity';
SET DateStyle = 'German, MDY'; SELECT '03/04/05'::date, '2024-03-04'::date, '4 July 2024'::date;
SET DateStyle = 'German, DMY'; SELECT date '2024-07-04', timestamp '2024-07-04 09:08:07.5', timestamptz '2024-07-04 09:08:07.5+00', timestamptz '2024-12-25 23:00 UTC', date '0044-03-15 BC', timestamp 'infinity';
SET DateStyle = 'German, DMY'; SELECT '03/04/05'::date, '2024-03-04'::date, '4 July 2024'::date;
SET DateStyle = 'German, YMD'; SELECT date '2024-07-04', timestamp '2024-07-04 09:08:07.5', timestamptz '2024-07-04 09:08:07.5+00', timestamptz '2024-12-25 23:00 UTC', date '0044-03-15 BC', timestamp 'infinity';
SET DateStyle = 'German, YMD'; SELECT '03/04/05'::date, '2024-03-04'::date, '4 July 2024'::date;
SET IntervalStyle = 'postgres'; SELECT interval '1 year 2 months 3 days 04:05:06.7', interval '-1 day', interval '-1 year +2 days -03:00', interval '0', interval '1 mon -1 day';
SET IntervalStyle = 'postgres'; SELECT interval '27 hours', interval '-0.5 seconds', interval '100 years ago', interval '1 day 00:00:00.000001';
SET IntervalStyle = 'postgres_verbose'; SELECT interval '1 year 2 months 3 days 04:05:06.7', interval '-1 day', interval '-1 year +2 days -03:00', interval '0', interval '1 mon -1 day';
SET IntervalStyle = 'postgres_verbose'; SELECT interval '27 hours', interval '-0.5 seconds', interval '100 years ago', interval '1 day 00:00:00.000001';
SET IntervalStyle = 'sql_standard'; SELECT interval '1 year 2 months 3 days 04:05:06.7', interval '-1 day', interval '-1 year +2 days -03:00', interval '0', interval '1 mon -1 day';
SET IntervalStyle = 'sql_standard'; SELECT interval '27 hours', interval '-0.5 seconds', interval '100 years ago', interval '1 day 00:00:00.000001';
SET IntervalStyle = 'iso_8601'; SELECT interval '1 year 2 months 3 days 04:05:06.7', interval '-1 day', interval '-1 year +2 days -03:00', interval '0', interval '1 mon -1 day';
SET IntervalStyle = 'iso_8601'; SELECT interval '27 hours', interval '-0.5 seconds', interval '100 years ago', interval '1 day 00:00:00.000001';
RESET DateStyle;
RESET IntervalStyle;
