#!/bin/sh
# The stand-in's entrypoint: what the official postgres image's docker-entrypoint.sh does for
# docker-compose.yml. On the first start (empty $PGDATA) it creates the cluster with the password
# from POSTGRES_PASSWORD (required, as there), password authentication for TCP clients, and
# POSTGRES_DB when it is not the user's own database; then it runs the server in the foreground.
set -eu
if [ "${1#-}" != "$1" ]; then set -- postgres "$@"; fi
user=${POSTGRES_USER:-postgres}
if [ "$1" = postgres ] && [ ! -s "$PGDATA/PG_VERSION" ]; then
  if [ -z "${POSTGRES_PASSWORD:-}" ]; then
    echo 'stand-in postgres: POSTGRES_PASSWORD must be set (the official image refuses to start without it too)' >&2
    exit 1
  fi
  pwfile=$(mktemp)
  printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
  initdb --username="$user" --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 >/dev/null
  rm -f "$pwfile"
  echo 'host all all all scram-sha-256' >>"$PGDATA/pg_hba.conf"
  echo "listen_addresses = '*'" >>"$PGDATA/postgresql.conf"
  db=${POSTGRES_DB:-$user}
  if [ "$db" != postgres ]; then
    echo "CREATE DATABASE \"$db\";" | postgres --single -D "$PGDATA" -j postgres >/dev/null
  fi
  echo "stand-in postgres: initialised $PGDATA for user $user"
fi
exec "$@"
