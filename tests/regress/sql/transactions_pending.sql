--
-- transactions: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
SELECT txid_current() > 0, pg_current_xact_id() IS NOT NULL;
