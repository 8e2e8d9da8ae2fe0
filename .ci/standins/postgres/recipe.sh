# shellcheck shell=bash disable=SC2034  # TAG, PACKAGES and CHANGES are read by build.sh, which sources this file
# Stand-in for the official `postgres` image, as docker-compose.yml uses it: POSTGRES_PASSWORD
# (and POSTGRES_USER, POSTGRES_DB) on first start, data in /var/lib/postgresql/data (a volume),
# `pg_isready -U postgres` as the health check, port 5432. Debian bookworm ships PostgreSQL 15,
# not the 16 that docker-compose.yml pins: the services use nothing 16 adds. `docker import` cannot
# set the official image's STOPSIGNAL SIGINT (fast shutdown); ci.override.yml sets stop_signal.
# Sourced by .ci/standins/build.sh.
TAG=courier-standin/postgres:15-bookworm
PACKAGES=(postgresql-15)
CHANGES=(
  --change 'ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
  --change 'ENV PGDATA=/var/lib/postgresql/data'
  --change 'USER postgres'
  --change 'ENTRYPOINT ["docker-entrypoint.sh"]'
  --change 'CMD ["postgres"]'
  --change 'EXPOSE 5432'
)

# No cluster from the package: the entrypoint creates one in the volume on first start.
prepare() {
  mkdir -p "$1/etc/postgresql-common"
  echo 'create_main_cluster = false' >"$1/etc/postgresql-common/createcluster.conf"
}

configure() {
  local root=$1 dir=$2
  install -m 0755 "$dir/docker-entrypoint.sh" "$root/usr/local/bin/docker-entrypoint.sh"
  # An empty named volume takes the owner and mode of the image's directory.
  install -d -m 0700 "$root/var/lib/postgresql/data"
  install -d -m 2775 "$root/run/postgresql"
  chroot "$root" chown postgres:postgres /var/lib/postgresql/data /run/postgresql
}
