--
-- aggregates_more: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
SELECT string_agg(DISTINCT (x % 3)::text, ',') FROM generate_series(1, 20) x;
