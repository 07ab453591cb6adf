--
-- strings: statements gpostgres once differed on (to_ascii, length with an
-- encoding), kept in the schedule now that they match
--
SELECT to_ascii('abc');
SELECT length('a', 'b');
