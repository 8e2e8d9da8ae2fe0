#!/usr/bin/env bash
# Prepares a namespace for Courier's service releases before the first `helm upgrade --install`
# (the QA stage of templates/cd.yml runs it every time; it changes nothing when all is in place):
#   - the namespace, labelled for Istio sidecar injection, so the charts' routing is exercised;
#   - the `courier-database` Secret the migration Job and the pods read (the charts never take a
#     connection string in values). Its value comes from an environment variable the pipeline maps
#     from a secret variable, and reaches kubectl through a file, never the command line.
#
#   prepare-namespace.sh --namespace courier-qa --database-url-env QA_DATABASE_URL [--injection-label istio.io/rev=asm-1-29]
#
# The injection label is istio-injection=enabled for Istio installed from its charts; the AKS Istio
# add-on injects by revision instead (istio.io/rev=<revision>).
set -euo pipefail

usage() {
  echo "usage: prepare-namespace.sh --namespace NS --database-url-env VAR [--injection-label KEY=VALUE]" >&2
  exit 64
}

namespace='' url_env='' injection_label=istio-injection=enabled
while [ $# -gt 0 ]; do
  case "$1" in
    --namespace) namespace=${2:-}; shift 2 || usage ;;
    --database-url-env) url_env=${2:-}; shift 2 || usage ;;
    --injection-label) injection_label=${2:-}; shift 2 || usage ;;
    *) usage ;;
  esac
done
if [ -z "$namespace" ] || [ -z "$url_env" ]; then usage; fi
if ! [[ "$url_env" =~ ^[A-Z_][A-Z0-9_]*$ ]]; then
  echo "prepare-namespace: --database-url-env takes a variable name, e.g. QA_DATABASE_URL" >&2
  exit 64
fi
database_url=${!url_env:-}
if [ -z "$database_url" ]; then
  echo "prepare-namespace: $url_env is empty. Map the secret variable qaDatabaseUrl (variable group courier-qa) into this step: env: { $url_env: \$(qaDatabaseUrl) }" >&2
  exit 1
fi

kubectl create namespace "$namespace" --dry-run=client --output yaml | kubectl apply --filename -
if ! [[ "$injection_label" =~ ^(istio-injection=enabled|istio\.io/rev=[a-z0-9-]+)$ ]]; then
  echo "prepare-namespace: --injection-label is istio-injection=enabled or istio.io/rev=<revision> (got '$injection_label')" >&2
  exit 64
fi
kubectl label namespace "$namespace" "$injection_label" --overwrite

secret_file=$(mktemp)
trap 'rm -f "$secret_file"' EXIT
printf '%s' "$database_url" > "$secret_file"
kubectl create secret generic courier-database --namespace "$namespace" \
  --from-file=DATABASE_URL="$secret_file" --dry-run=client --output yaml | kubectl apply --filename -
echo "prepare-namespace: $namespace has sidecar injection ($injection_label) and the courier-database Secret"
