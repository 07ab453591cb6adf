--
-- arrays: literals, constructors, subscripts, functions and operators
--
SELECT ARRAY[1, 2, 3], '{1,2,3}'::int[], ARRAY['a', NULL, 'c'], '{{1,2},{3,4}}'::int[], ARRAY[[1, 2], [3, 4]];
SELECT (ARRAY[10, 20, 30])[2], (ARRAY[10, 20, 30])[5], (ARRAY[10, 20, 30])[2:3], ('{{1,2},{3,4}}'::int[])[2][1];
SELECT array_length(ARRAY[1, 2, 3], 1), cardinality(ARRAY[[1, 2], [3, 4]]), array_dims('{{1,2},{3,4}}'::int[]), array_ndims(ARRAY[1]), array_upper(ARRAY[1, 2], 1), array_lower(ARRAY[1, 2], 1);
SELECT array_append(ARRAY[1, 2], 3), array_prepend(0, ARRAY[1, 2]), array_cat(ARRAY[1], ARRAY[2, 3]), ARRAY[1, 2] || 3, 0 || ARRAY[1], ARRAY[1] || ARRAY[2];
SELECT array_remove(ARRAY[1, 2, 1], 1), array_replace(ARRAY[1, 2, 1], 1, 9), array_position(ARRAY['a', 'b'], 'b'), array_positions(ARRAY[1, 2, 1], 1);
SELECT ARRAY[1, 2] = ARRAY[1, 2], ARRAY[1, 2] < ARRAY[1, 3], ARRAY[1, 2, 3] @> ARRAY[2], ARRAY[1] <@ ARRAY[1, 2], ARRAY[1, 2] && ARRAY[2, 5];
SELECT unnest(ARRAY[1, 2, 3]);
SELECT * FROM unnest(ARRAY['a', 'b']) WITH ORDINALITY AS u(v, n);
SELECT * FROM unnest(ARRAY[1, 2], ARRAY['x', 'y', 'z']) AS u(a, b);
SELECT array_agg(x ORDER BY x DESC) FROM generate_series(1, 5) x;
SELECT ARRAY(SELECT x * 2 FROM generate_series(1, 3) x);
SELECT array_to_string(ARRAY[1, NULL, 3], ',', '?'), string_to_array('1,2,3', ',')::int[];
SELECT '{1,2,"x"}'::int[];
SELECT ARRAY[1, 2][0];
CREATE TABLE arr_t (id int, tags text[], nums int[]);
INSERT INTO arr_t VALUES (1, '{a,b}', '{1,2,3}'), (2, ARRAY['c'], ARRAY[4]), (3, '{}', NULL);
SELECT * FROM arr_t ORDER BY id;
SELECT id FROM arr_t WHERE 'a' = ANY (tags);
SELECT id, nums[1], array_length(tags, 1) FROM arr_t ORDER BY id;
UPDATE arr_t SET nums[2] = 99 WHERE id = 1 RETURNING nums;
UPDATE arr_t SET tags = array_append(tags, 'z') RETURNING id, tags;
DROP TABLE arr_t;
