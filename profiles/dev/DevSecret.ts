import { ConfigProvider, Effect } from "effect"
import * as Crypto from "node:crypto"
import * as Fs from "node:fs"
import * as Path from "node:path"

/**
 * A session-signing secret generated on first start and kept beside the data, so sessions survive
 * restarts without the user configuring anything. `TICKLER_AUTH_SECRET` in the environment wins.
 */
export const layerDevSecret = (dataDir: string) =>
  ConfigProvider.layerAdd(
    Effect.sync(() => {
      const file = Path.join(dataDir, "auth-secret")
      if (!Fs.existsSync(file)) {
        Fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 })
        Fs.writeFileSync(file, Crypto.randomBytes(32).toString("base64url"), { mode: 0o600 })
      }
      return ConfigProvider.fromUnknown({ TICKLER_AUTH_SECRET: Fs.readFileSync(file, "utf8").trim() })
    })
  )
