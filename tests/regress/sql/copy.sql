--
-- COPY and psql's \copy (pending: COPY is not implemented)
--
CREATE TABLE cp_t (id int, name text, amount numeric, d date);
COPY cp_t FROM STDIN;
1	one	1.5	2024-01-01
2	two	\N	2024-02-02
3	with\ttab	-3	\N
\.
SELECT * FROM cp_t ORDER BY id;
COPY cp_t TO STDOUT;
COPY cp_t (id, name) TO STDOUT WITH (FORMAT csv, HEADER);
COPY (SELECT id, upper(name) FROM cp_t WHERE id < 3 ORDER BY id) TO STDOUT WITH (FORMAT csv);
COPY cp_t FROM STDIN WITH (FORMAT csv);
4,"quoted, comma",4.5,2024-04-04
5,,,
\.
SELECT * FROM cp_t ORDER BY id;
COPY cp_t FROM STDIN;
x	bad	1	2024-01-01
\.
COPY cp_t (nosuch) FROM STDIN;
COPY nosuch FROM STDIN;
SELECT count(*) FROM cp_t;
DROP TABLE cp_t;
