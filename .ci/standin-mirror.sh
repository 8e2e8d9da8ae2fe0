#!/usr/bin/env bash
# Serves the stand-ins of node:24-trixie-slim for every architecture under that one tag, as the real
# multi-architecture image is served by Docker Hub, from a private registry on 127.0.0.1 that the
# private dockerd of .ci/containers.sh uses as its docker.io mirror.
#
# Why: one Dockerfile build for linux/arm64 needs the base for two platforms at once: the build
# stages run on $BUILDPLATFORM (amd64 here) and `final` on the target. In the engine's classic
# image store (Debian's Docker 20.10 has no containerd store) a local tag names one image of one
# platform; BuildKit uses a local image only when its platform matches and otherwise asks the
# registry. So the amd64 stand-in stays local as node:24-trixie-slim, and the registry answers for
# the other platforms with a manifest list, as Docker Hub does.
#
# Usage: DOCKER_HOST=… standin-mirror.sh <registry host:port> <arch>...   (after node-standin.sh --arch …)
set -euo pipefail

registry=${1:?registry host:port}
shift
[ $# -gt 0 ] || { echo "usage: standin-mirror.sh <registry host:port> <arch>..." >&2; exit 2; }
docker_cli=${DOCKER_CLI:-/usr/bin/docker}
base=node:24-trixie-slim
repository=library/${base%%:*}
list_type=application/vnd.docker.distribution.manifest.list.v2+json
manifest_type=application/vnd.docker.distribution.manifest.v2+json
work=$(mktemp -d "${TMPDIR:-/tmp}/courier-mirror.XXXXXX")
trap 'rm -rf "$work"' EXIT

entries=()
for arch in "$@"; do
  local_tag=courier-standin/$base-$arch
  remote_tag=$registry/$repository:${base#*:}-$arch
  "$docker_cli" tag "$local_tag" "$remote_tag"
  "$docker_cli" push -q "$remote_tag" >/dev/null
  "$docker_cli" rmi "$remote_tag" >/dev/null
  # The manifest exactly as stored: its digest and size go into the list.
  curl -fsS -H "Accept: $manifest_type" -o "$work/$arch.json" "http://$registry/v2/$repository/manifests/${base#*:}-$arch"
  entries+=("$(jq -n --arg type "$manifest_type" --arg arch "$arch" \
    --arg digest "sha256:$(sha256sum "$work/$arch.json" | cut -d' ' -f1)" --argjson size "$(wc -c <"$work/$arch.json")" \
    '{ mediaType: $type, digest: $digest, size: $size, platform: { architecture: $arch, os: "linux" } }')")
done
printf '%s\n' "${entries[@]}" | jq -s --arg type "$list_type" '{ schemaVersion: 2, mediaType: $type, manifests: . }' >"$work/list.json"
curl -fsS -X PUT -H "Content-Type: $list_type" --data-binary "@$work/list.json" \
  "http://$registry/v2/$repository/manifests/${base#*:}" -o /dev/null
echo "standin-mirror: $base on the private docker.io mirror $registry is a manifest list of: $*"
