#!/usr/bin/env bash
# Builds the container image where no base image can be pulled (no container registry, no Docker
# engine — as on the test machines): a stand-in for node:<version>-bookworm-slim is made from Debian
# bookworm (debootstrap, from the machine's apt mirror) plus the Node and npm of the npm registry, and
# `buildah bud` builds the Dockerfile unchanged against it. Needs root, buildah and debootstrap.
# Where a registry is reachable, `docker build .` is all it takes.
#   bash scripts/build-image-local.sh [tag]      (default tickler:dev)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bootstrap.sh

tag=${1:-tickler:dev}
base="docker.io/library/node:$NODE_VERSION-bookworm-slim"
log() { printf '\033[36m[build-image]\033[0m %s\n' "$*" >&2; }

for tool in buildah debootstrap; do
  command -v "$tool" >/dev/null || { echo "build-image: needs $tool (apt-get install buildah debootstrap)" >&2; exit 1; }
done

if ! buildah inspect --type image "$base" >/dev/null 2>&1; then
  mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.sources 2>/dev/null |
    grep -oE 'https?://[^ ]+/debian/?( |$)' | head -1 | tr -d ' ' || true)
  [ -n "$mirror" ] || { echo "build-image: no Debian mirror found in /etc/apt" >&2; exit 1; }
  rootfs=$(mktemp -d)
  trap 'rm -rf "$rootfs"' EXIT
  log "making a stand-in for $base: Debian bookworm from $mirror, Node $NODE_VERSION (one time)"
  debootstrap --variant=minbase --include=ca-certificates bookworm "$rootfs" "$mirror" >/dev/null
  install -m 0755 "$(readlink -f "$(command -v node)")" "$rootfs/usr/local/bin/node"
  npm install --global --prefix "$rootfs/usr/local" --no-audit --no-fund --loglevel=error "npm@$(npm --version)"
  # This machine's trust store: its egress to the registries may present its own certificate authority.
  cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  container=$(buildah from scratch)
  buildah copy --quiet "$container" "$rootfs" / >/dev/null
  buildah config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    --env NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt --cmd node "$container"
  buildah commit --quiet "$container" "$base" >/dev/null
  buildah rm "$container" >/dev/null
fi

log "building $tag from the Dockerfile"
buildah bud --pull=never --isolation chroot --layers --format docker \
  --build-arg "REVISION=$(git rev-parse HEAD 2>/dev/null || echo unknown)" -t "$tag" .
log "built $tag: $(buildah inspect --type image --format '{{.FromImageDigest}}' "$tag" 2>/dev/null || true)"
