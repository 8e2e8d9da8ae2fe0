#!/usr/bin/env bash
# Cuts a release of one service: a branch release/<service>/v<x.y.z> from the current commit, with
# one commit that records the version in charts/<service>/Chart.yaml.
#
#   cut-release.sh users 1.2.3 [--push]
#
# Why a commit: the service pipelines filter on paths, and Azure Repos starts a pipeline for a new
# branch only when the branch's new commits touch an included path. A bare branch cut from main
# would start nothing; this commit is inside charts/<service>, which every service pipeline
# includes. It also makes the chart in the branch say which release it is.
set -euo pipefail

usage() {
  echo "usage: cut-release.sh SERVICE X.Y.Z [--push]" >&2
  exit 64
}

[ $# -ge 2 ] || usage
service=$1 version=$2 push=false
[ "${3:-}" = --push ] && push=true
semver_re='^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?$'
if ! [[ "$version" =~ $semver_re ]]; then
  echo "cut-release: '$version' is not a semantic version such as 1.2.3 (no leading v)" >&2
  exit 64
fi
chart="charts/$service/Chart.yaml"
if [ ! -f "$chart" ]; then
  echo "cut-release: $chart not found; run this from the repository root with a service name" >&2
  exit 64
fi
if ! git diff --quiet || ! git diff --cached --quiet; then
  echo "cut-release: the working tree has changes; commit or stash them first" >&2
  exit 1
fi
branch="release/$service/v$version"
if git rev-parse --verify --quiet "refs/heads/$branch" >/dev/null; then
  echo "cut-release: $branch exists already" >&2
  exit 1
fi

git switch --quiet --create "$branch"
sed -i -e "s/^version: .*/version: $version/" -e "s/^appVersion: .*/appVersion: \"v$version\"/" "$chart"
git add "$chart"
git commit --quiet --message "release $service v$version"
echo "cut-release: $branch with $chart at $version"
if [ "$push" = true ]; then
  git push --set-upstream origin "$branch"
else
  echo "cut-release: start the pipeline with: git push --set-upstream origin $branch"
fi
