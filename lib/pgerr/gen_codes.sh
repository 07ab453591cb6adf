#!/bin/sh
# Regenerates codes.go from PostgreSQL's errcodes.txt (shipped by the
# postgresql-15 Debian package as /usr/share/postgresql/15/errcodes.txt).
set -e
src=${1:-/usr/share/postgresql/15/errcodes.txt}
{
  echo "// Code generated from PostgreSQL 15's src/backend/utils/errcodes.txt by gen_codes.sh; DO NOT EDIT."
  echo
  echo 'package pgerr'
  echo
  echo "// SQLSTATE codes, named after PostgreSQL's ERRCODE_ macros in CamelCase."
  echo 'const ('
  awk 'length($1)==5 && $3 ~ /^ERRCODE_/ { n=$3; sub(/^ERRCODE_/,"",n); split(tolower(n),p,"_"); s=""; for(i=1;i<=length(p);i++){ s=s toupper(substr(p[i],1,1)) substr(p[i],2)}; if (!(s in seen)) { seen[s]=1; printf "\t%s = \"%s\"\n", s, $1 } }' "$src"
  echo ')'
} > codes.go
gofmt -w codes.go
