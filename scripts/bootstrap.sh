#!/usr/bin/env bash
# Makes a fresh machine ready: Node 24 (from the npm registry when the machine's Node is older),
# pnpm, and the workspace's dependencies. Tools are cached by version outside the repository.
# Source it (`. scripts/bootstrap.sh`) so PATH carries over to the caller.
set -euo pipefail

NODE_VERSION=24.21.0
PNPM_VERSION=12.21.0
export TICKLER_CACHE="${TICKLER_CACHE:-$HOME/.cache/tickler}"

log() { printf '\033[36m[bootstrap]\033[0m %s\n' "$*" >&2; }

node_major() { command -v node >/dev/null 2>&1 && node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(node_major)" -lt 24 ]; then
  node_dir="$TICKLER_CACHE/node-$NODE_VERSION"
  if [ ! -x "$node_dir/bin/node" ]; then
    command -v npm >/dev/null 2>&1 || { echo "bootstrap: need some Node.js with npm to fetch Node $NODE_VERSION" >&2; exit 1; }
    log "installing Node $NODE_VERSION into $node_dir (one time)"
    npm install --global --prefix "$node_dir" --no-audit --no-fund --loglevel=error "node@$NODE_VERSION" >/dev/null
  fi
  export PATH="$node_dir/bin:$PATH"
fi

if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
  pnpm_dir="$TICKLER_CACHE/pnpm-$PNPM_VERSION"
  if [ ! -x "$pnpm_dir/bin/pnpm" ]; then
    log "installing pnpm $PNPM_VERSION into $pnpm_dir (one time)"
    npm install --global --prefix "$pnpm_dir" --no-audit --no-fund --loglevel=error "pnpm@$PNPM_VERSION" >/dev/null
  fi
  export PATH="$pnpm_dir/bin:$PATH"
fi

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
stamp="$repo_root/node_modules/.bootstrap-stamp"
if [ ! -f "$stamp" ] || [ "$repo_root/pnpm-lock.yaml" -nt "$stamp" ]; then
  log "installing workspace dependencies"
  (cd "$repo_root" && pnpm install --frozen-lockfile --reporter=append-only >&2)
  touch "$stamp"
fi
log "node $(node --version), pnpm $(pnpm --version)"
