--
-- datetime: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
SELECT interval '10 11' DAY TO HOUR;
SELECT make_interval(years => 1, days => 2, secs => 3.5);
SELECT make_timestamptz(2024, 7, 1, 12, 0, 0), make_timestamptz(2024, 7, 1, 12, 0, 0, 'UTC');
SELECT overlaps_test FROM (SELECT (date '2024-01-01', date '2024-02-01') OVERLAPS (date '2024-01-15', date '2024-03-01') AS overlaps_test) s;
SELECT (time '10:00', interval '1 hour') OVERLAPS (time '10:30', time '12:00'), (date '2024-01-01', date '2024-01-10') OVERLAPS (date '2024-01-10', date '2024-01-20');
