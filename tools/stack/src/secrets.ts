// Credentials the stack generates once per checkout (kept in .data/stack, never committed).
import { randomBytes } from "node:crypto"
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { generatedSecretsFile, stackDir } from "./paths.ts"

export interface Generated {
  postgresSuperPassword: string
  postgresPassword: string
  /** per app id: the token callers present to its daprd, and the one daprd presents to the app */
  tokens: Record<string, { daprApiToken: string; appApiToken: string }>
  /** Tickler's session-signing secret (Better Auth), shared by the split profiles via the secret store */
  authSecret?: string
}

const token = () => randomBytes(24).toString("base64url")

export const generated = (appIds: readonly string[]): Generated => {
  mkdirSync(stackDir, { recursive: true })
  const g: Generated = existsSync(generatedSecretsFile)
    ? (JSON.parse(readFileSync(generatedSecretsFile, "utf8")) as Generated)
    : { postgresSuperPassword: token(), postgresPassword: token(), tokens: {} }
  let changed = !existsSync(generatedSecretsFile)
  for (const id of appIds) {
    if (!g.tokens[id]) {
      g.tokens[id] = { daprApiToken: token(), appApiToken: token() }
      changed = true
    }
  }
  if (!g.authSecret) {
    g.authSecret = randomBytes(32).toString("base64url")
    changed = true
  }
  if (changed) writeFileSync(generatedSecretsFile, JSON.stringify(g, null, 2), { mode: 0o600 })
  return g
}
