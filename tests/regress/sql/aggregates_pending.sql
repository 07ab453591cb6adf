--
-- aggregates: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
SELECT array_agg(DISTINCT x) FROM agg_t;
SELECT avg(x::float4) FROM agg_t;
SELECT avg(f::float4), pg_typeof(avg(f::float4)) FROM agg_t;
SELECT sum(x) FILTER (WHERE sum(x) > 1) FROM agg_t;
SELECT count(*) FROM agg_t GROUP BY ();
SELECT count(DISTINCT (g, x)) FROM agg_t;
