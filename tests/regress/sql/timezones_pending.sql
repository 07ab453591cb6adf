--
-- timezones: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
SELECT timestamptz '2024-01-01 12:00 ABC+3DEF', timestamptz '2024-07-01 12:00 ABC+3DEF';
SELECT abbrev, utc_offset, is_dst FROM pg_timezone_abbrevs WHERE abbrev IN ('PST', 'CEST', 'JST') ORDER BY abbrev;
