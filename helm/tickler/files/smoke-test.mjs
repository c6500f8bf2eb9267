// `helm test`: a throwaway user signs up, creates a task, and reads the task's activity entry, which
// the audit consumer writes from the task's event (in the split topology: through Dapr and Kafka).
const base = process.env.TICKLER_URL.replace(/\/$/, "")
const deadline = Date.now() + Number(process.env.TIMEOUT_SECONDS ?? 120) * 1000

const call = async (method, path, token, body) => {
  const response = await fetch(`${base}/api${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { "content-type": "application/json" } : {})
    },
    ...(body ? { body: JSON.stringify(body) } : {})
  })
  const text = await response.text()
  return { status: response.status, body: text ? JSON.parse(text) : undefined }
}

const step = (what, ok, detail) => {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}${detail ? `: ${detail}` : ""}`)
  if (!ok) process.exit(1)
}

const email = `helm-test-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.invalid`
const signUp = await call("POST", "/auth/sign-up", undefined, { email, password: crypto.randomUUID() })
step("sign up", signUp.status === 201, `${signUp.status}`)
const token = signUp.body.token

const created = await call("POST", "/tasks", token, { title: "Smoke test task", priority: "high" })
step("create a task", created.status === 201, `${created.status}`)

let activity = []
while (Date.now() < deadline) {
  activity = (await call("GET", `/tasks/${created.body.id}/activity`, token)).body?.items ?? []
  if (activity.some((entry) => entry.action === "created")) break
  await new Promise((resolve) => setTimeout(resolve, 500))
}
step(
  "its activity shows it was created",
  activity.some((entry) => entry.action === "created"),
  `${activity.length} entries`
)
