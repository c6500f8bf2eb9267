#!/usr/bin/env bash
# The web app's tests, non-interactive: build (prints and enforces the bundle budget), then component
# tests (happy-dom) and browser tests (Debian's Chromium driven by playwright-core against the dev profile).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/chromium ]; then
  echo "[web test] /usr/bin/chromium is missing: installing Debian's chromium with apt-get (Playwright's own browser download does not work here)" >&2
  sudo_cmd=""
  [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null
fi
pnpm run build
exec vitest run "$@"
