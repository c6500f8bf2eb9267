/** A signed-in user of a topology, speaking its REST API and its live event stream. */
export class Client {
  readonly api: string
  readonly token: string
  readonly email: string
  /** Base URL of the live event stream (`<events>/events`); the API's unless the topology serves it elsewhere. */
  readonly events: string
  constructor(api: string, token: string, email: string, events: string = api) {
    this.api = api
    this.token = token
    this.email = email
    this.events = events
  }

  static async signUp(
    api: string,
    timeZone = "Europe/Berlin",
    events?: string,
    password = "scenario password"
  ): Promise<Client> {
    const email = `scenario-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`
    return Client.session(api, "sign-up", 201, { email, password, timeZone }, events)
  }

  static signIn(api: string, email: string, password: string, events?: string): Promise<Client> {
    return Client.session(api, "sign-in", 200, { email, password }, events)
  }

  private static async session(
    api: string,
    action: "sign-up" | "sign-in",
    expected: number,
    credentials: { readonly email: string; readonly password: string; readonly timeZone?: string },
    events: string | undefined
  ): Promise<Client> {
    const response = await fetch(`${api}/auth/${action}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(credentials)
    })
    if (response.status !== expected) throw new Error(`${action}: ${response.status} ${await response.text()}`)
    return new Client(api, (await response.json()).token, credentials.email, events)
  }

  async call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const response = await fetch(`${this.api}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" })
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) })
    })
    const text = await response.text()
    return { status: response.status, body: text ? JSON.parse(text) : undefined }
  }

  /** Opens the live event stream (optionally resuming after an event id) and collects what arrives. */
  live(lastEventId?: string): LiveStream {
    return new LiveStream(`${this.events}/events`, this.token, lastEventId)
  }
}

export interface LiveMessage {
  readonly id: string
  readonly type: string
  readonly data: any
  readonly receivedAt: number
}

/** A minimal Server-Sent Events reader (what EventSource does, with a bearer token). */
export class LiveStream {
  readonly messages: Array<LiveMessage> = []
  private readonly controller = new AbortController()
  readonly opened: Promise<void>
  /** Resolves with the time the server ended the stream (not when `close()` does). */
  readonly ended: Promise<number>
  private serverEnded: (at: number) => void = () => {}

  constructor(url: string, token: string, lastEventId?: string) {
    this.ended = new Promise((resolve) => (this.serverEnded = resolve))
    this.opened = this.read(url, token, lastEventId)
  }

  private async read(url: string, token: string, lastEventId?: string) {
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${token}`, ...(lastEventId ? { "last-event-id": lastEventId } : {}) },
      signal: this.controller.signal
    })
    if (response.status !== 200 || !response.body) throw new Error(`live stream: ${response.status}`)
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
    let buffer = ""
    const pump = async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read()
          if (done) return this.serverEnded(Date.now())
          buffer += value
          let end: number
          while ((end = buffer.indexOf("\n\n")) >= 0) {
            const block = buffer.slice(0, end)
            buffer = buffer.slice(end + 2)
            const fields = Object.fromEntries(
              block
                .split("\n")
                .filter((line) => line && !line.startsWith(":"))
                .map((line) => {
                  const colon = line.indexOf(":")
                  return [line.slice(0, colon), line.slice(colon + 1).trimStart()]
                })
            )
            if (fields["data"] !== undefined) {
              this.messages.push({
                id: fields["id"] ?? "",
                type: fields["event"] ?? "message",
                data: JSON.parse(fields["data"]),
                receivedAt: Date.now()
              })
            }
          }
        }
      } catch {
        // closed
      }
    }
    void pump()
  }

  close() {
    this.controller.abort()
  }
}
