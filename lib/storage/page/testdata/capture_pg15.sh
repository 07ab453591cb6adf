#!/bin/bash
# capture_pg15.sh makes the reference pages the page package's tests read,
# with a throw-away PostgreSQL 15 cluster initialised with data checksums
# (initdb -k). Run it from this directory as root; it removes the cluster
# when it is done.
#
# Outputs (8192 bytes each, block 0 of their fork, checksum set by the
# reference when it wrote them at CHECKPOINT):
#   heap_before_vacuum.page  table t after inserting 60 rows and deleting
#                            those with id % 3 = 0 (tuples still stored)
#   heap_after_vacuum.page   the same block after VACUUM: dead items unused,
#                            live tuples compacted by PageRepairFragmentation
#   btree_meta.page          block 0 of t's primary key index (special space)
#   btree_leaf.page          block 1 of the same index (a leaf page)
#   fsm.page                 block 0 of t's free space map fork
set -euo pipefail
cd "$(dirname "$0")"
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PGDATA=${PGDATA:-/tmp/pgref_page}
PORT=${PORT:-5495}
RUNAS=${RUNAS:-runuser -u pgref --}
id pgref >/dev/null 2>&1 || useradd -m pgref

rm -rf "$PGDATA"
$RUNAS "$PGBIN/initdb" -k -A trust -U pgref -D "$PGDATA" >/dev/null
$RUNAS "$PGBIN/pg_ctl" -D "$PGDATA" -o "-p $PORT -k /tmp -c listen_addresses=''" -w -l "$PGDATA/log" start >/dev/null
trap '$RUNAS "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null; rm -rf "$PGDATA"' EXIT
PSQL="$PGBIN/psql -X -q -v ON_ERROR_STOP=1 -h /tmp -p $PORT -U pgref postgres"

$PSQL <<'SQL'
CREATE TABLE t (id int PRIMARY KEY, pad text) WITH (autovacuum_enabled = off);
INSERT INTO t SELECT g, repeat(chr(64 + g % 26), g % 40) FROM generate_series(1, 60) g;
DELETE FROM t WHERE id % 3 = 0;
CHECKPOINT;
SQL
heap=$($PSQL -At -c "SELECT pg_relation_filepath('t')")
idx=$($PSQL -At -c "SELECT pg_relation_filepath('t_pkey')")
dd if="$PGDATA/$heap" of=heap_before_vacuum.page bs=8192 count=1 status=none
dd if="$PGDATA/$idx" of=btree_meta.page bs=8192 count=1 status=none
dd if="$PGDATA/$idx" of=btree_leaf.page bs=8192 skip=1 count=1 status=none
$PSQL -c "VACUUM t" -c "CHECKPOINT"
dd if="$PGDATA/$heap" of=heap_after_vacuum.page bs=8192 count=1 status=none
dd if="$PGDATA/${heap}_fsm" of=fsm.page bs=8192 count=1 status=none
echo "heap $heap index $idx"
