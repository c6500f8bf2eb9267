#!/usr/bin/env bash
# The observability servers the scenarios run against the stack: Prometheus (scrapes every process and
# sidecar, evaluates the chart's alert rules) and an OpenTelemetry Collector built from
# tools/otelcol/manifest.yaml (receives the apps' and daprd's spans and the apps' log files). Built
# once per version (the collector per manifest) into the tool cache outside the repository, from the
# Go module proxy. Prints the two binaries' paths as `NAME=path` lines on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."

export TICKLER_CACHE="${TICKLER_CACHE:-$HOME/.cache/tickler}"
PROMETHEUS_VERSION=v0.316.0 # Prometheus 3.16
COLLECTOR_BUILDER_VERSION=v0.165.0

log() { printf '\033[36m[observability-tools]\033[0m %s\n' "$*" >&2; }
. scripts/go-tool.sh

# Prometheus shares its module (and so most of its build) with promtool (scripts/deploy-tools.sh).
go_tool prometheus "$PROMETHEUS_VERSION" github.com/prometheus/prometheus/cmd/prometheus
go_tool builder "$COLLECTOR_BUILDER_VERSION" go.opentelemetry.io/collector/cmd/builder

# The manifest is the collector's cache key: another component list is another binary.
manifest=tools/otelcol/manifest.yaml
collector_dir="$TICKLER_CACHE/otelcol-tickler-$(sha256sum "$manifest" | cut -c1-12)"
collector="$collector_dir/otelcol-tickler"
if [ ! -x "$collector" ]; then
  log "building the OpenTelemetry Collector from $manifest (one time, ~5 min on 2 cores)"
  rm -rf "$collector_dir.tmp"
  # The builder writes its generated sources and the binary to output_path.
  sed "s|^dist:|dist:\n  output_path: $collector_dir.tmp|" "$manifest" >"$TICKLER_CACHE/otelcol-manifest.yaml"
  CGO_ENABLED=0 builder --config="$TICKLER_CACHE/otelcol-manifest.yaml" >&2
  rm -rf "$collector_dir" && mv "$collector_dir.tmp" "$collector_dir"
fi

echo "PROMETHEUS=$(command -v prometheus)"
echo "OTELCOL=$collector"
