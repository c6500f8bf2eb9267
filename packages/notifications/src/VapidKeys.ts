import { ConfigProvider, Effect } from "effect"
import * as Fs from "node:fs"
import * as Path from "node:path"
import WebPush from "web-push"

/** A fresh VAPID key pair (P-256), both base64url. */
export const generateVapidKeys = (): { readonly publicKey: string; readonly privateKey: string } =>
  WebPush.generateVAPIDKeys()

/**
 * For the `dev` profile: a VAPID key pair generated on first start and kept in `<dataDir>/vapid-keys.json`,
 * so browser subscriptions stay valid across restarts. Supplies `TICKLER_VAPID_PUBLIC_KEY` and
 * `TICKLER_VAPID_PRIVATE_KEY` as configuration; values already in the environment win.
 */
export const layerDevVapidKeys = (dataDir: string) =>
  ConfigProvider.layerAdd(
    Effect.sync(() => {
      const file = Path.join(dataDir, "vapid-keys.json")
      if (!Fs.existsSync(file)) {
        Fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 })
        Fs.writeFileSync(file, JSON.stringify(generateVapidKeys()), { mode: 0o600 })
      }
      const keys = JSON.parse(Fs.readFileSync(file, "utf8")) as { publicKey: string; privateKey: string }
      return ConfigProvider.fromUnknown({
        TICKLER_VAPID_PUBLIC_KEY: keys.publicKey,
        TICKLER_VAPID_PRIVATE_KEY: keys.privateKey
      })
    })
  )
