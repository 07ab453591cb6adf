--
-- text: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
CREATE TABLE text_t (id int, t text, v varchar(5), c char(5));
INSERT INTO text_t VALUES (1, 'apple', 'apple', 'apple'), (2, 'Banana', 'Ban', 'Ban'), (3, '', '', ''), (4, NULL, NULL, NULL), (5, 'cherry pie', 'ch', 'ch  ');
SELECT 'abc' ~ '(';
SELECT 'x'::char(0);
DROP TABLE text_t;
