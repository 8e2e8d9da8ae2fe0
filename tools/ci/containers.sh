#!/usr/bin/env bash
# Container CI for the services (issue 6): really builds and runs every services/<name>/Dockerfile.
#
#   1. starts a private Docker engine (Debian's docker.io): own socket, data dir and exec dir;
#   2. builds the LOCAL STAND-IN for node:20-bookworm-slim (tools/ci/node-standin.sh; no registry
#      is reachable here);
#   3. builds every stage of every service: DOCKER_BUILDKIT=1 /usr/bin/docker build --target …,
#      and the mesh image (tools/mesh/Dockerfile) that docker-compose uses as its gateway;
#   4. with a PostgreSQL reachable from the containers (a real one when Debian's postgresql-15 is
#      installed, else the embedded one; both through tools/testenv's with-db):
#      - runs each `testrunner` (exit 0, JUnit XML with more than 0 tests),
#      - runs each `final` read-only, without capabilities, and checks readiness, one API call per
#        service, non-root user, health, and a clean exit 0 on SIGTERM within the grace period,
#      - runs the mesh image the same way in front of them, with compose's routing objects;
#   5. prints each final image's size above its base and checks the budget;
#   6. stops everything it started, by PID / container id.
#
# Usage: tools/ci/containers.sh            (root; npm ci must have run: with-db and its tsx are used)
#        CONTAINERS_ENGINE=existing tools/ci/containers.sh   (use the engine `docker` already talks
#        to, Linux only: --network host; picked automatically for non-root users when it answers)
#
# Where Docker cannot run, it says so and exits 0, or 1 when CI=true. With CI=true and root it
# installs docker.io and debootstrap with apt-get when they are missing.
#
# Environment:
#   CONTAINERS_CACHE_DIR      state kept between runs (default .data/containers: Debian rootfs
#                             tarball, Docker data dir with the build cache, test reports)
#   CONTAINERS_BUDGET_MB      app layers allowed above the base per final image (default 60)
#   CONTAINERS_SERVICES       services to check (default: every services/*/Dockerfile)
#   CONTAINERS_DB=embedded    use the embedded PostgreSQL even where postgresql-15 is installed
#   CONTAINERS_CACHE_KEEP     build cache kept in the private engine between runs (default 6GB)
#
# Logs: every `docker build` writes to $CONTAINERS_CACHE_DIR/logs/build-<service>-<target>.log
# (its tail is printed on failure); JUnit reports go to $CONTAINERS_CACHE_DIR/reports/<service>/.
#
# Networking: the engine runs with --bridge none --iptables=false so it never touches the host's
# network setup (or another engine's docker0); builds and containers use --network host, and the
# services reach the test PostgreSQL on 127.0.0.1.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo"
self="$repo/tools/ci/containers.sh"
# Debian's docker.io CLI has BuildKit built in (no buildx plugin needed).
docker_cli=${CONTAINERS_DOCKER_CLI:-/usr/bin/docker}
export DOCKER_BUILDKIT=1 BUILDKIT_PROGRESS=plain

say() { printf '[containers] %s\n' "$*"; }
step() { printf '\n\033[1m[containers] ── %s\033[0m\n' "$*"; }
fail() { say "FAIL: $*" >&2; exit 1; }
docker() { "$docker_cli" "$@"; }
# N distinct free TCP ports on 127.0.0.1, space-separated (all held open at once, so they differ).
free_ports() {
  node -e '
    const net = require("node:net");
    const take = () => new Promise((ok) => { const s = net.createServer().listen(0, "127.0.0.1", () => ok(s)); });
    Promise.all(Array.from({ length: Number(process.argv[1]) }, take)).then((servers) => {
      console.log(servers.map((s) => s.address().port).join(" "));
      servers.forEach((s) => s.close());
    });' "$1"
}

services=()
if [ -n "${CONTAINERS_SERVICES:-}" ]; then
  read -r -a services <<<"$CONTAINERS_SERVICES"
else
  for dockerfile in services/*/Dockerfile; do
    name=${dockerfile#services/}
    services+=("${name%/Dockerfile}")
  done
fi
[ "${#services[@]}" -gt 0 ] || fail "no services/*/Dockerfile found"

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

  step "final: read-only, no capabilities, no-new-privileges, as shipped"
  read -r -a ports <<<"$(free_ports 3)"
  declare -A port=([users]=${ports[0]} [delivery]=${ports[1]} [web]=${ports[2]})
  declare -A env_of=(
    [users]="DATABASE_SCHEMA=containers_ci_users"
    [delivery]="DATABASE_SCHEMA=containers_ci_delivery USERS_URL=http://127.0.0.1:${port[users]}"
    [web]="USERS_URL=http://127.0.0.1:${port[users]} DELIVERY_URL=http://127.0.0.1:${port[delivery]}"
  )
  grace=15
  declare -A cid=()
  # users first (delivery and web call it), then delivery, web, and any other service.
  ordered=()
  for svc in users delivery web; do [[ " ${services[*]} " != *" $svc "* ]] || ordered+=("$svc"); done
  for svc in "${services[@]}"; do [[ " users delivery web " == *" $svc "* ]] || ordered+=("$svc"); done
  for svc in "${ordered[@]}"; do
    [ -n "${port[$svc]:-}" ] || port[$svc]=$(free_ports 1)
    [ -n "${env_of[$svc]:-}" ] || env_of[$svc]="DATABASE_SCHEMA=containers_ci_${svc//-/_}"
    hardened=(--network host --read-only --tmpfs /tmp --cap-drop ALL --security-opt no-new-privileges
      -e DATABASE_URL)
    for kv in ${env_of[$svc]}; do hardened+=(-e "$kv"); done
    # As on Kubernetes: the migration Job (`node dist/migrate.js`, same image) runs first, and the
    # service then starts with DATABASE_MIGRATE_ON_START=false.
    if docker run --rm --entrypoint sh "courier/$svc:latest" -c 'test -f dist/migrate.js'; then
      log=$(docker run --rm "${hardened[@]}" "courier/$svc:latest" dist/migrate.js 2>&1) \
        || { echo "$log" >&2; fail "$svc: the migration entry point (node dist/migrate.js) failed"; }
      say "$svc: migration Job → $(tail -1 <<<"$log")"
      hardened+=(-e DATABASE_MIGRATE_ON_START=false)
    fi
    cid[$svc]=$(docker run --detach --name "courier-ci-$svc-$$" "${hardened[@]}" \
      --stop-timeout "$grace" --health-interval 2s \
      -e "PORT=${port[$svc]}" -e APP_VERSION=v1 -e LOG_LEVEL=info "courier/$svc:latest")
    started_containers+=("${cid[$svc]}")
    say "$svc: started ${cid[$svc]:0:12} on 127.0.0.1:${port[$svc]}"
  done

  wait_ready() { # service
    local svc=$1 deadline=$(( $(date +%s) + 90 ))
    until curl -fsS -o /dev/null "http://127.0.0.1:${port[$svc]}/readyz" 2>/dev/null; do
      if [ "$(docker inspect -f '{{.State.Running}}' "${cid[$svc]}")" != true ]; then
        docker logs "${cid[$svc]}" 2>&1 | tail -40 >&2
        fail "$svc: container exited before it was ready"
      fi
      if [ "$(date +%s)" -gt "$deadline" ]; then
        docker logs "${cid[$svc]}" 2>&1 | tail -40 >&2
        fail "$svc: /readyz not 200 within 90 s"
      fi
      sleep 0.5
    done
    say "$svc: /readyz 200"
  }
  for svc in "${!cid[@]}"; do wait_ready "$svc"; done

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

  # The mesh image in front of the running containers, as docker-compose uses it: compose's routing
  # objects (rendered from the charts), a config whose workloads are the containers above.
  if [ -n "${cid[users]:-}" ] && [ -n "${cid[delivery]:-}" ] && [ -n "${cid[web]:-}" ]; then
    read -r -a mesh_ports <<<"$(free_ports 3)"
    gateway_port=${mesh_ports[0]} users_listener=${mesh_ports[1]} port[mesh]=${mesh_ports[2]}
    mesh_dir="$CONTAINERS_STATE/mesh"
    rm -rf "$mesh_dir" && mkdir -p "$mesh_dir"
    cp deploy/compose/routing.yaml "$mesh_dir/routing.yaml"
    jq -n --argjson admin "${port[mesh]}" --argjson gw "$gateway_port" --argjson ul "$users_listener"       --arg users "http://127.0.0.1:${port[users]}" --arg delivery "http://127.0.0.1:${port[delivery]}" --arg web "http://127.0.0.1:${port[web]}" '{
        namespace: "courier", bind: "127.0.0.1", adminPort: $admin,
        listeners: [{ name: "ingress-gateway", port: $gw, host: "web", gateway: "courier-gateway" }, { port: $ul, host: "users" }],
        workloads: [
          { service: "users", name: "users-v1", labels: { app: "users", version: "v1", track: "stable" }, url: $users },
          { service: "delivery", name: "delivery-v1", labels: { app: "delivery", version: "v1", track: "stable" }, url: $delivery },
          { service: "delivery", name: "delivery-v2", labels: { app: "delivery", version: "v2", track: "canary" }, url: $delivery },
          { service: "web", name: "web-v1", labels: { app: "web", version: "v1", track: "stable" }, url: $web }
        ] }' >"$mesh_dir/mesh.json"
    # MESH_ADMIN_PORT only tells the image's HEALTHCHECK where the admin API is (the config says so to the mesh).
    cid[mesh]=$(docker run --detach --name "courier-ci-mesh-$$" --network host --read-only --tmpfs /tmp \
      --cap-drop ALL --security-opt no-new-privileges --stop-timeout "$grace" --health-interval 2s \
      -e "MESH_ADMIN_PORT=${port[mesh]}" -v "$mesh_dir:/etc/courier:ro" \
      courier/mesh:latest --config /etc/courier/mesh.json --objects /etc/courier/routing.yaml)
    started_containers+=("${cid[mesh]}")
    ordered=(mesh "${ordered[@]}")
    say "mesh: started ${cid[mesh]:0:12}: gateway 127.0.0.1:$gateway_port, users listener :$users_listener, admin :${port[mesh]}"
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
  for (( i = ${#ordered[@]} - 1; i >= 0; i-- )); do
    svc=${ordered[$i]}
    c=${cid[$svc]}
    t0=$(date +%s%N)
    docker stop --time "$grace" "$c" >/dev/null
    ms=$(( ($(date +%s%N) - t0) / 1000000 ))
    code=$(docker inspect -f '{{.State.ExitCode}}' "$c")
    [ "$code" = 0 ] || { docker logs "$c" 2>&1 | tail -20 >&2; fail "$svc: exit code $code after SIGTERM (137 = killed after the ${grace} s grace period)"; }
    [ "$ms" -lt $(( grace * 1000 )) ] || fail "$svc: took ${ms} ms to stop (grace ${grace} s)"
    drained_message='shutdown: drained'
    [ "$svc" != mesh ] || drained_message='mesh stopped'
    grep -q "$drained_message" <<<"$(docker logs "$c" 2>&1)" || fail "$svc: no '$drained_message' in its log"
    say "$svc: docker stop (SIGTERM) → drained, exit 0 in ${ms} ms"
  done
  # Compose for real (issue 15): docker-compose.yml up on this engine with the images built above, a canary, down -v.
  CONTAINERS_CACHE_DIR=$CONTAINERS_STATE "$repo/tools/ci/compose.sh"
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
# No drift between the services' Dockerfiles: identical apart from the service name and its port.
reference=
for svc in "${services[@]}"; do
  normalized=$(sed -e "s/\b$svc\b/<service>/g" -e 's/^ARG PORT=[0-9]*$/ARG PORT=<port>/' "services/$svc/Dockerfile")
  if [ -z "$reference" ]; then
    reference=$normalized reference_svc=$svc
  elif [ "$normalized" != "$reference" ]; then
    diff <(echo "$reference") <(echo "$normalized") >&2 || true
    fail "services/$svc/Dockerfile drifted from services/$reference_svc/Dockerfile (only the service name and PORT may differ)"
  fi
done
say "Dockerfiles of ${services[*]}: same shape (only the service name and PORT differ)"

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

missing=()
if [ "$engine" = private ]; then
  [ -x "$docker_cli" ] || missing+=(docker.io)
  command -v dockerd >/dev/null 2>&1 || [ -x /usr/sbin/dockerd ] || missing+=(docker.io)
  command -v debootstrap >/dev/null 2>&1 || [ -x /usr/sbin/debootstrap ] || missing+=(debootstrap)
fi
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "${CI:-}" = true ] && [ "$(id -u)" -eq 0 ]; then
    say "installing ${missing[*]} with apt-get"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    unavailable "missing ${missing[*]} (apt-get install docker.io debootstrap)"
  fi
fi
[ "$engine" = existing ] || [ "$(id -u)" -eq 0 ] || unavailable "a private dockerd and debootstrap need root (or use CONTAINERS_ENGINE=existing with a running Docker Engine)"
for tool in node curl jq; do command -v "$tool" >/dev/null || fail "$tool is required"; done
[ -f node_modules/tsx/package.json ] || fail "run npm ci first (the run phase uses tools/testenv's with-db)"
lap "preflight"

state=${CONTAINERS_CACHE_DIR:-$repo/.data/containers}
mkdir -p "$state"
# Sockets and exec state under a short /tmp path (unix socket paths are limited to 108 bytes).
run_dir=$(mktemp -d /tmp/courier-docker.XXXXXX)
dockerd_pid=
cleanup() {
  local status=$?
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
  dockerd_bin=$(command -v dockerd || echo /usr/sbin/dockerd)
  "$dockerd_bin" \
    --data-root "$state/docker" --exec-root "$run_dir/exec" --pidfile "$run_dir/dockerd.pid" \
    -H "unix://$run_dir/docker.sock" --bridge none --iptables=false --ip-masq=false \
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

step "base image"
if [ "$engine" = existing ] && ! docker image inspect node:20-bookworm-slim >/dev/null 2>&1; then
  docker pull node:20-bookworm-slim || say "could not pull node:20-bookworm-slim; building the local stand-in instead"
fi
CONTAINERS_CACHE_DIR=$state DOCKER_CLI=$docker_cli tools/ci/node-standin.sh
lap "base image"

step "build every stage of ${services[*]}"
revision=$(git rev-parse -q --verify 'HEAD^{commit}' 2>/dev/null || echo unknown)
version=$(node -p "require('./package.json').version")+${revision:0:7}
source_url=$(git remote get-url origin 2>/dev/null || echo "")
mkdir -p "$state/logs"
# build_stages IMAGE DOCKERFILE STAGE...: every stage tagged courier/IMAGE:STAGE, the last one :latest.
build_stages() {
  local image=$1 dockerfile=$2 target tag t0 log
  shift 2
  for target in "$@"; do
    tag="courier/$image:$target"
    [ "$target" = "${*: -1}" ] && tag="courier/$image:latest"
    t0=$(date +%s)
    log="$state/logs/build-$image-$target.log"
    if ! docker build --network host -f "$dockerfile" --target "$target" -t "$tag" \
      --build-arg "REVISION=$revision" --build-arg "VERSION=$version" --build-arg "SOURCE=$source_url" \
      . >"$log" 2>&1; then
      tail -60 "$log" >&2
      fail "$image: docker build --target $target failed"
    fi
    say "$image: --target $target → $tag ($(( $(date +%s) - t0 )) s, $(grep -c '^#[0-9]* CACHED' "$log" || true) steps cached)"
  done
}
for svc in "${services[@]}"; do
  build_stages "$svc" "services/$svc/Dockerfile" manifests deps build testrunner app final
done
build_stages mesh tools/mesh/Dockerfile build app final
lap "builds (${#services[@]} services × 6 stages, mesh × 3)"

step "run testrunner and final images"
db_flag=()
if [ "${CONTAINERS_DB:-}" != embedded ] && [ -x /usr/lib/postgresql/15/bin/initdb ]; then
  db_flag=(--real-postgres)
  say "PostgreSQL: a real PostgreSQL 15 on 127.0.0.1 (tools/testenv with-db --real-postgres)"
else
  say "PostgreSQL: the embedded one on 127.0.0.1 (postgresql-15 is not installed)"
fi
CONTAINERS_STATE=$state CONTAINERS_SERVICES="${services[*]}" CONTAINERS_DOCKER_CLI=$docker_cli \
  node tools/testenv/bin/with-db.js "${db_flag[@]}" -- bash "$self" --run-phase
lap "testrunner + final runs"

step "image budget: app layers above the base (node:20-bookworm-slim)"
budget=${CONTAINERS_BUDGET_MB:-60}
base_size=$(docker image inspect -f '{{.Size}}' node:20-bookworm-slim)
over=()
for svc in "${services[@]}" mesh; do
  size=$(docker image inspect -f '{{.Size}}' "courier/$svc:latest")
  above=$(( (size - base_size) / 1000000 ))
  verdict=ok
  [ "$above" -le "$budget" ] || { verdict="OVER BUDGET"; over+=("$svc"); }
  printf '[containers]   courier/%-10s %4d MB total, %3d MB above the base (budget %d MB): %s\n' \
    "$svc" $(( size / 1000000 )) "$above" "$budget" "$verdict"
  docker history --no-trunc --format '{{.Size}}\t{{.CreatedBy}}' "courier/$svc:latest" \
    | awk -F'\t' '$1 != "0B" && $2 ~ /COPY/ { sub(/ # buildkit/, "", $2); printf "[containers]       %-8s %s\n", $1, $2 }'
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
