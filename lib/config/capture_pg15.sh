#!/bin/bash
# capture_pg15.sh records the facts gen_params.go and the tests need from a
# running PostgreSQL 15 reference server, into testdata/pg15/. Run it when the
# reference changes (a new 15.x minor), then `go generate ./lib/config/`.
#
# Environment:
#   PSQL      psql command line reaching the reference as a superuser
#             (default: psql -h /tmp -p 5491 -U pgref postgres)
#   PGBIN     directory of the reference's postgres binary
#             (default: /usr/lib/postgresql/15/bin)
#   PGDATA    the reference's data directory (default: /tmp/pgref_cfg)
#   RUNAS     prefix that runs a command as the cluster owner, because
#             postgres refuses to run as root (default: runuser -u pgref --)
#
# Outputs (all plain data, diffable):
#   pg_settings.json     every visible row of pg_settings plus
#                        pg_settings_get_flags(), for the default state of a
#                        psql session
#   superuser_only.txt   names hidden from pg_settings for a non-superuser
#                        (the GUC_SUPERUSER_ONLY flag)
#   enum_probe.txt       name<TAB>input<TAB>shown for every input an enum
#                        parameter accepts, found with `postgres -C`; this is
#                        how the hidden aliases (e.g. "debug", "true") are seen
#   show_all.txt         SHOW ALL of the same session, name<TAB>setting
#   postgresql.conf      the file initdb wrote, that the reference runs with
set -euo pipefail
cd "$(dirname "$0")/testdata/pg15"
PSQL=${PSQL:-psql -h /tmp -p 5491 -U pgref postgres}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PGDATA=${PGDATA:-/tmp/pgref_cfg}
RUNAS=${RUNAS:-runuser -u pgref --}

$PSQL -XAt -c "
SELECT json_agg(row_to_json(s) ORDER BY lower(name))
FROM (SELECT *, pg_settings_get_flags(name) AS flags
      FROM pg_settings WHERE name NOT LIKE '%.%') s" > pg_settings.json

$PSQL -XAt -v ON_ERROR_STOP=1 <<'SQL' | grep -v -E '^(BEGIN|CREATE ROLE|GRANT|SET|RESET|ROLLBACK|SELECT [0-9]+)$' > superuser_only.txt
BEGIN;
CREATE TEMP TABLE capture_all AS SELECT name FROM pg_settings;
CREATE ROLE capture_nosuper;
GRANT SELECT ON capture_all TO capture_nosuper;
SET ROLE capture_nosuper;
SELECT name FROM capture_all WHERE name NOT IN (SELECT name FROM pg_settings)
 ORDER BY lower(name);
RESET ROLE;
ROLLBACK;
SQL

$PSQL -XAt -F $'\t' -c "SHOW ALL" | cut -f1,2 > show_all.txt
cp "$PGDATA/postgresql.conf" postgresql.conf

# Candidate hidden spellings: everything PostgreSQL 15's enum tables hide.
candidates="on off true false yes no 1 0 debug info fatal panic log notice warning error archive hot_standby"
: > enum_probe.txt
$PSQL -XAt -F $'\t' -c "
SELECT name, e FROM pg_settings, unnest(enumvals) e
WHERE vartype = 'enum' AND name NOT LIKE '%.%' ORDER BY lower(name)" > /tmp/capture_enumvals.$$
names=$(cut -f1 /tmp/capture_enumvals.$$ | uniq)
for n in $names; do
  {
    awk -F '\t' -v n="$n" '$1 == n { print $2 }' /tmp/capture_enumvals.$$
    for c in $candidates; do echo "$c"; done
  } | awk '!seen[$0]++' | while IFS= read -r v; do
    if out=$($RUNAS "$PGBIN/postgres" -D "$PGDATA" -C "$n" -c "$n=$v" 2>/dev/null); then
      printf '%s\t%s\t%s\n' "$n" "$v" "$out" >> enum_probe.txt
    fi
  done
done
rm -f /tmp/capture_enumvals.$$
