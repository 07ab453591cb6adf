#!/usr/bin/env bash
# Query speed against PostgreSQL 15, side by side in one run: loads the
# same 1M-row table t and 100k-row table u into both servers (same
# settings, parallel query off), warms up, runs each query RUNS times on
# each server in one session and prints the median times and the ratio
# PostgreSQL/gpostgres (higher is better; 1.00 means as fast), and the
# same for the backend's CPU time per run.
#
#   bench/queries.sh                  all queries
#   bench/queries.sh top10 groupby    only these
#   RUNS=9 bench/queries.sh           runs per query (default 5)
#   GPOSTGRES_CPUPROFILE=/tmp/prof bench/queries.sh sort
#                                     also write a CPU profile of each
#                                     gpostgres backend to /tmp/prof.<pid>
#
# Needs the postgresql-15 package (server) and psql; bench/servers.sh
# starts the two servers.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
QUERIES=("$@")
[ ${#QUERIES[@]} -gt 0 ] || QUERIES=(groupby sort top10 top10text join like distinct insert)
EXTRA_SETTINGS="max_parallel_workers_per_gather = 0"
. bench/servers.sh

LOAD="
CREATE TABLE t (id int, k int, v int, s text);
-- k: 1000 groups; v: a permutation of 0..999999 (multiplicative hash);
-- s: 32 hexadecimal digits.
INSERT INTO t SELECT i, i % 1000, (i::bigint * 2654435761 % 1000000)::int, md5(i::text)
  FROM generate_series(1, 1000000) i;
CREATE TABLE u (id int, w int);
INSERT INTO u SELECT i * 10, i FROM generate_series(1, 100000) i;
CREATE TABLE t2 (id int, k int, v int, s text);
-- Warm up: read every page (and set hint bits) on both servers.
SELECT count(*) FROM t;
SELECT count(*) FROM u;
"

# query_sql NAME prints the statement a query runs; setup_sql NAME the
# untimed statement run before each run.
query_sql() {
	case $1 in
	groupby)  echo "SELECT k, count(*), sum(v) FROM t GROUP BY k" ;;
	# OFFSET past the end: the whole input is sorted, nothing is sent.
	sort)     echo "SELECT * FROM t ORDER BY v OFFSET 1000000" ;;
	top10)    echo "SELECT * FROM t ORDER BY v LIMIT 10" ;;
	top10text) echo "SELECT * FROM t ORDER BY s LIMIT 10" ;;
	join)     echo "SELECT count(*) FROM t JOIN u ON t.id = u.id" ;;
	like)     echo "SELECT count(*) FROM t WHERE s LIKE '%abc%'" ;;
	distinct) echo "SELECT count(DISTINCT v) FROM t" ;;
	insert)   echo "INSERT INTO t2 SELECT * FROM t" ;;
	*) echo "bench: unknown query $1" >&2; exit 1 ;;
	esac
}
setup_sql() {
	case $1 in
	insert) echo "TRUNCATE t2;" ;;
	esac
}

psql_run() {
	local port=$1
	shift
	psql -X -q -v ON_ERROR_STOP=1 -h "$WORK" -p "$port" -U bench -d postgres "$@"
}

# measure PORT NAME runs the query once to warm up and then RUNS times
# in one session, printing the median of the times psql's \timing
# reports and the backend's CPU time (user + system, from /proc) per run,
# both in ms. On a busy machine the CPU time is the steadier figure.
measure() {
	local port=$1 name=$2 q setup script
	q=$(query_sql "$name")
	setup=$(setup_sql "$name")
	local cpu="\\! awk '{print \"CPU:\", \$14 + \$15}' /proc/\$BENCH_BACKEND/stat"
	script="SELECT pg_backend_pid() AS pid \\gset"$'\n'"\\setenv BENCH_BACKEND :pid"$'\n'
	# The first run, untimed, warms up.
	script+="$setup"$'\n'"$q;"$'\n'"$cpu"$'\n'
	for ((i = 0; i < RUNS; i++)); do
		script+="$setup"$'\n'"\\timing on"$'\n'"$q;"$'\n'"\\timing off"$'\n'
	done
	script+="$cpu"$'\n'
	printf '%s' "$script" | psql_run "$port" -o /dev/null -f - |
		awk -v runs="$RUNS" -v hz="$(getconf CLK_TCK)" '
			/^Time:/ { t[++n] = $2 }
			/^CPU:/ { c[++m] = $2 }
			END {
				if (n == 0 || m != 2) exit 1
				for (i = 2; i <= n; i++)
					for (j = i; j > 1 && t[j] < t[j - 1]; j--) { x = t[j]; t[j] = t[j - 1]; t[j - 1] = x }
				med = n % 2 ? t[(n + 1) / 2] : (t[n / 2] + t[n / 2 + 1]) / 2
				printf "%.1f %.0f\n", med, (c[2] - c[1]) * 1000 / hz / runs
			}'
}

for port in "$PG_PORT" "$GP_PORT"; do
	psql_run "$port" -o /dev/null -c "$LOAD"
done
# Statistics, as a user would gather them (PostgreSQL's planner needs
# them to pick hash joins and hashed aggregation as on a real table).
for port in "$PG_PORT" "$GP_PORT"; do
	psql_run "$port" -c "ANALYZE t; ANALYZE u; ANALYZE t2"
done

printf '%-10s %14s %14s %8s %12s %12s %8s\n' query 'PostgreSQL ms' 'gpostgres ms' ratio 'PG CPU ms' 'gp CPU ms' 'CPU ratio'
for name in "${QUERIES[@]}"; do
	read -r pg pgcpu < <(measure "$PG_PORT" "$name")
	read -r gp gpcpu < <(measure "$GP_PORT" "$name")
	ratio=$(awk -v a="$pg" -v b="$gp" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')
	cpuratio=$(awk -v a="$pgcpu" -v b="$gpcpu" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')
	printf '%-10s %14.1f %14.1f %8s %12s %12s %8s\n' "$name" "$pg" "$gp" "$ratio" "$pgcpu" "$gpcpu" "$cpuratio"
done
