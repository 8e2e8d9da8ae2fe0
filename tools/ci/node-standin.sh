#!/usr/bin/env bash
# Builds a LOCAL STAND-IN for the base image `node:20-bookworm-slim` and loads it into the Docker
# engine at $DOCKER_HOST, under exactly that tag, so services/*/Dockerfile stay the real,
# pinned Dockerfiles. It exists because no container registry is reachable from CI here.
#
# The stand-in is: Debian bookworm (debootstrap --variant=minbase, from Debian's mirror, trimmed like
# the official slim images) + this machine's Node 20 binary and npm in /usr/local (the official
# image's layout) + user/group `node` (uid/gid 1000) + an entrypoint that behaves like the official
# docker-entrypoint.sh. It is NOT the official image: versions of Node, npm and Debian packages
# follow this machine.
#
# Only the stand-in trusts this machine's HTTPS egress CA (/usr/local/share/ca-certificates/*.crt,
# through NODE_EXTRA_CA_CERTS) so that `npm ci` works in builds here. The Dockerfiles never see it.
#
# The debootstrap result is cached as a tarball under .data/containers/ (git-ignored); the image
# is re-imported only when Node, npm, the CA or this script change (label courier.standin.key).
#
# Usage: DOCKER_HOST=unix:///… tools/ci/node-standin.sh      (needs root for debootstrap/chroot)
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
tag=node:20-bookworm-slim
docker_cli=${DOCKER_CLI:-/usr/bin/docker}
cache_dir=${CONTAINERS_CACHE_DIR:-$repo/.data/containers}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
rootfs_tar=$cache_dir/bookworm-minbase-rootfs.tar

say() { printf '[stand-in] %s\n' "$*"; }

node_bin=$(command -v node) || { say "ERROR: no node on PATH to copy into the stand-in" >&2; exit 1; }
node_bin=$(readlink -f "$node_bin")
node_version=$("$node_bin" --version)
case "$node_version" in
  v20.*) ;;
  *) say "ERROR: the stand-in for $tag needs Node 20; this machine has $node_version" >&2; exit 1 ;;
esac
npm_dir=$(cd "$(dirname "$(readlink -f "$(command -v npm)")")/.." && pwd)
[ -f "$npm_dir/package.json" ] || { say "ERROR: cannot find npm's package directory (looked at $npm_dir)" >&2; exit 1; }
npm_version=$(cd "$npm_dir" && "$node_bin" -p "require('./package.json').version")
shopt -s nullglob
egress_cas=(/usr/local/share/ca-certificates/*.crt)
shopt -u nullglob

key=$( { cat "${BASH_SOURCE[0]}"; echo "$node_version $npm_version"; cat "${egress_cas[@]}" /dev/null; } | sha256sum | cut -c1-16)

present() { "$docker_cli" image inspect "$tag" >/dev/null 2>&1; }
label() { "$docker_cli" image inspect --format "{{ index .Config.Labels \"$1\" }}" "$tag"; }
if present && [ "$(label courier.standin)" != "true" ]; then
  say "an image tagged $tag that is not a stand-in is present (the official one?): using it as is"
  exit 0
fi
say "=================================================================================="
say "$tag used by this build is a LOCAL STAND-IN, not the official image:"
say "Debian bookworm minbase + this machine's Node $node_version and npm $npm_version, user node (1000)."
say "No container registry is reachable here. Only this stand-in trusts the egress CA."
say "=================================================================================="

if present && [ "$(label courier.standin.key)" = "$key" ]; then
  say "stand-in $tag is up to date (key $key)"
  exit 0
fi

[ "$(id -u)" -eq 0 ] || { say "ERROR: building the stand-in needs root (debootstrap, chroot)" >&2; exit 1; }
mkdir -p "$cache_dir"
work=$(mktemp -d "${TMPDIR:-/tmp}/courier-standin.XXXXXX")
cleanup() { rm -rf "$work"; }
trap cleanup EXIT

if [ ! -s "$rootfs_tar" ]; then
  command -v debootstrap >/dev/null || { say "ERROR: debootstrap is not installed (apt-get install debootstrap)" >&2; exit 1; }
  say "debootstrap --variant=minbase bookworm from $mirror (cached afterwards in $rootfs_tar)"
  started=$(date +%s)
  debootstrap --variant=minbase bookworm "$work/rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 || {
    tail -20 "$work/debootstrap.log" >&2
    exit 1
  }
  # Trim like the official slim images: no docs, man pages, locales or apt caches.
  find "$work/rootfs/usr/share/doc" -mindepth 1 ! -name copyright ! -type d -delete
  find "$work/rootfs/usr/share/doc" -mindepth 1 -type d -empty -delete
  rm -rf "$work"/rootfs/usr/share/{man,info,groff,lintian,linda,locale}/* \
    "$work"/rootfs/var/cache/apt/archives/*.deb "$work"/rootfs/var/cache/apt/*.bin \
    "$work"/rootfs/var/lib/apt/lists/* "$work"/rootfs/var/log/*.log "$work"/rootfs/var/log/apt/* \
    "$work"/rootfs/debootstrap
  : >"$work/rootfs/etc/hostname"
  rm -f "$work/rootfs/etc/resolv.conf"
  tar -C "$work/rootfs" --numeric-owner -cf "$rootfs_tar.partial" .
  mv "$rootfs_tar.partial" "$rootfs_tar"
  rm -rf "$work/rootfs"
  say "debootstrap done in $(( $(date +%s) - started )) s"
else
  say "reusing cached Debian rootfs $rootfs_tar"
fi

root=$work/rootfs
mkdir -p "$root"
tar -C "$root" --numeric-owner -xf "$rootfs_tar"

# Node and npm where the official image has them.
install -m 0755 "$node_bin" "$root/usr/local/bin/node"
mkdir -p "$root/usr/local/lib/node_modules"
cp -R "$npm_dir" "$root/usr/local/lib/node_modules/npm"
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
chroot "$root" /usr/local/bin/node --version >/dev/null || { say "ERROR: node does not run inside the Debian rootfs" >&2; exit 1; }

# User and group node, uid/gid 1000, as in the official image.
chroot "$root" groupadd --gid 1000 node
chroot "$root" useradd --uid 1000 --gid node --shell /bin/bash --create-home node

# The official image's entrypoint: run `node` when the first argument is an option or not a command.
cat >"$root/usr/local/bin/docker-entrypoint.sh" <<'ENTRYPOINT'
#!/bin/sh
set -e
if [ "${1#-}" != "${1}" ] || [ -z "$(command -v "${1}")" ] || { [ -f "${1}" ] && ! [ -x "${1}" ]; }; then
  set -- node "$@"
fi
exec "$@"
ENTRYPOINT
chmod 0755 "$root/usr/local/bin/docker-entrypoint.sh"

changes=(
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
  --change "ENV NODE_VERSION=${node_version#v}"
  --change 'ENTRYPOINT ["docker-entrypoint.sh"]'
  --change 'CMD ["node"]'
  --change 'LABEL courier.standin="true"'
  --change "LABEL courier.standin.key=\"$key\""
  --change "LABEL courier.standin.description=\"LOCAL STAND-IN for $tag: Debian bookworm minbase + Node $node_version + npm $npm_version (not the official image)\""
)
if [ "${#egress_cas[@]}" -gt 0 ]; then
  mkdir -p "$root/usr/local/share/courier-standin"
  cat "${egress_cas[@]}" >"$root/usr/local/share/courier-standin/egress-ca.pem"
  changes+=(--change 'ENV NODE_EXTRA_CA_CERTS=/usr/local/share/courier-standin/egress-ca.pem')
  say "stand-in trusts the egress CA: ${egress_cas[*]}"
fi

say "importing $tag"
tar -C "$root" --numeric-owner -c . | "$docker_cli" import "${changes[@]}" - "$tag" >/dev/null
say "stand-in $tag ready: $("$docker_cli" image inspect --format '{{.Size}}' "$tag" | awk '{ printf "%.0f MB", $1 / 1e6 }')"
