-- xid8, pg_snapshot, txid_snapshot and the transaction id functions.
-- Ids differ from run to run: they are tested by their relations.

-- xid8 input reads like strtoull (base 0), without checks.
SELECT '0'::xid8, '42'::xid8, '0x1F'::xid8, ' 017'::xid8, '12 '::xid8,
       '18446744073709551615'::xid8, '18446744073709551616'::xid8, '-1'::xid8, 'junk'::xid8;
SELECT pg_typeof('1'::xid8), '7'::xid8::text, '9'::text::xid8;
SELECT '4294967301'::xid8::xid AS wrapped, xid('5'::xid8);
SELECT '5'::xid8 = '5', '5'::xid8 <> '5', '5'::xid8 < '6', '5'::xid8 > '6', '5'::xid8 <= '5', '5'::xid8 >= '6';
SELECT '18446744073709551615'::xid8 > '1'::xid8 AS unsigned;
SELECT xid8cmp('1', '2'), xid8cmp('2', '2'), xid8cmp('18446744073709551615', '1');
SELECT min(x), max(x) FROM (VALUES ('10'::xid8), ('9'), ('18446744073709551615')) v(x);
SELECT x FROM (VALUES ('3'::xid8), ('18446744073709551615'), ('1'), ('2')) v(x) ORDER BY x;
SELECT x, count(*) FROM (VALUES ('3'::xid8), ('1'), ('3')) v(x) GROUP BY x ORDER BY x;
SELECT '{1,2,3}'::xid8[], ('{4,5}'::xid8[])[2];
-- Errors.
SELECT 5::xid8;
SELECT '5'::xid8 = 5::bigint;
SELECT '5'::xid8 + 1;
SELECT '5'::xid = '5'::xid8;

-- Snapshots.
SELECT '1:5:2,3'::pg_snapshot, '1:5:'::txid_snapshot, '1:5:3,3,4'::pg_snapshot, ' 1: 5: 2, 3'::pg_snapshot;
SELECT '10:20:10,11,19'::pg_snapshot, '7:7:'::pg_snapshot;
SELECT pg_typeof('1:2:'::pg_snapshot), pg_typeof('1:2:'::txid_snapshot);
SELECT '5:1:'::pg_snapshot;
SELECT '1:5:2,1'::txid_snapshot;
SELECT '0:5:'::pg_snapshot;
SELECT '1:5:5'::pg_snapshot;
SELECT '1:5:,'::pg_snapshot;
SELECT '1:5'::pg_snapshot;
SELECT '1:5:3,2'::pg_snapshot;
SELECT '1:5:3;'::pg_snapshot;
SELECT ''::pg_snapshot;
SELECT '1:2:'::pg_snapshot = '1:2:'::pg_snapshot;
SELECT pg_snapshot_xmin('2:10:3,5'), pg_snapshot_xmax('2:10:3,5'),
       txid_snapshot_xmin('2:10:3,5'), txid_snapshot_xmax('2:10:3,5');
SELECT pg_typeof(pg_snapshot_xmin('2:10:')), pg_typeof(txid_snapshot_xmin('2:10:'));
SELECT pg_snapshot_xip('1:10:3,5,7');
SELECT * FROM txid_snapshot_xip('1:10:3,5,7') x ORDER BY x DESC;
SELECT count(*) FROM pg_snapshot_xip('1:10:');
SELECT x, pg_visible_in_snapshot(x::text::xid8, '2:10:3,5'), txid_visible_in_snapshot(x, '2:10:3,5')
  FROM generate_series(1, 11) x ORDER BY x;
CREATE TEMP TABLE xid_snaps (s pg_snapshot, t txid_snapshot, x xid8);
INSERT INTO xid_snaps VALUES ('3:9:4,6', '3:9:5', '8'), ('100:100:', '1:1000:1,999', NULL);
SELECT s, t, x, pg_snapshot_xmax(s), pg_visible_in_snapshot(x, s) FROM xid_snaps ORDER BY x;
DROP TABLE xid_snaps;

-- The current transaction's id.
SELECT txid_current() = txid_current() AS same, pg_current_xact_id() = pg_current_xact_id() AS same8;
SELECT pg_typeof(txid_current()), pg_typeof(pg_current_xact_id()), pg_typeof(txid_current_if_assigned()),
       pg_typeof(pg_current_snapshot()), pg_typeof(txid_current_snapshot());
SELECT txid_current_if_assigned() IS NULL AS none, pg_current_xact_id_if_assigned() IS NULL AS none8;
SELECT txid_current() < txid_current() AS later_in_one_statement;
SELECT txid_current() AS first_id \gset
SELECT txid_current() > :first_id AS next_statement_next_id;
BEGIN;
SELECT pg_current_xact_id_if_assigned() IS NULL AS none;
SELECT pg_current_xact_id() = pg_current_xact_id_if_assigned() AS assigned;
SELECT txid_current() = pg_current_xact_id()::text::bigint AS same;
SELECT txid_current_if_assigned() = txid_current() AS same_if_assigned;
SELECT pg_xact_status(pg_current_xact_id()) AS status, txid_status(txid_current()) AS status8;
SELECT pg_visible_in_snapshot(pg_current_xact_id(), pg_current_snapshot()) AS visible_to_itself;
SELECT pg_snapshot_xmin(pg_current_snapshot()) <= pg_current_xact_id() AS xmin_le;
SELECT pg_current_xact_id()::xid::text = txid_current()::text AS small_epoch;
CREATE TEMP TABLE xid_rows (id xid8, label text);
INSERT INTO xid_rows VALUES (pg_current_xact_id(), 'committed');
SELECT xmin::text = id::xid::text AS xmin_matches FROM xid_rows;
SAVEPOINT s1;
SELECT pg_current_xact_id() = (SELECT id FROM xid_rows) AS top_level_in_savepoint;
ROLLBACK TO s1;
COMMIT;
SELECT pg_xact_status(id) FROM xid_rows;
SELECT pg_visible_in_snapshot(id, pg_current_snapshot()) AS now_visible FROM xid_rows;
SELECT pg_snapshot_xmax(pg_current_snapshot()) > id AS below_xmax FROM xid_rows;
SELECT txid_visible_in_snapshot(id::text::bigint, txid_current_snapshot()) FROM xid_rows;

-- An aborted transaction.
BEGIN;
SELECT pg_current_xact_id() AS aborted_id \gset
SELECT pg_xact_status(:'aborted_id') AS status;
ROLLBACK;
SELECT pg_xact_status(:'aborted_id') AS status, txid_status(:'aborted_id') AS status8;
SELECT :'aborted_id'::xid8 > id AS later FROM xid_rows;
SELECT pg_visible_in_snapshot(:'aborted_id', pg_current_snapshot()) AS finished;

-- A read-only transaction is given an id too.
BEGIN TRANSACTION READ ONLY;
SELECT pg_current_xact_id_if_assigned() IS NULL AS none;
SELECT pg_current_xact_id() > :'aborted_id'::xid8 AS newer;
SELECT pg_current_xact_id_if_assigned() IS NOT NULL AS assigned;
COMMIT;

-- Special and future ids.
SELECT pg_xact_status('0') IS NULL AS invalid, pg_xact_status('1') AS bootstrap, pg_xact_status('2') AS frozen;
SELECT txid_status(0) IS NULL AS invalid;
SELECT pg_xact_status('18446744073709551615');
SELECT txid_status(9223372036854775807);
SELECT pg_xact_status(NULL), txid_status(NULL);
SELECT pg_snapshot_xmin(pg_current_snapshot()) <= pg_snapshot_xmax(pg_current_snapshot()) AS ordered;
SELECT pg_snapshot_xmax(pg_current_snapshot()) <= pg_current_xact_id() AS xmax_le_next;
-- age(xid): special ids are infinitely old; within a transaction the
-- age counts from its own id and stays the same.
SELECT age('0'::xid) AS invalid, age('1'::xid) AS bootstrap, age('2'::xid) AS frozen, age(NULL::xid);
BEGIN;
SELECT age(pg_current_xact_id()::xid) AS own;
SELECT age(xmin) >= 0 AS nonneg, age(xmin) = age(xmin) AS stable FROM xid_rows LIMIT 1;
COMMIT;
SELECT age(datfrozenxid) > 0 AS positive FROM pg_database WHERE datname = 'template0';
SELECT pg_typeof(age('3'::xid));
DROP TABLE xid_rows;
