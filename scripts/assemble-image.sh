#!/usr/bin/env bash
# Assembles exactly what the container image holds into <dir>: the modules' and profiles' sources
# (Node 24 runs the TypeScript as it is), their production dependencies, and the built web app.
# The Dockerfile runs it; tests/image runs the profiles from its output as a non-root user.
#   bash scripts/assemble-image.sh <dir>
set -euo pipefail
out=${1:?usage: assemble-image.sh <dir>}
cd "$(dirname "$0")/.."

log() { printf '\033[36m[assemble-image]\033[0m %s\n' "$*" >&2; }

log "building the web app"
NODE_ENV=production pnpm --filter @tickler/web build >&2

rm -rf "$out"
mkdir -p "$out/web"
log "copying the modules and profiles into $out"
# package.json without scripts and dev dependencies (tests' workspace packages are not in the image).
runtime_manifest() {
  node -e '
    const { scripts, devDependencies, ...manifest } = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"))
    require("node:fs").writeFileSync(process.argv[2], JSON.stringify(manifest, null, 2) + "\n")
  ' "$1" "$2"
}
for dir in packages/* profiles/*; do
  mkdir -p "$out/$dir"
  runtime_manifest "$dir/package.json" "$out/$dir/package.json"
  for part in src bin "$dir"/*.ts; do
    part=${part#"$dir"/}
    [ -e "$dir/$part" ] && cp -R "$dir/$part" "$out/$dir/"
  done
done
cp -R web/dist "$out/web/dist"
cp pnpm-lock.yaml "$out/"
# Only the runtime's workspace: the web app's sources, tools, tests and benchmarks stay out. (Peers
# stay auto-installed: @effect/platform-node imports redis at load.)
printf 'packages:\n  - packages/*\n  - profiles/*\n' >"$out/pnpm-workspace.yaml"
runtime_manifest package.json "$out/package.json"

log "installing production dependencies"
# The manifests above lack dev dependencies, so the lockfile no longer matches them exactly: pnpm
# keeps the locked versions of what remains. Explicit, because CI's default is a frozen lockfile.
(cd "$out" && pnpm install --prod --no-frozen-lockfile --prefer-offline --config.confirmModulesPurge=false --reporter=append-only >&2)
# The lockfile was only needed to install the same versions as the repository.
rm "$out/pnpm-lock.yaml"
log "done: $(du -sh "$out" | cut -f1) in $out"
