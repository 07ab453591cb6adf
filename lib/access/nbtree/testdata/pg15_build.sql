DROP TABLE IF EXISTS t;
CREATE TABLE t(k int4, s text COLLATE "C");
INSERT INTO t SELECT CASE WHEN i % 101 = 0 THEN NULL ELSE (i * 37) % 40 END,
  CASE WHEN i % 89 = 0 THEN NULL ELSE lpad(((i * 7919) % 1000)::text, 4, '0') || repeat('x', (i * 13) % 300) END
FROM generate_series(1, 3000) i;
CREATE INDEX ti ON t (k, s DESC NULLS FIRST) WITH (deduplicate_items = off);
