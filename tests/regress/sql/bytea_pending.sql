--
-- bytea: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
SELECT convert_to('日本', 'EUC_JP');
