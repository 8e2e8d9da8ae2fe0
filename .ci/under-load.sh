#!/usr/bin/env bash
# The contention pass (issue 15): runs the cross-service suites (every project with an `e2e`
# target) a second time while a bounded CPU burner is pinned to one core, because a workshop
# laptop or a shared CI box is rarely idle and the suites must hold there too.
#
#   .ci/under-load.sh                 every project with an e2e target but the workshop's, one at a time
#   .ci/under-load.sh reliability     only the named suites
#
# It prints the burner's pinning and the CPU share it actually got, a wall time per suite, and
# exits non-zero if any suite fails (all suites still run, so one failure does not hide another).
# The suites' stacks route through the Kubernetes Gateway API here (COURIER_ROUTING_API=gateway-api:
# the charts' HTTPRoutes in the local mesh), where `npm test` ran them on Istio's VirtualServices: one
# pass per routing API, so the same canary, blue/green, mirror and rollback are proven on both.
# Each suite runs as `npm test` runs it: under tools/testenv's with-db, which provides DATABASE_URL.
#
# Environment:
#   UNDER_LOAD_CORE          the core the burner is pinned to (default 1, the second of two)
#   UNDER_LOAD_MAX_SECONDS   the burner stops by itself after this long (default 1800), even if
#                            this script is killed before its trap runs
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_NO_CLOUD=true NX_DAEMON=false
export COURIER_ROUTING_API=${COURIER_ROUTING_API:-gateway-api}

core=${UNDER_LOAD_CORE:-1}
max_seconds=${UNDER_LOAD_MAX_SECONDS:-1800}
work=$(mktemp -d /tmp/courier-under-load.XXXXXX)
burner_pid=

say() { printf '[under-load] %s\n' "$*"; }

stop_burner() {
  if [ -n "$burner_pid" ] && kill -0 "$burner_pid" 2>/dev/null; then
    kill -TERM "$burner_pid"
    wait "$burner_pid" 2>/dev/null || true
  fi
  burner_pid=
}
trap 'stop_burner; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

if ! command -v taskset >/dev/null; then
  say "taskset (util-linux) is missing: cannot pin the burner"; exit 1
fi
cores=$(nproc --all)
if [ "$core" -ge "$cores" ]; then
  say "core $core does not exist on this $cores-core machine (set UNDER_LOAD_CORE)"; exit 1
fi

if [ "$#" -gt 0 ]; then
  suites=("$@")
else
  # The workshop suite (tag ci:no-contention-pass) checks that the labs print what they say; it
  # starts no service the suites below do not, and would add three minutes to learn nothing new.
  mapfile -t suites < <(npx nx show projects --with-target e2e --exclude 'tag:ci:no-contention-pass' | sort)
fi
[ "${#suites[@]}" -gt 0 ] || { say "no project has an e2e target"; exit 1; }

# Builds first and without the burner: what is measured is the suites, not tsc.
say "building what ${suites[*]} need"
npx nx run-many -t build -p "${suites[@]}" --output-style=static >"$work/build.log" 2>&1 || { tail -40 "$work/build.log"; say "build failed"; exit 1; }

taskset -c "$core" node .ci/cpu-burner.js --max-seconds "$max_seconds" --report-file "$work/burner.json" &
burner_pid=$!
sleep 0.5
say "routing API of the suites' stacks: $COURIER_ROUTING_API"
say "burner pid $burner_pid: $(taskset -p "$burner_pid" | sed 's/.*: //') is its affinity mask (core $core of $cores), stops by itself after ${max_seconds} s"

failed=()
summary=()
for suite in "${suites[@]}"; do
  say "── $suite under load"
  started=$(date +%s.%N)
  if node tools/testenv/bin/with-db.js -- nx run "$suite:e2e" --excludeTaskDependencies --output-style=static 2>&1 | tee "$work/$suite.log"; then
    outcome=passed
  else
    outcome=FAILED
    failed+=("$suite")
  fi
  seconds=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  summary+=("$(printf '%-14s %-7s %7s s' "$suite" "$outcome" "$seconds")")
done

stop_burner
share=$(node -e 'const r = require(process.argv[1]); process.stdout.write(r.cpuSeconds + " s of CPU in " + r.wallSeconds + " s: a share of " + r.share + " of core")' "$work/burner.json" 2>/dev/null || echo "no report")
say "burner: $share $core"
for line in "${summary[@]}"; do say "  $line"; done
if [ "${#failed[@]}" -gt 0 ]; then
  # Their messages again, here at the end, where CI's log is read.
  for suite in "${failed[@]}"; do node .ci/failed-tests.js "$work/$suite.log" "$suite:e2e"; done
  say "FAILED under load: ${failed[*]}"
  exit 1
fi
say "every suite passed with the burner on core $core"
