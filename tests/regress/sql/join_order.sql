-- Join order search: the planner joins the relations of a FROM list and
-- of inner joins in the order it estimates cheapest, whatever order the
-- query writes them in; outer joins, LATERAL and join_collapse_limit = 1
-- keep theirs.
CREATE TABLE jo_fact (id int, cust int, prod int, store int, qty int);
CREATE TABLE jo_cust (id int PRIMARY KEY, region int, name text);
CREATE TABLE jo_prod (id int, cat int, label text);
CREATE TABLE jo_store (id int, city text);
CREATE TABLE jo_tiny (k int, tag text);
CREATE TABLE jo_mid (k int, v int);
INSERT INTO jo_fact SELECT g, g % 500 + 1, g % 200 + 1, g % 20 + 1, g % 7 FROM generate_series(1, 20000) g;
INSERT INTO jo_cust SELECT g, g % 10, 'cust' || g FROM generate_series(1, 500) g;
INSERT INTO jo_prod SELECT g, g % 5, 'prod' || g FROM generate_series(1, 200) g;
INSERT INTO jo_store SELECT g, 'city' || (g % 4) FROM generate_series(1, 20) g;
INSERT INTO jo_tiny VALUES (1, 'one'), (2, 'two'), (3, 'three'), (NULL, 'null');
INSERT INTO jo_mid SELECT g % 1000, g FROM generate_series(1, 3000) g;
ANALYZE jo_fact, jo_cust, jo_prod, jo_store, jo_tiny, jo_mid;

-- The big table written first, the small one filtered: the small side
-- is hashed.
EXPLAIN (COSTS OFF) SELECT f.id, t.tag FROM jo_fact f, jo_tiny t WHERE f.cust = t.k AND t.tag = 'two';
SELECT f.id, t.tag FROM jo_fact f, jo_tiny t WHERE f.cust = t.k AND t.tag = 'two' ORDER BY f.id LIMIT 5;
SELECT count(*) FROM jo_fact f, jo_tiny t WHERE f.cust = t.k;

-- Three tables, written biggest first.
EXPLAIN (COSTS OFF) SELECT count(*) FROM jo_fact f JOIN jo_mid m ON f.cust = m.k JOIN jo_tiny t ON t.k = m.k;
SELECT count(*), sum(f.qty), sum(m.v) FROM jo_fact f JOIN jo_mid m ON f.cust = m.k JOIN jo_tiny t ON t.k = m.k;
SELECT t.tag, count(*) FROM jo_fact f, jo_mid m, jo_tiny t WHERE f.cust = m.k AND t.k = m.k GROUP BY t.tag ORDER BY t.tag;

-- The same join kept in the written order.
SET join_collapse_limit = 1;
EXPLAIN (COSTS OFF) SELECT count(*) FROM jo_fact f JOIN jo_mid m ON f.cust = m.k JOIN jo_tiny t ON t.k = m.k;
SELECT count(*), sum(f.qty), sum(m.v) FROM jo_fact f JOIN jo_mid m ON f.cust = m.k JOIN jo_tiny t ON t.k = m.k;
-- A FROM list is still reordered (from_collapse_limit).
EXPLAIN (COSTS OFF) SELECT count(*) FROM jo_fact f, jo_mid m, jo_tiny t WHERE f.cust = m.k AND t.k = m.k;
SELECT count(*) FROM jo_fact f, jo_mid m, jo_tiny t WHERE f.cust = m.k AND t.k = m.k;
RESET join_collapse_limit;
-- Within the limits, longer chains of joins are flattened in parts.
SET join_collapse_limit = 2;
EXPLAIN (COSTS OFF)
SELECT count(*) FROM jo_fact f JOIN jo_cust c ON c.id = f.cust JOIN jo_tiny t ON t.k = c.region JOIN jo_store s ON s.id = f.store;
SELECT count(*) FROM jo_fact f JOIN jo_cust c ON c.id = f.cust JOIN jo_tiny t ON t.k = c.region JOIN jo_store s ON s.id = f.store;
RESET join_collapse_limit;
EXPLAIN (COSTS OFF)
SELECT count(*) FROM jo_fact f JOIN jo_cust c ON c.id = f.cust JOIN jo_tiny t ON t.k = c.region JOIN jo_store s ON s.id = f.store;
SET from_collapse_limit = 2;
EXPLAIN (COSTS OFF) SELECT count(*) FROM jo_fact f, jo_mid m JOIN jo_tiny t ON t.k = m.k WHERE f.cust = m.k;
SELECT count(*) FROM jo_fact f, jo_mid m JOIN jo_tiny t ON t.k = m.k WHERE f.cust = m.k;
RESET from_collapse_limit;
EXPLAIN (COSTS OFF) SELECT count(*) FROM jo_fact f, jo_mid m JOIN jo_tiny t ON t.k = m.k WHERE f.cust = m.k;

-- A star join: the fact table with its dimensions, filtered.
EXPLAIN (COSTS OFF)
SELECT c.name, p.label, s.city, f.qty
FROM jo_fact f, jo_cust c, jo_prod p, jo_store s
WHERE f.cust = c.id AND f.prod = p.id AND f.store = s.id AND c.region = 3 AND p.cat = 2 AND s.city = 'city1';
SELECT c.name, p.label, s.city, f.qty
FROM jo_fact f, jo_cust c, jo_prod p, jo_store s
WHERE f.cust = c.id AND f.prod = p.id AND f.store = s.id AND c.region = 3 AND p.cat = 2 AND s.city = 'city1'
ORDER BY f.id LIMIT 10;
SELECT count(*), sum(f.qty)
FROM jo_store s JOIN jo_prod p ON true JOIN jo_fact f ON f.prod = p.id AND f.store = s.id JOIN jo_cust c ON c.id = f.cust
WHERE c.region < 5 AND p.cat <> 1;

-- Five and six relations.
SELECT count(*), sum(f.qty + m.v)
FROM jo_tiny t, jo_mid m, jo_fact f, jo_cust c, jo_prod p
WHERE t.k = m.k AND m.k = f.prod AND f.cust = c.id AND p.id = f.prod;
SELECT c.region, count(*), min(s.city), max(p.label)
FROM jo_fact f JOIN jo_cust c ON c.id = f.cust JOIN jo_prod p ON p.id = f.prod
     JOIN jo_store s ON s.id = f.store JOIN jo_mid m ON m.k = f.store JOIN jo_tiny t ON t.k = c.region
GROUP BY c.region ORDER BY c.region;

-- A point lookup in a dimension for each of few rows: an index nested loop.
EXPLAIN (COSTS OFF) SELECT f.id, c.name FROM jo_fact f, jo_cust c WHERE c.id = f.cust AND f.id < 5;
SELECT f.id, c.name FROM jo_fact f, jo_cust c WHERE c.id = f.cust AND f.id < 5 ORDER BY f.id;

-- Cross joins without conditions, and a condition over three tables.
SELECT count(*) FROM jo_tiny a, jo_store b, jo_tiny c;
EXPLAIN (COSTS OFF) SELECT * FROM jo_tiny a, jo_store b, jo_tiny c WHERE a.k + c.k = b.id AND b.id < 4;
EXPLAIN (COSTS OFF) SELECT count(*) FROM jo_prod p, jo_store s, jo_tiny t WHERE p.cat = t.k AND s.id = t.k;
SELECT count(*) FROM jo_prod p, jo_store s, jo_tiny t WHERE p.cat = t.k AND s.id = t.k;
SELECT a.k, b.id, c.k FROM jo_tiny a, jo_store b, jo_tiny c WHERE a.k + c.k = b.id AND b.id < 4 ORDER BY 1, 2, 3;
SELECT count(*) FROM jo_tiny a CROSS JOIN jo_prod p JOIN jo_tiny c ON c.k = p.cat;

-- Outer joins keep their place and their semantics.
EXPLAIN (COSTS OFF)
SELECT count(*) FROM jo_fact f LEFT JOIN jo_tiny t ON f.cust = t.k JOIN jo_prod p ON p.id = f.prod WHERE t.tag IS NULL;
SELECT count(*) FROM jo_fact f LEFT JOIN jo_tiny t ON f.cust = t.k JOIN jo_prod p ON p.id = f.prod WHERE t.tag IS NULL;
SELECT t.tag, count(f.id) FROM jo_tiny t LEFT JOIN jo_fact f ON f.cust = t.k AND f.qty = 3 GROUP BY t.tag ORDER BY t.tag;
SELECT t.k, m.v, f.id
FROM jo_tiny t LEFT JOIN (jo_mid m JOIN jo_fact f ON f.id = m.v) ON m.k = t.k AND f.qty = 1
ORDER BY 1, 2, 3;
SELECT t.k, s.id FROM jo_tiny t RIGHT JOIN jo_store s ON s.id = t.k, jo_prod p WHERE p.id = s.id AND p.cat = 1 ORDER BY 2;
SELECT a.k, b.k, c.id FROM jo_tiny a FULL JOIN jo_tiny b ON a.k = b.k + 1 JOIN jo_store c ON c.id = coalesce(a.k, b.k) ORDER BY 1, 2, 3;
SELECT count(*) FROM jo_fact f JOIN jo_cust c ON c.id = f.cust LEFT JOIN jo_tiny t ON t.k = c.region WHERE t.k IS NULL AND f.qty = 0;

-- LATERAL references are satisfied.
SELECT t.k, x.n FROM jo_tiny t, jo_store s, LATERAL (SELECT count(*) AS n FROM jo_fact f WHERE f.cust = t.k AND f.store = s.id) x
WHERE s.id = t.k ORDER BY 1;
SELECT t.k, g FROM jo_tiny t JOIN jo_store s ON s.id = t.k, LATERAL generate_series(1, t.k) g ORDER BY 1, 2;

-- Subqueries in FROM.
SELECT count(*) FROM (SELECT cust, sum(qty) AS q FROM jo_fact GROUP BY cust) a, jo_cust c, jo_tiny t
WHERE a.cust = c.id AND c.region = t.k;
SELECT t.tag, a.q FROM jo_tiny t, (SELECT cust, sum(qty) AS q FROM jo_fact GROUP BY cust) a WHERE a.cust = t.k ORDER BY 1;

-- Conditions across sides that are not equalities, and constants.
SELECT count(*) FROM jo_tiny a, jo_mid m, jo_store s WHERE m.k < a.k AND s.id = m.v AND a.tag <> 'one';
SELECT count(*) FROM jo_tiny a, jo_mid m WHERE a.k = m.k AND 1 = 1;
SELECT count(*) FROM jo_tiny a, jo_mid m WHERE a.k = m.k AND false;

-- A column equal to two others: any two of the three may join.
EXPLAIN (COSTS OFF) SELECT count(*) FROM jo_mid a, jo_mid b, jo_tiny c WHERE a.k = b.k AND b.k = c.k;
SELECT count(*) FROM jo_mid a, jo_mid b, jo_tiny c WHERE a.k = b.k AND b.k = c.k;
SELECT count(*) FROM jo_mid a, jo_mid b, jo_tiny c WHERE a.k = c.k AND b.v = c.k AND a.v = b.k;

-- Without hash joins or nested loops the answers stay the same.
SET enable_hashjoin = off;
SELECT count(*), sum(f.qty) FROM jo_fact f JOIN jo_mid m ON f.cust = m.k JOIN jo_tiny t ON t.k = m.k;
RESET enable_hashjoin;
SET enable_nestloop = off;
SELECT count(*), sum(f.qty) FROM jo_fact f JOIN jo_mid m ON f.cust = m.k JOIN jo_tiny t ON t.k = m.k;
RESET enable_nestloop;

-- More relations than geqo_threshold: the greedy search.
SET geqo_threshold = 4;
SELECT count(*), sum(f.qty)
FROM jo_fact f, jo_cust c, jo_prod p, jo_store s, jo_tiny t
WHERE f.cust = c.id AND f.prod = p.id AND f.store = s.id AND t.k = s.id;
SET geqo = off;
SELECT count(*), sum(f.qty)
FROM jo_fact f, jo_cust c, jo_prod p, jo_store s, jo_tiny t
WHERE f.cust = c.id AND f.prod = p.id AND f.store = s.id AND t.k = s.id;
RESET geqo;
RESET geqo_threshold;

DROP TABLE jo_fact, jo_cust, jo_prod, jo_store, jo_tiny, jo_mid;
