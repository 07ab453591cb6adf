#!/bin/sh
# Installs the gpostgres binaries, share/ files and man pages under PREFIX
# (default /usr/local): PREFIX/bin, PREFIX/share/gpostgres, PREFIX/share/man/man1.
set -e
PREFIX=${PREFIX:-/usr/local}
cd "$(dirname "$0")"
[ -x bin/gpostgres ] || make build
install -d "$PREFIX/bin" "$PREFIX/share/gpostgres" "$PREFIX/share/man/man1"
for b in gpinitdb gpctl gpostgres gpsql gpbasebackup; do
	install -m 0755 "bin/$b" "$PREFIX/bin/$b"
done
cp -R share/. "$PREFIX/share/gpostgres/"
if ls man/*.1 >/dev/null 2>&1; then
	install -m 0644 man/*.1 "$PREFIX/share/man/man1/"
fi
echo "installed gpostgres into $PREFIX"
