--
-- datetime_fields: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
SELECT date_trunc('week', interval '1 year 14 months 40 days 13:45:30.123456');
SELECT date_trunc('decade', timestamp '0044-03-15 12:00 BC');
