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
# (pgbench); PostgreSQL refuses to run as root, so its cluster runs as the
# user $BENCH_USER (created if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10}
BENCH_USER=${BENCH_USER:-gpbench}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PG_PORT=${PG_PORT:-55432}
GP_PORT=${GP_PORT:-55433}
WORKLOADS=("$@")
[ ${#WORKLOADS[@]} -gt 0 ] || WORKLOADS=(select1 connect bulk_insert insert8)

if [ ! -x "$PGBIN/postgres" ]; then
	echo "bench: PostgreSQL 15 server not found in $PGBIN (apt-get install postgresql-15)" >&2
	exit 1
fi
make -s build
id "$BENCH_USER" >/dev/null 2>&1 || useradd -m "$BENCH_USER"
WORK=$(mktemp -d /tmp/gpbench.XXXXXX)
chmod 777 "$WORK"
cleanup() {
	su "$BENCH_USER" -c "$PGBIN/pg_ctl -D $WORK/pg -m immediate stop" >/dev/null 2>&1 || true
	bin/gpctl -D "$WORK/gp" -m immediate stop >/dev/null 2>&1 || true
	rm -rf "$WORK"
}
trap cleanup EXIT

# Same settings for both servers.
COMMON="shared_buffers = 128MB
max_connections = 100
synchronous_commit = on
fsync = on
unix_socket_directories = '$WORK'
listen_addresses = ''"

mkdir "$WORK/pg" && chown "$BENCH_USER" "$WORK/pg"
su "$BENCH_USER" -c "$PGBIN/initdb -D $WORK/pg -U bench -A trust" >/dev/null
printf '%s\nport = %s\n' "$COMMON" "$PG_PORT" >> "$WORK/pg/postgresql.conf"
su "$BENCH_USER" -c "$PGBIN/pg_ctl -D $WORK/pg -l $WORK/pg/server.log -w start" >/dev/null

bin/gpinitdb -D "$WORK/gp" -U bench >/dev/null
printf '%s\nport = %s\n' "$COMMON" "$GP_PORT" >> "$WORK/gp/postgresql.conf"
bin/gpctl -D "$WORK/gp" -l "$WORK/gp.log" -w start >/dev/null

# pgbench_run PORT ARGS... prints the tps figure.
pgbench_run() {
	local port=$1
	shift
	pgbench -h "$WORK" -p "$port" -U bench -n "$@" postgres 2>&1 | awk '/^tps/ {print $3}'
}

# setup_sql PORT SQL runs set-up statements for a workload.
setup_sql() {
	psql -X -q -h "$WORK" -p "$1" -U bench -d postgres -c "$2" >/dev/null
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
