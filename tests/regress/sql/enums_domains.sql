-- Enum types: CREATE TYPE ... AS ENUM, values, ordering, catalog rows
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
SELECT typname, typtype, typcategory, typlen, typbyval, typalign, typstorage,
       typinput::regproc, typoutput::regproc, typreceive::regproc, typsend::regproc,
       typdelim, typcollation, typbasetype, typtypmod, typnotnull, typndims
  FROM pg_type WHERE typname IN ('mood', '_mood') ORDER BY typname;
SELECT t.typname, e.typname AS elem, e.typarray = t.oid AS linked
  FROM pg_type t JOIN pg_type e ON t.typelem = e.oid WHERE t.typname = '_mood';
SELECT enumsortorder, enumlabel FROM pg_enum WHERE enumtypid = 'mood'::regtype ORDER BY enumsortorder;
SELECT count(*) FROM pg_enum e JOIN pg_type t ON e.enumtypid = t.oid WHERE t.typname = 'mood' AND e.oid::text::int8 % 2 = 0;
SELECT 'happy'::mood, 'sad'::mood < 'happy'::mood, 'ok'::mood = 'ok';
SELECT 'x'::mood;
SELECT 'Happy'::mood;
SELECT ' ok'::mood;
SELECT ''::mood;
SELECT pg_typeof('ok'::mood), pg_typeof(ARRAY['ok'::mood]);
CREATE TYPE mood AS ENUM ('a');
CREATE TYPE empty_enum AS ENUM ();
SELECT enum_first(NULL::empty_enum);
SELECT enum_range(NULL::empty_enum);
SELECT 'a'::empty_enum;
DROP TYPE empty_enum;
CREATE TYPE long_enum AS ENUM ('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
-- comparisons
SELECT 'sad'::mood < 'ok', 'ok'::mood <= 'ok', 'happy'::mood > 'ok', 'sad'::mood >= 'happy', 'sad'::mood <> 'ok';
SELECT 'ok'::mood = 'x';
SELECT 'ok'::mood BETWEEN 'sad' AND 'happy';
SELECT 'ok'::mood IN ('sad', 'ok');
SELECT greatest('sad'::mood, 'happy', 'ok'), least('sad'::mood, 'happy', 'ok');
SELECT CASE WHEN 'ok'::mood > 'sad' THEN 'yes' ELSE 'no' END;
SELECT enum_cmp('ok'::mood, 'sad'), enum_cmp('ok'::mood, 'ok'), enum_cmp('sad'::mood, 'happy');
SELECT enum_larger('ok'::mood, 'sad'), enum_smaller('ok'::mood, 'sad');
SELECT 'ok'::mood = 1;
SELECT 'ok'::mood || 'x';
SELECT 'ok'::mood::text || 'x';
-- casts
SELECT 'ok'::mood::text, 'happy'::text::mood, CAST('sad' AS mood);
SELECT 'ok'::varchar::mood;
SELECT 'ok'::mood::varchar;
SELECT 'nope'::text::mood;
SELECT 1::mood;
SELECT 'ok'::mood::int;
SELECT text 'ok' = 'ok'::mood;
-- tables of enums
CREATE TABLE feelings (id int, m mood, note text);
INSERT INTO feelings VALUES (1, 'happy', 'a'), (2, 'sad', 'b'), (3, 'ok', 'c'), (4, NULL, 'd'), (5, 'sad', 'e'), (6, 'happy', 'f');
INSERT INTO feelings VALUES (7, 'angry', 'g');
INSERT INTO feelings VALUES (7, 'ok'::text, 'g');
INSERT INTO feelings VALUES (7, 'ok'::text::mood, 'g');
SELECT * FROM feelings ORDER BY m, id;
SELECT * FROM feelings ORDER BY m DESC NULLS LAST, id;
SELECT m, count(*) FROM feelings GROUP BY m ORDER BY m;
SELECT DISTINCT m FROM feelings ORDER BY m;
SELECT max(m), min(m), count(DISTINCT m) FROM feelings;
SELECT id FROM feelings WHERE m > 'sad' ORDER BY id;
SELECT id FROM feelings WHERE m = 'ok' ORDER BY id;
SELECT id FROM feelings WHERE m IN ('happy', 'ok') ORDER BY id;
SELECT id FROM feelings WHERE m::text LIKE 'h%' ORDER BY id;
SELECT a.id, b.id FROM feelings a JOIN feelings b ON a.m = b.m AND a.id < b.id ORDER BY 1, 2;
SELECT array_agg(m ORDER BY m, id) FROM feelings;
SELECT string_agg(m::text, ',' ORDER BY id) FROM feelings;
UPDATE feelings SET m = 'happy' WHERE m = 'ok' RETURNING id, m;
UPDATE feelings SET m = 'furious' WHERE id = 1;
DELETE FROM feelings WHERE m = 'sad' RETURNING *;
SELECT * FROM feelings ORDER BY id;
SELECT pg_typeof(m) FROM feelings LIMIT 1;
SELECT m, m::text, length(m::text) FROM feelings ORDER BY id;
ALTER TABLE feelings ADD COLUMN m2 mood DEFAULT 'ok';
SELECT id, m, m2 FROM feelings ORDER BY id;
ALTER TABLE feelings ALTER COLUMN m2 SET DEFAULT 'sad';
INSERT INTO feelings (id, m) VALUES (8, 'ok');
SELECT id, m, m2 FROM feelings ORDER BY id;
CREATE TABLE feelings_copy AS SELECT id, m FROM feelings;
SELECT * FROM feelings_copy ORDER BY m, id;
DROP TABLE feelings_copy;
-- enum_first, enum_last, enum_range
SELECT enum_first(NULL::mood), enum_last(NULL::mood);
SELECT enum_first('happy'::mood), enum_last('sad'::mood);
SELECT enum_range(NULL::mood);
SELECT enum_range('ok'::mood, NULL), enum_range(NULL, 'ok'::mood), enum_range('ok'::mood, 'happy'::mood);
SELECT enum_range('happy'::mood, 'sad'::mood);
SELECT enum_range(NULL::mood, NULL);
SELECT pg_typeof(enum_range(NULL::mood)), pg_typeof(enum_first(NULL::mood));
SELECT unnest(enum_range(NULL::mood)) AS m ORDER BY 1 DESC;
SELECT enum_first(NULL);
SELECT enum_first(1);
SELECT enum_range('ok'::mood, 'x'::mood);
SELECT array_length(enum_range(NULL::mood), 1);
-- arrays of enums
SELECT '{sad,happy}'::mood[], ARRAY['ok'::mood, 'sad'];
SELECT '{sad,nope}'::mood[];
SELECT ('{sad,happy}'::mood[])[2];
SELECT ARRAY['ok'::mood] = ARRAY['ok'::mood], ARRAY['sad'::mood] < ARRAY['ok'::mood];
SELECT 'ok'::mood = ANY (enum_range(NULL::mood));
SELECT 'ok'::mood = ANY ('{sad,happy}'::mood[]);
SELECT '{sad,happy}'::mood[]::text;
SELECT '{sad,happy}'::text::mood[];
-- ALTER TYPE ... ADD VALUE
ALTER TYPE mood ADD VALUE 'ecstatic';
ALTER TYPE mood ADD VALUE 'meh' BEFORE 'ok';
ALTER TYPE mood ADD VALUE 'fine' AFTER 'ok';
ALTER TYPE mood ADD VALUE 'furious' BEFORE 'sad';
ALTER TYPE mood ADD VALUE 'so so' AFTER 'meh';
SELECT enumsortorder, enumlabel FROM pg_enum WHERE enumtypid = 'mood'::regtype ORDER BY enumsortorder;
SELECT enum_range(NULL::mood);
SELECT enum_first(NULL::mood), enum_last(NULL::mood);
ALTER TYPE mood ADD VALUE 'ok';
ALTER TYPE mood ADD VALUE IF NOT EXISTS 'ok';
ALTER TYPE mood ADD VALUE IF NOT EXISTS 'calm' AFTER 'fine';
ALTER TYPE mood ADD VALUE 'x' BEFORE 'nope';
ALTER TYPE mood ADD VALUE 'x' AFTER 'nope';
ALTER TYPE mood ADD VALUE 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
ALTER TYPE nosuchtype ADD VALUE 'x';
ALTER TYPE int4 ADD VALUE 'x';
ALTER TYPE _mood ADD VALUE 'x';
SELECT * FROM feelings WHERE m > 'meh' ORDER BY id;
SELECT 'meh'::mood < 'ok', 'so so'::mood > 'meh', 'fine'::mood > 'ok', 'calm'::mood > 'fine';
SELECT m, count(*) FROM (SELECT unnest(enum_range(NULL::mood)) AS m) s GROUP BY m ORDER BY m;
-- many insertions between two labels renumber the type
CREATE TYPE crowd AS ENUM ('lo', 'hi');
ALTER TYPE crowd ADD VALUE 'v1' BEFORE 'hi';
ALTER TYPE crowd ADD VALUE 'v2' BEFORE 'hi';
ALTER TYPE crowd ADD VALUE 'v3' BEFORE 'hi';
ALTER TYPE crowd ADD VALUE 'v4' BEFORE 'hi';
ALTER TYPE crowd ADD VALUE 'v5' BEFORE 'hi';
ALTER TYPE crowd ADD VALUE 'v6' BEFORE 'hi';
ALTER TYPE crowd ADD VALUE 'v7' BEFORE 'hi';
ALTER TYPE crowd ADD VALUE 'v8' BEFORE 'hi';
ALTER TYPE crowd ADD VALUE 'v9' BEFORE 'hi';
ALTER TYPE crowd ADD VALUE 'v10' BEFORE 'hi';
ALTER TYPE crowd ADD VALUE 'v11' BEFORE 'hi';
ALTER TYPE crowd ADD VALUE 'v12' BEFORE 'hi';
ALTER TYPE crowd ADD VALUE 'v13' BEFORE 'hi';
ALTER TYPE crowd ADD VALUE 'v14' BEFORE 'hi';
ALTER TYPE crowd ADD VALUE 'v15' BEFORE 'hi';
ALTER TYPE crowd ADD VALUE 'v16' BEFORE 'hi';
ALTER TYPE crowd ADD VALUE 'v17' BEFORE 'hi';
ALTER TYPE crowd ADD VALUE 'v18' BEFORE 'hi';
ALTER TYPE crowd ADD VALUE 'v19' BEFORE 'hi';
ALTER TYPE crowd ADD VALUE 'v20' BEFORE 'hi';
ALTER TYPE crowd ADD VALUE 'v21' BEFORE 'hi';
ALTER TYPE crowd ADD VALUE 'v22' BEFORE 'hi';
ALTER TYPE crowd ADD VALUE 'v23' BEFORE 'hi';
ALTER TYPE crowd ADD VALUE 'v24' BEFORE 'hi';
ALTER TYPE crowd ADD VALUE 'v25' BEFORE 'hi';
ALTER TYPE crowd ADD VALUE 'v26' BEFORE 'hi';
SELECT enum_range(NULL::crowd);
SELECT enumsortorder, enumlabel FROM pg_enum WHERE enumtypid = 'crowd'::regtype ORDER BY enumsortorder;
SELECT 'v26'::crowd < 'v25', 'v1'::crowd > 'lo', 'hi'::crowd > 'v1';
DROP TYPE crowd;
-- new values cannot be used before they commit
BEGIN;
ALTER TYPE mood ADD VALUE 'pending';
SELECT 'pending'::mood;
ROLLBACK;
BEGIN;
ALTER TYPE mood ADD VALUE 'pending';
SELECT enum_range(NULL::mood);
ROLLBACK;
BEGIN;
ALTER TYPE mood ADD VALUE 'pending';
SELECT enum_last(NULL::mood);
ROLLBACK;
BEGIN;
ALTER TYPE mood ADD VALUE 'pending' BEFORE 'sad';
SELECT enum_first(NULL::mood);
ROLLBACK;
BEGIN;
ALTER TYPE mood ADD VALUE 'pending';
SELECT 'ok'::mood < 'happy', enum_first(NULL::mood);
COMMIT;
SELECT 'pending'::mood, enum_last(NULL::mood);
BEGIN;
CREATE TYPE fresh AS ENUM ('one');
SELECT 'one'::fresh;
ALTER TYPE fresh ADD VALUE 'two';
SELECT 'two'::fresh;
ROLLBACK;
SELECT 'one'::fresh;
BEGIN;
ALTER TYPE mood ADD VALUE 'gone';
ROLLBACK;
SELECT 'gone'::mood;
SELECT enumlabel FROM pg_enum WHERE enumtypid = 'mood'::regtype AND enumlabel = 'gone';
-- RENAME VALUE
ALTER TYPE mood RENAME VALUE 'meh' TO 'blah';
SELECT enum_range(NULL::mood);
ALTER TYPE mood RENAME VALUE 'nope' TO 'x';
ALTER TYPE mood RENAME VALUE 'blah' TO 'ok';
ALTER TYPE mood RENAME VALUE 'happy' TO 'glad';
SELECT id, m FROM feelings ORDER BY id;
SELECT 'happy'::mood;
-- RENAME TO, OWNER TO, SET SCHEMA
ALTER TYPE mood RENAME TO feeling;
SELECT typname FROM pg_type WHERE typname IN ('mood', '_mood', 'feeling', '_feeling') ORDER BY 1;
SELECT 'ok'::feeling, '{ok}'::feeling[];
SELECT 'ok'::mood;
SELECT pg_typeof(m), pg_typeof(ARRAY[m]) FROM feelings LIMIT 1;
CREATE TYPE mood AS ENUM ('x');
ALTER TYPE feeling RENAME TO mood;
DROP TYPE mood;
ALTER TYPE feeling RENAME TO mood;
ALTER TYPE _mood RENAME TO arr;
ALTER TYPE mood OWNER TO postgres;
SELECT t.typname, pg_get_userbyid(t.typowner) FROM pg_type t WHERE t.typname IN ('mood', '_mood') ORDER BY 1;
CREATE SCHEMA enum_s;
ALTER TYPE mood SET SCHEMA enum_s;
SELECT n.nspname, t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.typname IN ('mood', '_mood') ORDER BY 2;
SELECT 'ok'::mood;
SELECT 'ok'::enum_s.mood, '{ok}'::enum_s.mood[];
SELECT pg_typeof(m) FROM feelings LIMIT 1;
ALTER TYPE enum_s.mood SET SCHEMA enum_s;
ALTER TYPE enum_s.mood SET SCHEMA nosuch;
ALTER TYPE enum_s.mood SET SCHEMA public;
CREATE TYPE enum_s.colour AS ENUM ('red', 'green');
SELECT 'red'::enum_s.colour;
-- DROP TYPE
DROP TYPE nosuchtype;
DROP TYPE IF EXISTS nosuchtype;
DROP TYPE IF EXISTS nosuchschema.nosuchtype;
DROP TYPE nosuchschema.nosuchtype;
DROP TYPE int4;
DROP TYPE _mood;
DROP TYPE feelings;
DROP TYPE mood;
DROP TYPE mood RESTRICT;
CREATE TABLE other_feelings (a mood, b mood);
DROP TYPE mood;
DROP TYPE mood CASCADE;
SELECT * FROM feelings ORDER BY id;
SELECT * FROM other_feelings;
DROP TABLE feelings, other_feelings;
DROP TYPE enum_s.colour, enum_s.colour;
DROP TYPE IF EXISTS enum_s.colour, nosuchtype;
DROP SCHEMA enum_s;
SELECT count(*) FROM pg_enum e LEFT JOIN pg_type t ON t.oid = e.enumtypid WHERE t.oid IS NULL;
SELECT 'ok'::mood;
-- psql's \dT
CREATE TYPE rainbow AS ENUM ('red', 'orange', 'yellow', 'green', 'blue', 'purple');
CREATE TYPE "Weird Name" AS ENUM ('a b', 'c"d', '');
COMMENT ON TYPE rainbow IS 'colours';
\dT
\dT+
\dT rainbow
\dT+ rainbow
\dT "Weird Name"
\dT+ *ain*
\dT nosuch
SELECT ''::"Weird Name", 'c"d'::"Weird Name", '{"a b","c\"d",""}'::"Weird Name"[];
SELECT enum_range(NULL::"Weird Name");
DROP TYPE rainbow, "Weird Name";
-- Domains: CREATE DOMAIN, constraints, defaults, columns, casts
CREATE DOMAIN posint AS integer CHECK (VALUE > 0);
CREATE DOMAIN shorttext AS varchar(10) CONSTRAINT not_empty CHECK (length(VALUE) > 0) CONSTRAINT no_x CHECK (VALUE NOT LIKE '%x%');
CREATE DOMAIN nn_int AS int4 NOT NULL DEFAULT 7;
CREATE DOMAIN price AS numeric(8,2) DEFAULT 0 CHECK (VALUE >= 0);
CREATE DOMAIN anything AS text;
SELECT typname, typtype, typcategory, typlen, typbyval, typalign, typstorage,
       typinput::regproc, typoutput::regproc, typreceive::regproc, typsend::regproc,
       typbasetype::regtype, typtypmod, typnotnull, typdefault, typndims, typcollation
  FROM pg_type WHERE typname IN ('posint', 'shorttext', 'nn_int', 'price', 'anything') ORDER BY typname;
SELECT a.typname, e.typname AS elem FROM pg_type a JOIN pg_type e ON a.typelem = e.oid
 WHERE e.typname IN ('posint', 'shorttext', 'nn_int', 'price', 'anything') ORDER BY 1;
SELECT conname, contype, conrelid, contypid::regtype, convalidated, conkey, pg_get_constraintdef(oid)
  FROM pg_constraint WHERE contypid <> 0 AND connamespace = 'public'::regnamespace ORDER BY conname;
CREATE DOMAIN posint AS int;
-- literals and casts check the constraints
SELECT 5::posint, '12'::posint, CAST(3 AS posint);
SELECT 0::posint;
SELECT (-3)::posint;
SELECT 'abc'::posint;
SELECT NULL::posint;
SELECT NULL::nn_int;
SELECT 3::nn_int;
SELECT 'hello'::shorttext;
SELECT ''::shorttext;
SELECT 'xylophone'::shorttext;
SELECT 'much too long text'::shorttext;
SELECT 'much too long text'::varchar(10)::shorttext;
SELECT 12.345::price, (-1)::price;
SELECT 123456789::price;
SELECT 'free form'::anything;
SELECT 2.5::posint;
SELECT '2.5'::posint;
SELECT 7::posint::text, 7::posint::int8, '8'::text::posint;
-- a domain behaves as its base type in expressions
SELECT 3::posint + 4, 3::posint * 2::posint, -(3::posint), abs((-3)::int::posint);
SELECT pg_typeof(3::posint), pg_typeof(3::posint + 4), pg_typeof('a'::shorttext || 'b');
SELECT 3::posint = 3, 3::posint < 4::posint, 3::posint IN (1, 2, 3);
SELECT 'abc'::shorttext = 'abc', upper('abc'::shorttext), length('abcd'::shorttext);
SELECT 'abc'::shorttext LIKE 'a%', 'abc'::shorttext || 'def';
SELECT greatest(1::posint, 5, 3), coalesce(NULL::posint, 2);
SELECT sum(x), max(x), min(x), avg(x) FROM (VALUES (1::posint), (2::posint), (6::posint)) v(x);
SELECT 1.5::price + 2.25::price, round(1.555::price, 1);
SELECT ARRAY[1::posint, 2::posint], pg_typeof(ARRAY[1::posint]);
SELECT '{1,2}'::posint[];
SELECT '{1,0}'::posint[];
-- tables with domain columns
CREATE TABLE orders (id posint, item shorttext, qty nn_int, cost price);
INSERT INTO orders VALUES (1, 'apple', 3, 1.5);
INSERT INTO orders VALUES (2, 'pear', DEFAULT, DEFAULT);
INSERT INTO orders (id, item) VALUES (3, 'fig');
INSERT INTO orders VALUES (0, 'plum', 1, 1);
INSERT INTO orders VALUES (4, 'box', 1, 1);
INSERT INTO orders VALUES (4, '', 1, 1);
INSERT INTO orders VALUES (4, 'plum', NULL, 1);
INSERT INTO orders VALUES (4, 'plum', 1, -1);
INSERT INTO orders VALUES (4, 'plum', 1, 12345678);
INSERT INTO orders VALUES (4, 'plum tree large', 1, 1);
INSERT INTO orders (id, item, cost) VALUES (5, 'kiwi', 2.345);
SELECT * FROM orders ORDER BY id;
SELECT id + 100, item || '!', qty * 2, cost * 2 FROM orders ORDER BY id;
SELECT item, count(*) FROM orders GROUP BY item ORDER BY item;
SELECT DISTINCT qty FROM orders ORDER BY qty;
SELECT * FROM orders WHERE id > 2 AND item <> 'x' ORDER BY id DESC;
SELECT o1.id, o2.id FROM orders o1 JOIN orders o2 ON o1.qty = o2.qty AND o1.id < o2.id ORDER BY 1, 2;
UPDATE orders SET qty = qty + 1 WHERE id = 1 RETURNING id, qty;
UPDATE orders SET id = 0 WHERE id = 1;
UPDATE orders SET qty = NULL WHERE id = 1;
UPDATE orders SET item = 'xx' WHERE id = 1;
UPDATE orders SET qty = DEFAULT WHERE id = 1 RETURNING qty;
SELECT pg_typeof(id), pg_typeof(item), pg_typeof(qty), pg_typeof(cost) FROM orders LIMIT 1;
CREATE TABLE orders2 AS SELECT id, item FROM orders;
SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a
 WHERE a.attrelid = 'orders2'::regclass AND a.attnum > 0 ORDER BY a.attnum;
DROP TABLE orders2;
CREATE TABLE withdef (a int, b posint DEFAULT 5, c nn_int DEFAULT 9);
INSERT INTO withdef (a) VALUES (1);
SELECT * FROM withdef;
DROP TABLE withdef;
-- ALTER DOMAIN
ALTER DOMAIN posint ADD CONSTRAINT under_100 CHECK (VALUE < 100);
SELECT 150::posint;
ALTER DOMAIN posint ADD CONSTRAINT under_3 CHECK (VALUE < 3);
ALTER DOMAIN posint ADD CONSTRAINT under_100 CHECK (VALUE < 50);
ALTER DOMAIN posint ADD CHECK (VALUE <> 42);
SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE contypid = 'posint'::regtype ORDER BY conname;
SELECT 42::posint;
ALTER DOMAIN posint DROP CONSTRAINT posint_check1;
SELECT 42::posint;
ALTER DOMAIN posint DROP CONSTRAINT nosuch;
ALTER DOMAIN posint DROP CONSTRAINT IF EXISTS nosuch;
ALTER DOMAIN posint ADD CONSTRAINT under_10 CHECK (VALUE < 10) NOT VALID;
SELECT conname, convalidated FROM pg_constraint WHERE contypid = 'posint'::regtype ORDER BY conname;
SELECT 11::posint;
ALTER DOMAIN posint VALIDATE CONSTRAINT under_10;
ALTER DOMAIN posint DROP CONSTRAINT under_10;
ALTER DOMAIN posint ADD CONSTRAINT bad CHECK (VALUE + 1);
ALTER DOMAIN posint ADD CONSTRAINT bad CHECK (nosuchcol > 1);
ALTER DOMAIN anything SET NOT NULL;
INSERT INTO orders (id, item) VALUES (6, 'lime');
ALTER DOMAIN shorttext SET DEFAULT 'default';
INSERT INTO orders (id) VALUES (7);
ALTER DOMAIN shorttext DROP DEFAULT;
INSERT INTO orders (id) VALUES (8);
ALTER DOMAIN shorttext SET NOT NULL;
DELETE FROM orders WHERE item IS NULL;
ALTER DOMAIN shorttext SET NOT NULL;
INSERT INTO orders (id) VALUES (9);
ALTER DOMAIN shorttext DROP NOT NULL;
INSERT INTO orders (id) VALUES (9);
ALTER DOMAIN nn_int DROP DEFAULT;
INSERT INTO orders (id, item) VALUES (10, 'nut');
ALTER DOMAIN nn_int SET DEFAULT 1;
INSERT INTO orders (id, item) VALUES (10, 'nut');
SELECT typname, typnotnull, typdefault FROM pg_type WHERE typname IN ('shorttext', 'nn_int', 'anything') ORDER BY 1;
SELECT * FROM orders ORDER BY id;
ALTER DOMAIN nosuch SET NOT NULL;
ALTER DOMAIN int4 SET NOT NULL;
ALTER DOMAIN orders SET NOT NULL;
-- domains over domains and over enums
CREATE DOMAIN small_posint AS posint CHECK (VALUE < 10);
SELECT 5::small_posint, pg_typeof(5::small_posint);
SELECT 15::small_posint;
SELECT 0::small_posint;
SELECT 5::small_posint + 1;
CREATE TYPE colour AS ENUM ('red', 'green', 'blue');
CREATE DOMAIN warm AS colour CHECK (VALUE <> 'blue');
SELECT 'red'::warm, 'green'::warm < 'red'::warm;
SELECT 'blue'::warm;
SELECT 'pink'::warm;
CREATE TABLE paint (c warm);
INSERT INTO paint VALUES ('green'), ('red');
INSERT INTO paint VALUES ('blue');
SELECT c, c::text FROM paint ORDER BY c;
DROP TABLE paint;
DROP DOMAIN warm;
DROP TYPE colour;
-- CREATE DOMAIN errors
CREATE DOMAIN d_bad AS int NULL NOT NULL;
CREATE DOMAIN d_bad AS int DEFAULT 1 DEFAULT 2;
CREATE DOMAIN d_bad AS int UNIQUE;
CREATE DOMAIN d_bad AS int PRIMARY KEY;
CREATE DOMAIN d_bad AS int CHECK (VALUE > 0) NO INHERIT;
CREATE DOMAIN d_bad AS anyelement;
CREATE DOMAIN d_bad AS int COLLATE "C";
CREATE DOMAIN d_bad AS int CHECK (foo > 0);
CREATE DOMAIN d_bad AS int CHECK (VALUE);
CREATE DOMAIN d_bad AS int CHECK ((SELECT 1) > 0);
CREATE DOMAIN d_bad AS int DEFAULT 'x';
CREATE DOMAIN d_bad AS nosuchtype;
CREATE DOMAIN d_ok AS text COLLATE "C";
SELECT typcollation <> 0 FROM pg_type WHERE typname = 'd_ok';
DROP DOMAIN d_ok;
-- rename, owner, schema
ALTER DOMAIN anything RENAME TO whatever;
SELECT 'x'::whatever;
SELECT 'x'::anything;
ALTER DOMAIN whatever OWNER TO postgres;
CREATE SCHEMA dom_s;
ALTER DOMAIN whatever SET SCHEMA dom_s;
SELECT 'x'::dom_s.whatever;
ALTER DOMAIN posint RENAME TO posint;
ALTER TYPE nn_int RENAME TO nn_int2;
ALTER TYPE nn_int2 RENAME TO nn_int;
-- psql's \dD
COMMENT ON DOMAIN price IS 'money, not negative';
\dD
\dD+
\dD price
\dD dom_s.*
\dT price
-- DROP DOMAIN
DROP DOMAIN nosuch;
DROP DOMAIN IF EXISTS nosuch;
DROP DOMAIN int4;
DROP TYPE posint;
DROP DOMAIN posint;
DROP DOMAIN posint CASCADE;
SELECT * FROM orders ORDER BY qty, item;
DROP TABLE orders;
DROP DOMAIN shorttext, nn_int, price;
DROP DOMAIN dom_s.whatever;
DROP SCHEMA dom_s;
SELECT count(*) FROM pg_constraint WHERE contypid <> 0 AND connamespace = 'public'::regnamespace;
SELECT count(*) FROM pg_type WHERE typtype = 'd' AND typnamespace = 'public'::regnamespace;
-- prepared statements with enum parameters
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
PREPARE enum_p(mood) AS SELECT $1, $1 > 'sad';
EXECUTE enum_p('happy');
EXECUTE enum_p('x');
PREPARE enum_arr(mood[]) AS SELECT $1, array_length($1, 1);
EXECUTE enum_arr('{ok,sad}');
DEALLOCATE enum_p;
DEALLOCATE enum_arr;
CREATE DOMAIN dmood AS mood NOT NULL;
SELECT 'happy'::dmood = 'happy';
SELECT 'happy'::dmood::mood = 'happy', 'ok'::dmood::text;
DROP DOMAIN dmood;
DROP TYPE mood;
