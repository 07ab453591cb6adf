--
-- typenames: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
CREATE TABLE tn_prec (a time(7), b timestamp(7));
SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'tn_prec'::regclass AND attnum > 0 ORDER BY attnum;
DROP TABLE tn_prec;
SELECT format_type('bit'::regtype, 5);
