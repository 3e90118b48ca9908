#!/usr/bin/env bash
# Runs a command against a Docker daemon of Vigil's own, then stops that daemon
# if this script started it. Used by .ci/run for `npm run containers:check`.
#
# Why a private daemon on its own socket: while a daemon answers on the default
# socket, testcontainers (VIGIL_TEST_INFRA=auto) picks it for every other test
# run on the machine. This one answers only where DOCKER_HOST points, which is
# set for the wrapped command alone. Its data root persists between runs, so the
# base images (debootstrap, Node, PostgreSQL, nats-server) and the `npm ci`
# layers are built once per machine.
#
# Installs what it needs from Debian's packages when missing: docker.io (the
# engine), docker-compose (1.29) and debootstrap.
set -euo pipefail

SOCKET=/run/docker-vigil.sock
PIDFILE=/run/docker-vigil.pid
BRIDGE=vigil-docker0
BRIDGE_ADDRESS=172.29.255.1/24
export DOCKER_HOST="unix://$SOCKET"

install_missing() {
  local missing=()
  command -v dockerd >/dev/null || missing+=(docker.io)
  command -v docker-compose >/dev/null || missing+=(docker-compose)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  [ ${#missing[@]} = 0 ] && return
  echo "installing ${missing[*]} from Debian's packages"
  DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}" >/dev/null ||
    { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}" >/dev/null; }
}

daemon_answers() { docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

install_missing
started_here=false
bridge_made_here=false
if ! daemon_answers; then
  # A bridge of its own: two daemons sharing docker0 fight over it (one deleted
  # the other's, and every build failed; docs/decisions.md, "Traps").
  if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
    ip link add "$BRIDGE" type bridge
    ip addr add "$BRIDGE_ADDRESS" dev "$BRIDGE"
    ip link set "$BRIDGE" up
    bridge_made_here=true
  fi
  # Not niced: a starved daemon makes containers' healthchecks time out.
  dockerd -H "$DOCKER_HOST" --bridge "$BRIDGE" --data-root /var/lib/docker-vigil --exec-root /run/docker-vigil \
    --pidfile "$PIDFILE" >/tmp/docker-vigil.log 2>&1 &
  daemon=$!
  started_here=true
  for _ in $(seq 1 60); do daemon_answers && break; kill -0 "$daemon" 2>/dev/null || break; sleep 1; done
  daemon_answers || { echo "the private Docker daemon did not answer (within 60 s)" >&2; tail -20 /tmp/docker-vigil.log >&2; exit 1; }
fi

stop_daemon() {
  $started_here || return 0
  local pid
  pid=$(cat "$PIDFILE" 2>/dev/null || true)
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  fi
  $bridge_made_here && ip link del "$BRIDGE" 2>/dev/null || true
}
trap stop_daemon EXIT

echo "Docker $(docker version --format '{{.Server.Version}}') at $DOCKER_HOST"
"$@"
