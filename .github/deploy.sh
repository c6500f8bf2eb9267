#!/usr/bin/env bash
# One environment's deploy, from .github/workflows/release.yml: the image by digest, the cloud values
# plus the environment's host, `--atomic` (a failed install or upgrade undoes itself), then the
# chart's end-to-end `helm test`; when that fails, roll back to the previous revision and fail.
set -euo pipefail
: "${KUBECONFIG_DATA:?the environment's KUBECONFIG secret}" "${IMAGE:?}" "${DIGEST:?}" "${PUBLIC_URL:?}" "${HOST:?}"

umask 077
export KUBECONFIG="$RUNNER_TEMP/kubeconfig"
printf '%s' "$KUBECONFIG_DATA" >"$KUBECONFIG"
export PATH="$(go env GOPATH)/bin:$PATH"

release=tickler namespace=tickler
helm upgrade --install "$release" helm/tickler --namespace "$namespace" --create-namespace \
  -f helm/tickler/values-cloud.yaml \
  --set image.repository="$IMAGE" --set image.digest="$DIGEST" \
  --set publicUrl="$PUBLIC_URL" --set ingress.host="$HOST" \
  --atomic --wait --timeout 10m

if ! helm test "$release" --namespace "$namespace" --timeout 5m --logs; then
  echo "::error::helm test failed after the deploy: rolling back to the previous revision"
  if [ "$(helm history "$release" --namespace "$namespace" --max 2 -o json | grep -o '"revision"' | wc -l)" -ge 2 ]; then
    helm rollback "$release" 0 --namespace "$namespace" --wait --timeout 10m
  fi
  exit 1
fi
