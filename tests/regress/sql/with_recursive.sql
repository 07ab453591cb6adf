--
-- WITH RECURSIVE: sequences, trees, graphs with cycles, UNION against
-- UNION ALL, column types, and every error PostgreSQL gives for a
-- recursive query of the wrong form
--
-- sequences
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 10) SELECT sum(n) FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 5) SELECT * FROM t;
WITH RECURSIVE t(n) AS (VALUES (1) UNION ALL SELECT n + 1 FROM t WHERE n < 3) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t) SELECT * FROM t LIMIT 7;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n * 2 FROM t WHERE n < 1000) SELECT n FROM t ORDER BY n DESC;
WITH RECURSIVE t(n) AS (SELECT 10 UNION ALL SELECT n - 3 FROM t WHERE n > 0) SELECT count(*), min(n), max(n) FROM t;
WITH RECURSIVE t(n) AS (SELECT 1::bigint UNION ALL SELECT n * 3 FROM t WHERE n < 1e15) SELECT max(n) FROM t;
WITH RECURSIVE t(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM t WHERE n < 100000) SELECT count(*), sum(n) FROM t;
-- a large recursive query read by a subquery run once per row: its rows are read again each time
WITH RECURSIVE t(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM t WHERE n < 130000) SELECT g, (SELECT count(*) FROM t WHERE n < g * 1000) FROM generate_series(1, 2) g;
WITH RECURSIVE t(i, f) AS (SELECT 1, 1::numeric UNION ALL SELECT i + 1, f * (i + 1) FROM t WHERE i < 25) SELECT i, f FROM t WHERE i IN (1, 5, 20, 25) ORDER BY i;
WITH RECURSIVE fib(a, b) AS (SELECT 0::numeric, 1::numeric UNION ALL SELECT b, a + b FROM fib WHERE a < 1000) SELECT a FROM fib;
WITH RECURSIVE fib(n, a, b) AS (SELECT 1, 0::numeric, 1::numeric UNION ALL SELECT n + 1, b, a + b FROM fib WHERE n < 100) SELECT n, a FROM fib WHERE n % 25 = 0 ORDER BY n;
WITH RECURSIVE t(x) AS (SELECT 1.5::float8 UNION ALL SELECT x * x FROM t WHERE x < 100) SELECT x FROM t;
WITH RECURSIVE t(d) AS (SELECT date '2024-01-29' UNION ALL SELECT d + 1 FROM t WHERE d < date '2024-02-02') SELECT d FROM t;
WITH RECURSIVE t(ts) AS (SELECT timestamp '2024-03-01 00:00' UNION ALL SELECT ts + interval '6 hours' FROM t WHERE ts < timestamp '2024-03-02') SELECT ts FROM t;
-- text columns: an untyped literal in the non-recursive term becomes text
WITH RECURSIVE t(s) AS (SELECT 'a' UNION ALL SELECT s || 'b' FROM t WHERE length(s) < 4) SELECT s, pg_typeof(s) FROM t;
WITH RECURSIVE t(s) AS (SELECT 'x'::text UNION ALL SELECT s || s FROM t WHERE length(s) < 16) SELECT s FROM t;
WITH RECURSIVE t(n, s) AS (SELECT 1, 'z'::varchar UNION ALL SELECT n + 1, (s || chr(96 + n))::varchar FROM t WHERE n < 4) SELECT * FROM t;
WITH RECURSIVE t(s) AS (SELECT 'abcdef'::text UNION ALL SELECT substr(s, 2) FROM t WHERE s <> '') SELECT s, length(s) FROM t;
-- UNION removes duplicates across iterations; UNION ALL does not
WITH RECURSIVE t(n) AS (SELECT 1 UNION SELECT n % 3 + 1 FROM t) SELECT n FROM t ORDER BY n;
WITH RECURSIVE t(n) AS (SELECT 1 UNION SELECT n FROM t) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n % 3 + 1 FROM t) SELECT n FROM t LIMIT 8;
WITH RECURSIVE t(n) AS (SELECT 1 UNION SELECT 1 UNION SELECT 2) SELECT * FROM t ORDER BY n;
WITH RECURSIVE t(a, b) AS (SELECT 1, 1 UNION SELECT a, (b + 1) % 4 FROM t) SELECT * FROM t ORDER BY a, b;
WITH RECURSIVE t(n) AS (VALUES (1), (1), (2) UNION SELECT n + 1 FROM t WHERE n < 3) SELECT * FROM t ORDER BY n;
WITH RECURSIVE t(n) AS (VALUES (1), (1), (2) UNION ALL SELECT n + 1 FROM t WHERE n < 3) SELECT n, count(*) FROM t GROUP BY n ORDER BY n;
WITH RECURSIVE t(n) AS (SELECT NULL::int UNION SELECT NULL::int FROM t) SELECT count(*) FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION SELECT 2 UNION SELECT n + 1 FROM t WHERE n < 4) SELECT * FROM t ORDER BY n;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL (SELECT n + 1 FROM t WHERE n < 3 UNION SELECT 100 FROM t WHERE n = 1)) SELECT * FROM t ORDER BY n;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL (SELECT n + 1 FROM t WHERE n < 4 EXCEPT SELECT 3)) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL (SELECT n + 1 FROM t WHERE n < 4 INTERSECT SELECT g FROM generate_series(1, 10) g)) SELECT * FROM t;
-- trees
CREATE TABLE wr_tree (id int, parent int, name text);
INSERT INTO wr_tree VALUES (1, NULL, 'root'), (2, 1, 'a'), (3, 1, 'b'), (4, 2, 'a1'), (5, 2, 'a2'), (6, 4, 'a1x'), (7, 3, 'b1');
WITH RECURSIVE sub AS (SELECT id, name, 0 AS depth FROM wr_tree WHERE id = 2 UNION ALL SELECT t.id, t.name, s.depth + 1 FROM wr_tree t JOIN sub s ON t.parent = s.id) SELECT * FROM sub ORDER BY depth, id;
WITH RECURSIVE path AS (SELECT id, name::text AS p FROM wr_tree WHERE parent IS NULL UNION ALL SELECT t.id, path.p || '/' || t.name FROM wr_tree t JOIN path ON t.parent = path.id) SELECT p FROM path ORDER BY p;
WITH RECURSIVE anc(id, parent) AS (SELECT id, parent FROM wr_tree WHERE id = 6 UNION ALL SELECT t.id, t.parent FROM wr_tree t JOIN anc ON t.id = anc.parent) SELECT id FROM anc ORDER BY id;
WITH RECURSIVE d(id, depth) AS (SELECT id, 0 FROM wr_tree WHERE parent IS NULL UNION ALL SELECT t.id, d.depth + 1 FROM d, wr_tree t WHERE t.parent = d.id) SELECT depth, count(*) FROM d GROUP BY depth ORDER BY depth;
WITH RECURSIVE d(id, root) AS (SELECT id, id FROM wr_tree WHERE parent = 1 UNION ALL SELECT t.id, d.root FROM wr_tree t JOIN d ON t.parent = d.id) SELECT root, count(*), min(id), max(id) FROM d GROUP BY root ORDER BY root;
WITH RECURSIVE sub AS (SELECT id FROM wr_tree WHERE id = 2 UNION ALL SELECT t.id FROM wr_tree t, sub WHERE t.parent = sub.id) SELECT w.name FROM wr_tree w WHERE w.id IN (SELECT id FROM sub) ORDER BY w.name;
WITH RECURSIVE sub AS (SELECT id FROM wr_tree WHERE id = 3 UNION ALL SELECT t.id FROM sub JOIN wr_tree t ON t.parent = sub.id) SELECT count(*) FROM wr_tree WHERE id NOT IN (SELECT id FROM sub);
WITH RECURSIVE leaves AS (SELECT id, name FROM wr_tree WHERE parent IS NULL UNION ALL SELECT t.id, t.name FROM leaves l JOIN wr_tree t ON t.parent = l.id) SELECT l.name FROM leaves l WHERE NOT EXISTS (SELECT 1 FROM wr_tree c WHERE c.parent = l.id) ORDER BY 1;
-- the work table joined with a subquery in FROM and a LEFT JOIN whose nullable side is not the work table
WITH RECURSIVE d(id, n) AS (SELECT id, 1 FROM wr_tree WHERE id = 1 UNION ALL SELECT t.id, d.n + 1 FROM d JOIN (SELECT * FROM wr_tree WHERE name <> 'b') t ON t.parent = d.id) SELECT * FROM d ORDER BY id;
WITH RECURSIVE d(id, kid) AS (SELECT 1, NULL::int UNION ALL SELECT t.id, k.id FROM d JOIN wr_tree t ON t.parent = d.id LEFT JOIN wr_tree k ON k.parent = t.id) SELECT * FROM d ORDER BY id, kid;
WITH RECURSIVE d(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM (SELECT * FROM d) s WHERE n < 4) SELECT * FROM d;
-- a recursive query referenced several times, by another WITH query and in subqueries
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) SELECT * FROM t t1 JOIN t t2 USING (n) ORDER BY n;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) SELECT (SELECT count(*) FROM t), (SELECT max(n) FROM t);
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 4), u AS (SELECT n * 10 AS m FROM t) SELECT * FROM u ORDER BY m;
WITH RECURSIVE u AS (SELECT * FROM t WHERE n > 1), t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) SELECT * FROM u ORDER BY n;
WITH RECURSIVE a AS (SELECT * FROM b), b AS (SELECT 1 AS x) SELECT * FROM a;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) SELECT n, (SELECT count(*) FROM t t2 WHERE t2.n <= t.n) FROM t ORDER BY n;
SELECT (WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < g) SELECT sum(n) FROM t) FROM generate_series(1, 4) g;
SELECT * FROM (WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) SELECT n FROM t) s ORDER BY n DESC;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) SELECT * FROM t UNION ALL SELECT * FROM t ORDER BY 1;
WITH RECURSIVE x(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM x WHERE n < 3), y(n) AS (SELECT 10 UNION ALL SELECT n + 10 FROM y WHERE n < 30) SELECT x.n, y.n FROM x, y ORDER BY 1, 2;
WITH RECURSIVE t(n) AS (WITH base AS (SELECT 5 AS v) SELECT v FROM base UNION ALL SELECT n + 1 FROM t WHERE n < 7) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL (WITH step AS (SELECT 2 AS s) SELECT n + s FROM t, step WHERE n < 7)) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) SELECT * FROM t WHERE n IN (WITH RECURSIVE t(n) AS (SELECT 2 UNION ALL SELECT n + 1 FROM t WHERE n < 5) SELECT n FROM t) ORDER BY n;
-- the recursive term may group, filter with HAVING-free conditions and use DISTINCT
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3 GROUP BY n) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT DISTINCT n + 1 FROM t, generate_series(1, 3) WHERE n < 3) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3 AND n IN (SELECT g FROM generate_series(1, 5) g)) SELECT * FROM t;
-- column names
WITH RECURSIVE t AS (SELECT 1 AS a, 'x' AS b UNION ALL SELECT a + 1, b || 'y' FROM t WHERE a < 3) SELECT * FROM t;
WITH RECURSIVE t(c) AS (SELECT 1 AS a, 2 AS b UNION ALL SELECT c + 1, b FROM t WHERE c < 2) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT x.n + 1 FROM t AS x(n) WHERE x.n < 3) SELECT * FROM t AS y(m);
-- graphs with cycles
CREATE TABLE wr_edge (src int, dst int);
INSERT INTO wr_edge VALUES (1, 2), (2, 3), (3, 1), (3, 4), (4, 5), (5, 4), (6, 6);
WITH RECURSIVE reach(n) AS (SELECT 1 UNION SELECT e.dst FROM wr_edge e JOIN reach r ON e.src = r.n) SELECT n FROM reach ORDER BY n;
WITH RECURSIVE reach(n) AS (SELECT 6 UNION SELECT e.dst FROM wr_edge e JOIN reach r ON e.src = r.n) SELECT n FROM reach ORDER BY n;
WITH RECURSIVE walk(n, steps) AS (SELECT 1, 0 UNION ALL SELECT e.dst, w.steps + 1 FROM wr_edge e JOIN walk w ON e.src = w.n WHERE w.steps < 6) SELECT steps, n FROM walk ORDER BY steps, n;
WITH RECURSIVE p(last, path, cyc) AS (SELECT src, ARRAY[src], false FROM wr_edge WHERE src = 1 UNION ALL SELECT e.dst, p.path || e.dst, e.dst = ANY(p.path) FROM wr_edge e JOIN p ON e.src = p.last WHERE NOT p.cyc) SELECT path, cyc FROM p ORDER BY array_length(path, 1), path;
WITH RECURSIVE sp(n, d) AS (SELECT 1, 0 UNION SELECT e.dst, sp.d + 1 FROM wr_edge e JOIN sp ON e.src = sp.n WHERE sp.d < 5) SELECT n, min(d) FROM sp GROUP BY n ORDER BY n;
WITH RECURSIVE pairs(a, b) AS (SELECT src, dst FROM wr_edge UNION SELECT p.a, e.dst FROM pairs p JOIN wr_edge e ON e.src = p.b) SELECT a, count(*) FROM pairs GROUP BY a ORDER BY a;
WITH RECURSIVE p(n) AS (SELECT 1 UNION ALL SELECT e.dst FROM wr_edge e JOIN p ON e.src = p.n) CYCLE n SET cyc USING path SELECT n, cyc, path FROM p ORDER BY path;
WITH RECURSIVE p(a, b) AS (SELECT src, dst FROM wr_edge WHERE src = 3 UNION ALL SELECT e.src, e.dst FROM wr_edge e JOIN p ON e.src = p.b) CYCLE a, b SET cyc TO 'yes' DEFAULT 'no' USING trail SELECT a, b, cyc, trail FROM p ORDER BY trail;
WITH RECURSIVE p(n) AS (SELECT 6 UNION ALL SELECT e.dst FROM wr_edge e JOIN p ON e.src = p.n) CYCLE n SET cyc USING path SELECT * FROM p;
WITH RECURSIVE p(n) AS (SELECT 1 UNION ALL SELECT e.dst FROM wr_edge e JOIN p ON e.src = p.n) SEARCH BREADTH FIRST BY n SET ord CYCLE n SET cyc USING path SELECT n, ord, cyc FROM p ORDER BY ord, cyc;
WITH RECURSIVE p(n) AS (SELECT 1 UNION ALL SELECT e.dst FROM wr_edge e JOIN p ON e.src = p.n) CYCLE n SET cyc USING path SELECT count(*) FILTER (WHERE cyc) AS cycles, count(*) AS rows FROM p;
-- SEARCH DEPTH FIRST and BREADTH FIRST: the ordering column
WITH RECURSIVE s AS (SELECT id, parent FROM wr_tree WHERE parent IS NULL UNION ALL SELECT t.id, t.parent FROM wr_tree t JOIN s ON t.parent = s.id) SEARCH DEPTH FIRST BY id SET ord SELECT id FROM s ORDER BY ord;
WITH RECURSIVE s AS (SELECT id, parent FROM wr_tree WHERE parent IS NULL UNION ALL SELECT t.id, t.parent FROM wr_tree t JOIN s ON t.parent = s.id) SEARCH BREADTH FIRST BY id SET ord SELECT id FROM s ORDER BY ord;
WITH RECURSIVE s AS (SELECT id, parent FROM wr_tree WHERE parent IS NULL UNION ALL SELECT t.id, t.parent FROM wr_tree t JOIN s ON t.parent = s.id) SEARCH DEPTH FIRST BY id SET ord SELECT * FROM s ORDER BY ord;
WITH RECURSIVE s AS (SELECT id, parent FROM wr_tree WHERE parent IS NULL UNION ALL SELECT t.id, t.parent FROM wr_tree t JOIN s ON t.parent = s.id) SEARCH BREADTH FIRST BY id SET ord SELECT * FROM s ORDER BY ord;
WITH RECURSIVE s(id, name) AS (SELECT id, name FROM wr_tree WHERE parent IS NULL UNION ALL SELECT t.id, t.name FROM wr_tree t JOIN s ON t.parent = s.id) SEARCH DEPTH FIRST BY name, id SET o SELECT name, o FROM s ORDER BY o;
WITH RECURSIVE s(id, name) AS (SELECT id, name FROM wr_tree WHERE parent IS NULL UNION ALL SELECT t.id, t.name FROM wr_tree t JOIN s ON t.parent = s.id) SEARCH BREADTH FIRST BY name SET o SELECT name, o FROM s ORDER BY o;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) SEARCH DEPTH FIRST BY n SET ord SELECT *, pg_typeof(ord) FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) SEARCH BREADTH FIRST BY n SET ord SELECT *, pg_typeof(ord) FROM t;
WITH RECURSIVE t(n) AS (VALUES (1) UNION ALL SELECT n + 1 FROM t WHERE n < 3) SEARCH DEPTH FIRST BY n SET ord SELECT * FROM t;
WITH RECURSIVE t(n, s) AS (SELECT 1, 'a' UNION ALL SELECT n + 1, s || 'b' FROM t WHERE n < 3) SEARCH BREADTH FIRST BY s, n SET o SELECT * FROM t ORDER BY o DESC;
-- the recursive term sees the new columns of the work table
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE cardinality(ord) < 4) SEARCH DEPTH FIRST BY n SET ord SELECT n, ord FROM t;
-- CYCLE: the mark and the path
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n % 3 + 1 FROM t) CYCLE n SET is_cycle USING path SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n % 3 + 1 FROM t) CYCLE n SET is_cycle TO 'Y' DEFAULT 'N' USING path SELECT n, is_cycle, pg_typeof(is_cycle), pg_typeof(path) FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) CYCLE n SET c TO 1 DEFAULT 0 USING p SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION SELECT n % 3 + 1 FROM t) CYCLE n SET is_cycle USING path SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) SEARCH BREADTH FIRST BY n SET o CYCLE n SET c USING p SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n % 2 + 1 FROM t) SEARCH DEPTH FIRST BY n SET o CYCLE n SET c USING p SELECT * FROM t ORDER BY o;
-- errors of SEARCH and CYCLE
WITH t(n) AS (SELECT 1) SEARCH DEPTH FIRST BY n SET ord SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1) SEARCH DEPTH FIRST BY n SET ord SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) SEARCH DEPTH FIRST BY x SET ord SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) SEARCH DEPTH FIRST BY n, n SET ord SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) SEARCH DEPTH FIRST BY n SET n SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) CYCLE x SET c USING p SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) CYCLE n, n SET c USING p SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) CYCLE n SET c USING c SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) CYCLE n SET c TO 1 DEFAULT 'x' USING p SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) CYCLE n SET c TO 1 DEFAULT true USING p SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) SEARCH DEPTH FIRST BY n SET o CYCLE n SET o USING p SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) SEARCH DEPTH FIRST BY n SET o CYCLE n SET c USING o SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION SELECT 2 UNION ALL SELECT n + 1 FROM t WHERE n < 3) SEARCH DEPTH FIRST BY n SET o SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL (SELECT n + 1 FROM t WHERE n < 3 UNION SELECT 5)) SEARCH DEPTH FIRST BY n SET o SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM (SELECT * FROM t) s WHERE n < 3) SEARCH DEPTH FIRST BY n SET o SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) SEARCH DEPTH FIRST BY n SET o SELECT n, path FROM t;
WITH RECURSIVE t(n, m) AS (SELECT 1, 2 UNION ALL SELECT * FROM t WHERE n < 0) SEARCH DEPTH FIRST BY n SET o SELECT * FROM t;
-- errors: the type of a column is fixed by the non-recursive term
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1::bigint FROM t WHERE n < 5) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 'a'::varchar(3) UNION ALL SELECT n || 'x' FROM t WHERE length(n) < 3) SELECT * FROM t;
WITH RECURSIVE t(n, m) AS (SELECT 1, 1.5 UNION ALL SELECT n + 1, m + 1.0::float8 FROM t WHERE n < 3) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1::numeric(10,2) UNION ALL SELECT n + 1 FROM t WHERE n < 3) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1::numeric(10,2) UNION ALL SELECT (n + 1)::numeric(10,2) FROM t WHERE n < 3) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT 'x' FROM t WHERE n < 3) SELECT * FROM t;
WITH RECURSIVE t(s) AS (SELECT 'a' UNION ALL SELECT s + 1 FROM t) SELECT * FROM t;
WITH RECURSIVE t(a, b) AS (SELECT 1 UNION ALL SELECT a + 1 FROM t WHERE a < 3) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1, 2 UNION ALL SELECT n + 1 FROM t WHERE n < 3) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1, 2 FROM t WHERE n < 3) SELECT * FROM t;
-- errors: a recursive reference where it may not be
WITH RECURSIVE t(n) AS (SELECT n FROM t UNION ALL SELECT 1) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3 UNION ALL SELECT 7) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT (SELECT n FROM t) FROM t) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n FROM t WHERE n IN (SELECT n FROM t)) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT 2 WHERE EXISTS (SELECT 1 FROM t)) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT t.n FROM (VALUES (1)) v LEFT JOIN t ON true) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t RIGHT JOIN (VALUES (1)) v ON true WHERE n < 3) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t FULL JOIN (VALUES (1)) v ON true WHERE n < 3) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL (SELECT n FROM t INTERSECT ALL SELECT 1)) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL (SELECT 1 EXCEPT SELECT n FROM t)) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL (SELECT n FROM t EXCEPT ALL SELECT 1)) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT t1.n FROM t t1, t t2) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t JOIN t AS u USING (n)) SELECT * FROM t;
WITH RECURSIVE t(n) AS (WITH x AS (SELECT n FROM t) SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT max(n) FROM t) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT count(*) FROM t) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t HAVING n < 3) SELECT * FROM t;
-- errors: the form of a recursive query
WITH RECURSIVE t(n) AS (SELECT n FROM t) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 INTERSECT SELECT n FROM t) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 EXCEPT SELECT n FROM t) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t ORDER BY 1) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t LIMIT 10) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t OFFSET 10) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t FOR UPDATE) SELECT * FROM t;
WITH RECURSIVE a(n) AS (SELECT 1 UNION ALL SELECT n FROM b), b(n) AS (SELECT 1 UNION ALL SELECT n FROM a) SELECT * FROM a;
WITH RECURSIVE a(n) AS (SELECT n FROM b), b(n) AS (SELECT n FROM a) SELECT * FROM a;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3), t(m) AS (SELECT 2) SELECT * FROM t;
-- without RECURSIVE a WITH query cannot refer to itself or to a later one
WITH t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) SELECT * FROM t;
WITH a AS (SELECT * FROM b), b AS (SELECT 1) SELECT * FROM a;
WITH a AS (SELECT * FROM (SELECT * FROM b) s), b AS (SELECT 1) SELECT * FROM a;
-- an inner WITH hides the outer name
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) SELECT * FROM (WITH t(n) AS (SELECT 42) SELECT * FROM t) s;
-- errors while running: division by zero in the third iteration
WITH RECURSIVE t(n) AS (SELECT 5 UNION ALL SELECT 6 / (n - 2) FROM t WHERE n > 0) SELECT * FROM t;
-- an endless recursion is stopped by statement_timeout
SET statement_timeout = '300ms';
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t) SELECT count(*) FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n FROM t) SELECT count(*) FROM t;
RESET statement_timeout;
-- in a view
CREATE VIEW wr_v AS WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 4) SELECT n FROM t;
SELECT * FROM wr_v;
SELECT sum(n) FROM wr_v;
DROP VIEW wr_v;
CREATE RECURSIVE VIEW wr_rv (n) AS SELECT 1 UNION ALL SELECT n + 1 FROM wr_rv WHERE n < 5;
SELECT * FROM wr_rv;
DROP VIEW wr_rv;
CREATE VIEW wr_sv AS WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) SEARCH DEPTH FIRST BY n SET o SELECT n FROM t ORDER BY o DESC;
SELECT * FROM wr_sv;
DROP VIEW wr_sv;
CREATE VIEW wr_sv AS WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) SEARCH BREADTH FIRST BY n SET o SELECT * FROM t;
CREATE VIEW wr_sv AS WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) CYCLE n SET c USING p SELECT * FROM t;
-- INSERT ... SELECT from a recursive query, and a recursive query in UPDATE and DELETE
CREATE TABLE wr_nums (n int);
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 6) INSERT INTO wr_nums SELECT n FROM t;
INSERT INTO wr_nums WITH RECURSIVE t(n) AS (SELECT 10 UNION ALL SELECT n + 1 FROM t WHERE n < 12) SELECT n FROM t;
WITH RECURSIVE t(n) AS (SELECT 2 UNION ALL SELECT n + 2 FROM t WHERE n < 10) UPDATE wr_nums SET n = -n WHERE n IN (SELECT n FROM t);
WITH RECURSIVE t(n) AS (SELECT 10 UNION ALL SELECT n + 1 FROM t WHERE n < 20) DELETE FROM wr_nums WHERE n IN (SELECT n FROM t);
SELECT n FROM wr_nums ORDER BY n;
DROP TABLE wr_nums;
-- views with SEARCH and CYCLE: their definitions print the clauses back
CREATE VIEW wr_v_depth AS WITH RECURSIVE s(id, depth) AS (SELECT id, 0 FROM wr_tree WHERE parent IS NULL UNION ALL SELECT t.id, s.depth + 1 FROM wr_tree t JOIN s ON t.parent = s.id) SEARCH DEPTH FIRST BY id SET ord SELECT id, depth, ord::text AS o FROM s ORDER BY ord;
CREATE VIEW wr_v_breadth AS WITH RECURSIVE s(id, depth) AS (SELECT id, 0 FROM wr_tree WHERE parent IS NULL UNION ALL SELECT t.id, s.depth + 1 FROM wr_tree t JOIN s ON t.parent = s.id) SEARCH BREADTH FIRST BY id, depth SET ord CYCLE id SET cyc USING pth SELECT id, depth, cyc FROM s;
CREATE VIEW wr_v_cycle AS WITH RECURSIVE p(a, b) AS (SELECT src, dst FROM wr_edge WHERE src = 3 UNION ALL SELECT e.src, e.dst FROM wr_edge e JOIN p ON e.src = p.b) CYCLE a, b SET cyc TO 'yes' DEFAULT 'no' USING trail SELECT a, b, cyc, trail::text AS trail FROM p WHERE cyc = 'no';
CREATE VIEW wr_v_cycle2 AS WITH RECURSIVE p(n) AS (SELECT 1 UNION ALL SELECT e.dst FROM wr_edge e JOIN p ON e.src = p.n) CYCLE n SET "Mark" TO 1 DEFAULT 0 USING "Path" SELECT n, "Mark" FROM p;
SELECT pg_get_viewdef('wr_v_depth'::regclass);
SELECT pg_get_viewdef('wr_v_breadth'::regclass);
SELECT pg_get_viewdef('wr_v_cycle'::regclass, true);
SELECT pg_get_viewdef('wr_v_cycle2'::regclass);
SELECT * FROM wr_v_depth;
SELECT * FROM wr_v_breadth ORDER BY depth, id;
SELECT * FROM wr_v_cycle ORDER BY trail;
SELECT n, "Mark", count(*) FROM wr_v_cycle2 GROUP BY 1, 2 ORDER BY 1, 2;
DROP VIEW wr_v_depth, wr_v_breadth, wr_v_cycle, wr_v_cycle2;
DROP TABLE wr_edge;
DROP TABLE wr_tree;
