DROP TABLE IF EXISTS u;
CREATE TABLE u(k int4);
CREATE INDEX ui ON u (k) WITH (deduplicate_items = off);
INSERT INTO u SELECT CASE WHEN i % 50 = 0 THEN NULL ELSE i END FROM generate_series(1, 2000) i;
INSERT INTO u SELECT (i * 7919) % 3000 FROM generate_series(1, 1500) i;
