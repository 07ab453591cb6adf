#!/bin/bash
# capture_pg15.sh makes the PostgreSQL 15 reference files the heap
# package's TOAST tests read, with a throw-away cluster initialised with
# data checksums (initdb -k). Run it from this directory as root; it
# removes the cluster when it is done.
#
# Table t (k int4, v int8, s text), the same row type as the tests' own
# table, gets six rows whose s is short, compressible inline, incompressible
# (external, uncompressed), compressible but long (external, compressed),
# 1 MB of one letter, and NULL. VACUUM FREEZE marks every tuple frozen so
# that a reader needs no commit log. Outputs:
#   toast_main.page     block 0 of t
#   toast_toast.rel     every block of t's TOAST table
#   toast_meta.txt      the TOAST table's OID and pg_column_compression of each row
set -euo pipefail
cd "$(dirname "$0")"
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PGDATA=${PGDATA:-/tmp/pgref_heap}
PORT=${PORT:-5496}
RUNAS=${RUNAS:-runuser -u pgref --}
id pgref >/dev/null 2>&1 || useradd -m pgref

rm -rf "$PGDATA"
$RUNAS "$PGBIN/initdb" -k -A trust -U pgref -D "$PGDATA" >/dev/null
$RUNAS "$PGBIN/pg_ctl" -D "$PGDATA" -o "-p $PORT -k /tmp -c listen_addresses='' -c default_toast_compression=pglz" -w -l "$PGDATA/log" start >/dev/null
trap '$RUNAS "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null; rm -rf "$PGDATA"' EXIT
PSQL="$PGBIN/psql -X -q -v ON_ERROR_STOP=1 -h /tmp -p $PORT -U pgref postgres"

$PSQL <<'SQL'
CREATE TABLE t (k int4, v int8, s text) WITH (autovacuum_enabled = off);
INSERT INTO t VALUES (1, 10, 'short');
INSERT INTO t VALUES (2, 20, repeat('abcdefghij', 300));
INSERT INTO t SELECT 3, 30, string_agg(md5(i::text), '' ORDER BY i) FROM generate_series(1, 100) i;
INSERT INTO t SELECT 4, 40, string_agg(md5((i % 50)::text), '' ORDER BY i) FROM generate_series(1, 4000) i;
INSERT INTO t VALUES (5, 50, repeat('x', 1000000));
INSERT INTO t VALUES (6, 60, NULL);
VACUUM FREEZE t;
CHECKPOINT;
SQL
heap=$($PSQL -At -c "SELECT pg_relation_filepath('t')")
toast=$($PSQL -At -c "SELECT pg_relation_filepath(reltoastrelid) FROM pg_class WHERE relname = 't'")
dd if="$PGDATA/$heap" of=toast_main.page bs=8192 count=1 status=none
cp "$PGDATA/$toast" toast_toast.rel
{
  $PSQL -At -c "SELECT 'toastrelid ' || reltoastrelid::oid::int FROM pg_class WHERE relname = 't'"
  $PSQL -At -c "SELECT 'row ' || k || ' ' || coalesce(pg_column_compression(s), '-') || ' ' || coalesce(pg_column_size(s), 0) FROM t ORDER BY k"
} > toast_meta.txt
cat toast_meta.txt
echo "heap $heap toast $toast"
