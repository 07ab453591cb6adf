#!/bin/bash
# record.sh regenerates tests/regress/expected/<area>.out by running
# sql/<area>.sql through PostgreSQL 15's psql against a real PostgreSQL 15
# server, each file in a database created for it and dropped afterwards.
#
#   tests/regress/record.sh              record every file in sql/
#   tests/regress/record.sh types joins  record only these areas
#
# The server is taken from PGHOST, PGPORT and PGUSER (default /tmp, 5499,
# postgres: the reference server of the team's machines). psql runs with
# exactly the environment in psql.env plus the connection settings, as the
# runner (regress_test.go) runs it against gpostgres.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
PSQL=${PSQL:-/usr/lib/postgresql/15/bin/psql}
host=${PGHOST:-/tmp}
port=${PGPORT:-5499}
user=${PGUSER:-postgres}

envlist=(PATH=/usr/bin:/bin PGHOST="$host" PGPORT="$port" PGUSER="$user")
while IFS= read -r line; do
	case $line in '#'* | '') continue ;; esac
	envlist+=("$line")
done <"$here/psql.env"

# ref DB ARGS... runs psql against the reference server in database DB.
ref() {
	local db=$1
	shift
	env -i "${envlist[@]}" PGDATABASE="$db" "$PSQL" "$@"
}

server=$(ref postgres -X -A -t -c 'SHOW server_version_num')
case $server in
15*) ;;
*)
	echo "record.sh: $host:$port runs server_version_num $server, not PostgreSQL 15" >&2
	exit 1
	;;
esac

if [ $# -eq 0 ]; then
	set -- $(cd "$here/sql" && ls -- *.sql | sed 's/\.sql$//')
fi

for area in "$@"; do
	[ -f "$here/sql/$area.sql" ] || {
		echo "record.sh: no sql/$area.sql" >&2
		exit 1
	}
	db="regress_$area"
	ref postgres -X -q -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db"
	ref postgres -X -q -c "CREATE DATABASE $db TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8'"
	# As pg_regress does: the file on standard input (so errors carry no
	# file name or line prefix), standard error in the same stream.
	status=0
	ref "$db" -X -a -q <"$here/sql/$area.sql" >"$here/expected/$area.out" 2>&1 || status=$?
	ref postgres -X -q -c "DROP DATABASE $db"
	if [ $status -ne 0 ]; then
		echo "record.sh: psql exited with status $status on sql/$area.sql" >&2
		exit 1
	fi
	echo "recorded expected/$area.out"
done
