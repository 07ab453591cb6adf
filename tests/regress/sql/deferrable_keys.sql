-- DEFERRABLE PRIMARY KEY and UNIQUE constraints: keys checked when the
-- statement ends, or at COMMIT / SET CONSTRAINTS IMMEDIATE when deferred.
CREATE TABLE du (id int PRIMARY KEY DEFERRABLE, u int UNIQUE DEFERRABLE INITIALLY DEFERRED, v int);
\d du
SELECT conname, condeferrable, condeferred FROM pg_constraint WHERE conrelid = 'du'::regclass ORDER BY 1;
SELECT indexrelid::regclass, indimmediate FROM pg_index WHERE indrelid = 'du'::regclass ORDER BY 1;
SELECT tgname ~ '^Unique_ConstraintTrigger|^PK_ConstraintTrigger' AS ok, tgfoid::regproc, tgtype, tgdeferrable, tginitdeferred, tgisinternal FROM pg_trigger WHERE tgrelid = 'du'::regclass ORDER BY 2, 4, 5;
INSERT INTO du VALUES (1, 1, 0), (2, 2, 0), (3, 3, 0);
UPDATE du SET id = id + 1;
SELECT * FROM du ORDER BY id;
INSERT INTO du VALUES (2, 10, 0);
BEGIN;
INSERT INTO du VALUES (10, 2, 0);
UPDATE du SET u = 20 WHERE id = 3;
COMMIT;
BEGIN;
INSERT INTO du VALUES (11, 4, 0);
COMMIT;
BEGIN;
SET CONSTRAINTS du_u_key IMMEDIATE;
INSERT INTO du VALUES (12, 4, 0);
ROLLBACK;
BEGIN;
SET CONSTRAINTS ALL DEFERRED;
INSERT INTO du VALUES (4, 30, 0);
UPDATE du SET id = 100 WHERE id = 4 AND u = 30;
COMMIT;
SELECT * FROM du ORDER BY id;
INSERT INTO du VALUES (50, 50, 0) ON CONFLICT (id) DO NOTHING;
INSERT INTO du VALUES (50, 50, 0) ON CONFLICT DO NOTHING;
INSERT INTO du VALUES (50, 50, 0) ON CONFLICT ON CONSTRAINT du_pkey DO NOTHING;
INSERT INTO du VALUES (1, NULL, 0), (1, NULL, 0);
CREATE TABLE du2 (a int, b int);
INSERT INTO du2 VALUES (1, 1), (1, 2);
ALTER TABLE du2 ADD CONSTRAINT du2_a UNIQUE (a) DEFERRABLE;
DELETE FROM du2 WHERE b = 2;
ALTER TABLE du2 ADD CONSTRAINT du2_a UNIQUE (a) DEFERRABLE INITIALLY DEFERRED;
\d du2
SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname IN ('du2_a', 'du_pkey', 'du_u_key') ORDER BY 1;
CREATE UNIQUE INDEX ON du2 (b) DEFERRABLE;
DROP TABLE du, du2;
