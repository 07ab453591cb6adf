--
-- json and jsonb (pending)
--
SELECT '{"a": 1, "b": [1, 2, 3]}'::json, '{"b": 2, "a": 1}'::jsonb, '[1, "x", null, true]'::jsonb;
SELECT '{"a": '::json;
SELECT '{"a": {"b": 2}}'::jsonb -> 'a', '{"a": {"b": 2}}'::jsonb ->> 'a', '{"a": {"b": 2}}'::jsonb #> '{a,b}', '{"a": {"b": 2}}'::jsonb #>> '{a,b}';
SELECT '[10, 20, 30]'::jsonb -> 1, '[10, 20, 30]'::jsonb ->> -1, '{"a": 1}'::jsonb -> 'nosuch';
SELECT '{"a": 1, "b": 2}'::jsonb @> '{"a": 1}', '{"a": 1}'::jsonb <@ '{"a": 1, "b": 2}', '{"a": 1}'::jsonb ? 'a', '{"a": 1}'::jsonb ?| ARRAY['x', 'a'], '{"a": 1}'::jsonb ?& ARRAY['x', 'a'];
SELECT '{"a": 1}'::jsonb || '{"b": 2}', '{"a": 1, "b": 2}'::jsonb - 'a', '[1, 2, 3]'::jsonb - 0;
SELECT jsonb_build_object('a', 1, 'b', 'x'), jsonb_build_array(1, 'two', NULL), json_build_object('k', true);
SELECT jsonb_set('{"a": 1}', '{b}', '2'), jsonb_pretty('{"a": [1, 2]}'), jsonb_typeof('1.5'), jsonb_array_length('[1, 2]');
SELECT * FROM jsonb_each('{"a": 1, "b": "x"}') ORDER BY key;
SELECT * FROM jsonb_each_text('{"a": 1, "b": "x"}') ORDER BY key;
SELECT jsonb_array_elements('[1, [2], {"c": 3}]');
SELECT jsonb_object_keys('{"b": 1, "a": 2}');
SELECT to_jsonb(1.5), to_jsonb('text'::text), to_json(ARRAY[1, 2]), row_to_json(ROW(1, 'a'));
SELECT jsonb_agg(x), jsonb_object_agg(x::text, x * 2) FROM generate_series(1, 3) x;
SELECT jsonb_path_query('{"a": [1, 2, 3]}', '$.a[*] ? (@ > 1)');
CREATE TABLE json_t (id int, doc jsonb);
INSERT INTO json_t VALUES (1, '{"name": "ann", "tags": ["x", "y"]}'), (2, '{"name": "bob", "age": 30}');
SELECT id, doc ->> 'name' FROM json_t WHERE doc ? 'age';
SELECT id FROM json_t WHERE doc @> '{"tags": ["x"]}';
UPDATE json_t SET doc = doc || '{"age": 31}' WHERE id = 2 RETURNING doc;
DROP TABLE json_t;
