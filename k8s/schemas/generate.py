"""JSON schemas for the custom resources the chart renders, for `kubeconform -strict` offline.

Reads the CRDs shipped in the pinned Go modules (downloaded with `go mod download`), takes each served
version's openAPIV3Schema and writes it the way kubeconform's openapi2jsonschema does: objects with
properties reject unknown fields unless the CRD preserves them; int-or-string fields accept both.
Output: crds/<group>/<kind>_<version>.json (kubeconform's {{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}).
Run with the deploy tools' Python (PyYAML): python k8s/schemas/generate.py
"""

import json
import os
import subprocess
import sys

import yaml

MODULES = {
    "github.com/dapr/dapr@v1.18.2": [
        "charts/dapr/crds/components.yaml",
        "charts/dapr/crds/configuration.yaml",
        "charts/dapr/crds/resiliency.yaml",
        "charts/dapr/crds/subscription.yaml",
    ],
    "github.com/kedacore/keda/v2@v2.21.0": [
        "config/crd/bases/keda.sh_scaledobjects.yaml",
        "config/crd/bases/keda.sh_triggerauthentications.yaml",
    ],
    "sigs.k8s.io/gateway-api@v1.4.1": ["config/crd/standard/gateway.networking.k8s.io_httproutes.yaml"],
    "github.com/external-secrets/external-secrets@v1.3.2": [
        "config/crds/bases/external-secrets.io_externalsecrets.yaml"
    ],
    "github.com/prometheus-operator/prometheus-operator@v0.85.0": [
        "example/prometheus-operator-crd/monitoring.coreos.com_podmonitors.yaml",
        "example/prometheus-operator-crd/monitoring.coreos.com_prometheusrules.yaml",
    ],
}

HERE = os.path.dirname(os.path.abspath(__file__))


def module_dir(module: str) -> str:
    result = subprocess.run(
        ["go", "mod", "download", "-json", module],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "GOFLAGS": "-mod=mod"},
        cwd=HERE,
    )
    return json.loads(result.stdout)["Dir"]


def strict(schema):
    if isinstance(schema, list):
        return [strict(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out = {key: strict(value) for key, value in schema.items()}
    if out.pop("x-kubernetes-int-or-string", False):
        out.pop("type", None)
        out["oneOf"] = [{"type": "integer"}, {"type": "string"}]
    if (
        "properties" in out
        and "additionalProperties" not in out
        and not out.get("x-kubernetes-preserve-unknown-fields")
    ):
        out["additionalProperties"] = False
    return out


def main() -> None:
    written = []
    for module, files in MODULES.items():
        root = module_dir(module)
        for file in files:
            with open(os.path.join(root, file)) as stream:
                for crd in yaml.safe_load_all(stream):
                    if not crd or crd.get("kind") != "CustomResourceDefinition":
                        continue
                    group = crd["spec"]["group"]
                    kind = crd["spec"]["names"]["kind"].lower()
                    for version in crd["spec"]["versions"]:
                        if not version.get("served", True) or "schema" not in version:
                            continue
                        path = os.path.join(HERE, "crds", group, f"{kind}_{version['name']}.json")
                        os.makedirs(os.path.dirname(path), exist_ok=True)
                        with open(path, "w") as out:
                            json.dump(strict(version["schema"]["openAPIV3Schema"]), out, indent=2, sort_keys=True)
                            out.write("\n")
                        written.append(os.path.relpath(path, HERE))
    print("\n".join(sorted(written)), file=sys.stderr)


if __name__ == "__main__":
    main()
