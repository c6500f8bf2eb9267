import { type ChildProcess, spawn } from "node:child_process"
import * as Fs from "node:fs"
import * as Net from "node:net"
import * as Os from "node:os"
import * as Path from "node:path"
import { afterAll, describe, expect, it } from "vitest"

const main = Path.resolve(import.meta.dirname, "../main.ts")

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = Net.createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as Net.AddressInfo
      server.close(() => resolve(port))
    })
  })

/** Starts the dev profile as a user would and waits until it prints its URL. */
const start = (dataDir: string, port: number) =>
  new Promise<ChildProcess>((resolve, reject) => {
    const child = spawn(process.execPath, [main], {
      env: { ...process.env, PORT: String(port), TICKLER_DATA_DIR: dataDir },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let output = ""
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes(`http://127.0.0.1:${port}`)) resolve(child)
    }
    child.stdout!.on("data", onData)
    child.stderr!.on("data", onData)
    child.once("exit", (code) => reject(new Error(`dev profile exited with ${code}:\n${output}`)))
  })

const stop = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.once("exit", () => resolve())
    child.kill("SIGTERM")
  })

describe("the dev profile", () => {
  const dataDir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "tickler-dev-"))
  afterAll(() => Fs.rmSync(dataDir, { recursive: true, force: true }))

  it("serves the API on its port and keeps tasks and sessions across a restart", async () => {
    const port = await freePort()
    const base = `http://127.0.0.1:${port}/api`
    const json = { "content-type": "application/json" }

    let server = await start(dataDir, port)
    const session = await (
      await fetch(`${base}/auth/sign-up`, {
        method: "POST",
        headers: json,
        body: JSON.stringify({ email: "ada@example.com", password: "correct horse battery" })
      })
    ).json()
    const auth = { ...json, authorization: `Bearer ${session.token}` }
    const created = await fetch(`${base}/tasks`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ text: "Water the plants tomorrow 9am #home" })
    })
    expect(created.status).toBe(201)
    const task = await created.json()
    expect((await fetch(`${base}/docs`)).status).toBe(200)
    await stop(server)

    server = await start(dataDir, port)
    try {
      const again = await fetch(`${base}/tasks/${task.id}`, { headers: auth })
      expect(again.status).toBe(200)
      expect(await again.json()).toMatchObject({ title: "Water the plants", tags: ["home"] })
      expect(Fs.existsSync(Path.join(dataDir, "pglite"))).toBe(true)
    } finally {
      await stop(server)
    }
  }, 120_000)
})
