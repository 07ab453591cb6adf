--
-- queries: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
CREATE TABLE q_customer (id int NOT NULL, name text NOT NULL, city text, since date);
CREATE TABLE q_order (id int NOT NULL, customer_id int, ordered date, status text);
CREATE TABLE q_line (order_id int, product_id int, qty int, unit_price numeric(8,2));
INSERT INTO q_customer VALUES (1, 'Acme', 'Berlin', '2020-01-15'), (2, 'Globex', 'Paris', '2021-06-01'), (3, 'Initech', 'Berlin', '2019-11-30'), (4, 'Umbrella', NULL, '2022-02-02'), (5, 'Hooli', 'Austin', NULL);
INSERT INTO q_order VALUES (100, 1, '2024-01-03', 'shipped'), (101, 1, '2024-01-20', 'shipped'), (102, 2, '2024-02-11', 'open'), (103, 3, '2024-02-12', 'cancelled'), (104, 3, '2024-03-01', 'shipped'), (105, NULL, '2024-03-02', 'open'), (106, 4, '2024-03-15', 'shipped');
INSERT INTO q_line VALUES (100, 1, 100, 0.25), (100, 2, 100, 0.10), (101, 3, 1, 85.00), (102, 4, 2, 24.50), (102, 5, 3, 4.75), (103, 3, 1, 89.99), (104, 1, 1000, 0.20), (104, 6, 10, 2.00), (105, 2, 5, 0.10), (106, 5, 1, 4.75);
SELECT o.id, count(l.*) AS lines FROM q_order o LEFT JOIN q_line l ON l.order_id = o.id GROUP BY o.id ORDER BY o.id;
DROP TABLE q_line, q_order, q_customer;
