import { startSingleProcess } from "@tickler/scenarios"
import { execFileSync, spawnSync } from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { describe, expect, it } from "vitest"
import { parseAllDocuments, stringify } from "yaml"

const repoRoot = Path.resolve(import.meta.dirname, "../../..")
const chart = Path.join(repoRoot, "helm/tickler")

type Manifest = {
  kind: string
  metadata: { name: string; annotations?: Record<string, string> }
  spec?: any
  data?: any
  stringData?: any
  scopes?: Array<string>
}

const helm = (values: object, files: ReadonlyArray<string> = []) => {
  const file = Path.join(Fs.mkdtempSync(Path.join(Os.tmpdir(), "tickler-values-")), "values.json")
  Fs.writeFileSync(file, JSON.stringify(values))
  const args = [
    "template",
    "tickler",
    chart,
    "--namespace",
    "tickler",
    ...files.flatMap((f) => ["-f", Path.join(chart, f)])
  ]
  return spawnSync("helm", [...args, "-f", file], { encoding: "utf8" })
}

const render = (values: object = {}, files: ReadonlyArray<string> = []): Array<Manifest> => {
  const result = helm(values, files)
  if (result.status !== 0) throw new Error(result.stderr)
  return parseAllDocuments(result.stdout)
    .map((doc) => doc.toJS() as Manifest | null)
    .filter((doc): doc is Manifest => doc !== null)
}

const refusal = (values: object, files: ReadonlyArray<string> = []) => {
  const result = helm(values, files)
  expect(result.status).not.toBe(0)
  return result.stderr
}

const split = {
  mode: "split",
  secrets: { existingSecret: "tickler-secrets" },
  dapr: { pubsub: { brokers: "kafka:9092" } }
}
const ofKind = (manifests: Array<Manifest>, kind: string) => manifests.filter((m) => m.kind === kind)
const named = (manifests: Array<Manifest>, kind: string, name: string) => {
  const found = manifests.find((m) => m.kind === kind && m.metadata.name === name)
  if (!found)
    throw new Error(`no ${kind} ${name} among ${manifests.map((m) => `${m.kind}/${m.metadata.name}`).join(", ")}`)
  return found
}
const container = (deployment: Manifest) => deployment.spec.template.spec.containers[0]
const envOf = (deployment: Manifest) =>
  Object.fromEntries(container(deployment).env.map((e: any) => [e.name, e.value ?? e.valueFrom]))

const PROCESSES = ["api", "recurrence", "reminders", "notifications", "audit", "realtime", "assistant"]

describe("all-in-one (the default values)", () => {
  const manifests = render()

  it("is one Deployment running the dev profile on a kept volume, with no Dapr and no hook", () => {
    const [deployment, ...others] = ofKind(manifests, "Deployment")
    expect(others).toEqual([])
    expect(container(deployment!).args).toEqual(["profiles/dev/main.ts"])
    expect(deployment!.spec.replicas).toBe(1)
    expect(deployment!.spec.strategy.type).toBe("Recreate")
    const claim = named(manifests, "PersistentVolumeClaim", "tickler-all-in-one")
    expect(claim.metadata.annotations?.["helm.sh/resource-policy"]).toBe("keep")
    expect(ofKind(manifests, "Component")).toEqual([])
    expect(ofKind(manifests, "Job")).toEqual([])
    expect(deployment!.spec.template.metadata.annotations?.["dapr.io/enabled"]).toBeUndefined()
  })
})

describe("split", () => {
  const manifests = render(split)

  it("runs each process's profile in its own Deployment behind a Dapr sidecar with tokens from Secrets", () => {
    const deployments = ofKind(manifests, "Deployment")
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual(PROCESSES.map((p) => `tickler-${p}`).sort())
    for (const process of PROCESSES) {
      const deployment = named(manifests, "Deployment", `tickler-${process}`)
      const annotations = deployment.spec.template.metadata.annotations
      expect(annotations["dapr.io/app-id"]).toBe(`tickler-${process}`)
      expect(annotations["dapr.io/app-port"]).toBe("4100")
      expect(annotations["dapr.io/api-token-secret"]).toBe("tickler-dapr-api-token")
      expect(container(deployment).args[0]).toMatch(new RegExp(`^profiles/${process}/`))
      expect(container(deployment).readinessProbe.httpGet.path).toBe("/readyz")
      const env = envOf(deployment)
      expect(env["DAPR_API_TOKEN"]).toEqual({ secretKeyRef: { name: "tickler-dapr-api-token", key: "token" } })
      expect(env["DATABASE_URL"]).toEqual({ secretKeyRef: { name: "tickler-secrets", key: "database-url" } })
    }
    expect(container(named(manifests, "Deployment", "tickler-api")).args).toEqual(["profiles/api/distributed.ts"])
  })

  it("gives realtime a consumer group per pod and every other process the app id's", () => {
    const pubsub = named(manifests, "Component", "pubsub")
    const fanout = named(manifests, "Component", "pubsub-fanout")
    const group = (c: Manifest) => c.spec.metadata.find((m: any) => m.name === "consumerGroup").value
    expect(group(pubsub)).toBe("{appID}")
    expect(group(fanout)).toBe("{podName}")
    expect(pubsub.scopes).not.toContain("tickler-realtime")
    expect(pubsub.scopes).toContain("tickler-recurrence")
    expect(fanout.scopes).toEqual(["tickler-realtime"])
    expect(envOf(named(manifests, "Deployment", "tickler-realtime"))["DAPR_PUBSUB_NAME"]).toBe("pubsub-fanout")
    expect(envOf(named(manifests, "Deployment", "tickler-audit"))["DAPR_PUBSUB_NAME"]).toBeUndefined()
  })

  it("migrates in a pre-install/pre-upgrade hook Job without a sidecar", () => {
    const job = named(manifests, "Job", "tickler-migrate")
    expect(job.metadata.annotations?.["helm.sh/hook"]).toBe("pre-install,pre-upgrade")
    expect(job.spec.template.metadata.annotations["dapr.io/enabled"]).toBe("false")
    expect(job.spec.template.spec.containers[0].args).toEqual(["profiles/migrate/main.ts"])
  })

  it("configures every process from one ConfigMap, and rolls the pods when it changes", () => {
    const withSmtp = render({
      ...split,
      publicUrl: "https://tasks.example.com",
      config: { smtp: { host: "mail.example.com" } }
    })
    expect(named(withSmtp, "ConfigMap", "tickler-config").data).toMatchObject({
      TICKLER_PUBLIC_URL: "https://tasks.example.com",
      SMTP_HOST: "mail.example.com",
      SMTP_PORT: "587"
    })
    expect(named(manifests, "ConfigMap", "tickler-config").data["SMTP_HOST"]).toBeUndefined()
    const api = (m: Array<Manifest>) => named(m, "Deployment", "tickler-api")
    expect(container(api(withSmtp)).envFrom).toEqual([{ configMapRef: { name: "tickler-config" } }])
    const checksum = (m: Array<Manifest>) => api(m).spec.template.metadata.annotations["checksum/config"]
    expect(checksum(withSmtp)).not.toBe(checksum(manifests))
  })

  it("exports telemetry where it is told, and lets only Prometheus's namespace scrape the metrics", () => {
    const observed = render({
      ...split,
      telemetry: { otlpEndpoint: "http://collector.observability:4318" },
      networkPolicy: { metricsNamespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } } }
    })
    expect(named(observed, "ConfigMap", "tickler-config").data).toMatchObject({
      METRICS_PORT: "9464",
      METRICS_HOST: "0.0.0.0",
      LOG_FORMAT: "json",
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector.observability:4318",
      OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf"
    })
    expect(named(manifests, "ConfigMap", "tickler-config").data["OTEL_EXPORTER_OTLP_ENDPOINT"]).toBeUndefined()
    expect(container(named(observed, "Deployment", "tickler-audit")).ports).toContainEqual({
      name: "metrics",
      containerPort: 9464,
      protocol: "TCP"
    })
    const scrape = named(observed, "NetworkPolicy", "tickler-audit").spec.ingress
    expect(scrape).toEqual([
      {
        from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } } }],
        ports: [
          { port: "metrics", protocol: "TCP" },
          { port: 9090, protocol: "TCP" }
        ]
      }
    ])
  })

  it("leaves a disabled process out, also out of the components' scopes", () => {
    const without = render({ ...split, processes: { assistant: { enabled: false } } })
    expect(ofKind(without, "Deployment").map((d) => d.metadata.name)).not.toContain("tickler-assistant")
    expect(named(without, "Component", "secretstore").scopes).not.toContain("tickler-assistant")
    expect(ofKind(without, "Service").map((s) => s.metadata.name)).not.toContain("tickler-assistant")
  })

  it("places every long-running pod by the node selector, tolerations and affinity given", () => {
    const placement = {
      nodeSelector: { disk: "ssd" },
      tolerations: [{ key: "dedicated", operator: "Exists" }],
      affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [] } }
    }
    for (const manifests of [render({ ...split, ...placement }), render(placement)]) {
      for (const deployment of ofKind(manifests, "Deployment")) {
        expect(deployment.spec.template.spec, deployment.metadata.name).toMatchObject(placement)
      }
    }
  })

  it("lets only the ingress reach api, realtime and assistant, and nothing reach the consumers", () => {
    const policy = (process: string) => named(manifests, "NetworkPolicy", `tickler-${process}`).spec
    expect(policy("api").ingress[0].from[0].namespaceSelector).toEqual({
      matchLabels: { "kubernetes.io/metadata.name": "ingress-nginx" }
    })
    expect(policy("api").ingress[0].from[1].podSelector.matchLabels["app.kubernetes.io/component"]).toBe("test")
    expect(policy("realtime").ingress).toHaveLength(1)
    for (const consumer of ["recurrence", "reminders", "notifications", "audit"]) {
      expect(policy(consumer).policyTypes).toEqual(["Ingress"])
      expect(policy(consumer).ingress ?? []).toEqual([])
    }
  })
})

describe("scaling", () => {
  it("puts KEDA on a consumer's lag with the app id as consumer group, and then no HPA on it", () => {
    const manifests = render({
      ...split,
      processes: { recurrence: { keda: { enabled: true, maxReplicas: 6 } }, api: { autoscaling: { enabled: true } } }
    })
    const scaled = named(manifests, "ScaledObject", "tickler-recurrence")
    expect(scaled.spec.scaleTargetRef.name).toBe("tickler-recurrence")
    expect(scaled.spec.maxReplicaCount).toBe(6)
    expect(scaled.spec.triggers).toEqual([
      expect.objectContaining({
        type: "kafka",
        metadata: expect.objectContaining({
          consumerGroup: "tickler-recurrence",
          topic: "task-events",
          bootstrapServers: "kafka:9092"
        })
      })
    ])
    expect(ofKind(manifests, "HorizontalPodAutoscaler").map((h) => h.metadata.name)).toEqual(["tickler-api"])
    // The autoscaler owns the replica count of both.
    expect(named(manifests, "Deployment", "tickler-recurrence").spec.replicas).toBeUndefined()
    expect(named(manifests, "Deployment", "tickler-api").spec.replicas).toBeUndefined()
    expect(named(manifests, "Deployment", "tickler-audit").spec.replicas).toBe(1)
  })

  it("refuses an HPA and KEDA on one process, and more replicas than partitions", () => {
    expect(
      refusal({ ...split, processes: { audit: { keda: { enabled: true }, autoscaling: { enabled: true } } } })
    ).toContain("processes.audit: enable either autoscaling (HPA) or keda, not both")
    expect(
      refusal({
        ...split,
        kafka: { topics: { reminders: 2 } },
        processes: { notifications: { keda: { enabled: true, maxReplicas: 3 } } }
      })
    ).toContain("exceeds the 2 partitions of reminders")
  })

  it("authenticates KEDA to a SASL Kafka with the Secret's credentials", () => {
    const manifests = render({
      ...split,
      dapr: { pubsub: { brokers: "kafka:9093", authType: "password" } },
      processes: { audit: { keda: { enabled: true } } }
    })
    const auth = named(manifests, "TriggerAuthentication", "tickler-kafka")
    expect(auth.spec.secretTargetRef.map((r: any) => [r.parameter, r.name, r.key])).toEqual([
      ["username", "tickler-secrets", "kafka-username"],
      ["password", "tickler-secrets", "kafka-password"]
    ])
    expect(named(manifests, "ScaledObject", "tickler-audit").spec.triggers[0].metadata).toMatchObject({
      sasl: "scram_sha512",
      tls: "enable"
    })
  })
})

describe("routing", () => {
  const paths = (manifests: Array<Manifest>) =>
    named(manifests, "Ingress", "tickler").spec.rules[0].http.paths.map((p: any) => [p.path, p.backend.service.name])

  it("sends /api/events to realtime, /api/chat to the assistant and the rest to api", () => {
    expect(paths(render({ ...split, ingress: { enabled: true, host: "tasks.example.com" } })).sort()).toEqual([
      ["/", "tickler-api"],
      ["/api/chat", "tickler-assistant"],
      ["/api/events", "tickler-realtime"]
    ])
    expect(paths(render({ ingress: { enabled: true } }))).toEqual([["/", "tickler"]])
  })

  it("offers a Gateway API HTTPRoute instead, and asks which Gateway", () => {
    const manifests = render({
      ...split,
      gateway: { enabled: true, parentRefs: [{ name: "public", namespace: "gateways" }] }
    })
    expect(ofKind(manifests, "Ingress")).toEqual([])
    const route = named(manifests, "HTTPRoute", "tickler")
    expect(route.spec.parentRefs).toEqual([{ name: "public", namespace: "gateways" }])
    expect(route.spec.rules.map((r: any) => [r.matches[0].path.value, r.backendRefs[0].name]).sort()).toEqual([
      ["/", "tickler-api"],
      ["/api/chat", "tickler-assistant"],
      ["/api/events", "tickler-realtime"]
    ])
    expect(refusal({ ...split, gateway: { enabled: true } })).toContain("gateway.parentRefs")
  })
})

describe("secrets", () => {
  it("references an existing Secret and creates none of its own", () => {
    const manifests = render(split)
    expect(
      ofKind(manifests, "Secret")
        .map((s) => s.metadata.name)
        .sort()
    ).toEqual(["tickler-dapr-api-token", "tickler-dapr-app-token"])
    expect(ofKind(manifests, "ExternalSecret")).toEqual([])
  })

  it("syncs the keys that have a remote key through External Secrets, before the migrations hook", () => {
    const manifests = render({
      ...split,
      secrets: {
        existingSecret: "",
        externalSecret: {
          enabled: true,
          secretStoreRef: { name: "vault" },
          remoteKeys: { "database-url": "prod/db", "auth-secret": "prod/auth" }
        }
      }
    })
    const external = named(manifests, "ExternalSecret", "tickler-secrets")
    expect(external.spec.data).toEqual([
      { secretKey: "auth-secret", remoteRef: { key: "prod/auth" } },
      { secretKey: "database-url", remoteRef: { key: "prod/db" } }
    ])
    expect(external.metadata.annotations?.["helm.sh/hook-weight"]).toBe("-10")
  })

  it("refuses a split install without secrets, with two sources, or with a short inline auth secret", () => {
    expect(refusal({ mode: "split", dapr: { pubsub: { brokers: "kafka:9092" } } })).toContain(
      "the split topology needs database-url and auth-secret"
    )
    expect(
      refusal({
        ...split,
        secrets: {
          existingSecret: "a",
          inline: { enabled: true, databaseUrl: "postgres://x", authSecret: "x".repeat(40) }
        }
      })
    ).toContain("choose one of existingSecret, externalSecret.enabled and inline.enabled")
    expect(
      refusal({
        ...split,
        secrets: { existingSecret: "", inline: { enabled: true, databaseUrl: "postgres://x", authSecret: "short" } }
      })
    ).toContain("an authSecret of at least 32 characters")
  })

  it("refuses a misspelt value, naming it", () => {
    expect(refusal({ processes: { api: { replica: 3 } } })).toContain("additional properties 'replica' not allowed")
    expect(refusal({ mode: "microservices" })).toContain("mode")
  })
})

describe("every rendering", () => {
  const renderings: Array<[string, Array<Manifest>]> = [
    ["default", render()],
    ["minikube", render({}, ["values-minikube.yaml"])],
    ["cloud", render({}, ["values-cloud.yaml"])]
  ]

  it("runs every container as non-root with a read-only root filesystem and no capabilities", () => {
    for (const [name, manifests] of renderings) {
      const pods = [
        ...ofKind(manifests, "Deployment").map((d) => [d.metadata.name, d.spec.template.spec]),
        ...ofKind(manifests, "Job").map((j) => [j.metadata.name, j.spec.template.spec]),
        ...ofKind(manifests, "Pod").map((p) => [p.metadata.name, p.spec])
      ] as Array<[string, any]>
      expect(pods.length).toBeGreaterThan(0)
      for (const [pod, spec] of pods) {
        expect(spec.securityContext, `${name}: ${pod}`).toMatchObject({
          runAsNonRoot: true,
          seccompProfile: { type: "RuntimeDefault" }
        })
        expect(spec.securityContext.runAsUser, `${name}: ${pod}`).toBeGreaterThanOrEqual(10000)
        expect(spec.automountServiceAccountToken, `${name}: ${pod}`).toBe(false)
        for (const c of spec.containers) {
          expect(c.securityContext, `${name}: ${pod}/${c.name}`).toEqual({
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ["ALL"] }
          })
          expect(c.resources.limits.memory, `${name}: ${pod}/${c.name}`).toBeDefined()
        }
      }
    }
  })

  it("probes every long-running container for liveness and readiness", () => {
    for (const [name, manifests] of renderings) {
      for (const deployment of ofKind(manifests, "Deployment")) {
        const c = container(deployment)
        expect(
          [c.livenessProbe?.httpGet.path, c.readinessProbe?.httpGet.path],
          `${name}: ${deployment.metadata.name}`
        ).toEqual(["/livez", "/readyz"])
      }
    }
  })

  it("never names a component `kubernetes` (Dapr's built-in secret store)", () => {
    for (const [, manifests] of renderings) {
      expect(ofKind(manifests, "Component").map((c) => c.metadata.name)).not.toContain("kubernetes")
    }
  })
})

describe("dashboards and alerts", () => {
  // Every metric the processes declare (Metric.counter/gauge/histogram("name") in the modules' sources).
  const declared = new Set(
    execFileSync(
      "grep",
      ["-rhoE", 'Metric\\.(counter|gauge|histogram)\\("[a-z0-9_]+"', Path.join(repoRoot, "packages")],
      {
        encoding: "utf8"
      }
    )
      .split("\n")
      .filter(Boolean)
      .map((match) => match.slice(match.indexOf('"') + 1, -1))
  )
  const series = (expr: string) =>
    // A histogram's series carry _bucket/_count/_sum; a gauge may end in _count itself.
    [...expr.matchAll(/\b((?:tickler|http_server|db_client|process|nodejs)_[a-z0-9_]+)/g)].map((m) =>
      declared.has(m[1]!) ? m[1]! : m[1]!.replace(/_(bucket|count|sum)$/, "")
    )
  const dashboards = Fs.readdirSync(Path.join(chart, "files/dashboards")).map((file) => ({
    file,
    dashboard: JSON.parse(Fs.readFileSync(Path.join(chart, "files/dashboards", file), "utf8"))
  }))

  it("queries only metrics the processes export", () => {
    expect(declared.size).toBeGreaterThan(10)
    const rules = parseAllDocuments(
      Fs.readFileSync(Path.join(chart, "files/alerts/tickler.rules.yaml"), "utf8")
    )[0]!.toJS()
    const queries = [
      ...dashboards.flatMap(({ file, dashboard }) =>
        dashboard.panels.flatMap((panel: any) => panel.targets.map((t: any) => [`${file}: ${panel.title}`, t.expr]))
      ),
      ...rules.groups[0].rules.map((rule: any) => [rule.alert, rule.expr])
    ] as Array<[string, string]>
    for (const [where, expr] of queries) {
      for (const name of series(expr)) expect(declared, `${where} queries ${name}`).toContain(name)
    }
  })

  it("are provisioned by the chart when asked: a PodMonitor, the rules and a ConfigMap per dashboard", () => {
    const manifests = render({
      ...split,
      telemetry: {
        podMonitor: { enabled: true },
        prometheusRule: { enabled: true },
        grafanaDashboards: { enabled: true }
      }
    })
    expect(named(manifests, "PodMonitor", "tickler").spec.podMetricsEndpoints.map((e: any) => e.port)).toEqual([
      "metrics",
      "dapr-metrics"
    ])
    expect(named(manifests, "PrometheusRule", "tickler").spec.groups[0].rules.map((r: any) => r.alert)).toContain(
      "TicklerRemindersLate"
    )
    const boards = ofKind(manifests, "ConfigMap").filter((c) => c.metadata.name.startsWith("tickler-dashboard-"))
    expect(boards.map((c) => JSON.parse(Object.values(c.data)[0] as string).uid).sort()).toEqual(
      dashboards.map(({ dashboard }) => dashboard.uid).sort()
    )
    expect(ofKind(render(split), "PodMonitor")).toEqual([])
  })
})

describe("the offline validation", () => {
  // The same schemas as src/check.sh: a mistake in a custom resource must fail it, not pass silently.
  const kubeconform = (manifests: Array<Manifest>) => {
    const file = Path.join(Fs.mkdtempSync(Path.join(Os.tmpdir(), "tickler-kubeconform-")), "manifests.yaml")
    Fs.writeFileSync(file, manifests.map((m) => stringify(m)).join("---\n"))
    return spawnSync(
      "kubeconform",
      [
        "-strict",
        "-schema-location",
        `${process.env["KUBERNETES_SCHEMAS"]}/{{ .ResourceKind }}{{ .KindSuffix }}.json`,
        "-schema-location",
        Path.join(repoRoot, "k8s/schemas/crds/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json"),
        file
      ],
      { encoding: "utf8" }
    )
  }

  it("rejects a misspelt field in a Dapr component, a ScaledObject and a Deployment", () => {
    const manifests = render({ ...split, processes: { audit: { keda: { enabled: true } } } })
    expect(kubeconform(manifests).status).toBe(0)
    const misspell = (kind: string, mutate: (m: Manifest) => void) => {
      const copy = structuredClone(manifests)
      mutate(copy.find((m) => m.kind === kind)!)
      return kubeconform(copy)
    }
    const component = misspell("Component", (m) => (m.spec.metdata = m.spec.metadata))
    expect(component.status).not.toBe(0)
    expect(component.stdout).toContain("metdata")
    expect(misspell("ScaledObject", (m) => (m.spec.maxReplicas = 3)).stdout).toContain("maxReplicas")
    expect(misspell("Deployment", (m) => (m.spec.template.spec.containers[0].readinesProbe = {})).stdout).toContain(
      "readinesProbe"
    )
  })
})

describe("helm test", () => {
  it("its smoke test passes against a running Tickler, through the audit consumer", async () => {
    const configMap = named(render(), "ConfigMap", "tickler-smoke-test")
    const script = Path.join(Fs.mkdtempSync(Path.join(Os.tmpdir(), "tickler-smoke-")), "smoke-test.mjs")
    Fs.writeFileSync(script, configMap.data["smoke-test.mjs"])
    const tickler = await startSingleProcess()
    try {
      const output = execFileSync(process.execPath, [script], {
        env: { ...process.env, TICKLER_URL: tickler.api.replace(/\/api$/, ""), TIMEOUT_SECONDS: "30" },
        encoding: "utf8"
      })
      expect(output.split("\n").filter(Boolean)).toEqual([
        "ok   sign up: 201",
        "ok   create a task: 201",
        expect.stringMatching(/^ok {3}its activity shows it was created: [1-9]\d* entries$/)
      ])
    } finally {
      await tickler.stop()
    }
  })
})
