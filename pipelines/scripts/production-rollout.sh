#!/usr/bin/env bash
# The production step of a service release (templates/cd.yml), after the approval:
#   - no release of the service in the namespace yet: the first install, the version on stable
#     (there is nothing to roll out from, and nothing to compare it with);
#   - otherwise the rollout engine's progressive rollout (canary, blue/green or mirror) from the
#     version the release serves now, judged through Prometheus.
# Either way the markdown report lands in --report-dir/rollout-<service>.md for the run summary.
#
#   production-rollout.sh --service users --strategy canary --version v1.2.3 --chart users-1.2.3.tgz \
#     --namespace courier --registry couriercr.azurecr.io --values-dir k8s/aks \
#     --prometheus-service observability/prometheus-server:80 [--interval 2m] --report-dir "$(Pipeline.Workspace)/rollout-report"
#
# Exit codes (those of `courier rollout`): 0 promoted or installed, 2 rolled back, 1 error.
set -euo pipefail

usage() {
  echo "usage: production-rollout.sh --service S --strategy canary|bluegreen|mirror --version vX.Y.Z --chart TGZ --namespace NS --registry HOST --values-dir DIR --prometheus-service NS/SVC:PORT [--interval DURATION] --report-dir DIR" >&2
  exit 64
}

interval='' service='' strategy='' version='' chart='' namespace='' registry='' values_dir='' prometheus='' report_dir=''
while [ $# -gt 0 ]; do
  case "$1" in
    --service) service=${2:-}; shift 2 || usage ;;
    --strategy) strategy=${2:-}; shift 2 || usage ;;
    --version) version=${2:-}; shift 2 || usage ;;
    --chart) chart=${2:-}; shift 2 || usage ;;
    --namespace) namespace=${2:-}; shift 2 || usage ;;
    --registry) registry=${2:-}; shift 2 || usage ;;
    --values-dir) values_dir=${2:-}; shift 2 || usage ;;
    --prometheus-service) prometheus=${2:-}; shift 2 || usage ;;
    --report-dir) report_dir=${2:-}; shift 2 || usage ;;
    # Empty (the pipeline's default): the window of rollout.config.json.
    --interval) interval=${2:-}; shift 2 || usage ;;
    *) usage ;;
  esac
done
for value in "$service" "$strategy" "$version" "$chart" "$namespace" "$registry" "$values_dir" "$prometheus" "$report_dir"; do
  [ -n "$value" ] || usage
done
mkdir -p "$report_dir"

if ! helm status "$service" --namespace "$namespace" >/dev/null 2>&1; then
  echo "production-rollout: no release $service in $namespace yet: first install of $version on stable"
  "$(dirname "$0")/install-release.sh" --service "$service" --version "$version" --chart "$chart" --namespace "$namespace" \
    --registry "$registry" --values-dir "$values_dir" --description "first release of $service: $version"
  printf '# %s: first release\n\n%s installed on the stable track of namespace %s. No rollout: there was no earlier version to compare it with.\n' \
    "$service" "$version" "$namespace" > "$report_dir/rollout-$service.md"
  exit 0
fi

interval_args=()
if [ -n "$interval" ]; then interval_args=(--interval "$interval"); fi
npx courier rollout "$strategy" "$service" --to "$version" --image-tag "$version" \
  --target kubernetes --namespace "$namespace" --chart "$chart" \
  --metrics prometheus --prometheus-service "$prometheus" "${interval_args[@]}" \
  --report-dir "$report_dir"
