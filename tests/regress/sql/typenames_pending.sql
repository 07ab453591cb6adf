--
-- typenames: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
-- the WARNING of a time precision above 6: missing in to_regtype, without
-- PostgreSQL's position in a SQL function's body, with a position PostgreSQL
-- does not give in CREATE FUNCTION's argument and result types
SELECT to_regtype('timestamp(8)');
CREATE FUNCTION tn_f7() RETURNS time LANGUAGE sql AS $$SELECT '1:00'::time(7)$$;
SELECT tn_f7();
DROP FUNCTION tn_f7;
CREATE FUNCTION tn_f9(a time(7)) RETURNS time(9) LANGUAGE sql AS $$SELECT a$$;
DROP FUNCTION tn_f9;
