import { homedir } from "node:os"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"

/** Repository root: tools/stack/src/ → ../../.. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..")

/** Everything the stack writes at run time lives here (git-ignored via `.data/`).
 * TICKLER_STACK_DIR moves it (the failure tests use a throw-away one). */
export const stackDir = resolve(process.env["TICKLER_STACK_DIR"] ?? join(repoRoot, ".data", "stack"))
export const logsDir = join(stackDir, "logs")
export const pidsDir = join(stackDir, "pids")
export const endpointsFile = join(stackDir, "endpoints.json")
/** Generated once per checkout: PostgreSQL password, Dapr API tokens. */
export const generatedSecretsFile = join(stackDir, "generated-secrets.json")
export const renderedDaprDir = join(stackDir, "dapr")

/** Built binaries and downloaded jars, by version, outside the repository (survive `git clean`). */
export const cacheDir = resolve(process.env["TICKLER_CACHE"] ?? join(homedir(), ".cache", "tickler"))

export const logFile = (name: string) => join(logsDir, `${name}.log`)
