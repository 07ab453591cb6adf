-- ALTER TABLE ... ADD PRIMARY KEY / UNIQUE USING INDEX, and renaming indexes
-- with and without a constraint.
CREATE TABLE ui (a int, b int, c text, d int);
CREATE UNIQUE INDEX ui_a ON ui (a);
CREATE UNIQUE INDEX ui_b_desc ON ui (b DESC);
CREATE INDEX ui_c ON ui (c);
CREATE UNIQUE INDEX ui_expr ON ui ((a + 1));
CREATE UNIQUE INDEX ui_part ON ui (d) WHERE d > 0;
CREATE UNIQUE INDEX ui_d ON ui (d) INCLUDE (c);
INSERT INTO ui VALUES (1, 1, 'x', 1), (NULL, 2, 'y', 2);
CREATE TABLE ui2 (a int, PRIMARY KEY USING INDEX ui_a);
ALTER TABLE ui ADD PRIMARY KEY USING INDEX nosuch;
ALTER TABLE ui ADD PRIMARY KEY USING INDEX ui_b_desc;
ALTER TABLE ui ADD PRIMARY KEY USING INDEX ui_c;
ALTER TABLE ui ADD PRIMARY KEY USING INDEX ui_expr;
ALTER TABLE ui ADD PRIMARY KEY USING INDEX ui_part;
ALTER TABLE ui ADD PRIMARY KEY USING INDEX ui_a;
DELETE FROM ui WHERE a IS NULL;
ALTER TABLE ui ADD PRIMARY KEY USING INDEX ui_a;
ALTER TABLE ui ADD CONSTRAINT ui_d_key UNIQUE USING INDEX ui_d DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE ui ADD UNIQUE USING INDEX ui_a;
ALTER TABLE ui ADD UNIQUE USING INDEX ui_d_key;
\d ui
SELECT conname, contype, conkey, condeferrable, conindid::regclass FROM pg_constraint WHERE conrelid = 'ui'::regclass ORDER BY 1;
SELECT indexrelid::regclass, indisprimary, indimmediate FROM pg_index WHERE indrelid = 'ui'::regclass ORDER BY 1;
SELECT classid::regclass, objid::regclass, refobjsubid, deptype FROM pg_depend WHERE objid IN ('ui_a'::regclass, 'ui_d_key'::regclass) AND classid = 'pg_class'::regclass ORDER BY 2, 3;
INSERT INTO ui VALUES (1, 5, 'z', 9);
BEGIN;
INSERT INTO ui VALUES (7, 7, 'w', 1);
UPDATE ui SET d = 100 WHERE a = 1;
COMMIT;
SELECT * FROM ui ORDER BY a;
ALTER TABLE ui DROP CONSTRAINT ui_a;
\d ui
DROP TABLE ui;
CREATE TABLE rr (a int UNIQUE, b int);
CREATE INDEX rr_b ON rr (b);
ALTER INDEX rr_b RENAME TO rr_b2;
ALTER INDEX rr_a_key RENAME TO rr_k;
CREATE TABLE rr_child (a int REFERENCES rr (a));
ALTER INDEX rr_k RENAME TO rr_k2;
SELECT conname, contype FROM pg_constraint WHERE conrelid IN ('rr'::regclass, 'rr_child'::regclass) ORDER BY 1;
\d rr
DROP TABLE rr_child, rr;
