DROP TABLE IF EXISTS v;
CREATE TABLE v(s text COLLATE "C", k int4);
INSERT INTO v SELECT repeat(md5((i % 300)::text), 10 + i % 40) || i, i FROM generate_series(1, 1500) i;
CREATE INDEX vi ON v (s, k) WITH (deduplicate_items = off);
