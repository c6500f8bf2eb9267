#!/usr/bin/env bash
# Starts Tickler in the `dev` profile: one process, embedded PostgreSQL under .data/, http://127.0.0.1:4100.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bootstrap.sh
# The dev profile serves web/dist: (re)build it when missing or older than the web app's sources.
if [ ! -f web/dist/index.html ] || [ -n "$(find web/src web/public web/index.html web/vite.config.ts packages/api/src packages/domain/src -newer web/dist/index.html -print -quit)" ]; then pnpm --filter @tickler/web build; fi
exec node profiles/dev/main.ts "$@"
