#!/usr/bin/env bash
# Runs the same workloads against PostgreSQL 15 and gpostgres on this
# machine in one run, alternating the servers (A B A B ...: ROUNDS rounds
# of each, default 2), and prints the mean of each server's results with
# the ratio gpostgres/PostgreSQL and the target (docs/benchmarks.md).
# Absolute numbers drift on shared machines; the ratios are what to
# compare across runs.
#
#   bench/run.sh                      the issue's workloads (see below)
#   bench/run.sh select_only connect  only these
#   DURATION=30 ROUNDS=3 bench/run.sh seconds per pgbench run, rounds
#
# Workloads (unit; the ratio's target):
#   init         pgbench -i -s 10, all default steps, seconds (<= 1.3)
#   select_only  pgbench -S, 4 clients, tps (>= 0.8)
#   tpcb         pgbench's TPC-B-like script, 4 clients, tps (>= 0.7)
#   simple_update pgbench -N, 4 clients, tps
#   connect      pgbench -S -C, a connection per transaction, tps (>= 1.5)
#   copy         COPY FROM STDIN of 1M rows into a table with a primary
#                key, seconds (<= 1.0)
#   idle_memory  private dirty memory of an idle backend, kB (<= 1.5)
#   select1, bulk_insert, insert8, create_index: older workloads.
#
# Needs the postgresql-15 package (server) and postgresql-client-15
# (pgbench, psql); bench/servers.sh starts the two servers.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-2}
WORKLOADS=("$@")
[ ${#WORKLOADS[@]} -gt 0 ] || WORKLOADS=(init select_only tpcb simple_update connect copy idle_memory)
. bench/servers.sh

# pgbench_tps PORT ARGS... prints the tps figure.
pgbench_tps() {
	local port=$1
	shift
	pgbench -h "$WORK" -p "$port" -U bench -n "$@" postgres 2>&1 | awk '/^tps/ {print $3}'
}

# seconds CMD... runs a command and prints its wall time in seconds.
seconds() {
	local start end
	start=$(date +%s.%N)
	"$@" >/dev/null 2>&1 || { echo "bench: failed: $*" >&2; echo 0; return; }
	end=$(date +%s.%N)
	awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }'
}

# pgbench_init PORT loads pgbench's tables at scale 10 with the default
# steps (drop, create, client-side generation, vacuum, primary keys).
pgbench_init() {
	pgbench -h "$WORK" -p "$1" -U bench -q -i -s 10 postgres
}

psql_run() {
	local port=$1
	shift
	psql -X -q -v ON_ERROR_STOP=1 -h "$WORK" -p "$port" -U bench -d postgres "$@"
}

# copy_load PORT loads $WORK/copy.txt (1M rows) into a fresh table with a
# primary key, as a client's \copy does.
copy_load() {
	psql_run "$1" -c "DROP TABLE IF EXISTS copy_t; CREATE TABLE copy_t (id int PRIMARY KEY, k int, s text)" &&
		psql_run "$1" -c "\\copy copy_t FROM '$WORK/copy.txt'"
}

# idle_memory PORT prints the private dirty kB of a backend that has
# connected, run one query and sits idle.
idle_memory() {
	local out=$WORK/idle.$1 pid kb
	{ echo "SELECT pg_backend_pid();"; sleep 3; } | psql -X -At -h "$WORK" -p "$1" -U bench -d postgres >"$out" &
	local client=$!
	sleep 2
	pid=$(head -1 "$out")
	kb=$(awk '/^Private_Dirty:/ {print $2}' "/proc/$pid/smaps_rollup")
	wait "$client"
	echo "$kb"
}

# measure WORKLOAD PORT prints one measurement.
measure() {
	local port=$2
	case $1 in
	init)          seconds pgbench_init "$port" ;;
	select_only)   pgbench_tps "$port" -S -c 4 -j 2 -T "$DURATION" ;;
	tpcb)          pgbench_tps "$port" -c 4 -j 2 -T "$DURATION" ;;
	simple_update) pgbench_tps "$port" -N -c 4 -j 2 -T "$DURATION" ;;
	connect)       pgbench_tps "$port" -S -C -c 4 -j 2 -T "$DURATION" ;;
	copy)          seconds copy_load "$port" ;;
	idle_memory)   idle_memory "$port" ;;
	select1)       pgbench_tps "$port" -f bench/workloads/select1.sql -c 4 -j 2 -T "$DURATION" ;;
	bulk_insert)   psql_run "$port" -c "DROP TABLE IF EXISTS bulk; CREATE TABLE bulk (a int, b text)" &&
	               seconds psql_run "$port" -f bench/workloads/bulk_insert.sql ;;
	insert8)       psql_run "$port" -c "DROP TABLE IF EXISTS ins; CREATE TABLE ins (c int, v int)" &&
	               pgbench_tps "$port" -f bench/workloads/insert1.sql -c 8 -j 2 -T "$DURATION" ;;
	create_index)  psql_run "$port" -c "DROP TABLE IF EXISTS idxsrc; CREATE TABLE idxsrc AS SELECT g AS id, (g::bigint * 2654435761 % 1000000)::int AS v FROM generate_series(1, 1000000) g" &&
	               seconds psql_run "$port" -f bench/workloads/create_index.sql ;;
	*) echo "bench: unknown workload $1" >&2; exit 1 ;;
	esac
}

# unit and target of each workload; "lower" marks those where less is
# better (times, memory).
describe() {
	case $1 in
	init)          echo "s lower <=1.3" ;;
	select_only)   echo "tps higher >=0.8" ;;
	tpcb)          echo "tps higher >=0.7" ;;
	simple_update) echo "tps higher -" ;;
	connect)       echo "tps higher >=1.5" ;;
	copy)          echo "s lower <=1.0" ;;
	idle_memory)   echo "kB lower <=1.5" ;;
	select1|insert8) echo "tps higher -" ;;
	bulk_insert)   echo "s lower <=2.0" ;;
	create_index)  echo "s lower <=1.5" ;;
	esac
}

needs_tables() {
	case $1 in select_only|tpcb|simple_update|connect) return 0 ;; esac
	return 1
}

printf '%-14s %5s %12s %12s %7s %7s\n' workload unit PostgreSQL gpostgres ratio target
for w in "${WORKLOADS[@]}"; do
	if needs_tables "$w" && [ -z "${INITED:-}" ]; then
		pgbench_init "$PG_PORT" >/dev/null 2>&1
		pgbench_init "$GP_PORT" >/dev/null 2>&1
		INITED=1
	fi
	if [ "$w" = copy ] && [ ! -f "$WORK/copy.txt" ]; then
		awk 'BEGIN { for (i = 1; i <= 1000000; i++) printf "%d\t%d\trow number %d\n", i, (i * 7919) % 1000, i }' >"$WORK/copy.txt"
	fi
	read -r unit better target <<<"$(describe "$w")"
	pgs=() gps=()
	for ((r = 0; r < ROUNDS; r++)); do
		pgs+=("$(measure "$w" "$PG_PORT")")
		gps+=("$(measure "$w" "$GP_PORT")")
	done
	pg=$(printf '%s\n' "${pgs[@]}" | awk '{ s += $1 } END { printf "%.2f", s / NR }')
	gp=$(printf '%s\n' "${gps[@]}" | awk '{ s += $1 } END { printf "%.2f", s / NR }')
	ratio=$(awk -v a="$gp" -v b="$pg" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')
	printf '%-14s %5s %12s %12s %7s %7s\n' "$w" "$unit" "$pg" "$gp" "$ratio" "$target"
	[ -z "${VERBOSE:-}" ] || echo "  rounds: PostgreSQL ${pgs[*]}; gpostgres ${gps[*]}" >&2
done
