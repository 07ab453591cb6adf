--
-- identifiers: case folding, quoting, Unicode, keywords as names, length,
-- qualified names, aliases
--
CREATE TABLE id_t ("CamelCase" int, lower_case int, "with space" int, "select" int, "ünïcode" int, "a""quote" int, "123start" int, _under int, "" int);
CREATE TABLE id_t ("CamelCase" int, lower_case int, "with space" int, "select" int, "ünïcode" int, "a""quote" int, "123start" int, _under int);
INSERT INTO id_t VALUES (1, 2, 3, 4, 5, 6, 7, 8);
SELECT * FROM id_t;
SELECT "CamelCase", LOWER_CASE, "with space", "select", "ünïcode", "a""quote", "123start", _UNDER FROM id_t;
SELECT camelcase FROM id_t;
SELECT "LOWER_CASE" FROM id_t;
SELECT U&"\00FCn\00EFcode" FROM id_t;
SELECT id_t."select", public.id_t."CamelCase", t."with space" FROM id_t t;
SELECT ünïcode FROM id_t;
SELECT 1 AS "Mixed", 2 AS mixed, 3 "Quoted Alias", 4 AS "", 5 AS "x""y";
SELECT 1 AS from;
SELECT 1 from;
SELECT 1 AS "from", 2 AS "where", 3 AS "user", 4 AS "table";
SELECT 1 AS abort, 2 AS action, 3 AS begin, 4 AS commit, 5 AS data, 6 AS name, 7 AS text, 8 AS value, 9 AS year;
SELECT 1 user;
SELECT 1 AS user;
CREATE TABLE id_kw (name text, type text, value int, key int, data text, comment text, position int, level int, year int);
INSERT INTO id_kw VALUES ('n', 't', 1, 2, 'd', 'c', 3, 4, 2024);
SELECT name, type, value, key, data, comment, position, level, year FROM id_kw;
SELECT k.name, k.year FROM id_kw k WHERE k.value = 1 AND k.position = 3;
DROP TABLE id_kw;
CREATE TABLE user (a int);
CREATE TABLE "user" (a int);
INSERT INTO "user" VALUES (1);
SELECT * FROM "user";
SELECT * FROM public."user";
DROP TABLE "user";
CREATE TABLE id_abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghi (abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabc int);
SELECT abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabc FROM id_abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghi;
DROP TABLE id_abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghi;
SELECT nosuch.col FROM id_t;
SELECT id_t.nosuch FROM id_t;
SELECT x.lower_case FROM id_t;
SELECT public.nosuch.col;
SELECT a.b.c.d FROM id_t;
SELECT * FROM public.id_t t, public.id_t t;
SELECT lower_case FROM id_t a, id_t b;
SELECT a.lower_case, b.lower_case FROM id_t a, id_t b;
SELECT t.* FROM id_t AS t;
DROP TABLE id_t;
DROP TABLE "ID_T";
-- Whole-row references
CREATE TABLE id_t (a int, b text, c date);
INSERT INTO id_t VALUES (1, 'x y', '2024-01-01'), (2, NULL, NULL);
SELECT t FROM id_t AS t ORDER BY a;
SELECT id_t FROM id_t ORDER BY a;
DROP TABLE id_t;
CREATE TABLE id_t (a int, b text, c date);
INSERT INTO id_t VALUES (1, 'x y', '2024-01-01'), (2, NULL, NULL);
SELECT t IS NULL, row_to_json(t) FROM id_t t ORDER BY a;
DROP TABLE id_t;
