-- Composite types: CREATE TYPE ... AS, their values, columns of them,
-- ALTER TYPE and DROP TYPE with dependencies.

CREATE TYPE cpoint AS (x int, y int);
CREATE TYPE cperson AS (name text COLLATE "C", age int, score numeric(5,2));
CREATE TYPE cempty AS ();

-- the catalog rows
SELECT typname, typtype, typcategory, typlen, typalign, typstorage, typinput, typoutput, typreceive, typsend,
       typrelid <> 0 AS has_rel, typarray <> 0 AS has_array, typanalyze, typsubscript
  FROM pg_type WHERE typname IN ('cperson', '_cperson') ORDER BY typname;
SELECT relname, relkind, relam, relfilenode, relnatts, relpersistence, relfrozenxid, relhasindex, reltoastrelid, relreplident
  FROM pg_class WHERE relname = 'cperson';
SELECT attname, atttypid::regtype, atttypmod, attnum, attlen, attbyval, attalign, attstorage, attcollation, attnotnull
  FROM pg_attribute WHERE attrelid = 'cperson'::regclass ORDER BY attnum;
SELECT classid::regclass, refclassid::regclass, deptype
  FROM pg_depend
 WHERE objid IN (SELECT oid FROM pg_type WHERE typname IN ('cperson', '_cperson')) OR objid = 'cperson'::regclass
 ORDER BY 1, 2, 3;
SELECT 'cperson'::regtype, '_cperson'::regtype, 'cperson[]'::regtype;
SELECT format_type('cpoint'::regtype, -1), format_type('_cpoint'::regtype, -1);

-- DDL errors
CREATE TYPE cpoint AS (a int);
CREATE TYPE cdup AS (a int, a text);
CREATE TYPE cser AS (a serial);
CREATE TYPE cbad AS (a nosuchtype);
CREATE TYPE cbad AS (a numeric COLLATE "C");
CREATE TYPE cbad AS (a text COLLATE "nosuch");
CREATE TYPE pg_catalog.cbad AS (a int);
CREATE TYPE nosuchschema.cbad AS (a int);
CREATE TABLE ctab_name (a int);
CREATE TYPE ctab_name AS (a int);
DROP TABLE ctab_name;
CREATE SEQUENCE cseq_name;
CREATE TYPE cseq_name AS (a int);
DROP SEQUENCE cseq_name;

-- text input (record_in) and output (record_out)
SELECT '(1,2)'::cpoint, '( 3 , 4 )'::cpoint, '(,)'::cpoint, '(5,)'::cpoint;
SELECT '(bob,42,1.5)'::cperson, '("bob smith",42,1.555)'::cperson, '("a ""q"" b\\c",,)'::cperson;
SELECT '("",,)'::cperson, '("(x,y)",1,2)'::cperson, '(   ,1,2)'::cperson;
SELECT '()'::cempty;
SELECT '(1,2,3)'::cpoint;
SELECT '(1)'::cpoint;
SELECT '1,2'::cpoint;
SELECT '(1,2'::cpoint;
SELECT '(1,2) x'::cpoint;
SELECT '(a,2)'::cpoint;
SELECT '(1,"2)'::cpoint;
SELECT '(x,1,123456)'::cperson;
SELECT ''::cpoint;
SELECT NULL::cpoint IS NULL AS null_value;

-- casts from rows
SELECT ROW(1, 2)::cpoint, (3, 4)::cpoint, ROW('ann', 30, 2)::cperson;
SELECT ROW(1, 2, 3)::cpoint;
SELECT ROW(1)::cpoint;
SELECT ROW(1, 'x')::cpoint;
SELECT CAST(ROW(7, 8) AS cpoint);
SELECT pg_typeof(ROW(1, 2)::cpoint), pg_typeof('(1,2)'::cpoint), pg_typeof(ARRAY[ROW(1, 2)::cpoint]);

-- field selection
SELECT ('(1,2)'::cpoint).x, ('(1,2)'::cpoint).y, (ROW(5, 6)::cpoint).y;
SELECT ('(1,2)'::cpoint).*;
SELECT (ROW('ann', 30, 2)::cperson).*, 'after' AS tail;
SELECT ('(1,2)'::cpoint).z;
SELECT (1).x;
SELECT ((1,2)::cpoint).x + ((3,4)::cpoint).y AS sum;

-- arrays of composite values
SELECT '{"(1,2)","(3,4)"}'::cpoint[];
SELECT ('{"(1,2)","(3,4)"}'::cpoint[])[2], ('{"(1,2)","(3,4)"}'::cpoint[])[2].y;
SELECT ARRAY[ROW(1, 2)::cpoint, ROW(3, NULL)::cpoint, NULL];
SELECT '{"(1,2)",NULL,"(,)"}'::cpoint[];
SELECT array_length('{"(1,2)","(3,4)"}'::cpoint[], 1);
SELECT '{"(1,2,3)"}'::cpoint[];

-- comparisons and NULL semantics
SELECT ROW(1, 2)::cpoint = ROW(1, 2)::cpoint AS eq, ROW(1, 2)::cpoint <> ROW(1, 3)::cpoint AS ne,
       ROW(1, 2)::cpoint < ROW(1, 3)::cpoint AS lt, ROW(2, 0)::cpoint > ROW(1, 9)::cpoint AS gt,
       ROW(1, 2)::cpoint <= ROW(1, 2)::cpoint AS le, ROW(1, 2)::cpoint >= ROW(1, 3)::cpoint AS ge;
SELECT ROW(1, NULL)::cpoint = ROW(1, NULL)::cpoint AS typed_eq, ROW(1, NULL) = ROW(1, NULL) AS rows_eq,
       ROW(1, NULL)::cpoint < ROW(1, 5)::cpoint AS null_sorts_last;
SELECT ROW(NULL, NULL)::cpoint IS NULL AS all_null, ROW(1, NULL)::cpoint IS NULL AS some_null,
       ROW(1, NULL)::cpoint IS NOT NULL AS some_not_null, ROW(1, 2)::cpoint IS NOT NULL AS none_null,
       NULL::cpoint IS NULL AS null_row, NULL::cpoint IS NOT NULL AS null_row_not;
SELECT ROW(1, 2)::cpoint IS DISTINCT FROM ROW(1, NULL)::cpoint AS d1,
       ROW(1, NULL)::cpoint IS NOT DISTINCT FROM ROW(1, NULL)::cpoint AS d2;
SELECT '(1,2)'::cpoint = '(1,2)'::cperson;
SELECT ROW(1, 2)::cpoint IN (ROW(1, 2)::cpoint, NULL) AS typed_in, ROW(1, NULL)::cpoint IN ('(1,)'::cpoint) AS typed_in1,
       (1, NULL) IN ((1, NULL), (3, 4)) AS rows_in, (1, 2) NOT IN ((1, 2), (3, 4)) AS rows_not_in;
SELECT (1, 2) IN ((1, 2), 3);
SELECT (1, 2) IN (NULL) AS in_null;
SELECT ROW(1, 2)::cpoint = ROW(1, 2, 3);
SELECT greatest('(1,2)'::cpoint, '(1,3)'::cpoint), least('(1,2)'::cpoint, NULL), nullif('(1,2)'::cpoint, '(1,2)'::cpoint);
SELECT jsonb_populate_record(NULL::cpoint, '{"x": 5, "y": 6}'), (jsonb_populate_record(NULL::cpoint, '{"x": 5}')).*;

-- JSON
SELECT row_to_json(ROW('ann', 30, 2.5)::cperson), to_jsonb(ROW('ann', 30, 2.5)::cperson);
SELECT to_json('{"(1,2)","(3,4)"}'::cpoint[]), to_jsonb('{"(1,2)","(3,4)"}'::cpoint[]);
SELECT row_to_json(ROW(NULL, NULL)::cpoint), json_build_object('p', ROW(1, 2)::cpoint);

-- columns of composite types
CREATE TABLE cshapes (id int, pos cpoint, path cpoint[], who cperson);
INSERT INTO cshapes VALUES (1, '(1,2)', '{"(1,2)","(3,4)"}', '(ann,30,1.25)'),
                           (2, ROW(5, 6), ARRAY[ROW(7, 8)::cpoint], ROW('bob smith', 41, NULL)),
                           (3, NULL, NULL, NULL),
                           (4, '(,)', '{}', '(,,)');
SELECT * FROM cshapes ORDER BY id;
SELECT id, (pos).x, (pos).y, path[1], (path[2]).y, (who).name FROM cshapes ORDER BY id;
SELECT id, (who).* FROM cshapes ORDER BY id;
SELECT id, pos IS NULL AS isnull, pos IS NOT NULL AS notnull FROM cshapes ORDER BY id;
SELECT id FROM cshapes WHERE pos = '(5,6)';
SELECT id FROM cshapes WHERE (pos).x > 1 ORDER BY id;
SELECT id, pos FROM cshapes ORDER BY pos, id;
SELECT pos, count(*) FROM cshapes GROUP BY pos ORDER BY pos;
SELECT DISTINCT (pos).y FROM cshapes ORDER BY 1;
SELECT row_to_json(s) FROM cshapes s WHERE id = 1;
SELECT to_jsonb(who) FROM cshapes ORDER BY id;
INSERT INTO cshapes VALUES (5, '(1,2,3)');
INSERT INTO cshapes VALUES (5, ROW(1, 'x'));
INSERT INTO cshapes (id, pos) VALUES (5, 7);

-- updates of whole values and of fields
UPDATE cshapes SET pos = ROW(10, 20) WHERE id = 1;
UPDATE cshapes SET pos = (11, 21) WHERE id = 2;
UPDATE cshapes SET pos.x = 100 WHERE id = 3;
UPDATE cshapes SET pos.y = (pos).y + 1, pos.x = 0 WHERE id IN (1, 4);
UPDATE cshapes SET who.age = 31, who.score = 9.999 WHERE id = 1;
SELECT id, pos, who FROM cshapes ORDER BY id;
UPDATE cshapes SET pos.z = 1;
UPDATE cshapes SET id.x = 1;
UPDATE cshapes SET pos.x = 'abc';
UPDATE cshapes SET pos.x = now();
UPDATE cshapes SET pos = ROW(1, 2, 3);
UPDATE cshapes SET path = array_append(path, ROW(9, 9)::cpoint) WHERE id = 1;
SELECT id, path FROM cshapes WHERE id = 1;
DELETE FROM cshapes WHERE pos = ROW(0, 22)::cpoint RETURNING id, pos;
SELECT count(*) FROM cshapes;

-- a table's row type is a composite type too
CREATE TABLE cowner (k int, v text);
CREATE TABLE cnested (r cowner);
INSERT INTO cnested VALUES ('(1,one)'), (ROW(2, 'two'));
INSERT INTO cnested SELECT o::cowner FROM (VALUES (3, 'three')) AS o(k, v);
INSERT INTO cnested SELECT o FROM (VALUES (4, 'four')) AS o(k, v);
INSERT INTO cnested SELECT ROW(4, 'four');
INSERT INTO cnested SELECT '(4,four)';
DELETE FROM cnested WHERE (r).k = 4;
SELECT r, (r).k, (r).v FROM cnested ORDER BY (r).k;
SELECT (r).* FROM cnested ORDER BY 1;
UPDATE cnested SET r.v = upper((r).v) WHERE (r).k = 1;
SELECT * FROM cnested ORDER BY (r).k;
ALTER TABLE cowner ALTER COLUMN v TYPE varchar(10);
DROP TABLE cowner;
DROP TABLE cnested;
DROP TABLE cowner;

-- composite values in other query forms
SELECT c FROM cshapes c ORDER BY id;
SELECT a.id, b.id FROM cshapes a JOIN cshapes b ON a.pos = b.pos ORDER BY 1, 2;
SELECT id FROM cshapes WHERE pos IN ('(10,20)', '(11,21)') ORDER BY id;
SELECT id FROM cshapes WHERE pos = ANY (ARRAY['(11,21)'::cpoint, '(0,22)'::cpoint]) ORDER BY id;
SELECT max(pos), min(pos), array_agg(pos ORDER BY id) FROM cshapes;
SELECT unnest(path) FROM cshapes WHERE id = 1;
SELECT * FROM unnest('{"(1,2)","(3,4)"}'::cpoint[]);
SELECT (unnest('{"(1,2)","(3,4)"}'::cpoint[])).*;
SELECT coalesce(pos, '(0,0)') FROM cshapes ORDER BY id;
SELECT pos::text, '(3,4)'::text::cpoint FROM cshapes ORDER BY id LIMIT 1;
CREATE VIEW cshapes_view AS SELECT id, pos, (pos).x AS px FROM cshapes;
SELECT * FROM cshapes_view ORDER BY id;
DROP VIEW cshapes_view;
CREATE TABLE cshapes_copy AS SELECT id, pos, path FROM cshapes;
SELECT * FROM cshapes_copy ORDER BY id;
DROP TABLE cshapes_copy;
PREPARE cprep(cpoint) AS SELECT $1, ($1).x + 1;
EXECUTE cprep('(5,6)');
EXECUTE cprep(ROW(7, 8));
DEALLOCATE cprep;
INSERT INTO cshapes (id, pos.x) VALUES (9, 1);
INSERT INTO cshapes (id, pos.y, pos.x, who.name) VALUES (10, 2, 3, 'ten'), (11, NULL, 4, NULL);
INSERT INTO cshapes (id, pos.y, path[2]) SELECT 12, 5, ROW(6, 7)::cpoint;
INSERT INTO cshapes (pos.x) VALUES ('abc');
INSERT INTO cshapes (pos.z) VALUES (1);
INSERT INTO cshapes (id.z) VALUES (1);
INSERT INTO cshapes (pos.x) VALUES (DEFAULT);
INSERT INTO cshapes (pos.x, pos) VALUES (1, NULL);
SELECT id, pos, path, who FROM cshapes WHERE id >= 9 ORDER BY id;
MERGE INTO cshapes c USING (SELECT 13 AS k) s ON c.id = s.k
  WHEN NOT MATCHED THEN INSERT (id, pos.y) VALUES (s.k, 13);
SELECT id, pos FROM cshapes WHERE id = 13;
DELETE FROM cshapes WHERE id >= 9;
CREATE TYPE cself AS (a int);
ALTER TYPE cself ADD ATTRIBUTE b cself;
ALTER TYPE cself ADD ATTRIBUTE b cself[];
CREATE TYPE cself2 AS (x cself);
ALTER TYPE cself ADD ATTRIBUTE c cself2;
ALTER TYPE cself ALTER ATTRIBUTE a TYPE cself2;
ALTER TYPE cself ADD ATTRIBUTE s serial;
DROP TYPE cself2, cself;
CREATE TABLE cselft (a int);
ALTER TABLE cselft ADD COLUMN b cselft;
ALTER TABLE cselft ALTER COLUMN a TYPE cselft[];
DROP TABLE cselft;

-- nested composite values, domains and arrays inside stored values
CREATE DOMAIN cposint AS int CHECK (VALUE > 0);
CREATE TYPE cinner AS (t text, p cposint, ts timestamptz, a int[], j jsonb);
CREATE TYPE couter AS (i cinner, n numeric, l cinner[]);
CREATE TABLE cdeep (id int, v couter);
INSERT INTO cdeep VALUES (1, ROW(ROW('x y', 5, '2020-01-01 10:00+00', '{1,2}', '{"a": [1, null]}')::cinner, 1.5,
                                ARRAY[ROW('q', 1, NULL, NULL, NULL)::cinner]));
INSERT INTO cdeep VALUES (2, '("(a,1,,{3},)",2,"{""(b,2,,,)""}")');
SELECT * FROM cdeep ORDER BY id;
SELECT id, ((v).i).t, ((v).i).p, ((v).i).a[2], ((v).i).j -> 'a', (v).l[1].t FROM cdeep ORDER BY id;
SELECT '(,0,,,)'::cinner;
SELECT '(,,,,)'::cinner;
SELECT ROW('x', 0, NULL, NULL, NULL)::cinner;
UPDATE cdeep SET v.n = (v).n * 2;
SELECT id, (v).n FROM cdeep ORDER BY id;
DROP DOMAIN cposint;
DROP TABLE cdeep;
DROP TYPE couter, cinner;
DROP DOMAIN cposint;

-- SQL functions returning composite values
CREATE FUNCTION make_point(int, int) RETURNS cpoint LANGUAGE sql AS $$ SELECT $1, $2 $$;
CREATE FUNCTION make_point2(a int) RETURNS cpoint LANGUAGE sql AS $$ SELECT ROW(a, a * 2)::cpoint $$;
SELECT make_point(1, 2), (make_point(3, 4)).y, make_point2(5), (make_point2(6)).*;
SELECT * FROM make_point(7, 8);
SELECT x + y AS s FROM make_point2(9);
CREATE FUNCTION bad_point(int) RETURNS cpoint LANGUAGE sql AS $$ SELECT $1, $1, $1 $$;
CREATE FUNCTION bad_point(int) RETURNS cpoint LANGUAGE sql AS $$ SELECT $1, 'x'::text $$;
DROP FUNCTION make_point(int, int);
DROP FUNCTION make_point2(int);

-- ALTER TYPE on a type no table uses
CREATE TYPE calter AS (a int, b text);
ALTER TYPE calter ADD ATTRIBUTE c numeric(4,1);
ALTER TYPE calter ADD ATTRIBUTE c int;
ALTER TYPE calter ADD ATTRIBUTE d int CASCADE;
SELECT '(1,x,2.25,4)'::calter;
ALTER TYPE calter DROP ATTRIBUTE d;
ALTER TYPE calter DROP ATTRIBUTE IF EXISTS nosuch;
ALTER TYPE calter DROP ATTRIBUTE nosuch;
SELECT '(1,x,2.25)'::calter;
ALTER TYPE calter ALTER ATTRIBUTE b TYPE varchar(3);
ALTER TYPE calter ALTER ATTRIBUTE b SET DATA TYPE text COLLATE "C";
ALTER TYPE calter ALTER ATTRIBUTE a TYPE numeric COLLATE "C";
ALTER TYPE calter ALTER ATTRIBUTE nosuch TYPE int;
ALTER TYPE calter RENAME ATTRIBUTE c TO cc;
ALTER TYPE calter RENAME ATTRIBUTE nosuch TO dd;
ALTER TYPE calter RENAME ATTRIBUTE a TO b;
ALTER TYPE calter ADD ATTRIBUTE e int, DROP ATTRIBUTE cc;
SELECT attname, atttypid::regtype, atttypmod, attcollation, attisdropped FROM pg_attribute
 WHERE attrelid = 'calter'::regclass ORDER BY attnum;
SELECT ROW(1, 'abc', 5)::calter, ('(1,abc,5)'::calter).e;
ALTER TYPE calter RENAME TO calter2;
SELECT relname FROM pg_class WHERE relname LIKE 'calter%';
SELECT typname FROM pg_type WHERE typname LIKE '%calter%' ORDER BY 1;
CREATE SCHEMA cschema;
ALTER TYPE calter2 SET SCHEMA cschema;
SELECT relname, relnamespace::regnamespace FROM pg_class WHERE relname = 'calter2';
SELECT typname, typnamespace::regnamespace FROM pg_type WHERE typname LIKE '%calter2' ORDER BY 1;
SELECT '(1,x,2)'::cschema.calter2;
ALTER TYPE cschema.calter2 OWNER TO postgres;
ALTER TYPE _cpoint ADD ATTRIBUTE z int;
ALTER TYPE int4 ADD ATTRIBUTE z int;
ALTER TYPE nosuch ADD ATTRIBUTE z int;
CREATE TABLE cplain (a int);
ALTER TYPE cplain ADD ATTRIBUTE z int;
ALTER TYPE cplain RENAME TO cplain2;
ALTER TABLE cpoint ADD COLUMN z int;
DROP TABLE cplain;
DROP SCHEMA cschema CASCADE;

-- stored values keep their layout across ADD and DROP ATTRIBUTE
CREATE TYPE cpair AS (a int, b text);
CREATE TABLE cstore (id int, p cpair, ps cpair[]);
INSERT INTO cstore VALUES (1, '(1,x)', '{"(2,y)",NULL}');
ALTER TYPE cpair ADD ATTRIBUTE c int;
INSERT INTO cstore VALUES (2, '(3,z,4)', ARRAY[ROW(5, 'w', 6)::cpair]);
SELECT * FROM cstore ORDER BY id;
ALTER TYPE cpair DROP ATTRIBUTE b;
SELECT * FROM cstore ORDER BY id;
SELECT id, (p).*, ps[1].c FROM cstore ORDER BY id;
UPDATE cstore SET p.c = 40 WHERE id = 1;
INSERT INTO cstore VALUES (3, '(7,8)', '{}');
ALTER TYPE cpair ADD ATTRIBUTE b text;
SELECT * FROM cstore ORDER BY id;
ALTER TYPE cpair ALTER ATTRIBUTE a TYPE bigint;
CREATE TABLE crow (k int, v text);
CREATE TABLE crowuser (r crow);
INSERT INTO crowuser VALUES ('(1,one)');
ALTER TABLE crow ADD COLUMN w int;
INSERT INTO crowuser VALUES ('(2,two,2)');
ALTER TABLE crow DROP COLUMN v;
SELECT * FROM crowuser ORDER BY 1;
ALTER TABLE crow ALTER COLUMN k TYPE bigint;
DROP TABLE cstore, crowuser, crow;
DROP TYPE cpair;

-- enum fields are stored by label, so renaming a label shows in stored values
CREATE TYPE cmood AS ENUM ('sad', 'ok');
CREATE TYPE cfeel AS (m cmood, n int, ms cmood[]);
CREATE TABLE cfeelings (f cfeel, fs cfeel[]);
INSERT INTO cfeelings VALUES ('(ok,1,"{sad,ok}")', ARRAY['(sad,2,)'::cfeel]);
SELECT * FROM cfeelings;
ALTER TYPE cmood RENAME VALUE 'ok' TO 'fine';
SELECT * FROM cfeelings;
SELECT (f).m, (f).m < 'fine', fs[1].m FROM cfeelings;
CREATE TABLE cmoods (id int, ms cmood[]);
INSERT INTO cmoods VALUES (1, '{sad,fine}'), (2, ARRAY['fine'::cmood, NULL]), (3, NULL), (4, '{}');
UPDATE cmoods SET ms[3] = 'sad' WHERE id = 1;
ALTER TYPE cmood RENAME VALUE 'sad' TO 'blue';
SELECT id, ms, ms[1], 'fine' = ANY (ms) FROM cmoods ORDER BY id;
DROP TABLE cmoods;
DROP TABLE cfeelings;
DROP TYPE cfeel;
DROP TYPE cmood;

-- ALTER ATTRIBUTE TYPE of a type a table column stores is refused
ALTER TYPE cpoint ALTER ATTRIBUTE x TYPE bigint;
ALTER TYPE cpoint RENAME ATTRIBUTE x TO xx;
SELECT pos FROM cshapes WHERE id = 2;
SELECT ('(1,2)'::cpoint).xx;
ALTER TYPE cpoint RENAME ATTRIBUTE xx TO x;

-- psql's descriptions
\dT cpoint
\dT+ cperson
\d cperson

-- DROP with dependencies
CREATE TYPE cline AS (a cpoint, b cpoint[]);
DROP TYPE cpoint;
DROP TYPE cpoint RESTRICT;
DROP TYPE _cpoint;
DROP TYPE IF EXISTS nosuch, cempty;
DROP TYPE nosuch;
DROP TYPE cline, cpoint CASCADE;
\d cshapes
SELECT * FROM cshapes ORDER BY id;
DROP TABLE cshapes;
DROP TYPE cperson;
SELECT count(*) FROM pg_type WHERE typname IN ('cpoint', '_cpoint', 'cperson', 'cline', 'cempty');
SELECT count(*) FROM pg_class WHERE relkind = 'c' AND relnamespace = 'public'::regnamespace;

-- Assignment through nested fields and subscripts
CREATE TYPE cnf_in AS (x int, y text);
CREATE TYPE cnf_out AS (a int, b cnf_in);
CREATE TABLE cnft (id int, c cnf_out, arr cnf_in[]);
INSERT INTO cnft VALUES (1, ROW(1, ROW(2, 'two')), ARRAY[ROW(5, 'five')::cnf_in]);
UPDATE cnft SET c.b.x = 20;
UPDATE cnft SET c.b.y = 'changed', c.a = 10;
SELECT * FROM cnft;
INSERT INTO cnft (id, c.b.x) VALUES (2, 7);
INSERT INTO cnft (id, c.a, c.b.y) VALUES (3, 8, 'eight');
UPDATE cnft SET arr[1].x = 50 WHERE id = 1;
UPDATE cnft SET c.b = ROW(1, 'r') WHERE id = 2;
UPDATE cnft SET c.zz.x = 1;
UPDATE cnft SET c.a.x = 1;
SELECT * FROM cnft ORDER BY id;
DROP TABLE cnft; DROP TYPE cnf_out; DROP TYPE cnf_in;
CREATE TYPE cnf_in AS (x int, y text);
CREATE TYPE cnf_out AS (a int, b cnf_in, arr int[]);
CREATE TABLE cnft (id int, c cnf_out, arr cnf_in[], ia int[], j jsonb);
INSERT INTO cnft VALUES (1, ROW(1, ROW(2, 'two'), '{1,2}'), ARRAY[ROW(5, 'five')::cnf_in], '{1}', '{}');
UPDATE cnft SET c.arr[2] = 20, c.b.x = 9;
UPDATE cnft SET arr[2].y = 'new', arr[1].x = NULL;
UPDATE cnft SET arr[1:1].x = 1;
UPDATE cnft SET ia[1].x = 1;
UPDATE cnft SET j['a'].x = '1';
UPDATE cnft SET c.b.x = 'text';
UPDATE cnft SET c.arr[1] = 'text';
UPDATE cnft SET c.b.x = DEFAULT;
UPDATE cnft SET arr[1].x = DEFAULT;
UPDATE cnft SET c.arr[1] = DEFAULT;
INSERT INTO cnft (id, arr[2].x, c.arr[3]) VALUES (2, 4, 6);
SELECT * FROM cnft ORDER BY id;
DROP TABLE cnft; DROP TYPE cnf_out; DROP TYPE cnf_in;

-- Shell types: CREATE TYPE name makes a placeholder (typisdefined false,
-- typtype p) that nothing can use until a definition fills it in.
CREATE TYPE cp_shell;
SELECT typname, typlen, typbyval, typtype, typcategory, typisdefined, typarray, typinput, typoutput, typreceive, typsend, typalign, typstorage FROM pg_type WHERE typname = 'cp_shell';
SELECT refclassid::regclass, refobjid::regnamespace, deptype FROM pg_depend WHERE classid = 'pg_type'::regclass AND objid = (SELECT oid FROM pg_type WHERE typname = 'cp_shell');
SELECT format_type(oid, NULL), pg_describe_object('pg_type'::regclass, oid, 0) FROM pg_type WHERE typname = 'cp_shell';
CREATE TYPE cp_shell;
SELECT 'cp_shell'::regtype;
SELECT 'public.cp_shell'::regtype;
SELECT 'cp_shell[]'::regtype;
SELECT to_regtype('cp_shell');
SELECT 'x'::cp_shell;
SELECT NULL::cp_shell;
SELECT CAST(NULL AS cp_shell[]);
CREATE TABLE cp_shell_t (a cp_shell);
CREATE TABLE cp_shell_t (a cp_shell[]);
CREATE DOMAIN cp_shell_d AS cp_shell;
CREATE TYPE cp_shell_c AS (a cp_shell);
CREATE FUNCTION cp_shell_f(cp_shell) RETURNS int LANGUAGE sql AS 'SELECT 1';
CREATE FUNCTION cp_shell_f(OUT a cp_shell) LANGUAGE sql AS 'SELECT 1';
CREATE FUNCTION cp_shell_f() RETURNS cp_shell LANGUAGE sql AS 'SELECT NULL';
CREATE FUNCTION cp_shell_f() RETURNS SETOF cp_shell LANGUAGE sql AS 'SELECT NULL';
CREATE PROCEDURE cp_shell_p(a cp_shell) LANGUAGE sql AS 'SELECT 1';
COMMENT ON TYPE cp_shell IS 'a shell';
\dT cp_shell
ALTER TYPE cp_shell RENAME TO cp_shell2;
ALTER TYPE cp_shell ADD VALUE 'x';
ALTER DOMAIN cp_shell SET NOT NULL;
ALTER TYPE cp_shell OWNER TO postgres;
CREATE SCHEMA cp_s;
ALTER TYPE cp_shell SET SCHEMA cp_s;
DROP SCHEMA cp_s;
-- A base type needs a shell type to complete (and I/O functions).
CREATE TYPE cp_base (INPUT = int4in, OUTPUT = int4out);
CREATE TYPE cp_base (INTERNALLENGTH = 4);
DROP TYPE cp_shell, cp_shell;
DROP TYPE IF EXISTS cp_shell;
BEGIN;
CREATE TYPE cp_shell;
ROLLBACK;
SELECT count(*) FROM pg_type WHERE typname = 'cp_shell';
-- A definition of the same name fills the shell in: it keeps the shell's
-- OID and comment.
CREATE TYPE cp_fill;
COMMENT ON TYPE cp_fill IS 'filled';
CREATE TEMP TABLE cp_oid AS SELECT oid FROM pg_type WHERE typname = 'cp_fill';
CREATE TYPE cp_fill AS (a int);
SELECT typtype, typisdefined, typarray <> 0 AS has_array, oid = (SELECT oid FROM cp_oid) AS same_oid, obj_description(oid, 'pg_type') FROM pg_type WHERE typname = 'cp_fill';
SELECT refclassid::regclass, deptype FROM pg_depend WHERE classid = 'pg_type'::regclass AND objid = 'cp_fill'::regtype ORDER BY 1, 2;
SELECT ROW(1)::cp_fill;
CREATE TYPE cp_fill;
DROP TYPE cp_fill;
CREATE TYPE cp_fill;
CREATE TYPE cp_fill AS ENUM ('a', 'b');
SELECT typtype, typisdefined, typarray <> 0 AS has_array FROM pg_type WHERE typname = 'cp_fill';
SELECT 'b'::cp_fill, ARRAY['a']::cp_fill[];
DROP TYPE cp_fill;
CREATE TYPE cp_fill;
CREATE DOMAIN cp_fill AS int CHECK (VALUE > 0);
SELECT 1::cp_fill;
SELECT 0::cp_fill;
DROP TYPE cp_fill;
CREATE TYPE cp_fill;
CREATE TABLE cp_fill (a int);
INSERT INTO cp_fill VALUES (1);
SELECT cp_fill FROM cp_fill;
DROP TABLE cp_fill;
DROP TYPE cp_fill;
CREATE TYPE cp_fill;
CREATE VIEW cp_fill AS SELECT 1 AS a;
DROP TYPE cp_fill;
DROP VIEW cp_fill;
CREATE TYPE cp_fill;
CREATE TABLE cp_fill AS SELECT 2 AS a;
SELECT cp_fill FROM cp_fill;
DROP TABLE cp_fill;
CREATE TYPE "_cp_fill";
CREATE TYPE cp_fill AS (a int);
SELECT typname FROM pg_type WHERE typname LIKE '%cp\_fill' ORDER BY 1;
DROP TYPE cp_fill;
DROP TYPE _cp_fill;
CREATE TYPE cp_fill;
CREATE TABLE cp_fill_t (a int);
ALTER TABLE cp_fill_t RENAME TO cp_fill;
DROP TABLE cp_fill_t;
DROP TYPE cp_fill;
DROP TABLE cp_oid;
