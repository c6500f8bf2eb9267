#!/usr/bin/env bash
# Starts Tickler in the `dev` profile: one process, embedded PostgreSQL under .data/, http://127.0.0.1:4100.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bootstrap.sh
# The dev profile serves web/dist: (re)build it when missing or older than the web app's sources.
if [ ! -f web/dist/index.html ] || [ -n "$(find web/src web/public web/index.html web/vite.config.ts packages/api/src packages/domain/src -newer web/dist/index.html -print -quit)" ]; then pnpm --filter @tickler/web build; fi
# V8 sizes its heap from the machine's memory: on a 24 GB machine a young generation of up to 128 MB per
# thread, and an old one left to fill with garbage up to 4× its live data before a full collection. A
# 4 MB semi-space and a 512 MB heap (live data is ~70 MB under load) keep the process ~50 MB smaller idle
# and ~170 MB smaller under load at no measurable CPU cost (docs/performance.md, "Memory of the dev process").
exec node --max-semi-space-size=4 --max-old-space-size=512 profiles/dev/main.ts "$@"
