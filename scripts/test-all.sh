#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs Node 24, pnpm and dependencies, lints, type-checks,
# runs every test on embedded PostgreSQL and on a real PostgreSQL server, then proves the distributed
# runtime (Kafka, daprd, the Dapr Scheduler) with its own stack, and kills each part of it under load.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bootstrap.sh

step() {
  local name=$1
  shift
  printf '\n\033[1;36m==> %s\033[0m\n' "$name"
  local started=$SECONDS
  "$@"
  printf '\033[36m<== %s done in %ss\033[0m\n' "$name" $((SECONDS - started))
}

# The deploy validators are Go builds (~15 minutes of CPU the first time, then cached by version): they
# build at the lowest CPU priority beside the suites, and the deploy check at the end waits for them.
deploy_tools_log="${TMPDIR:-/tmp}/tickler-deploy-tools.log"
(nice -n 19 bash -c '. scripts/deploy-tools.sh' >"$deploy_tools_log" 2>&1) &
deploy_tools=$!

step "lint" pnpm lint
step "typecheck" pnpm typecheck

cleanup() { pnpm --silent stack down >/dev/null 2>&1 || true; }
trap cleanup EXIT
# Builds (once, cached by version) and starts every infrastructure part, so no suite's setup waits on a
# cold daprd or Kafka build; then only PostgreSQL stays up for the unit tests.
step "build and start the local infrastructure (PostgreSQL, Kafka, Dapr Scheduler)" pnpm stack up infra
step "stop Kafka and the Scheduler until the split suites start them" pnpm stack down kafka scheduler
step "build the observability servers (Prometheus, the OpenTelemetry Collector), cached by version" bash scripts/observability-tools.sh
stack_dir="${TICKLER_STACK_DIR:-$PWD/.data/stack}"
TICKLER_TEST_DATABASE_URL="$(node -p "require('$stack_dir/endpoints.json').postgres.url")"
export TICKLER_TEST_DATABASE_URL
step "tests (PGlite and PostgreSQL)" pnpm test
step "stop PostgreSQL" pnpm stack down
step "the API fuzzed from its OpenAPI document (every operation, valid and invalid requests)" pnpm test:fuzz

step "scenarios (one process, then split across processes on Dapr + Kafka)" pnpm --filter @tickler/scenarios test
step "web app in a real browser" pnpm --filter @tickler/web test
step "the container image's contents, run as a non-root user on the stack" pnpm --filter @tickler/image-tests test
step "the container image, built with buildah and run read-only with podman" bash tests/image/run-built-image.sh

step "distributed runtime proofs" pnpm --filter @tickler/stack test:runtime
step "ports on real Dapr sidecars" pnpm --filter @tickler/platform test:dapr
step "fault tests: SIGKILL each component mid-burst (split topology)" pnpm --filter @tickler/faults test

wait "$deploy_tools" || { cat "$deploy_tools_log"; exit 1; }
step "deploy: chart, overlays, Dockerfile and workflows, validated offline" pnpm --filter @tickler/deploy test
