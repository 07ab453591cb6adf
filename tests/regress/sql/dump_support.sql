-- What pg_dump reads besides the object definitions: default ACLs and
-- their expansion, option arrays, name subscripts, the schemas' initial
-- privileges, security labels, and the settings and commands its scripts
-- use on restore.

-- acldefault by object type letter, for the bootstrap superuser
SELECT k, acldefault(k::"char", 10) FROM unnest(ARRAY['c','r','s','d','f','l','L','n','p','t','F','S','T']) AS k ORDER BY k COLLATE "C";
SELECT acldefault('r', 6171);
SELECT acldefault('x', 10);
SELECT acldefault(NULL, 10) IS NULL AS null_kind, acldefault('r', NULL) IS NULL AS null_owner;
SELECT pg_typeof(acldefault('n', 10));
SELECT cardinality(acldefault('c', 10)), array_length(acldefault('c', 10), 1);

-- aclexplode: one row per privilege, in bit order
SELECT * FROM aclexplode(acldefault('r', 10));
SELECT * FROM aclexplode(acldefault('d', 10));
SELECT * FROM aclexplode(acldefault('c', 10));
SELECT grantee, count(*) FROM aclexplode(acldefault('T', 10)) GROUP BY grantee ORDER BY grantee;
SELECT n.nspname, e.* FROM pg_namespace n, aclexplode(n.nspacl) e
 WHERE n.nspname IN ('public', 'pg_catalog') ORDER BY 1, 3, 4;

-- the schemas' privileges and pg_init_privs as initdb leaves them
SELECT nspname, nspacl FROM pg_namespace WHERE nspname IN ('public', 'pg_catalog', 'pg_toast') ORDER BY 1;
SELECT objoid::regnamespace, classoid::regclass, objsubid, privtype, initprivs
  FROM pg_init_privs WHERE classoid = 'pg_namespace'::regclass ORDER BY 1;

-- pg_options_to_table splits at the first '='
SELECT * FROM pg_options_to_table(ARRAY['fillfactor=70', 'a=b=c', 'novalue', '=x', '']);
SELECT * FROM pg_options_to_table('{}'::text[]);
SELECT count(*) FROM pg_options_to_table(NULL);

-- name is a fixed-length array of 64 "char", 0-based
SELECT typname, typname[0], typname[1], typname[3] FROM pg_type WHERE oid = 'int4'::regtype;
SELECT typname[63] = '' AS last_is_zero, typname[64] IS NULL AS past_end, typname[-1] IS NULL AS negative,
       typname[0][0] IS NULL AS two_dims, typname[NULL] IS NULL AS null_index
  FROM pg_type WHERE oid = 'int4'::regtype;
SELECT pg_typeof(typname[0]) FROM pg_type WHERE oid = 'int4'::regtype;
SELECT count(*) FROM pg_type WHERE typname[0] = '_' AND typelem <> 0 AND typname = '_int4';
SELECT typname[1:2] FROM pg_type WHERE oid = 'int4'::regtype;
SELECT typname[1:2] FROM pg_type WHERE false;
SELECT ('abc'::name)[1], ('abc'::name)[2] = '' AS after_end;

-- no security label exists
SELECT count(*) FROM pg_seclabels;
SELECT count(*) FROM pg_seclabel;

-- the triggers of foreign keys, as pg_get_triggerdef prints them (the
-- names carry OIDs)
CREATE SCHEMA dump_s;
CREATE TABLE dump_s.pk (a int PRIMARY KEY, b int UNIQUE);
CREATE TABLE dump_fk (a int REFERENCES dump_s.pk ON DELETE CASCADE ON UPDATE SET DEFAULT,
  b int REFERENCES dump_s.pk (b) DEFERRABLE INITIALLY DEFERRED);
SELECT tgrelid::regclass, regexp_replace(pg_get_triggerdef(oid), '_[0-9]+', '_N') AS def,
       regexp_replace(pg_get_triggerdef(oid, true), '_[0-9]+', '_N') AS pretty
  FROM pg_trigger WHERE tgrelid IN ('dump_fk'::regclass, 'dump_s.pk'::regclass)
 ORDER BY tgrelid::regclass::text, tgfoid, tgtype, tgdeferrable;
SET search_path = dump_s, public;
SELECT regexp_replace(pg_get_triggerdef(oid, true), '_[0-9]+', '_N') AS pretty
  FROM pg_trigger WHERE tgrelid = 'dump_fk'::regclass ORDER BY tgfoid, tgdeferrable;
RESET search_path;
SELECT pg_get_triggerdef(0) IS NULL AS unknown;
DROP TABLE dump_fk;
DROP SCHEMA dump_s CASCADE;

-- no statistics objects exist
SELECT pg_get_statisticsobjdef(0) IS NULL, pg_get_statisticsobjdef_columns(0) IS NULL,
       pg_get_statisticsobjdef_expressions(0) IS NULL;

-- routines: no SQL-standard body, and bodies not checked when
-- check_function_bodies is off
CREATE FUNCTION dump_f(a int) RETURNS int LANGUAGE sql AS 'select a + 1';
SELECT pg_get_function_sqlbody('dump_f'::regproc) IS NULL AS no_sqlbody;
SET check_function_bodies = off;
CREATE FUNCTION dump_later() RETURNS int LANGUAGE sql AS 'select count(*)::int from dump_not_yet';
CREATE PROCEDURE dump_later_p() LANGUAGE sql AS 'insert into dump_not_yet values (1)';
RESET check_function_bodies;
CREATE TABLE dump_not_yet (a int);
SELECT dump_later();
CALL dump_later_p();
SELECT dump_later();

-- ALTER TABLE ... OWNER TO of a sequence, as pg_dump writes it
CREATE SEQUENCE dump_seq;
ALTER TABLE dump_seq OWNER TO postgres;
ALTER TABLE dump_seq ADD COLUMN x int;
SELECT pg_get_userbyid(relowner) FROM pg_class WHERE relname = 'dump_seq';

DROP SEQUENCE dump_seq;
DROP TABLE dump_not_yet;
DROP FUNCTION dump_f(int);
DROP FUNCTION dump_later();
DROP PROCEDURE dump_later_p();
