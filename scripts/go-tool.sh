# Sourced by the tool scripts: `go_tool <name> <version> <package>` installs a Go program once per
# version into $TICKLER_CACHE/<name>-<version>/bin (from the Go module proxy) and puts it on PATH.
go_tool() {
  local name=$1 version=$2 package=$3
  local dir="$TICKLER_CACHE/$name-$version"
  if [ ! -x "$dir/bin/$name" ]; then
    command -v go >/dev/null 2>&1 || { echo "need Go to build $name $version" >&2; exit 1; }
    log "building $name $version from the Go module proxy (one time, a few minutes)"
    GOBIN="$dir/bin" CGO_ENABLED=0 go install "$package@$version" >&2
  fi
  export PATH="$dir/bin:$PATH"
}
