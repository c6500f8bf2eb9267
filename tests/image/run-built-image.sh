#!/usr/bin/env bash
# Builds the real image (scripts/build-image-local.sh: buildah, the Dockerfile unchanged) and runs it
# as a container the way Kubernetes would: read-only root filesystem, only /data and /tmp writable.
# Checks that it serves, runs as 10001, cannot write its own files, and stops promptly on SIGTERM.
# Needs root (buildah, podman); installs them from Debian's packages when missing.
set -euo pipefail
cd "$(dirname "$0")/../.."

log() { printf '\033[36m[built-image]\033[0m %s\n' "$*" >&2; }
fail() { printf '\033[31m[built-image] FAIL:\033[0m %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || fail "building and running the image here needs root (buildah, podman)"
missing=()
for tool in buildah podman runc debootstrap; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]} from Debian's packages"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

bash scripts/build-image-local.sh tickler:test

# This VM's cgroups are hybrid (crun refuses them), its process and file limits are below podman's
# defaults, and there is no systemd to run the image's HEALTHCHECK timer (Kubernetes ignores it too).
podman_run() { podman --runtime runc --cgroup-manager cgroupfs "$@"; }
name=tickler-image-test
port=4187
podman_run rm -f "$name" >/dev/null 2>&1 || true
podman volume rm -f "$name" >/dev/null 2>&1 || true
trap 'podman_run rm -f "$name" >/dev/null 2>&1 || true; podman volume rm -f "$name" >/dev/null 2>&1 || true' EXIT

podman_run run -d --name "$name" --network host --read-only --tmpfs /tmp \
  --ulimit "nofile=$(ulimit -n):$(ulimit -n)" --ulimit nproc=4096:4096 --no-healthcheck \
  -v "$name:/data" -e "PORT=$port" localhost/tickler:test >/dev/null
for _ in $(seq 1 60); do
  curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break
  sleep 0.5
done
[ "$(curl -s "http://127.0.0.1:$port/readyz")" = '{"status":"ready"}' ] || fail "not ready: $(podman logs "$name" 2>&1 | tail -5)"
log "ready"

status=$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$port/api/auth/sign-up" \
  -H 'content-type: application/json' -d '{"email":"image@example.com","password":"an image test password"}')
[ "$status" = 201 ] || fail "sign-up answered $status"
curl -s "http://127.0.0.1:$port/" | grep -q '<!doctype html>' || fail "the web app is not served"
log "signs up and serves the web app"

[ "$(podman_run exec "$name" id -u)" = 10001 ] || fail "runs as $(podman_run exec "$name" id -u), not 10001"
if podman_run exec "$name" sh -c 'touch /app/written' 2>/dev/null; then fail "the app could write its own files"; fi
podman_run exec "$name" sh -c 'touch /data/written' || fail "/data is not writable"
log "runs as 10001; /app is read-only, /data writable"

started=$(date +%s%N)
podman_run stop -t 25 "$name" >/dev/null
took=$((($(date +%s%N) - started) / 1000000))
code=$(podman inspect "$name" --format '{{.State.ExitCode}}')
# Effect's runMain exits 130 when interrupted by the signal; a crash would be 1, a kill 137.
[ "$code" = 130 ] || fail "exit code $code after SIGTERM"
[ "$took" -lt 25000 ] || fail "took ${took} ms to stop"
log "stopped on SIGTERM in ${took} ms (exit $code)"
log "image size: $(podman image inspect localhost/tickler:test --format '{{.Size}}' | awk '{printf "%.0f MB", $1/1e6}')"
