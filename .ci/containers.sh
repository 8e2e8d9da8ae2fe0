#!/usr/bin/env bash
# Container CI for the services (issue 6): really builds and runs every service from services/Dockerfile.
#
#   1. starts a private Docker engine (Debian's docker.io): own socket, data dir and exec dir;
#   2. builds the LOCAL STAND-INS for node:24-trixie-slim, amd64 and arm64 (.ci/node-standin.sh;
#      no registry is reachable here), and serves them as one multi-arch tag from a private
#      registry on 127.0.0.1 that the engine uses as its docker.io mirror (.ci/standin-mirror.sh);
#   3. builds every stage of every service: DOCKER_BUILDKIT=1 /usr/bin/docker build --target …,
#      and the mesh image (tools/mesh/Dockerfile) that docker-compose uses as its gateway; then
#      every final image again with --platform linux/arm64 (the build stages are cached: they run
#      on the build platform), tagged courier/<name>:arm64;
#   3b. prints the architecture and `node --version` of every image, and fails unless it is v24;
#   4. with a PostgreSQL reachable from the containers (a real one when Debian's postgresql-15 is
#      installed, else the embedded one; both through tools/testenv's with-db):
#      - runs each `testrunner` (exit 0, JUnit XML with more than 0 tests),
#      - runs each `final` read-only, without capabilities, and checks readiness, one API call per
#        service, non-root user, health, and a clean exit 0 on SIGTERM within the grace period,
#      - runs the mesh image the same way in front of them, with compose's routing objects;
#      - starts every arm64 final under emulation (qemu-user-static, binfmt_misc), waits for /readyz
#        and calls users and web;
#   5. prints each final image's size above its base and checks the budget;
#   6. stops everything it started, by PID / container id.
#
# Usage: .ci/containers.sh            (root; npm ci must have run: with-db and its tsx are used;
#                                         the node on PATH must be v24: the stand-ins copy it)
#        CONTAINERS_ENGINE=existing .ci/containers.sh   (use the engine `docker` already talks
#        to, Linux only: --network host; picked automatically for non-root users when it answers)
#
# Where Docker cannot run, it says so and exits 0, or 1 when CI=true. With CI=true and root it
# installs docker.io, debootstrap, docker-registry and qemu-user-static with apt-get when they are missing.
#
# Environment:
#   CONTAINERS_CACHE_DIR      state kept between runs (default .data/containers: Debian rootfs
#                             tarball, Docker data dir with the build cache, test reports)
#   CONTAINERS_BUDGET_MB      app layers allowed above the base per final image (default 60)
#   CONTAINERS_SERVICES       services to check (default: every services/*/service.yaml)
#   CONTAINERS_DB=embedded    use the embedded PostgreSQL even where postgresql-15 is installed
#   CONTAINERS_CACHE_KEEP     build cache kept in the private engine between runs (default 6GB)
#   CONTAINERS_ARM64=0        skip the arm64 images (loudly; a failure with CI=true). Default: on with
#                             the private engine, off with an existing one (its docker.io is real)
#
# Logs: every `docker build` writes to $CONTAINERS_CACHE_DIR/logs/build-<service>-<target>.log
# (its tail is printed on failure); JUnit reports go to $CONTAINERS_CACHE_DIR/reports/<service>/.
#
# Networking: the engine runs with --bridge none --iptables=false so it never touches the host's
# network setup (or another engine's docker0); builds and containers use --network host, and the
# services reach the test PostgreSQL on 127.0.0.1.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
self="$repo/.ci/containers.sh"
# Debian's docker.io CLI has BuildKit built in (no buildx plugin needed).
docker_cli=${CONTAINERS_DOCKER_CLI:-/usr/bin/docker}
export DOCKER_BUILDKIT=1 BUILDKIT_PROGRESS=plain

say() { printf '[containers] %s\n' "$*"; }
step() { printf '\n\033[1m[containers] ── %s\033[0m\n' "$*"; }
fail() { say "FAIL: $*" >&2; exit 1; }
docker() { "$docker_cli" "$@"; }
# N distinct free TCP ports on 127.0.0.1, space-separated (the same helper compose.sh uses).
free_ports() { node "$repo/.ci/free-ports.js" "$1"; }

services=()
if [ -n "${CONTAINERS_SERVICES:-}" ]; then
  read -r -a services <<<"$CONTAINERS_SERVICES"
else
  for manifest in services/*/service.yaml; do
    name=${manifest#services/}
    services+=("${name%/service.yaml}")
  done
fi
[ "${#services[@]}" -gt 0 ] || fail "no services/*/service.yaml found"

# ────────────────────────────────────────────────────────────────────────────────────────────────
# Run phase: executed by with-db (below), which exports DATABASE_URL for a PostgreSQL on 127.0.0.1.
# ────────────────────────────────────────────────────────────────────────────────────────────────
if [ "${1:-}" = "--run-phase" ]; then
  : "${DATABASE_URL:?the run phase is started through with-db, which sets DATABASE_URL}"
  : "${CONTAINERS_STATE:?}"
  started_containers=()
  # shellcheck disable=SC2317  # invoked by the EXIT trap
  cleanup_containers() {
    local id
    for id in "${started_containers[@]}"; do docker rm -f "$id" >/dev/null 2>&1 || true; done
  }
  trap cleanup_containers EXIT

  step "testrunner: each service's tests in its testrunner image (PostgreSQL at ${DATABASE_URL##*@})"
  for svc in "${services[@]}"; do
    out="$CONTAINERS_STATE/reports/$svc"
    rm -rf "$out" && mkdir -p "$out"
    say "$svc: docker run courier/$svc:testrunner"
    t0=$(date +%s)
    name="courier-ci-$svc-testrunner-$$"
    started_containers+=("$name")
    status=0
    docker run --name "$name" --network host -e DATABASE_URL -v "$out:/out" "courier/$svc:testrunner" || status=$?
    docker rm "$name" >/dev/null
    report="$out/$svc-junit.xml"
    [ "$status" -eq 0 ] || fail "$svc: testrunner exited with $status"
    [ -s "$report" ] || fail "$svc: no JUnit report at $report"
    tests=$(grep -o '<testsuites [^>]*' "$report" | grep -o ' tests="[0-9]*"' | grep -o '[0-9]\+' || true)
    failures=$(grep -o '<testsuites [^>]*' "$report" | grep -o ' failures="[0-9]*"' | grep -o '[0-9]\+' || true)
    if [ -z "$tests" ] || [ "$tests" -eq 0 ]; then fail "$svc: the JUnit report counts no tests"; fi
    [ "${failures:-0}" -eq 0 ] || fail "$svc: the JUnit report counts $failures failures"
    say "$svc: testrunner passed, $tests tests in $report ($(( $(date +%s) - t0 )) s)"
  done

  grace=15
  declare -A port=() cid=()
  # users first (delivery and web call it), then delivery, web, and any other service.
  ordered=()
  for svc in users delivery web; do [[ " ${services[*]} " != *" $svc "* ]] || ordered+=("$svc"); done
  for svc in "${services[@]}"; do [[ " users delivery web " == *" $svc "* ]] || ordered+=("$svc"); done

  # hardened_flags PREFIX SVC SCHEMA_PREFIX → $hardened: the flags every final container runs with,
  # as shipped (read-only, no capabilities, no-new-privileges), with the service's dependencies at
  # the ports of the same set of containers (keys PREFIX<service> in port[]).
  hardened_flags() {
    local prefix=$1 svc=$2 schema=$3
    hardened=(--network host --read-only --tmpfs /tmp --cap-drop ALL --security-opt no-new-privileges -e DATABASE_URL)
    case "$svc" in
      web) hardened+=(-e "USERS_URL=http://127.0.0.1:${port[${prefix}users]}" -e "DELIVERY_URL=http://127.0.0.1:${port[${prefix}delivery]}") ;;
      delivery) hardened+=(-e "DATABASE_SCHEMA=${schema}delivery" -e "USERS_URL=http://127.0.0.1:${port[${prefix}users]}") ;;
      *) hardened+=(-e "DATABASE_SCHEMA=${schema}${svc//-/_}") ;;
    esac
  }
  # start_final KEY SVC IMAGE [docker run flags…]: detached, registered in cid[KEY] on port[KEY].
  start_final() {
    local key=$1 svc=$2 image=$3
    shift 3
    cid[$key]=$(docker run --detach --name "courier-ci-$key-$$" "${hardened[@]}" "$@" \
      --stop-timeout "$grace" --health-interval 2s \
      -e "PORT=${port[$key]}" -e APP_VERSION=v1 -e LOG_LEVEL=info "$image")
    started_containers+=("${cid[$key]}")
    say "$key: started ${cid[$key]:0:12} ($image) on 127.0.0.1:${port[$key]}"
  }

  step "final: read-only, no capabilities, no-new-privileges, as shipped"
  read -r -a free <<<"$(free_ports "${#ordered[@]}")"
  for i in "${!ordered[@]}"; do port[${ordered[$i]}]=${free[$i]}; done
  for svc in "${ordered[@]}"; do
    hardened_flags "" "$svc" containers_ci_
    # As on Kubernetes: the migration Job (`node dist/migrate.js`, same image) runs first, and the
    # service then starts with DATABASE_MIGRATE_ON_START=false.
    if docker run --rm --entrypoint sh "courier/$svc:latest" -c 'test -f dist/migrate.js'; then
      log=$(docker run --rm "${hardened[@]}" "courier/$svc:latest" dist/migrate.js 2>&1) \
        || { echo "$log" >&2; fail "$svc: the migration entry point (node dist/migrate.js) failed"; }
      say "$svc: migration Job → $(tail -1 <<<"$log")"
      hardened+=(-e DATABASE_MIGRATE_ON_START=false)
    fi
    start_final "$svc" "$svc" "courier/$svc:latest"
  done

  wait_ready() { # key [timeout s]
    local svc=$1 timeout=${2:-90}
    local deadline=$(( $(date +%s) + timeout ))
    until curl -fsS -o /dev/null "http://127.0.0.1:${port[$svc]}/readyz" 2>/dev/null; do
      if [ "$(docker inspect -f '{{.State.Running}}' "${cid[$svc]}")" != true ]; then
        docker logs "${cid[$svc]}" 2>&1 | tail -40 >&2
        fail "$svc: container exited before it was ready"
      fi
      if [ "$(date +%s)" -gt "$deadline" ]; then
        docker logs "${cid[$svc]}" 2>&1 | tail -40 >&2
        fail "$svc: /readyz not 200 within $timeout s"
      fi
      sleep 0.5
    done
    say "$svc: /readyz 200"
  }
  for svc in "${ordered[@]}"; do wait_ready "$svc"; done

  # One API call per service, each through the real chain where the service is present.
  request() { # method url [json] → body; fails on non-2xx
    local method=$1 url=$2 data=${3:-}
    if [ -n "$data" ]; then
      curl -fsS -X "$method" -H 'content-type: application/json' --data "$data" "$url"
    else
      curl -fsS -X "$method" "$url"
    fi
  }
  email="containers-ci-$$-$(date +%s)@example.com"
  if [ -n "${cid[users]:-}" ]; then
    created=$(request POST "http://127.0.0.1:${port[users]}/users" "{\"email\":\"$email\",\"name\":\"Container CI\"}") \
      || fail "users: POST /users failed"
    user_id=$(jq -r .id <<<"$created")
    [ "$(request GET "http://127.0.0.1:${port[users]}/users/$user_id" | jq -r .email)" = "$email" ] || fail "users: GET /users/$user_id did not return $email"
    say "users: POST /users then GET /users/$user_id → $email"
  fi
  if [ -n "${cid[delivery]:-}" ] && [ -n "${user_id:-}" ]; then
    delivery=$(request POST "http://127.0.0.1:${port[delivery]}/deliveries" \
      "{\"ownerId\":\"$user_id\",\"pickupAddress\":\"1 Dock Road\",\"dropoffAddress\":\"2 Hill Street\",\"distanceKm\":4.2}") \
      || fail "delivery: POST /deliveries failed"
    delivery_id=$(jq -r .id <<<"$delivery")
    say "delivery: POST /deliveries (owner checked with users) → $delivery_id, status $(jq -r .status <<<"$delivery")"
  fi
  if [ -n "${cid[web]:-}" ]; then
    if [ -n "${user_id:-}" ]; then
      [ "$(request GET "http://127.0.0.1:${port[web]}/api/users/$user_id" | jq -r .email)" = "$email" ] || fail "web: GET /api/users/$user_id did not return $email"
      say "web: GET /api/users/$user_id through the BFF → $email"
    fi
    if [ -n "${delivery_id:-}" ]; then
      [ "$(request GET "http://127.0.0.1:${port[web]}/api/deliveries/$delivery_id" | jq -r .id)" = "$delivery_id" ] || fail "web: GET /api/deliveries/$delivery_id failed"
      say "web: GET /api/deliveries/$delivery_id through the BFF"
    fi
    curl -fsS -o /dev/null "http://127.0.0.1:${port[web]}/" || fail "web: GET / failed"
    say "web: GET / (the UI) 200"
  fi

  # start_mesh KEY IMAGE PREFIX [docker run flags…]: the mesh image in front of the running
  # containers PREFIX<service>, as docker-compose uses it: compose's routing objects (rendered from
  # the charts), a config whose workloads are those containers. Sets gateway_port, users_listener.
  start_mesh() {
    local key=$1 image=$2 prefix=$3 mesh_dir="$CONTAINERS_STATE/$1" mesh_ports
    shift 3
    read -r -a mesh_ports <<<"$(free_ports 3)"
    gateway_port=${mesh_ports[0]} users_listener=${mesh_ports[1]} port[$key]=${mesh_ports[2]}
    rm -rf "$mesh_dir" && mkdir -p "$mesh_dir"
    cp deploy/compose/routing.yaml "$mesh_dir/routing.yaml"
    jq -n --argjson admin "${port[$key]}" --argjson gw "$gateway_port" --argjson ul "$users_listener" \
      --arg users "http://127.0.0.1:${port[${prefix}users]}" --arg delivery "http://127.0.0.1:${port[${prefix}delivery]}" \
      --arg web "http://127.0.0.1:${port[${prefix}web]}" '{
        namespace: "courier", bind: "127.0.0.1", adminPort: $admin,
        listeners: [{ name: "ingress-gateway", port: $gw, host: "web", gateway: "courier-gateway" }, { port: $ul, host: "users" }],
        workloads: [
          { service: "users", name: "users-v1", labels: { app: "users", version: "v1", track: "stable" }, url: $users },
          { service: "delivery", name: "delivery-v1", labels: { app: "delivery", version: "v1", track: "stable" }, url: $delivery },
          { service: "delivery", name: "delivery-v2", labels: { app: "delivery", version: "v2", track: "canary" }, url: $delivery },
          { service: "web", name: "web-v1", labels: { app: "web", version: "v1", track: "stable" }, url: $web }
        ] }' >"$mesh_dir/mesh.json"
    # MESH_ADMIN_PORT only tells the image's HEALTHCHECK where the admin API is (the config says so to the mesh).
    cid[$key]=$(docker run --detach --name "courier-ci-$key-$$" "$@" --network host --read-only --tmpfs /tmp \
      --cap-drop ALL --security-opt no-new-privileges --stop-timeout "$grace" --health-interval 2s \
      -e "MESH_ADMIN_PORT=${port[$key]}" -v "$mesh_dir:/etc/courier:ro" \
      "$image" --config /etc/courier/mesh.json --objects /etc/courier/routing.yaml)
    started_containers+=("${cid[$key]}")
    say "$key: started ${cid[$key]:0:12} ($image): gateway 127.0.0.1:$gateway_port, users listener :$users_listener, admin :${port[$key]}"
  }
  # stop_drained KEY: SIGTERM, then exit code 0 within the grace period and the drained log line.
  stop_drained() {
    local key=$1 c=${cid[$1]} t0 ms code drained_message='shutdown: drained'
    t0=$(date +%s%N)
    docker stop --time "$grace" "$c" >/dev/null
    ms=$(( ($(date +%s%N) - t0) / 1000000 ))
    code=$(docker inspect -f '{{.State.ExitCode}}' "$c")
    [ "$code" = 0 ] || { docker logs "$c" 2>&1 | tail -20 >&2; fail "$key: exit code $code after SIGTERM (137 = killed after the ${grace} s grace period)"; }
    [ "$ms" -lt $(( grace * 1000 )) ] || fail "$key: took ${ms} ms to stop (grace ${grace} s)"
    [[ "$key" != *mesh ]] || drained_message='mesh stopped'
    grep -q "$drained_message" <<<"$(docker logs "$c" 2>&1)" || fail "$key: no '$drained_message' in its log"
    say "$key: docker stop (SIGTERM) → drained, exit 0 in ${ms} ms"
  }

  service_order=("${ordered[@]}")
  if [ -n "${cid[users]:-}" ] && [ -n "${cid[delivery]:-}" ] && [ -n "${cid[web]:-}" ]; then
    start_mesh mesh courier/mesh:latest ""
    ordered=(mesh "${ordered[@]}")
    wait_ready mesh
    if [ -n "${user_id:-}" ]; then
      [ "$(request GET "http://127.0.0.1:$gateway_port/api/users/$user_id" | jq -r .email)" = "$email" ] \
        || fail "mesh: GET /api/users/$user_id through the gateway (→ web → users) failed"
      served_by=$(curl -fsS -D - -o /dev/null "http://127.0.0.1:$users_listener/users/$user_id" | tr -d '\r' | awk -F': ' 'tolower($1) == "x-served-by" { print $2 }')
      [ -n "$served_by" ] || fail "mesh: GET /users/$user_id through the users listener has no x-served-by"
      say "mesh: gateway → web → users and the users listener → $served_by"
    fi
    # Read the whole page first: `curl | grep -q` fails under pipefail when grep stops early (SIGPIPE).
    mesh_metrics=$(curl -fsS "http://127.0.0.1:${port[mesh]}/metrics") || fail "mesh: GET /metrics failed"
    grep -q '^istio_requests_total{' <<<"$mesh_metrics" || fail "mesh: /metrics has no istio_requests_total after proxying"
    say "mesh: /metrics reports istio_requests_total"
  fi

  for svc in "${!cid[@]}"; do
    c=${cid[$svc]}
    image_user=$(docker inspect -f '{{.Config.User}}' "$c")
    uid=$(docker exec "$c" id -u)
    if [ "$image_user" != node ] || [ "$uid" != 1000 ]; then fail "$svc: runs as '$image_user' (uid $uid), expected node (1000)"; fi
    [ "$(docker inspect -f '{{.HostConfig.ReadonlyRootfs}}' "$c")" = true ] || fail "$svc: root filesystem is not read-only"
    if docker exec "$c" sh -c 'echo x > /app/probe' 2>/dev/null; then fail "$svc: /app is writable"; fi
    docker exec "$c" sh -c 'echo x > /tmp/probe' || fail "$svc: /tmp is not writable"
    deadline=$(( $(date +%s) + 60 ))
    until [ "$(docker inspect -f '{{.State.Health.Status}}' "$c")" = healthy ]; do
      [ "$(date +%s)" -le "$deadline" ] || fail "$svc: not healthy within 60 s: $(docker inspect -f '{{json .State.Health}}' "$c")"
      sleep 1
    done
    say "$svc: user node (uid 1000), read-only root, /tmp writable, health: healthy"
  done

  # SIGTERM in reverse start order: callers first, users last.
  for (( i = ${#ordered[@]} - 1; i >= 0; i-- )); do stop_drained "${ordered[$i]}"; done

  # The arm64 finals, started under emulation (qemu-user-static through binfmt_misc), with their
  # own schemas so that their migrations run under arm64 too. Under qemu a service starts in tens of
  # seconds and a first request can take seconds, hence the longer readiness timeout and web's
  # upstream deadline at its maximum (its 2.5 s default is tuned for native speed: a 503 here said
  # nothing about the image).
  if [ "${CONTAINERS_ARM64:-0}" = 1 ]; then
    step "arm64 finals under emulation: read-only, no capabilities, /readyz"
    arm_t0=$(date +%s)
    arm_ordered=()
    read -r -a free <<<"$(free_ports "${#service_order[@]}")"
    for i in "${!service_order[@]}"; do port[arm64-${service_order[$i]}]=${free[$i]}; done
    for svc in "${service_order[@]}"; do
      hardened_flags arm64- "$svc" containers_ci_arm64_
      start_final "arm64-$svc" "$svc" "courier/$svc:arm64" --platform linux/arm64 -e UPSTREAM_TIMEOUT_MS=30000
      arm_ordered+=("arm64-$svc")
      # One at a time: three emulated starts at once on 2 cores pushed a PostgreSQL connect past
      # the pool's fixed 1 s connect timeout (libs/db), and users exited.
      wait_ready "arm64-$svc" 300
    done
    if [ -n "${cid[arm64-users]:-}" ]; then
      arm_email="containers-ci-arm64-$$-$(date +%s)@example.com"
      arm_user=$(request POST "http://127.0.0.1:${port[arm64-users]}/users" "{\"email\":\"$arm_email\",\"name\":\"Container CI arm64\"}" | jq -r .id) \
        || fail "arm64-users: POST /users failed"
      if [ -n "${cid[arm64-web]:-}" ]; then
        [ "$(request GET "http://127.0.0.1:${port[arm64-web]}/api/users/$arm_user" | jq -r .email)" = "$arm_email" ] \
          || fail "arm64-web: GET /api/users/$arm_user through the BFF did not return $arm_email"
        say "arm64: POST /users, then GET /api/users/$arm_user through web → $arm_email"
      fi
    fi
    if [ -n "${cid[arm64-users]:-}" ] && [ -n "${cid[arm64-delivery]:-}" ] && [ -n "${cid[arm64-web]:-}" ]; then
      start_mesh arm64-mesh courier/mesh:arm64 arm64- --platform linux/arm64
      arm_ordered=(arm64-mesh "${arm_ordered[@]}")
      wait_ready arm64-mesh 300
    fi
    for (( i = ${#arm_ordered[@]} - 1; i >= 0; i-- )); do stop_drained "${arm_ordered[$i]}"; done
    say "arm64 finals: started, ready, called and drained under emulation in $(( $(date +%s) - arm_t0 )) s"
  fi
  # Compose for real (issue 15): docker-compose.yml up on this engine with the images built above, a canary, down -v.
  CONTAINERS_CACHE_DIR=$CONTAINERS_STATE "$repo/.ci/compose.sh"
  exit 0
fi

# ────────────────────────────────────────────────────────────────────────────────────────────────
# Main: engine, stand-in, builds, run phase, sizes.
# ────────────────────────────────────────────────────────────────────────────────────────────────
total_t0=$(date +%s)
declare -a timings=()
phase_t0=$total_t0
lap() { local now; now=$(date +%s); timings+=("$(printf '%-34s %4d s' "$1" $(( now - phase_t0 )))"); phase_t0=$now; }

unavailable() {
  if [ "${CI:-}" = true ]; then
    say "ERROR: $* — CI=true, so this is a failure" >&2
    exit 1
  fi
  say "SKIPPED: $* (Docker is unavailable here; this is only an error when CI=true)"
  exit 0
}

step "preflight"
# Every service is built from the one services/Dockerfile (--build-arg SERVICE): nothing can drift.
[ -f services/Dockerfile ] || fail "services/Dockerfile is missing"

# Engine: a private dockerd (root; always in CI), or with CONTAINERS_ENGINE=existing the engine
# the docker CLI already talks to (a developer machine with Docker Engine on Linux).
engine=${CONTAINERS_ENGINE:-}
if [ -z "$engine" ]; then
  engine=private
  if [ "$(id -u)" -ne 0 ] && [ "${CI:-}" != true ] && docker_cli=$(type -P docker) && docker version >/dev/null 2>&1; then
    engine=existing
  fi
fi
case "$engine" in
  existing) docker_cli=$(type -P docker) || unavailable "no docker CLI on PATH" ;;
  private) docker_cli=/usr/bin/docker ;;
  *) fail "CONTAINERS_ENGINE must be private or existing, not '$engine'" ;;
esac

arm64=${CONTAINERS_ARM64:-}
[ -n "$arm64" ] || { [ "$engine" = private ] && arm64=1 || arm64=0; }
if [ "$arm64" != 1 ]; then
  [ "${CI:-}" != true ] || fail "CONTAINERS_ARM64=$arm64 with CI=true: CI must build and run the arm64 images"
  say "SKIPPED: the arm64 images (CONTAINERS_ARM64=$arm64, engine $engine)"
elif [ "$engine" != private ]; then
  fail "the arm64 images need the private engine (its docker.io mirror serves the arm64 stand-in)"
fi
missing=()
if [ "$engine" = private ]; then
  [ -x "$docker_cli" ] || missing+=(docker.io)
  command -v dockerd >/dev/null 2>&1 || [ -x /usr/sbin/dockerd ] || missing+=(docker.io)
  command -v debootstrap >/dev/null 2>&1 || [ -x /usr/sbin/debootstrap ] || missing+=(debootstrap)
fi
if [ "$arm64" = 1 ]; then
  [ -x /usr/bin/docker-registry ] || missing+=(docker-registry)
  [ -x /usr/bin/qemu-aarch64-static ] || missing+=(qemu-user-static)
fi
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "${CI:-}" = true ] && [ "$(id -u)" -eq 0 ]; then
    say "installing ${missing[*]} with apt-get"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    unavailable "missing ${missing[*]} (apt-get install ${missing[*]})"
  fi
fi
[ "$engine" = existing ] || [ "$(id -u)" -eq 0 ] || unavailable "a private dockerd and debootstrap need root (or use CONTAINERS_ENGINE=existing with a running Docker Engine)"
for tool in node curl jq; do command -v "$tool" >/dev/null || fail "$tool is required"; done
[[ "$(node --version)" == v24.* ]] || fail "the node on PATH is $(node --version); Node 24 is required (the stand-ins copy it)"
[ -f node_modules/tsx/package.json ] || fail "run npm ci first (the run phase uses tools/testenv's with-db)"
lap "preflight"

state=${CONTAINERS_CACHE_DIR:-$repo/.data/containers}
mkdir -p "$state"
# Sockets and exec state under a short /tmp path (unix socket paths are limited to 108 bytes).
run_dir=$(mktemp -d /tmp/courier-docker.XXXXXX)
dockerd_pid=
registry_pid=
cleanup() {
  local status=$?
  if [ -n "$registry_pid" ] && kill -0 "$registry_pid" 2>/dev/null; then
    kill -TERM "$registry_pid" 2>/dev/null || true
    wait "$registry_pid" 2>/dev/null || true
  fi
  if [ -n "$dockerd_pid" ] && kill -0 "$dockerd_pid" 2>/dev/null; then
    say "stopping dockerd (pid $dockerd_pid)"
    kill -TERM "$dockerd_pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$dockerd_pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$dockerd_pid" 2>/dev/null; then
      say "dockerd (pid $dockerd_pid) did not stop in 30 s: SIGKILL"
      kill -KILL "$dockerd_pid" 2>/dev/null || true
    fi
    wait "$dockerd_pid" 2>/dev/null || true
  fi
  if [ "$status" -ne 0 ] && [ -f "$run_dir/dockerd.log" ]; then
    say "last lines of the dockerd log:" >&2
    tail -15 "$run_dir/dockerd.log" >&2 || true
  fi
  # dockerd leaves its network namespace mount (exec/netns/default) behind; unmount what is ours.
  awk -v dir="$run_dir/" 'index($5, dir) == 1 { print $5 }' /proc/self/mountinfo | sort -r | while read -r mountpoint; do
    umount "$mountpoint" 2>/dev/null || umount -l "$mountpoint" 2>/dev/null || say "could not unmount $mountpoint"
  done
  rm -rf "$run_dir" || say "could not remove $run_dir"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ "$engine" = private ]; then
  step "private Docker engine"
  mirror_flags=()
  if [ "$arm64" = 1 ]; then
    # The engine's docker.io mirror: a private registry on 127.0.0.1 holding only the stand-ins
    # (.ci/standin-mirror.sh says why). Its storage is kept with the other caches.
    registry=127.0.0.1:$(free_ports 1)
    mkdir -p "$state/registry"
    printf 'version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: %s\nhttp:\n  addr: %s\n' \
      "$state/registry" "$registry" >"$run_dir/registry.yml"
    /usr/bin/docker-registry serve "$run_dir/registry.yml" >"$run_dir/registry.log" 2>&1 &
    registry_pid=$!
    for _ in $(seq 1 40); do curl -fsS -o /dev/null "http://$registry/v2/" 2>/dev/null && break; sleep 0.25; done
    curl -fsS -o /dev/null "http://$registry/v2/" || { cat "$run_dir/registry.log" >&2; fail "the private registry did not answer on $registry"; }
    say "private registry (docker.io mirror for the stand-ins) pid $registry_pid on $registry"
    mirror_flags=(--registry-mirror "http://$registry" --insecure-registry "$registry")
  fi
  dockerd_bin=$(command -v dockerd || echo /usr/sbin/dockerd)
  "$dockerd_bin" \
    --data-root "$state/docker" --exec-root "$run_dir/exec" --pidfile "$run_dir/dockerd.pid" \
    -H "unix://$run_dir/docker.sock" --bridge none --iptables=false --ip-masq=false "${mirror_flags[@]}" \
    >"$run_dir/dockerd.log" 2>&1 &
  dockerd_pid=$!
  export DOCKER_HOST="unix://$run_dir/docker.sock"
  for _ in $(seq 1 120); do
    docker version >/dev/null 2>&1 && break
    kill -0 "$dockerd_pid" 2>/dev/null || { tail -20 "$run_dir/dockerd.log" >&2; unavailable "dockerd exited at start"; }
    sleep 0.5
  done
  docker version >/dev/null 2>&1 || { tail -20 "$run_dir/dockerd.log" >&2; unavailable "dockerd did not answer within 60 s"; }
  say "dockerd $(docker version --format '{{.Server.Version}}') pid $dockerd_pid, DOCKER_HOST=$DOCKER_HOST, data $state/docker"
else
  step "existing Docker engine"
  docker version >/dev/null 2>&1 || unavailable "the docker CLI cannot reach an engine"
  say "docker $(docker version --format '{{.Server.Version}}') at ${DOCKER_HOST:-its default socket}"
fi
lap "engine start"

base_image=node:24-trixie-slim
step "base image"
if [ "$engine" = existing ] && ! docker image inspect "$base_image" >/dev/null 2>&1; then
  docker pull "$base_image" || say "could not pull $base_image; building the local stand-in instead"
fi
CONTAINERS_CACHE_DIR=$state DOCKER_CLI=$docker_cli .ci/node-standin.sh --arch amd64
lap "base image (amd64)"
if [ "$arm64" = 1 ]; then
  CONTAINERS_CACHE_DIR=$state DOCKER_CLI=$docker_cli .ci/node-standin.sh --arch arm64
  DOCKER_CLI=$docker_cli .ci/standin-mirror.sh "$registry" amd64 arm64
  lap "base image (arm64, mirror)"
fi

step "build every stage of ${services[*]}"
revision=$(git rev-parse -q --verify 'HEAD^{commit}' 2>/dev/null || echo unknown)
version=$(node -p "require('./package.json').version")+${revision:0:7}
source_url=$(git remote get-url origin 2>/dev/null || echo "")
mkdir -p "$state/logs"
# build_image IMAGE DOCKERFILE TARGET TAG [ARCH]: one stage, for this machine's platform or for
# linux/ARCH, logged to $state/logs/build-IMAGE-TARGET[-ARCH].log.
build_image() {
  local image=$1 dockerfile=$2 target=$3 tag=$4 arch=${5:-} t0 log platform=()
  t0=$(date +%s)
  log="$state/logs/build-$image-$target${arch:+-$arch}.log"
  [ -z "$arch" ] || platform=(--platform "linux/$arch")
  # The services' Dockerfile builds the one SERVICE names; the mesh's has no such argument.
  local service_arg=()
  [ "$dockerfile" != services/Dockerfile ] || service_arg=(--build-arg "SERVICE=$image")
  if ! docker build --network host -f "$dockerfile" --target "$target" -t "$tag" "${platform[@]}" "${service_arg[@]}" \
    --build-arg "REVISION=$revision" --build-arg "VERSION=$version" --build-arg "SOURCE=$source_url" \
    . >"$log" 2>&1; then
    tail -60 "$log" >&2
    fail "$image: docker build --target $target${platform[*]:+ ${platform[*]}} failed"
  fi
  say "$image: --target $target${platform[*]:+ ${platform[*]}} → $tag ($(( $(date +%s) - t0 )) s, $(grep -c '^#[0-9]* CACHED' "$log" || true) steps cached)"
}
# build_stages IMAGE DOCKERFILE STAGE...: every stage tagged courier/IMAGE:STAGE, the last one :latest.
build_stages() {
  local image=$1 dockerfile=$2 target tag
  shift 2
  for target in "$@"; do
    tag="courier/$image:$target"
    [ "$target" = "${*: -1}" ] && tag="courier/$image:latest"
    build_image "$image" "$dockerfile" "$target" "$tag"
  done
}
for svc in "${services[@]}"; do
  build_stages "$svc" services/Dockerfile manifests deps build testrunner app final
done
build_stages mesh tools/mesh/Dockerfile build app final
lap "builds (${#services[@]} services × 6 stages, mesh × 3)"
images=("${services[@]}" mesh)
if [ "$arm64" = 1 ]; then
  step "build the arm64 finals (build stages on this machine's platform, final for linux/arm64)"
  for svc in "${services[@]}"; do build_image "$svc" services/Dockerfile final "courier/$svc:arm64" arm64; done
  build_image mesh tools/mesh/Dockerfile final courier/mesh:arm64 arm64
  lap "builds (arm64 finals)"
fi

step "architecture and Node of every image"
# image_node TAG: `node --version` and process.arch from inside the image (under qemu for arm64).
image_node() {
  local tag=$1 arch
  arch=$(docker image inspect -f '{{.Architecture}}' "$tag")
  docker run --rm --platform "linux/$arch" --network none --entrypoint node "$tag" -p 'process.version + " " + process.arch'
}
checked=()
for img in "${images[@]}"; do
  tags=("courier/$img:latest")
  [ "$img" = mesh ] || tags+=("courier/$img:testrunner")
  [ "$arm64" = 1 ] && tags+=("courier/$img:arm64")
  for tag in "${tags[@]}"; do
    arch=$(docker image inspect -f '{{.Architecture}}' "$tag")
    expected=amd64
    [[ "$tag" != *:arm64 ]] || expected=arm64
    read -r node_version node_arch <<<"$(image_node "$tag")"
    printf '[containers]   %-28s %-6s node %-9s (process.arch %s)\n' "$tag" "$arch" "$node_version" "$node_arch"
    [ "$arch" = "$expected" ] || fail "$tag: architecture $arch, expected $expected"
    [[ "$node_version" == v24.* ]] || fail "$tag: node $node_version, expected v24.x"
    checked+=("$tag")
  done
done
say "${#checked[@]} images: node v24, architecture as tagged"
lap "architecture and node checks"

step "run testrunner and final images"
db_flag=()
if [ "${CONTAINERS_DB:-}" != embedded ] && [ -x /usr/lib/postgresql/15/bin/initdb ]; then
  db_flag=(--real-postgres)
  say "PostgreSQL: a real PostgreSQL 15 on 127.0.0.1 (tools/testenv with-db --real-postgres)"
else
  say "PostgreSQL: the embedded one on 127.0.0.1 (postgresql-15 is not installed)"
fi
CONTAINERS_STATE=$state CONTAINERS_SERVICES="${services[*]}" CONTAINERS_DOCKER_CLI=$docker_cli CONTAINERS_ARM64=$arm64 \
  node tools/testenv/bin/with-db.js "${db_flag[@]}" -- bash "$self" --run-phase
lap "testrunner + final runs"

step "image budget: app layers above the base ($base_image)"
budget=${CONTAINERS_BUDGET_MB:-60}
over=()
variants=(latest:"$base_image")
[ "$arm64" = 1 ] && variants+=("arm64:courier-standin/$base_image-arm64")
for variant in "${variants[@]}"; do
  tag=${variant%%:*} base_ref=${variant#*:}
  base_size=$(docker image inspect -f '{{.Size}}' "$base_ref")
  for img in "${images[@]}"; do
    size=$(docker image inspect -f '{{.Size}}' "courier/$img:$tag")
    above=$(( (size - base_size) / 1000000 ))
    verdict=ok
    [ "$above" -le "$budget" ] || { verdict="OVER BUDGET"; over+=("$img:$tag"); }
    printf '[containers]   %-24s %4d MB total, %3d MB above the base (budget %d MB): %s\n' \
      "courier/$img:$tag" $(( size / 1000000 )) "$above" "$budget" "$verdict"
    [ "$tag" != latest ] || docker history --no-trunc --format '{{.Size}}\t{{.CreatedBy}}' "courier/$img:$tag" \
      | awk -F'\t' '$1 != "0B" && $2 ~ /COPY/ { sub(/ # buildkit/, "", $2); printf "[containers]       %-8s %s\n", $1, $2 }'
  done
done
lap "sizes"

if [ "$engine" = private ]; then
  # The private data dir is a cache for the next run; keep it bounded.
  docker image prune --force >/dev/null
  docker builder prune --force --keep-storage "${CONTAINERS_CACHE_KEEP:-6GB}" >/dev/null
  say "build cache kept for the next run: $(du -sh "$state/docker" 2>/dev/null | cut -f1) in $state/docker (delete the directory to start cold)"
fi

step "timings"
for line in "${timings[@]}"; do say "$line"; done
say "$(printf '%-34s %4d s' total $(( $(date +%s) - total_t0 )))"
[ "${#over[@]}" -eq 0 ] || fail "over the ${budget} MB image budget: ${over[*]}"
say "all container checks passed"
