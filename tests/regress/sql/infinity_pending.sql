--
-- infinity: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
SELECT age(date 'infinity', timestamp '2024-01-01');
SELECT age(date '-infinity', timestamp '2024-01-01');
SELECT age(timestamp 'infinity', timestamp '2024-01-01');
SELECT age(timestamp '-infinity', timestamp '2024-01-01');
SELECT age(timestamptz 'infinity', timestamp '2024-01-01');
SELECT age(timestamptz '-infinity', timestamp '2024-01-01');
