--
-- generated columns (pending: GENERATED ALWAYS AS (...) STORED)
--
CREATE TABLE seq_g (a int, b int GENERATED ALWAYS AS (a * 2) STORED);
INSERT INTO seq_g (a) VALUES (1), (5) RETURNING *;
UPDATE seq_g SET a = 10 WHERE a = 1 RETURNING *;
INSERT INTO seq_g VALUES (1, 1);
DROP TABLE seq_g;
