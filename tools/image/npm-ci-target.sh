#!/bin/sh
# `npm ci` for the image's TARGET platform, from an `app` stage that runs on the BUILD platform:
# npm picks platform-specific packages (optional dependencies with `os`/`cpu` fields) by --os and
# --cpu instead of by the machine it runs on. TARGETARCH is Docker's (amd64, arm64); npm names
# CPUs as Node does (x64, arm64).
#
# Usage (in a Dockerfile stage with `ARG TARGETARCH`): npm-ci-target.sh <npm ci arguments>
set -eu
case "${TARGETARCH:?set by BuildKit; declare ARG TARGETARCH in the stage}" in
  amd64) cpu=x64 ;;
  arm64) cpu=arm64 ;;
  *) echo "npm-ci-target: unsupported TARGETARCH '${TARGETARCH}' (amd64 or arm64)" >&2; exit 1 ;;
esac
exec npm ci --os=linux --cpu="$cpu" "$@"
