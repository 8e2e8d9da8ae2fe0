#!/usr/bin/env bash
# Builds LOCAL STAND-INS for third-party images that CI cannot pull (no container registry is
# reachable here) and loads them into the Docker engine at $DOCKER_HOST:
#
#   .ci/standins/build.sh postgres prometheus
#
# Each stand-in is Debian bookworm (debootstrap --variant=minbase) + Debian's own package, installed
# with apt-get inside a chroot, + the entrypoint and settings that make it behave like the official
# image for what docker-compose.yml uses. The recipe of each is .ci/standins/<name>/recipe.sh.
# They are NOT the official images (Debian's versions; see each recipe), and only
# deploy/compose/ci.override.yml uses them.
#
# The minbase rootfs is cached as a tarball under $CONTAINERS_CACHE_DIR/standins/; an image is
# rebuilt only when its recipe, its files or this script change (label courier.standin.key).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
docker_cli=${DOCKER_CLI:-/usr/bin/docker}
cache_dir=${CONTAINERS_CACHE_DIR:-$repo/.data/containers}/standins
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
suite=bookworm
rootfs_tar=$cache_dir/$suite-minbase-rootfs.tar

say() { printf '[stand-ins] %s\n' "$*"; }
fail() { say "ERROR: $*" >&2; exit 1; }

[ "$#" -gt 0 ] || fail "usage: $0 NAME... (each a folder of $here with a recipe.sh)"
for name in "$@"; do [ -f "$here/$name/recipe.sh" ] || fail "no stand-in recipe $here/$name/recipe.sh"; done

work=
# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
  [ -n "$work" ] || return 0
  # A package's maintainer script may have left a mount behind in the chroot.
  awk -v dir="$work/" 'index($5, dir) == 1 { print $5 }' /proc/self/mountinfo | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

minbase_rootfs() {
  [ ! -s "$rootfs_tar" ] || return 0
  command -v debootstrap >/dev/null || fail "debootstrap is not installed (apt-get install debootstrap)"
  mkdir -p "$cache_dir"
  say "debootstrap --variant=minbase $suite from $mirror (cached afterwards in $rootfs_tar)"
  local started; started=$(date +%s)
  debootstrap --variant=minbase "$suite" "$work/minbase" "$mirror" >"$work/debootstrap.log" 2>&1 || {
    tail -20 "$work/debootstrap.log" >&2
    fail "debootstrap failed"
  }
  tar -C "$work/minbase" --numeric-owner -cf "$rootfs_tar.partial" .
  mv "$rootfs_tar.partial" "$rootfs_tar"
  rm -rf "$work/minbase"
  say "debootstrap done in $(( $(date +%s) - started )) s"
}

# build NAME: the recipe sets TAG, PACKAGES, CHANGES and defines configure ROOT DIR (after
# apt-get; DIR is the recipe's folder) and optionally prepare ROOT (before it).
build() {
  local name=$1 dir=$here/$1 key root started
  local TAG PACKAGES=() CHANGES=()
  unset -f prepare configure
  # shellcheck source=/dev/null
  source "$dir/recipe.sh"
  key=$( { cat "${BASH_SOURCE[0]}"; find "$dir" -type f | sort | xargs cat; echo "$suite"; } | sha256sum | cut -c1-16)
  if [ "$("$docker_cli" image inspect --format '{{ index .Config.Labels "courier.standin.key" }}' "$TAG" 2>/dev/null)" = "$key" ]; then
    say "$TAG is up to date (key $key)"
    return 0
  fi
  started=$(date +%s)
  minbase_rootfs
  root=$work/$name
  mkdir -p "$root"
  tar -C "$root" --numeric-owner -xf "$rootfs_tar"
  # Package scripts must not start services in the chroot; resolv.conf only for apt, removed below.
  printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d" && chmod 0755 "$root/usr/sbin/policy-rc.d"
  cp /etc/resolv.conf "$root/etc/resolv.conf"
  # Point releases and security fixes too, as the official images' Debian bases get them.
  printf 'deb %s %s main\ndeb %s %s-updates main\ndeb %s-security %s-security main\n' \
    "$mirror" "$suite" "$mirror" "$suite" "$mirror" "$suite" >"$root/etc/apt/sources.list"
  if declare -F prepare >/dev/null; then prepare "$root"; fi
  say "$TAG: apt-get install ${PACKAGES[*]} in a $suite chroot"
  chroot "$root" apt-get update -qq >"$work/$name-apt.log" 2>&1 || { tail -20 "$work/$name-apt.log" >&2; fail "$name: apt-get update failed"; }
  chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    -o Dpkg::Options::=--force-confold "${PACKAGES[@]}" >>"$work/$name-apt.log" 2>&1 \
    || { tail -30 "$work/$name-apt.log" >&2; fail "$name: apt-get install failed"; }
  configure "$root" "$dir"
  # Trim like the official slim images: no docs, man pages, locales, apt lists or caches.
  find "$root/usr/share/doc" -mindepth 1 ! -name copyright ! -type d -delete
  find "$root/usr/share/doc" -mindepth 1 -type d -empty -delete
  rm -rf "$root"/usr/share/{man,info,groff,lintian,locale}/* "$root"/var/cache/apt/archives/*.deb \
    "$root"/var/cache/apt/*.bin "$root"/var/lib/apt/lists/* "$root"/var/log/*.log "$root"/var/log/apt/* \
    "$root/usr/sbin/policy-rc.d" "$root/etc/resolv.conf"
  : >"$root/etc/hostname"
  CHANGES+=(
    --change 'LABEL courier.standin="true"'
    --change "LABEL courier.standin.key=\"$key\""
    --change "LABEL courier.standin.description=\"LOCAL STAND-IN built from Debian $suite packages (${PACKAGES[*]}), not the official image\""
  )
  tar -C "$root" --numeric-owner -c . | "$docker_cli" import "${CHANGES[@]}" - "$TAG" >/dev/null
  rm -rf "$root"
  say "$TAG ready: $("$docker_cli" image inspect --format '{{.Size}}' "$TAG" | awk '{ printf "%.0f MB", $1 / 1e6 }') ($(( $(date +%s) - started )) s)"
}

say "=================================================================================="
say "LOCAL STAND-INS for images no registry can serve here: $*"
say "Debian $suite packages in a minbase rootfs; not the official images."
say "=================================================================================="
[ "$(id -u)" -eq 0 ] || fail "building stand-ins needs root (debootstrap, chroot)"
work=$(mktemp -d "${TMPDIR:-/tmp}/courier-standins.XXXXXX")
for name in "$@"; do build "$name"; done
