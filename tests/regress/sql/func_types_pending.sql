--
-- func_types: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
SELECT degrees((-7.45)::numeric), pg_typeof(degrees((-7.45)::numeric));
SELECT degrees((-7.45)::float4), pg_typeof(degrees((-7.45)::float4));
SELECT degrees((-7.45)::float8), pg_typeof(degrees((-7.45)::float8));
SELECT format('[%s]', '  Ab c  '::text);
SELECT format('[%s]', '  Ab c  '::varchar(10));
SELECT format('[%s]', '  Ab c  '::char(10));
SELECT format('[%s]', '  Ab c  '::name);
