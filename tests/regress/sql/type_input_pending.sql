--
-- type_input: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
SELECT '99999999999999999999'::date;
SELECT '99999999999999999999'::timestamp;
SELECT '99999999999999999999'::timestamptz;
SELECT '99999999999999999999'::interval;
