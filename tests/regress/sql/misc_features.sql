--
-- temporary tables, SQL functions, COMMENT, ON CONFLICT, MERGE, enum and
-- domain types, uuid, inet, constraints (pending)
--
CREATE TEMP TABLE mf_tmp (a int);
INSERT INTO mf_tmp VALUES (1);
SELECT * FROM mf_tmp;
DROP TABLE mf_tmp;
CREATE TEMP TABLE mf_tmp2 (a int) ON COMMIT DROP;
CREATE FUNCTION mf_add(int, int) RETURNS int LANGUAGE sql AS 'SELECT $1 + $2';
SELECT mf_add(1, 2);
DROP FUNCTION mf_add(int, int);
CREATE TABLE mf_t (id int PRIMARY KEY, v text UNIQUE);
INSERT INTO mf_t VALUES (1, 'a');
INSERT INTO mf_t VALUES (1, 'b');
INSERT INTO mf_t VALUES (2, 'a');
INSERT INTO mf_t VALUES (1, 'z') ON CONFLICT (id) DO UPDATE SET v = EXCLUDED.v RETURNING *;
INSERT INTO mf_t VALUES (1, 'y') ON CONFLICT DO NOTHING;
COMMENT ON TABLE mf_t IS 'a table';
SELECT obj_description('mf_t'::regclass, 'pg_class');
DROP TABLE mf_t;
CREATE TYPE mf_mood AS ENUM ('sad', 'ok', 'happy');
SELECT 'ok'::mf_mood < 'happy'::mf_mood;
DROP TYPE mf_mood;
CREATE DOMAIN mf_pos AS int CHECK (VALUE > 0);
SELECT 1::mf_pos;
SELECT 0::mf_pos;
DROP DOMAIN mf_pos;
SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid, '192.168.1.5/24'::inet, '10.0.0.0/8'::cidr;
CREATE TABLE mf_fk_p (id int PRIMARY KEY);
CREATE TABLE mf_fk_c (pid int REFERENCES mf_fk_p (id));
INSERT INTO mf_fk_c VALUES (1);
DROP TABLE mf_fk_c, mf_fk_p;
