#!/usr/bin/env bash
# pgbench's TPC-B-like load with autovacuum on, on PostgreSQL 15 and
# gpostgres with the same settings, one after the other: the rate of each
# and the size of pgbench_accounts (heap and primary key) before and
# after, as ratios gpostgres/PostgreSQL. Issue 9's targets: tps at least
# 0.7 of PostgreSQL's, the table after the run within 1.2 of
# PostgreSQL's, and (DURATION=600) within 1.5 of its own starting size.
#
#   bench/tpcb_size.sh               5 minutes per server, 8 clients
#   DURATION=600 bench/tpcb_size.sh  10 minutes
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-300}
CLIENTS=${CLIENTS:-8}
SCALE=${SCALE:-10}
EXTRA_SETTINGS="autovacuum = on
autovacuum_naptime = ${NAPTIME:-60s}"
. bench/servers.sh

size() {
	psql -X -Atq -h "$WORK" -p "$1" -U bench -d postgres -c \
		"SELECT pg_relation_size('pgbench_accounts') / 8192, pg_relation_size('pgbench_accounts_pkey') / 8192" | tr '|' ' '
}

printf '%-12s %10s %12s %12s %12s %12s\n' server tps heap_before heap_after pkey_before pkey_after
declare -A TPS HEAP0 HEAP1 PKEY0 PKEY1
for srv in pg gp; do
	port=$PG_PORT
	[ $srv = gp ] && port=$GP_PORT
	pgbench -h "$WORK" -p "$port" -U bench -q -i -s "$SCALE" -I dtGvp postgres >/dev/null 2>&1
	read -r h0 p0 < <(size "$port")
	tps=$(pgbench -h "$WORK" -p "$port" -U bench -n -c "$CLIENTS" -j 2 -T "$DURATION" postgres 2>&1 | awk '/^tps/ {print $3}')
	read -r h1 p1 < <(size "$port")
	TPS[$srv]=$tps HEAP0[$srv]=$h0 HEAP1[$srv]=$h1 PKEY0[$srv]=$p0 PKEY1[$srv]=$p1
	printf '%-12s %10.1f %12s %12s %12s %12s\n' $srv "$tps" "$h0" "$h1" "$p0" "$p1"
done
awk -v gt="${TPS[gp]}" -v pt="${TPS[pg]}" -v gh="${HEAP1[gp]}" -v ph="${HEAP1[pg]}" -v g0="${HEAP0[gp]}" \
	-v gk="${PKEY1[gp]}" -v pk="${PKEY1[pg]}" 'BEGIN {
	printf "tps ratio %.2f (target >= 0.7)\n", gt / pt
	printf "heap size ratio %.2f (target <= 1.2); gpostgres grew %.2fx (target <= 1.5)\n", gh / ph, gh / g0
	printf "primary key size ratio %.2f\n", gk / pk
}'
