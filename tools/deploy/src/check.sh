#!/usr/bin/env bash
# The deploy's offline checks, as CI runs them: no Kubernetes API server runs here, so every manifest
# the chart and the overlays render is validated against the Kubernetes 1.37 JSON schemas and the CRD
# schemas kept in k8s/schemas (kubeconform -strict: unknown fields fail), then by checkov's policies;
# the Dockerfile by hadolint, the workflows by actionlint; then the chart's logic by vitest.
set -euo pipefail
cd "$(dirname "$0")/../../.."
. scripts/deploy-tools.sh

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
step() { printf '\033[36m[deploy-check]\033[0m %s\n' "$*" >&2; }

kubeconform_strict() {
  kubeconform -strict -summary -output text \
    -schema-location "$KUBERNETES_SCHEMAS/{{ .ResourceKind }}{{ .KindSuffix }}.json" \
    -schema-location "k8s/schemas/crds/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json" \
    "$@"
}

for values in default minikube cloud; do
  args=()
  [ "$values" = default ] || args=(-f "helm/tickler/values-$values.yaml")
  step "helm lint --strict and template ($values values)"
  helm lint --strict helm/tickler "${args[@]}" >"$out/lint.txt" || { cat "$out/lint.txt"; exit 1; }
  helm template tickler helm/tickler --namespace tickler "${args[@]}" >"$out/chart-$values.yaml"
  kubeconform_strict "$out/chart-$values.yaml"
done

for overlay in minikube cloud; do
  step "kustomize build k8s/overlays/$overlay"
  kustomize build --enable-helm --helm-command "$(command -v helm)" "k8s/overlays/$overlay" >"$out/overlay-$overlay.yaml"
  kubeconform_strict "$out/overlay-$overlay.yaml"
done

step "checkov: Kubernetes policies on every rendering, the Dockerfile's and the workflows'"
checkov --config-file tools/deploy/checkov.yaml --framework kubernetes -d "$out"
checkov --config-file tools/deploy/checkov.yaml --framework dockerfile -f Dockerfile
checkov --config-file tools/deploy/checkov.yaml --framework github_actions -d .github/workflows

step "promtool: the alerting rules, and their unit tests"
promtool check rules helm/tickler/files/alerts/tickler.rules.yaml
(cd helm/tickler/files/alerts && promtool test rules tickler.rules.test.yaml)

step "hadolint Dockerfile"
hadolint Dockerfile

step "actionlint"
actionlint

step "the chart's README lists every value"
node tools/deploy/src/values-docs.ts --check

step "the chart's logic (values → manifests)"
cd tools/deploy && exec node_modules/.bin/vitest run --config vitest.config.ts
