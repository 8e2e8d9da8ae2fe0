#!/usr/bin/env bash
# ENTRYPOINT of the `testrunner` stage of services/<name>/Dockerfile: runs the service's tests
# (its Nx `test` target) and writes JUnit XML to $JEST_JUNIT_OUTPUT_DIR (/out, mount a volume there).
#
#   docker run --rm -v "$PWD/out:/out" courier/users:testrunner
#   docker run --rm -v "$PWD/out:/out" --network host -e DATABASE_URL=postgres://… courier/users:testrunner
#
# Without DATABASE_URL the tests that need PostgreSQL start an embedded one (PGlite) in the
# container. Extra arguments go to jest through Nx, e.g. `--testPathPattern=health`.
set -euo pipefail

service=${COURIER_SERVICE:?COURIER_SERVICE is set by the Dockerfile}
out=${JEST_JUNIT_OUTPUT_DIR:-/out}
mkdir -p "$out"
if [ -n "${DATABASE_URL:-}" ]; then
  echo "testrunner: ${service} tests; DATABASE_URL points at ${DATABASE_URL##*@}"
else
  echo "testrunner: ${service} tests; no DATABASE_URL, so database tests use an embedded PGlite"
fi

status=0
npx nx test "$service" --output-style=static "$@" || status=$?
report="$out/${JEST_JUNIT_OUTPUT_NAME:-junit.xml}"
if [ -f "$report" ]; then
  echo "testrunner: JUnit report $report"
else
  echo "testrunner: no JUnit report at $report" >&2
  [ "$status" -ne 0 ] || status=1
fi
exit "$status"
