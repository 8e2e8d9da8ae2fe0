#!/usr/bin/env bash
# Smoke test of one service after `helm upgrade --install` into a namespace (QA in the CD template):
# every Deployment of the service becomes Available, then /healthz and /readyz answer 200 through
# the Service.
#
#   smoke-test.sh --service users --namespace courier-qa [--timeout 180s]
set -euo pipefail

service='' namespace='' timeout=180s
while [ $# -gt 0 ]; do
  case "$1" in
    --service) service=${2:-}; shift 2 ;;
    --namespace) namespace=${2:-}; shift 2 ;;
    --timeout) timeout=${2:-}; shift 2 ;;
    *) echo "usage: smoke-test.sh --service NAME --namespace NS [--timeout 180s]" >&2; exit 64 ;;
  esac
done
if [ -z "$service" ] || [ -z "$namespace" ]; then
  echo "smoke-test: --service and --namespace are required" >&2
  exit 64
fi

kubectl -n "$namespace" wait deployment -l "app=$service" --for=condition=Available --timeout="$timeout"

port=18080
kubectl -n "$namespace" port-forward "svc/$service" "$port:8080" >/dev/null &
forward=$!
trap 'kill "$forward" 2>/dev/null || true' EXIT
for _ in $(seq 1 30); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 1
done
for path in /healthz /readyz; do
  curl -fsS --max-time 5 "http://127.0.0.1:$port$path" >/dev/null
  echo "smoke-test: $service $path 200"
done
