#!/usr/bin/env bash
# Starts Tickler in the `dev` profile: one process, embedded PostgreSQL under .data/, http://127.0.0.1:4100.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bootstrap.sh
exec node profiles/dev/main.ts "$@"
