/**
 * PGlite and its wire-protocol server, in a worker thread of their own. PGlite runs each query
 * synchronously; on the main thread one slow query would stop every request, health checks too.
 * Here it holds up only the database. It serves on the loopback port in its `workerData`; messages:
 * in, `"close"`; out, `"ready"` once serving, `{ error }` if it cannot start, `"closed"`.
 * Run as a child process instead (`node EmbeddedPostgresWorker.ts <dataDir>`, with an IPC channel), it
 * creates the data directory's database and exits: 0 once done, 1 with the error on stderr.
 */
import { PGlite } from "@electric-sql/pglite"
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm"
import { PGLiteSocketServer } from "@electric-sql/pglite-socket"
import Fs from "node:fs"
import * as V8 from "node:v8"
import { parentPort, workerData } from "node:worker_threads"

const parent = parentPort
const { dataDir, port } = (parent === null ? { dataDir: process.argv[2], port: 0 } : workerData) as {
  readonly dataDir: string | undefined
  readonly port: number
}

/**
 * 16 MB of shared buffers, not PostgreSQL's 128: a laptop's task list fits, the operating system caches
 * the files too, and WebAssembly memory, once touched, is never given back.
 */
const postgresqlconf = ["shared_buffers=16MB"]

/**
 * PostgreSQL's WebAssembly stays on V8's baseline compiler (Liftoff). With tier-up, the optimizing
 * compiler takes one of its huge functions soon after start and mallocs about 580 MB for it (the
 * process's high-water mark), of which ~50 MB stays resident; what it buys is searches ~20% faster once
 * warm (inserts were slower meanwhile, the compiler competing for the cores). Both flags, as V8 applies
 * no implications between flags at run time; they are the process's, read when WebAssembly is compiled.
 */
V8.setFlagsFromString("--no-wasm-tier-up")
V8.setFlagsFromString("--no-wasm-dynamic-tiering")

/**
 * PGlite's file layer (Emscripten's NODEFS, through this thread's `node:fs`) gives PostgreSQL's files
 * the modes its bundle carries (0666) with chmod, which the process's umask does not mask: keep group
 * and others out of those too.
 */
const keepChmodPrivate = () => {
  const { chmodSync, fchmodSync } = Fs
  const owner = (mode: Fs.Mode) => (typeof mode === "string" ? parseInt(mode, 8) : mode) & 0o700
  Object.assign(Fs, {
    chmodSync: (path: Fs.PathLike, mode: Fs.Mode) => chmodSync(path, owner(mode)),
    fchmodSync: (fd: number, mode: Fs.Mode) => fchmodSync(fd, owner(mode))
  })
}

// A child process that creates a database goes with the process that started it.
if (parent === null) process.on("disconnect", () => process.exit(1))

try {
  if (dataDir) keepChmodPrivate()
  const db = await PGlite.create({ ...(dataDir ? { dataDir } : {}), extensions: { pg_trgm }, postgresqlconf })
  if (parent === null) {
    await db.close()
    process.exit(0)
  } else {
    const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port })
    await server.start()
    parent.on("message", async (message) => {
      if (message !== "close") return
      await server.stop()
      await db.close()
      parent.postMessage("closed")
    })
    parent.postMessage("ready")
  }
} catch (error) {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error)
  if (parent === null) {
    process.stderr.write(message)
    process.exit(1)
  }
  parent.postMessage({ error: message })
}
