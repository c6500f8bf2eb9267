import { Client, eventually, freePort, startSplit, type Topology } from "@tickler/scenarios"
import { type ChildProcess, execFileSync, spawn } from "node:child_process"
import * as Fs from "node:fs"
import * as Http from "node:http"
import * as Os from "node:os"
import * as Path from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

const repoRoot = Path.resolve(import.meta.dirname, "../../..")
const stackDir = process.env["TICKLER_STACK_DIR"] ?? Path.join(repoRoot, ".data/stack")

// The image runs as a non-root user; root runs the processes as nobody, anyone else already is not root.
const NOBODY = 65534
const runAs = process.getuid?.() === 0 ? NOBODY : undefined
const asUser = runAs === undefined ? {} : { uid: runAs, gid: runAs }

let work: string
let image: string
let node: string

beforeAll(() => {
  work = Fs.mkdtempSync(Path.join(Os.tmpdir(), "tickler-image-"))
  Fs.chmodSync(work, 0o755)
  image = Path.join(work, "app")
  execFileSync("bash", ["scripts/assemble-image.sh", image], { cwd: repoRoot, stdio: "inherit" })
  // In the image node sits outside any home directory; so does this copy, which any user may run.
  node = Path.join(work, "node")
  Fs.copyFileSync(process.execPath, node)
  Fs.chmodSync(node, 0o755)
})

afterAll(() => Fs.rmSync(work, { recursive: true, force: true }))

const processOf = (appId: string) => {
  const { pid } = JSON.parse(Fs.readFileSync(Path.join(stackDir, "pids", `${appId}.json`), "utf8")) as { pid: number }
  const uid = Number(/^Uid:\s+(\d+)/m.exec(Fs.readFileSync(`/proc/${pid}/status`, "utf8"))![1])
  return { uid, cwd: Fs.readlinkSync(`/proc/${pid}/cwd`) }
}

describe("the assembled image on the local stack (api and recurrence behind their sidecars)", () => {
  let topology: Topology
  let appRoot: string

  beforeAll(async () => {
    topology = await startSplit({
      apps: ["api", "recurrence"],
      env: {
        TICKLER_APP_ROOT: image,
        TICKLER_APP_NODE: node,
        ...(runAs === undefined ? {} : { TICKLER_APP_UID: String(runAs) })
      }
    })
    appRoot = topology.api.replace(/\/api$/, "")
  })
  afterAll(() => topology?.stop())

  it("runs each profile from the image's files as a user other than root", () => {
    for (const appId of ["api", "recurrence"]) {
      const { uid, cwd } = processOf(appId)
      expect(uid, appId).not.toBe(0)
      expect(cwd, appId).toBe(image)
    }
    // Nobody but their owner may write the image's files; as in the image, that is not the app's user.
    const files = Fs.statSync(Path.join(image, "packages/tasks/src"))
    expect(files.mode & 0o022).toBe(0)
    if (runAs !== undefined) expect(files.uid).not.toBe(runAs)
  })

  it("is live and ready once its sidecar is up, and serves the web app from the image", async () => {
    expect((await fetch(`${appRoot}/livez`)).status).toBe(200)
    expect(await (await fetch(`${appRoot}/readyz`)).json()).toEqual({ status: "ready" })
    const index = await fetch(`${appRoot}/today`)
    expect(index.headers.get("content-type")).toContain("text/html")
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(await index.text())![1]!
    expect((await fetch(`${appRoot}${script}`)).status).toBe(200)
  })

  it("completes a recurring task and the recurrence process makes the next one", async () => {
    const ada = await Client.signUp(topology.api)
    const task = (
      await ada.call("POST", "/tasks", {
        title: "Water the plants",
        due: { kind: "date", date: "2027-05-03" },
        recurrence: { rrule: "FREQ=WEEKLY", mode: "schedule" }
      })
    ).body
    expect((await ada.call("POST", `/tasks/${task.id}/complete`)).status).toBe(200)
    const next = await eventually(
      async () =>
        (await ada.call("GET", "/tasks?status=open")).body.items.find((t: any) => t.seriesId === task.seriesId),
      15_000,
      "the next occurrence"
    )
    expect(next.due).toEqual({ kind: "date", date: "2027-05-10" })
  })
})

describe("shutdown of the dev profile from the image", () => {
  let child: ChildProcess
  let port: number
  let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>

  beforeAll(async () => {
    port = await freePort()
    const dataDir = Path.join(work, "data")
    Fs.mkdirSync(dataDir)
    if (runAs !== undefined) Fs.chownSync(dataDir, runAs, runAs)
    child = spawn(node, ["profiles/dev/main.ts"], {
      cwd: image,
      ...asUser,
      env: { ...process.env, PORT: String(port), TICKLER_DATA_DIR: dataDir },
      stdio: "ignore"
    })
    exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal, at: Date.now() })))
    await eventually(
      async () => ((await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined))?.ok ? true : undefined),
      30_000,
      "the dev profile to be ready"
    )
  })
  afterAll(() => {
    if (child.exitCode === null) child.kill("SIGKILL")
  })

  it("on SIGTERM ends live streams at once, finishes the request in flight, and exits as interrupted", async () => {
    const ada = await Client.signUp(`http://127.0.0.1:${port}/api`)
    const stream = await fetch(`http://127.0.0.1:${port}/api/events`, {
      headers: { authorization: `Bearer ${ada.token}` }
    })
    const streamEnded = (async () => {
      const reader = stream.body!.getReader()
      while (!(await reader.read()).done);
      return Date.now()
    })()

    // A request whose body is still arriving when the signal comes.
    const body = JSON.stringify({ title: "Sent while the server drains" })
    const request = Http.request({
      host: "127.0.0.1",
      port,
      method: "POST",
      path: "/api/tasks",
      headers: {
        authorization: `Bearer ${ada.token}`,
        "content-type": "application/json",
        "content-length": Buffer.byteLength(body)
      }
    })
    const response = new Promise<{ status: number; body: any }>((resolve, reject) => {
      request.on("response", (res) => {
        let text = ""
        res.on("data", (chunk) => (text += chunk))
        res.on("end", () => resolve({ status: res.statusCode!, body: JSON.parse(text) }))
      })
      request.on("error", reject)
    })
    request.write(body.slice(0, 10))
    await new Promise((resolve) => setTimeout(resolve, 200))

    const signalledAt = Date.now()
    child.kill("SIGTERM")
    expect((await streamEnded) - signalledAt).toBeLessThan(2_000)
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    request.end(body.slice(10))
    expect(await response).toMatchObject({ status: 201, body: { title: "Sent while the server drains" } })

    const exit = await exited
    // Effect's runMain exits 130 when the program was interrupted (a failure would be 1).
    expect(exit).toMatchObject({ code: 130, signal: null })
    expect(exit.at - signalledAt).toBeLessThan(25_000)
  })
})
