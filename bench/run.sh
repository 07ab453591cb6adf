#!/usr/bin/env bash
# Runs the same workloads against PostgreSQL 15 and gpostgres on this
# machine, one after the other in one run, and prints each result with the
# ratio gpostgres/PostgreSQL (higher is better for rates). Absolute numbers
# drift on shared machines; the ratios are what to compare across runs.
#
#   bench/run.sh                 all workloads
#   bench/run.sh select1 connect only these
#   DURATION=30 bench/run.sh     seconds per workload (default 10)
#
# Needs the postgresql-15 package (server) and postgresql-client-15
# (pgbench); bench/servers.sh starts the two servers.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10}
WORKLOADS=("$@")
[ ${#WORKLOADS[@]} -gt 0 ] || WORKLOADS=(select1 connect bulk_insert insert8 select_only tpcb create_index)
. bench/servers.sh

# pgbench_run PORT ARGS... prints the tps figure.
pgbench_run() {
	local port=$1
	shift
	pgbench -h "$WORK" -p "$port" -U bench -n "$@" postgres 2>&1 | awk '/^tps/ {print $3}'
}

# pgbench_init PORT loads pgbench's tables (scale 10, 1M accounts) with
# their primary keys, generated on the server.
pgbench_init() {
	pgbench -h "$WORK" -p "$1" -U bench -q -i -s 10 -I dtGp postgres >/dev/null 2>&1
}

# setup_sql PORT SQL runs set-up statements for a workload.
setup_sql() {
	psql -X -q -h "$WORK" -p "$1" -U bench -d postgres -c "SET client_min_messages = warning; $2" >/dev/null
}

printf '%-12s %14s %14s %8s\n' workload PostgreSQL gpostgres ratio
for w in "${WORKLOADS[@]}"; do
	setup=""
	case $w in
	select1)     args=(-f bench/workloads/select1.sql -c 4 -j 2 -T "$DURATION") ;;
	connect)     args=(-C -f bench/workloads/select1.sql -c 4 -j 2 -T "$DURATION") ;;
	# One transaction inserting a million rows: tps is 1 / its duration.
	bulk_insert) args=(-f bench/workloads/bulk_insert.sql -c 1 -t 1)
	             setup="DROP TABLE IF EXISTS bulk; CREATE TABLE bulk (a int, b text)" ;;
	# Single-row committing INSERTs from 8 clients (group commit).
	insert8)     args=(-f bench/workloads/insert1.sql -c 8 -j 2 -T "$DURATION")
	             setup="DROP TABLE IF EXISTS ins; CREATE TABLE ins (c int, v int)" ;;
	# Lookups by primary key in pgbench's 1M-row accounts table.
	select_only) args=(-S -c 4 -j 2 -T "$DURATION")
	             [ -n "${INITED:-}" ] || { pgbench_init "$PG_PORT"; pgbench_init "$GP_PORT"; INITED=1; } ;;
	# pgbench's TPC-B-like transaction (no VACUUM: -n).
	tpcb)        args=(-c 4 -j 2 -T "$DURATION")
	             [ -n "${INITED:-}" ] || { pgbench_init "$PG_PORT"; pgbench_init "$GP_PORT"; INITED=1; } ;;
	# CREATE INDEX on 1M rows: tps is 1 / its duration.
	create_index) args=(-f bench/workloads/create_index.sql -c 1 -t 1)
	             setup="DROP TABLE IF EXISTS idxsrc; CREATE TABLE idxsrc AS SELECT g AS id, (g::bigint * 2654435761 % 1000000)::int AS v FROM generate_series(1, 1000000) g; SELECT count(*) FROM idxsrc" ;;
	*) echo "bench: unknown workload $w" >&2; exit 1 ;;
	esac
	if [ -n "$setup" ]; then
		setup_sql "$PG_PORT" "$setup"
		setup_sql "$GP_PORT" "$setup"
	fi
	pg=$(pgbench_run "$PG_PORT" "${args[@]}")
	gp=$(pgbench_run "$GP_PORT" "${args[@]}")
	ratio=$(awk -v a="$gp" -v b="$pg" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')
	printf '%-12s %14.2f %14.2f %8s\n' "$w" "$pg" "$gp" "$ratio"
done
