# Sourced by the benchmark scripts: builds gpostgres and starts a
# PostgreSQL 15 and a gpostgres server with the same settings in a fresh
# temporary directory $WORK, both stopped and removed on exit. The caller
# sets EXTRA_SETTINGS (postgresql.conf lines for both servers) if it needs
# more than the common ones. Afterwards PG_PORT and GP_PORT name the two
# servers, which listen only on the socket directory $WORK and have the
# superuser "bench".
#
# PostgreSQL refuses to run as root, so its cluster runs as the user
# $BENCH_USER (created if missing).
BENCH_USER=${BENCH_USER:-gpbench}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PG_PORT=${PG_PORT:-55432}
GP_PORT=${GP_PORT:-55433}

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
listen_addresses = ''
${EXTRA_SETTINGS:-}"

mkdir "$WORK/pg" && chown "$BENCH_USER" "$WORK/pg"
su "$BENCH_USER" -c "$PGBIN/initdb -D $WORK/pg -U bench -A trust" >/dev/null
printf '%s\nport = %s\n' "$COMMON" "$PG_PORT" >> "$WORK/pg/postgresql.conf"
su "$BENCH_USER" -c "$PGBIN/pg_ctl -D $WORK/pg -l $WORK/pg/server.log -w start" >/dev/null

bin/gpinitdb -D "$WORK/gp" -U bench >/dev/null 2>&1
printf '%s\nport = %s\n' "$COMMON" "$GP_PORT" >> "$WORK/gp/postgresql.conf"
bin/gpctl -D "$WORK/gp" -l "$WORK/gp.log" -w start >/dev/null
