#!/usr/bin/env bash
# The scripted conference demo (issue 19): `npm run demo -- --auto` twice against one stack, as a
# speaker would run it before and after a rehearsal. Each run must finish within 3 minutes (a talk's
# slot, not a benchmark), and the second must begin in the start state the first left behind.
set -euo pipefail
cd "$(dirname "$0")/.."

limit_seconds=180
log=$(mktemp /tmp/courier-demo-stack.XXXXXX)
say() { printf '[demo] %s\n' "$*"; }

node tools/stack/bin/courier-stack.js --skip-build >"$log" 2>&1 &
stack_pid=$!
stop_stack() {
  kill -INT "$stack_pid" 2>/dev/null || true
  wait "$stack_pid" 2>/dev/null || true
}
trap stop_stack EXIT

for _ in $(seq 1 240); do
  curl -sf -o /dev/null http://127.0.0.1:8079/api/stack && break
  kill -0 "$stack_pid" 2>/dev/null || { cat "$log"; say "npm start exited before it was ready"; exit 1; }
  sleep 0.5
done
curl -sf -o /dev/null http://127.0.0.1:8079/api/stack || { tail -40 "$log"; say "the stack did not answer within 120 s"; exit 1; }

for run in 1 2; do
  out=$(mktemp /tmp/courier-demo-run.XXXXXX)
  began=$(date +%s)
  if ! npm run --silent demo -- --auto | tee "$out"; then
    say "run $run failed; the stack's last lines:"; tail -40 "$log"; exit 1
  fi
  took=$(( $(date +%s) - began ))
  say "run $run: ${took} s (limit ${limit_seconds} s)"
  if [ "$took" -gt "$limit_seconds" ]; then say "run $run took longer than a talk's ${limit_seconds} s"; exit 1; fi
  if [ "$run" = 2 ] && ! grep -q '^Start state: ok$' "$out"; then say "run 2 did not begin in the start state run 1 left"; exit 1; fi
done
