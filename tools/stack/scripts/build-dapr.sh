#!/usr/bin/env bash
# Builds daprd and the Dapr Scheduler from the Go module (no Docker, no `dapr init`).
# Usage: build-dapr.sh <version, e.g. 1.18.3> <output dir>
# Why not `go install`: dapr's go.mod has replace directives, so dapr must be the main module
# (dapr/dapr#8872). We copy the module source out of the module cache and build in it.
set -euo pipefail
V="$1"; OUT="$2"
command -v go >/dev/null || { echo "go not found: install Go >= 1.26.6 (dapr v$V's go.mod needs it)" >&2; exit 3; }
start=$(date +%s)
mkdir -p "$OUT"
WORK="$OUT/src"
# -mod=mod: the module zip's go.sum covers every dependency; keep any GOFLAGS already set.
export GOFLAGS="${GOFLAGS:-} -mod=mod"
export CGO_ENABLED=0 # sqlite (name resolution) is modernc.org/sqlite, pure Go
echo "[dapr-build] downloading github.com/dapr/dapr@v$V source"
SRC=$(go mod download -json "github.com/dapr/dapr@v$V" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[ -d "$SRC" ] || { echo "could not download github.com/dapr/dapr@v$V (is the Go module proxy reachable?)" >&2; exit 4; }
rm -rf "$WORK"; cp -r "$SRC" "$WORK"; chmod -R u+w "$WORK"
# Flavor: `stablecomponents` covers pubsub.kafka, state.postgresql v2, bindings.cron,
# secretstores.local.file, configuration.postgresql, but NOT nameresolution.sqlite (allcomponents
# only), and mDNS relies on multicast, which sandboxes and CI hosts often lack. Rather than compiling every
# cloud SDK (allcomponents), we add one file that also registers sqlite under stablecomponents.
cat > "$WORK/cmd/daprd/components/zz_tickler_nameresolution_sqlite.go" <<'GO'
//go:build stablecomponents && !allcomponents

package components

import (
	"github.com/dapr/components-contrib/nameresolution/sqlite"
	nrLoader "github.com/dapr/dapr/pkg/components/nameresolution"
)

// Added by Tickler's tools/stack: single-host name resolution for the stablecomponents flavor.
func init() {
	nrLoader.DefaultRegistry.RegisterComponent(sqlite.NewResolver, "sqlite")
}
GO
# The Scheduler's healthz server ignores --healthz-listen-address in 1.18 (pkg/healthz/server
# listens on ":port", all interfaces). Let TICKLER_HEALTHZ_LISTEN_ADDRESS choose the host instead;
# unset, it behaves as upstream.
cat > "$WORK/pkg/healthz/server/zz_tickler_listen.go" <<'GO'
package server

import "os"

// Added by Tickler's tools/stack: bind healthz to one address (127.0.0.1 on a dev machine).
func ticklerHealthzHost() string { return os.Getenv("TICKLER_HEALTHZ_LISTEN_ADDRESS") }
GO
grep -q 'fmt.Sprintf(":%d", s.port)' "$WORK/pkg/healthz/server/server.go" || { echo "healthz patch no longer applies: check pkg/healthz/server/server.go" >&2; exit 6; }
sed -i 's/fmt.Sprintf(":%d", s.port)/fmt.Sprintf("%s:%d", ticklerHealthzHost(), s.port)/' "$WORK/pkg/healthz/server/server.go"
cd "$WORK"
LD="-s -w -X github.com/dapr/dapr/pkg/buildinfo.version=$V -X github.com/dapr/kit/logger.DaprVersion=$V"
# -p 2: this is a 2-core machine shared with other work; -v prints each package as it compiles.
LOG="$OUT/build.log"; : > "$LOG"
# build <name> <pkg> [tags]: full compiler output goes to $LOG, progress every 50 packages.
build() {
  echo "[dapr-build] compiling $1${3:+ (tags: $3)}"
  if ! go build -p 2 -v -trimpath ${3:+-tags "$3"} -ldflags "$LD" -o "$OUT/$1.tmp" "$2" >>"$LOG" 2>&1; then
    tail -n 30 "$LOG" >&2; echo "[dapr-build] building $1 failed; full log: $LOG" >&2; exit 5
  fi
}
# progress reporter: counts compiled packages in the log while go builds
( while sleep 30; do echo "[dapr-build] $(wc -l < "$LOG") packages compiled so far, $(( $(date +%s) - start ))s elapsed"; done ) &
PROGRESS=$!; trap 'kill $PROGRESS 2>/dev/null || true' EXIT
build scheduler ./cmd/scheduler
build daprd ./cmd/daprd stablecomponents
[ -x "$OUT/scheduler.tmp" ] && [ -x "$OUT/daprd.tmp" ] || { echo "dapr build failed" >&2; exit 5; }
mv "$OUT/scheduler.tmp" "$OUT/scheduler"; mv "$OUT/daprd.tmp" "$OUT/daprd"
rm -rf "$WORK"
echo "[dapr-build] done in $(( $(date +%s) - start ))s: $OUT/daprd $OUT/scheduler"
