--
-- datetime_funcs: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
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
SELECT pg_typeof(current_time);
SELECT current_time(1) IS NOT NULL;
SELECT make_time(25, 0, 0);
