#!/usr/bin/env bash
# Computes the version of one CI run of a Courier service, so that the pipeline YAML holds no logic.
#
#   image-tag.sh --service delivery --ref refs/heads/release/delivery/v1.2.3 --sha 0f3c9a1… [--reason IndividualCI] [--azure]
#
# Prints KEY=VALUE lines (or, with --azure, `##vso[task.setvariable …;isOutput=true]` commands):
#   appVersion    THE version, one string everywhere: the image tag, the chart's appVersion, the
#                 track's `version` (the pods' version label, Istio's destination_version) and the
#                 rollout's --to. v1.2.3 on release/<service>/v1.2.3, else v0.0.0-g<7-char SHA>.
#                 Never `latest`, never all digits (a YAML or --set integer).
#   chartVersion  the same without the v (Helm chart versions are plain SemVer 2; the `g` keeps an
#                 all-digit SHA from being a numeric pre-release identifier with a leading zero).
#   buildKind     pr | feature | release | main | other
#   publish       true when images and charts are pushed to ACR (release and main, never PRs or features)
#   release       true on a release branch of this service (production rollout allowed)
set -euo pipefail

usage() {
  echo "usage: image-tag.sh --service NAME --ref REF --sha SHA [--reason BUILD_REASON] [--azure]" >&2
  exit 64
}

service='' ref='' sha='' reason='' azure=false
while [ $# -gt 0 ]; do
  case "$1" in
    --service) service=${2:-}; shift 2 || usage ;;
    --ref) ref=${2:-}; shift 2 || usage ;;
    --sha) sha=${2:-}; shift 2 || usage ;;
    --reason) reason=${2:-}; shift 2 || usage ;;
    --azure) azure=true; shift ;;
    *) usage ;;
  esac
done
if [ -z "$service" ] || [ -z "$ref" ] || [ -z "$sha" ]; then usage; fi

if ! [[ "$sha" =~ ^[0-9a-fA-F]{7,40}$ ]]; then
  echo "image-tag: '$sha' is not a git commit SHA" >&2
  exit 1
fi
short_sha=$(printf '%s' "${sha:0:7}" | tr 'A-F' 'a-f')
branch=${ref#refs/heads/}
semver_re='^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?$'

release=false
if [ "$reason" = PullRequest ] || [[ "$ref" == refs/pull/* ]]; then
  kind='pr'
elif [[ "$branch" == "release/$service/v"* ]]; then
  kind=release
elif [[ "$branch" == "feature/$service/"* ]]; then
  kind=feature
elif [ "$branch" = main ]; then
  kind=main
else
  kind=other
fi

if [ "$kind" = release ]; then
  version=${branch#"release/$service/v"}
  if ! [[ "$version" =~ $semver_re ]]; then
    echo "image-tag: release branch '$branch' does not end in v<semver> (e.g. release/$service/v1.2.3)" >&2
    exit 1
  fi
  chart_version=$version release=true
else
  chart_version="0.0.0-g$short_sha"
fi
app_version="v$chart_version"

case "$kind" in release | main) publish=true ;; *) publish=false ;; esac


emit() {
  if [ "$azure" = true ]; then
    echo "##vso[task.setvariable variable=$1;isOutput=true]$2"
  else
    echo "$1=$2"
  fi
}
emit appVersion "$app_version"
emit chartVersion "$chart_version"
emit buildKind "$kind"
emit publish "$publish"
emit release "$release"
