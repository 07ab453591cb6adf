--
-- text: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
SELECT max(t), min(t), max(c), min(v), count(t), string_agg(t, ',' ORDER BY id) FROM text_t;
SELECT 'abc' ~ '(';
SELECT 'x'::char(0);
