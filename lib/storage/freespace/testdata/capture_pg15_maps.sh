#!/bin/bash
# capture_pg15_maps.sh makes the PostgreSQL 15 reference files of the free
# space map and visibility map tests, from the team's reference server
# (PGHOST/PGPORT/PGUSER, default /tmp, 5499, postgres; data checksums off),
# in a database fsmvm_ref created for it and dropped afterwards. Run it
# from this directory as a user who can read the server's data directory.
#
# Table t (k int, s text) gets 20000 rows of varying width; some are
# deleted and updated; VACUUM records free space; VACUUM FREEZE sets both
# map bits everywhere; updates clear some pages, a plain VACUUM sets
# ALL_VISIBLE alone on them, and more updates clear others. Outputs:
#   pg15_t_fsm                          t's _fsm fork (3 pages)
#   pg15_t_fsm.expected                 pg_freespace('t'): blkno|avail
#   ../../../access/heap/testdata/pg15_t_vm           t's _vm fork (1 page)
#   ../../../access/heap/testdata/pg15_t_vm.expected  pg_visibility_map('t'): blkno|all_visible|all_frozen
set -euo pipefail
cd "$(dirname "$0")"
PSQL="/usr/lib/postgresql/15/bin/psql -X -q -v ON_ERROR_STOP=1 -h ${PGHOST:-/tmp} -p ${PGPORT:-5499} -U ${PGUSER:-postgres}"
$PSQL -c "CREATE DATABASE fsmvm_ref" postgres
trap '$PSQL -c "DROP DATABASE fsmvm_ref" postgres' EXIT
DB="$PSQL fsmvm_ref"
$DB <<'SQL'
CREATE EXTENSION pg_freespacemap;
CREATE EXTENSION pg_visibility;
CREATE TABLE t (k int, s text) WITH (autovacuum_enabled = off);
INSERT INTO t SELECT g, repeat('x', (g % 37) * 7) FROM generate_series(1, 20000) g;
DELETE FROM t WHERE k % 5 = 0 OR (k BETWEEN 3000 AND 4500);
UPDATE t SET s = s || 'y' WHERE k % 97 = 1;
VACUUM (FREEZE false) t;
UPDATE t SET s = s WHERE k BETWEEN 8000 AND 8100;
VACUUM FREEZE t;
UPDATE t SET s = s || 'z' WHERE k BETWEEN 10000 AND 10400;
VACUUM t;
UPDATE t SET s = s WHERE k BETWEEN 15000 AND 15300;
CHECKPOINT;
SQL
datadir=$($DB -At -c "SHOW data_directory")
file=$($DB -At -c "SELECT pg_relation_filepath('t')")
cp "$datadir/${file}_fsm" pg15_t_fsm
cp "$datadir/${file}_vm" ../../../access/heap/testdata/pg15_t_vm
chmod 644 pg15_t_fsm ../../../access/heap/testdata/pg15_t_vm
$DB -At -c "SELECT blkno, avail FROM pg_freespace('t') ORDER BY 1" >pg15_t_fsm.expected
$DB -At -c "SELECT blkno, all_visible, all_frozen FROM pg_visibility_map('t') ORDER BY 1" >../../../access/heap/testdata/pg15_t_vm.expected
