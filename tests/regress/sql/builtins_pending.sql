--
-- builtins: functions, types and system views gpostgres lacks today
-- (listed under "Known failures" in ../README.md)
--
SELECT pg_jit_available();
SELECT '1 2'::point IS NULL;
SELECT 'a b c'::tsvector;
SELECT to_tsvector('simple', 'the cat');
SELECT int4range(1, 5), '[1,5)'::int4range @> 3;
SELECT 'abc'::xml IS NOT NULL;
SELECT 'english'::regconfig;
SELECT xmlagg('<a/>'::xml);
SELECT pg_collation_for('abc');
SELECT pg_log_backend_memory_contexts(pg_backend_pid());
