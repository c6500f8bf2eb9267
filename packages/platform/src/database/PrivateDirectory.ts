import { Effect } from "effect"
import * as Fs from "node:fs/promises"
import * as Path from "node:path"

/** Group or other may read, write or enter. */
const OPEN_TO_OTHERS = 0o077

const octal = (mode: number) => (mode & 0o777).toString(8).padStart(4, "0")

/**
 * Makes `dir` private to the account running the process: created 0700 if missing; an existing one,
 * and everything under it, tightened to 0700 (directories) and 0600 (files), with a warning naming
 * what was open to other accounts. Anything the process creates from now on is private as well
 * (umask 077, shared by its worker threads), so no later file is ever readable by others.
 */
export const ensurePrivateDirectory = (dir: string) =>
  Effect.gen(function* () {
    process.umask(OPEN_TO_OTHERS)
    const existing = yield* Effect.promise(() => Fs.stat(dir).catch(() => undefined))
    if (existing === undefined) {
      yield* Effect.promise(() => Fs.mkdir(dir, { recursive: true, mode: 0o700 }))
      return
    }
    const entries = yield* Effect.promise(() => Fs.readdir(dir, { recursive: true, withFileTypes: true }))
    const paths = [
      { path: dir, directory: true },
      ...entries.map((entry) => ({ path: Path.join(entry.parentPath, entry.name), directory: entry.isDirectory() }))
    ]
    const opened: Array<string> = []
    for (const { path, directory } of paths) {
      const { mode } = yield* Effect.promise(() => Fs.lstat(path))
      if ((mode & OPEN_TO_OTHERS) === 0) continue
      opened.push(`${path} (${octal(mode)})`)
      yield* Effect.promise(() => Fs.chmod(path, directory ? 0o700 : 0o600))
    }
    if (opened.length > 0)
      yield* Effect.logWarning(
        `${dir} held ${opened.length} file(s) or folder(s) other accounts could open, e.g. ${opened.slice(0, 3).join(", ")}; made them private (0700 folders, 0600 files)`
      )
  })
