--
-- zone_names: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
SELECT timestamp '2024-07-15 12:00' AT TIME ZONE 'CET', timestamptz '2024-07-15 12:00 UTC' AT TIME ZONE 'CET';
SELECT timestamp '2024-07-15 12:00' AT TIME ZONE '-0930', timestamptz '2024-07-15 12:00 UTC' AT TIME ZONE '-0930';
SELECT timestamptz '2024-01-15 12:00 EST5EDT', timestamptz '2024-07-15 12:00 EST5EDT';
