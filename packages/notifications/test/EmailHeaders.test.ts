import { assert, describe, it } from "@effect/vitest"
import { TaskId } from "@tickler/domain"
import { Effect, Layer, Schema } from "effect"
import { EmailSender } from "../src/EmailSender.ts"
import { renderReminder } from "../src/Message.ts"
import { SmtpCapture } from "../src/testing/index.ts"

/** The real SMTP sender, talking to the capture. */
const SmtpSender = Layer.unwrap(
  SmtpCapture.useSync((smtp) =>
    EmailSender.layerSmtp({ host: "127.0.0.1", port: smtp.port, from: "Tickler <reminders@tickler.test>" })
  )
)

describe("reminder emails", () => {
  it.live("carry a task title with line breaks in the subject only, never as headers of their own", () =>
    Effect.gen(function* () {
      const smtp = yield* SmtpCapture
      const message = renderReminder({
        task: {
          id: Schema.decodeUnknownSync(TaskId)("0190a0c8-0000-7000-8000-000000000001"),
          title: "Pay rent\r\nBcc: eve@evil.test\r\n\r\nWire the money to me",
          due: null
        },
        reminderId: "0190a0c8-0000-7000-8000-000000000002",
        dueDate: null,
        fireAt: "2027-03-01T08:00:00Z",
        late: false,
        timeZone: "Europe/Berlin",
        baseUrl: "http://127.0.0.1:4100"
      })
      const sender = yield* EmailSender
      yield* sender.send({ id: "injection-test", to: "ada@example.com", subject: message.subject, text: message.text })
      const [email] = smtp.emails
      assert.deepStrictEqual(email?.to, ["ada@example.com"])
      // The whole title stays in the subject; no header line starts with what the title smuggled in.
      assert.notMatch(email!.headers, /^Bcc:/im)
      assert.match(email!.subject, /^Reminder: Pay rent\s+Bcc: eve@evil\.test\s+Wire the money to me$/)
    }).pipe(Effect.provide(SmtpSender.pipe(Layer.provideMerge(SmtpCapture.layer))))
  )
})
