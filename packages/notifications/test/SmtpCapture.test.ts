import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as Net from "node:net"
import { createTransport } from "nodemailer"
import { SmtpCapture } from "../src/testing/index.ts"

/** As a SIGKILLed sender does: halfway through a message's DATA, its connection is reset. */
const dieMidMessage = (port: number) =>
  new Promise<void>((resolve) => {
    const socket = Net.connect(port, "127.0.0.1")
    const commands = [
      "EHLO dying.example\r\n",
      "MAIL FROM:<a@tickler.test>\r\n",
      "RCPT TO:<b@example.com>\r\n",
      "DATA\r\n"
    ]
    socket.on("data", (chunk) => {
      const reply = chunk.toString()
      if (reply.startsWith("354")) {
        socket.write("Subject: cut off\r\n\r\nhalf a")
        setTimeout(() => socket.resetAndDestroy(), 50)
      } else if (/^(220|250 )|\r\n250 /.test(reply)) {
        const next = commands.shift()
        if (next !== undefined) socket.write(next)
      }
    })
    socket.on("close", () => resolve())
  })

describe("SmtpCapture", () => {
  it.live("survives a sender that dies mid-message and accepts the next one", () =>
    Effect.gen(function* () {
      const smtp = yield* SmtpCapture
      yield* Effect.promise(() => dieMidMessage(smtp.port))
      yield* Effect.sleep("200 millis")
      yield* Effect.promise(() =>
        createTransport({ host: "127.0.0.1", port: smtp.port, secure: false }).sendMail({
          from: "a@tickler.test",
          to: "b@example.com",
          subject: "after the reset",
          text: "still here"
        })
      )
      assert.deepStrictEqual(
        smtp.emails.map((email) => email.subject),
        ["after the reset"]
      )
    }).pipe(Effect.provide(SmtpCapture.layer))
  )
})
