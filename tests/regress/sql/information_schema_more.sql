-- More of information_schema's views: collations, the usage of domains
-- and types by columns, what views read, and the privileges on routines
-- and types, USAGE grants, composite types (with the role_*_grants
-- views over the grants).
CREATE SCHEMA ismore;
CREATE DOMAIN ismore.posint AS int CHECK (VALUE > 0);
CREATE TYPE ismore.pair AS (a int, b text);
CREATE TABLE ismore.t (id ismore.posint, p ismore.pair, note text);
CREATE TABLE ismore.u (k int PRIMARY KEY, label varchar(10));
CREATE FUNCTION ismore.plus1(int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT $1 + 1';
CREATE VIEW ismore.v AS SELECT t.id, t.note, u.label FROM ismore.t JOIN ismore.u ON u.k = t.id;
CREATE VIEW ismore.vv AS SELECT id FROM ismore.v;

SELECT collation_schema, collation_name, pad_attribute
  FROM information_schema.collations
 WHERE collation_name IN ('C', 'POSIX', 'default') ORDER BY 2;
SELECT collation_schema, collation_name, character_set_catalog, character_set_schema, character_set_name
  FROM information_schema.collation_character_set_applicability
 WHERE collation_name IN ('C', 'POSIX', 'default') ORDER BY 2;

SELECT domain_schema, domain_name, table_schema, table_name, column_name
  FROM information_schema.column_domain_usage WHERE table_schema = 'ismore' ORDER BY 4, 5;
SELECT udt_schema, udt_name, table_schema, table_name, column_name
  FROM information_schema.column_udt_usage WHERE table_schema = 'ismore' ORDER BY 4, 5;
SELECT udt_schema, udt_name, domain_schema, domain_name
  FROM information_schema.domain_udt_usage WHERE domain_schema = 'ismore';

SELECT view_schema, view_name, table_schema, table_name
  FROM information_schema.view_table_usage WHERE view_schema = 'ismore' ORDER BY 2, 4;
SELECT view_schema, view_name, table_schema, table_name, column_name
  FROM information_schema.view_column_usage WHERE view_schema = 'ismore' ORDER BY 2, 4, 5;

SELECT grantor, grantee, specific_schema, routine_schema, routine_name, privilege_type, is_grantable
  FROM information_schema.routine_privileges WHERE routine_schema = 'ismore' ORDER BY 2;
SELECT grantor, grantee, routine_name, privilege_type, is_grantable
  FROM information_schema.role_routine_grants WHERE routine_schema = 'ismore' ORDER BY 2;
SELECT specific_name LIKE 'plus1\_%' AS named_by_oid
  FROM information_schema.routine_privileges WHERE routine_schema = 'ismore' LIMIT 1;

SELECT grantor, grantee, udt_schema, udt_name, privilege_type, is_grantable
  FROM information_schema.udt_privileges WHERE udt_schema = 'ismore' ORDER BY 4, 2;
SELECT grantor, grantee, udt_name, privilege_type, is_grantable
  FROM information_schema.role_udt_grants WHERE udt_schema = 'ismore' ORDER BY 3, 2;

SELECT grantor, grantee, table_name, column_name, privilege_type, is_grantable
  FROM information_schema.role_column_grants WHERE table_schema = 'ismore' AND table_name = 'u' ORDER BY 4, 5;

CREATE SEQUENCE ismore.s;
SELECT grantor, grantee, object_schema, object_name, object_type, privilege_type, is_grantable
  FROM information_schema.usage_privileges
 WHERE object_schema = 'ismore' OR (object_type = 'COLLATION' AND object_name IN ('C', 'POSIX', 'default'))
 ORDER BY 4, 2;
SELECT grantor, grantee, object_name, object_type, is_grantable
  FROM information_schema.role_usage_grants WHERE object_schema = 'ismore' ORDER BY 3, 2;
SELECT user_defined_type_schema, user_defined_type_name, user_defined_type_category, is_instantiable, is_final, data_type
  FROM information_schema.user_defined_types WHERE user_defined_type_schema = 'ismore';

-- Their columns, as psql describes them.
\d information_schema.view_column_usage
\d information_schema.routine_privileges
\d information_schema.collations

SELECT table_name, count(*) AS columns
  FROM information_schema.columns
 WHERE table_schema = 'information_schema'
   AND table_name IN ('collations', 'collation_character_set_applicability', 'column_domain_usage', 'column_udt_usage',
                      'domain_udt_usage', 'role_column_grants', 'routine_privileges', 'role_routine_grants',
                      'udt_privileges', 'role_udt_grants', 'view_column_usage', 'view_routine_usage', 'view_table_usage',
                      'usage_privileges', 'role_usage_grants', 'user_defined_types')
 GROUP BY 1 ORDER BY 1;

DROP SCHEMA ismore CASCADE;
