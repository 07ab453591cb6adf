--
-- zone_names: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
SELECT timestamptz '2024-01-15 12:00 EST5EDT', timestamptz '2024-07-15 12:00 EST5EDT';
