#!/usr/bin/env bash
# Installs (or upgrades in place) one service's Helm release with a version on its stable track:
# the QA deploy of every build, and the first production release of a service. The environment's
# values files come first (<values-dir>/services.values.yaml, then <values-dir>/<service>.values.yaml
# when there is one), then the release's own: registry, and the one version string as image tag and
# track version (--set-string: a version is never a number).
#
#   install-release.sh --service web --version v1.2.3 --chart web-1.2.3.tgz --namespace courier-qa \
#     --registry couriercr.azurecr.io --values-dir k8s/aks [--description TEXT] [--change-cause TEXT]
set -euo pipefail

usage() {
  echo "usage: install-release.sh --service S --version vX.Y.Z --chart TGZ --namespace NS --registry HOST --values-dir DIR [--description TEXT] [--change-cause TEXT]" >&2
  exit 64
}

service='' version='' chart='' namespace='' registry='' values_dir='' description='' change_cause=''
while [ $# -gt 0 ]; do
  case "$1" in
    --service) service=${2:-}; shift 2 || usage ;;
    --version) version=${2:-}; shift 2 || usage ;;
    --chart) chart=${2:-}; shift 2 || usage ;;
    --namespace) namespace=${2:-}; shift 2 || usage ;;
    --registry) registry=${2:-}; shift 2 || usage ;;
    --values-dir) values_dir=${2:-}; shift 2 || usage ;;
    --description) description=${2:-}; shift 2 || usage ;;
    --change-cause) change_cause=${2:-}; shift 2 || usage ;;
    *) usage ;;
  esac
done
for value in "$service" "$version" "$chart" "$namespace" "$registry" "$values_dir"; do
  [ -n "$value" ] || usage
done

values_files=(--values "$values_dir/services.values.yaml")
if [ -f "$values_dir/$service.values.yaml" ]; then values_files+=(--values "$values_dir/$service.values.yaml"); fi
extra=()
if [ -n "$change_cause" ]; then extra+=(--set-string "changeCause=$change_cause"); fi

helm upgrade --install "$service" "$chart" --namespace "$namespace" \
  "${values_files[@]}" \
  --set-string "image.registry=$registry,image.tag=$version,tracks.stable.version=$version" \
  "${extra[@]}" \
  --description "${description:-$service $version}" \
  --reset-then-reuse-values --atomic --wait --timeout 10m
