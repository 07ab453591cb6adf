#!/bin/bash
# capture_pg15.sh records what PostgreSQL 15's initdb leaves in the system
# catalogs, for catalog_ref_test.go to compare gpostgres's bootstrap with.
# It initialises a throw-away reference cluster (initdb -U postgres
# --locale=C.UTF-8 -E UTF8), captures, stops the server and removes the
# cluster. Run it as root from anywhere; it writes testdata/pg15/.
#
# Environment:
#   PGBIN   the reference's binaries (default /usr/lib/postgresql/15/bin)
#   PGDATA  the throw-away cluster (default /tmp/pgref_cat)
#   PORT    its port (default 5496); the socket goes to /tmp
#   RUNAS   runs a command as the cluster owner, because postgres refuses
#           root (default: runuser -u pgref --)
#
# Outputs (tab-separated, NULL printed as \N, text with \\, \n and \t
# escaped as COPY does, reg* columns cast to oid so the numbers do not
# depend on name resolution):
#   <catalog>.txt   every row of pg_class, pg_type, pg_namespace,
#                   pg_proc, pg_authid, pg_database, pg_tablespace with oid < 16384,
#                   and of pg_attribute for the relations with oid < 16384
#                   whose relkind is 'r', ordered by oid (attrelid, attnum);
#                   the first line holds the column names
#   counts.txt      catalog name, rows, rows with oid < 12000 (rows from
#                   the bootstrap phase; -1 when the catalog has no oid)
#   tuples.txt      catalog, t_infomask2, t_bits, hex of t_data for rows
#                   the bootstrap wrote and nothing changed since (t_xmin 1,
#                   t_xmax 0), for a set of catalogs, from pageinspect
set -euo pipefail
cd "$(dirname "$0")/pg15"
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PGDATA=${PGDATA:-/tmp/pgref_cat}
PORT=${PORT:-5496}
RUNAS=${RUNAS:-runuser -u pgref --}
id pgref >/dev/null 2>&1 || useradd -m pgref

rm -rf "$PGDATA"
$RUNAS "$PGBIN/initdb" -A trust -U postgres --locale=C.UTF-8 -E UTF8 -D "$PGDATA" >/dev/null
$RUNAS "$PGBIN/pg_ctl" -D "$PGDATA" -o "-p $PORT -k /tmp -c listen_addresses=''" -w -l "$PGDATA/log" start >/dev/null
trap '$RUNAS "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null; rm -rf "$PGDATA"' EXIT
PSQL=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h /tmp -p "$PORT" -U postgres -At -F $'\t' -P 'null=\N')

# cols CATALOG: the select list of every column, reg* cast to oid, text
# escaped as COPY does (\\, \n, \t) so that a row stays on one line.
cols() {
  "${PSQL[@]}" -d template1 -c "SELECT string_agg(CASE
    WHEN atttypid IN ('regproc'::regtype, 'regclass'::regtype, 'regtype'::regtype)
    THEN quote_ident(attname) || '::oid AS ' || quote_ident(attname)
    WHEN atttypid IN ('text'::regtype, 'pg_node_tree'::regtype)
    THEN format('replace(replace(replace(%1\$I::text, E''\\\\'', E''\\\\\\\\''), E''\\n'', E''\\\\n''), E''\\t'', E''\\\\t'') AS %1\$I', attname)
    ELSE quote_ident(attname) END, ', ' ORDER BY attnum)
    FROM pg_attribute WHERE attrelid = '$1'::regclass AND attnum > 0 AND NOT attisdropped"
}
header() {
  "${PSQL[@]}" -d template1 -c "SELECT string_agg(attname, E'\t' ORDER BY attnum) FROM pg_attribute
    WHERE attrelid = '$1'::regclass AND attnum > 0 AND NOT attisdropped"
}
for c in pg_class pg_type pg_proc pg_namespace pg_authid pg_database pg_tablespace; do
  { header $c; "${PSQL[@]}" -d template1 -c "SELECT $(cols $c) FROM $c WHERE oid < 16384 ORDER BY oid"; } > $c.txt
done
{ header pg_attribute; "${PSQL[@]}" -d template1 -c "SELECT $(cols pg_attribute) FROM pg_attribute
  WHERE attrelid IN (SELECT oid FROM pg_class WHERE oid < 16384 AND relkind = 'r') ORDER BY attrelid, attnum"; } > pg_attribute.txt

: > counts.txt
for c in $("${PSQL[@]}" -d template1 -c "SELECT relname FROM pg_class WHERE oid < 12000 AND relkind = 'r' ORDER BY oid"); do
  hasoid=$("${PSQL[@]}" -d template1 -c "SELECT count(*) FROM pg_attribute WHERE attrelid = '$c'::regclass AND attname = 'oid'")
  if [ "$hasoid" = 1 ]; then
    "${PSQL[@]}" -d template1 -c "SELECT '$c', count(*), count(*) FILTER (WHERE oid < 12000) FROM $c" >> counts.txt
  else
    "${PSQL[@]}" -d template1 -c "SELECT '$c', count(*), -1 FROM $c" >> counts.txt
  fi
done

# Untouched bootstrap tuples, byte for byte. pageinspect goes into a scratch
# database so template1 stays as initdb left it. pg_proc is limited to rows
# without array columns other than oidvector (gpostgres stores other arrays
# in its own format) and to low OIDs, to keep the file small.
"${PSQL[@]}" -d postgres -c "CREATE DATABASE capture_scratch" >/dev/null
"${PSQL[@]}" -d capture_scratch -c "CREATE EXTENSION pageinspect" >/dev/null
tuples() { # catalog, extra condition on the row
  "${PSQL[@]}" -d capture_scratch -c "SELECT '$1', t.t_infomask2, coalesce(t.t_bits, ''), encode(t.t_data, 'hex')
    FROM generate_series(0, (pg_relation_size('$1') / 8192)::int - 1) b,
         heap_page_items(get_raw_page('$1', b)) t
    WHERE t.t_xmin = 1 AND t.t_xmax = 0 AND t.t_ctid IN (SELECT ctid FROM $1 WHERE $2)
    ORDER BY b, t.lp"
}
{
  tuples pg_type true
  tuples pg_proc "oid < 700 AND proallargtypes IS NULL AND proargmodes IS NULL AND proargnames IS NULL AND proconfig IS NULL AND proacl IS NULL"
  tuples pg_attribute "attrelid IN (1247, 1249, 1255, 1259)"
  tuples pg_authid true
  tuples pg_tablespace true
  tuples pg_namespace true
  tuples pg_am true
  tuples pg_language true
  tuples pg_operator "oid < 700"
  tuples pg_amop "oid < 10100"
  tuples pg_opclass true
  tuples pg_opfamily true
  tuples pg_cast true
  tuples pg_conversion true
  tuples pg_description "objoid < 300"
  tuples pg_ts_parser true
  tuples pg_ts_template true
  tuples pg_aggregate "aggfnoid::oid < 2200"
  tuples pg_range true
} > tuples.txt
"${PSQL[@]}" -d postgres -c "DROP DATABASE capture_scratch" >/dev/null
wc -l *.txt
