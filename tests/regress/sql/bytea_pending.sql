--
-- bytea: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
CREATE TABLE bytea_t (id int, b bytea);
INSERT INTO bytea_t VALUES (1, '\x00'), (2, 'abc'), (3, '\xffff'), (4, ''), (5, NULL), (6, decode('c0ffee', 'hex'));
SELECT get_byte('\x0102ff'::bytea, 2), set_byte('\x010203'::bytea, 1, 255), get_bit('\x01'::bytea, 0), set_bit('\x00'::bytea, 7, 1);
SELECT get_byte('\x01'::bytea, 5);
SELECT md5('abc'::bytea), md5(''::bytea), sha256('abc'::bytea);
SELECT encode('abc'::bytea, 'hex'), encode('abc'::bytea, 'base64'), encode('a\000b'::bytea, 'escape');
SELECT encode('\x00'::bytea, 'base64'), encode('hello world, this is a longer string to see line breaks in base64 output!!'::bytea, 'base64');
SELECT id, length(b), encode(b, 'hex') FROM bytea_t ORDER BY id;
SELECT decode('616263', 'hex'), decode('YWJj', 'base64'), decode('a\\000b', 'escape');
SELECT decode('6', 'hex');
SELECT decode('abc', 'nope');
SELECT convert_to('héllo', 'UTF8'), convert_from('\x68c3a96c6c6f'::bytea, 'UTF8');
SELECT string_agg(b, '\x2c'::bytea ORDER BY id) FROM bytea_t;
DROP TABLE bytea_t;
