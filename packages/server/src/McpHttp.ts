import { Accounts } from "@tickler/accounts"
import { TicklerMcp } from "@tickler/assistant"
import { Effect, Layer, Option } from "effect"
import { HttpEffect, HttpRouter, HttpServerRequest, HttpServerResponse } from "effect/http"
import { PublicUrl } from "./PublicUrl.ts"

const METADATA_PATH = "/.well-known/oauth-protected-resource/mcp"

/**
 * `POST /mcp`: Tickler's MCP server over Streamable HTTP, stateless (each request is complete in
 * itself), for the user whose session token comes as `Authorization: Bearer …`. Cookies are not
 * accepted here, so a web page cannot make a signed-in browser call tools.
 */
const serveMcp = (metadataUrl: string) =>
  Effect.gen(function* () {
    const request = yield* HttpServerRequest.HttpServerRequest
    const accounts = yield* Accounts
    const mcp = yield* TicklerMcp
    const authorization = request.headers["authorization"]
    const user =
      authorization === undefined ? Option.none() : yield* accounts.authenticate(new Headers({ authorization }))
    if (Option.isNone(user)) {
      // RFC 9728 §5.1, as the MCP authorization spec asks: where to learn how to get a token.
      const error = authorization === undefined ? "" : `, error="invalid_token"`
      return HttpServerResponse.jsonUnsafe(
        {
          error: authorization === undefined ? "unauthorized" : "invalid_token",
          error_description: "send a Tickler session token as 'Authorization: Bearer <token>'"
        },
        {
          status: 401,
          headers: { "www-authenticate": `Bearer realm="tickler", resource_metadata="${metadataUrl}"${error}` }
        }
      )
    }
    return yield* HttpEffect.fromWebHandler(async (webRequest) => {
      // The MCP SDK loads with the first request (see TicklerMcp).
      const { WebStandardStreamableHTTPServerTransport } =
        await import("@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js")
      const server = await mcp.serverFor(user.value.id)
      // No session id generator: stateless, a new server and transport per request.
      const transport = new WebStandardStreamableHTTPServerTransport({ enableJsonResponse: true })
      await server.connect(transport)
      try {
        return await transport.handleRequest(webRequest)
      } finally {
        await server.close()
      }
    })
  })

/** Stateless: there is no session to stream to (GET) or to end (DELETE). */
const methodNotAllowed = Effect.succeed(
  HttpServerResponse.jsonUnsafe(
    {
      jsonrpc: "2.0",
      error: { code: -32000, message: "Method not allowed: send JSON-RPC requests with POST" },
      id: null
    },
    { status: 405, headers: { allow: "POST" } }
  )
)

/** The MCP endpoint and its RFC 9728 metadata (what it is, how it takes tokens), under `TICKLER_PUBLIC_URL`. */
export const McpRoute = Layer.unwrap(
  Effect.gen(function* () {
    const base = (yield* PublicUrl).href.replace(/\/$/, "")
    const metadata = HttpServerResponse.jsonUnsafe({
      resource: `${base}/mcp`,
      resource_name: "Tickler",
      bearer_methods_supported: ["header"],
      resource_documentation: `${base}/api/docs`
    })
    return Layer.mergeAll(
      HttpRouter.add("POST", "/mcp", serveMcp(`${base}${METADATA_PATH}`)),
      HttpRouter.add("GET", "/mcp", methodNotAllowed),
      HttpRouter.add("DELETE", "/mcp", methodNotAllowed),
      HttpRouter.add("GET", METADATA_PATH, Effect.succeed(metadata))
    )
  })
)
