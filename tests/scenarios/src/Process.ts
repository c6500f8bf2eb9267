import { spawn, type ChildProcess } from "node:child_process"

/** A server process whose output is kept, so a failed start says why. */
export const startServer = async (
  name: string,
  command: string,
  args: ReadonlyArray<string>,
  env: Record<string, string>,
  ready: () => Promise<boolean>
): Promise<ChildProcess> => {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] })
  let output = ""
  child.stdout!.on("data", (chunk) => (output += chunk))
  child.stderr!.on("data", (chunk) => (output += chunk))
  const deadline = Date.now() + 30_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${output}`)
    if (await ready().catch(() => false)) return child
    if (Date.now() > deadline) throw new Error(`${name} did not become ready in 30 s:\n${output}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** SIGTERM, resolved once the process has exited. */
export const stopServer = (child: ChildProcess | undefined) =>
  new Promise<void>((resolve) => {
    if (!child || child.exitCode !== null) return resolve()
    child.once("exit", () => resolve())
    child.kill("SIGTERM")
  })
