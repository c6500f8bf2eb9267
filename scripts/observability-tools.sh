#!/usr/bin/env bash
# The observability servers the scenarios run against the stack: Prometheus (scrapes every process and
# sidecar, evaluates the chart's alert rules) and an OpenTelemetry Collector built from
# tools/otelcol/manifest.yaml (receives the apps' and daprd's spans and the apps' log files). Built
# once per version (the collector per manifest) into the tool cache outside the repository, from the
# Go module proxy. Prints the two binaries' paths as `NAME=path` lines on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."

export TICKLER_CACHE="${TICKLER_CACHE:-$HOME/.cache/tickler}"
PROMETHEUS_VERSION=v0.316.0 # Prometheus 3.16, the module promtool comes from (scripts/deploy-tools.sh)
COLLECTOR_BUILDER_VERSION=v0.165.0

log() { printf '\033[36m[observability-tools]\033[0m %s\n' "$*" >&2; }
need_go() { command -v go >/dev/null 2>&1 || { echo "observability-tools: need Go to build $1" >&2; exit 1; }; }

prometheus="$TICKLER_CACHE/prometheus-$PROMETHEUS_VERSION/bin/prometheus"
if [ ! -x "$prometheus" ]; then
  need_go "Prometheus $PROMETHEUS_VERSION"
  log "building Prometheus $PROMETHEUS_VERSION from the Go module proxy (one time, ~2 min beside promtool's build cache)"
  GOBIN="$(dirname "$prometheus")" CGO_ENABLED=0 go install "github.com/prometheus/prometheus/cmd/prometheus@$PROMETHEUS_VERSION" >&2
fi

# The manifest is the collector's cache key: another component list is another binary.
manifest=tools/otelcol/manifest.yaml
collector_dir="$TICKLER_CACHE/otelcol-tickler-$(sha256sum "$manifest" | cut -c1-12)"
collector="$collector_dir/otelcol-tickler"
if [ ! -x "$collector" ]; then
  need_go "the OpenTelemetry Collector"
  builder="$TICKLER_CACHE/otelcol-builder-$COLLECTOR_BUILDER_VERSION/bin/builder"
  if [ ! -x "$builder" ]; then
    log "installing the collector builder $COLLECTOR_BUILDER_VERSION"
    GOBIN="$(dirname "$builder")" CGO_ENABLED=0 go install "go.opentelemetry.io/collector/cmd/builder@$COLLECTOR_BUILDER_VERSION" >&2
  fi
  log "building the OpenTelemetry Collector from $manifest (one time, ~5 min on 2 cores)"
  rm -rf "$collector_dir.tmp"
  # The builder writes its generated sources and the binary to output_path.
  sed "s|^dist:|dist:\n  output_path: $collector_dir.tmp|" "$manifest" >"$TICKLER_CACHE/otelcol-manifest.yaml"
  CGO_ENABLED=0 "$builder" --config="$TICKLER_CACHE/otelcol-manifest.yaml" >&2
  rm -rf "$collector_dir" && mv "$collector_dir.tmp" "$collector_dir"
fi

echo "PROMETHEUS=$prometheus"
echo "OTELCOL=$collector"
