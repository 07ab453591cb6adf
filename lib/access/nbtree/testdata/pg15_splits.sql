DROP TABLE IF EXISTS x;
CREATE TABLE x(k int4, s text COLLATE "C");
CREATE INDEX xi ON x (k, s) WITH (deduplicate_items = off);
INSERT INTO x SELECT (i * 7919) % 50, 'v' || ((i * 31) % 997) FROM generate_series(1, 6000) i;
INSERT INTO x SELECT 1000, 'same' FROM generate_series(1, 3000);
INSERT INTO x SELECT (i * 13) % 60, CASE WHEN i % 7 = 0 THEN NULL ELSE 'w' || i END FROM generate_series(1, 2000) i;
INSERT INTO x SELECT 10 + i % 3, 'z' || lpad(i::text, 6, '0') FROM generate_series(1, 3000) i;
