import { Config } from "effect"

/** Where users reach Tickler (`TICKLER_PUBLIC_URL`): links, MCP metadata, the origin browsers write from. */
export const PublicUrl = Config.URL("TICKLER_PUBLIC_URL").pipe(Config.withDefault(new URL("http://127.0.0.1:4100")))
