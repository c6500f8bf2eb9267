// Writes docs/events/schemas/<event type>.schema.json from the domain's event schemas.
// `pnpm events:schemas` after changing an event; a test fails while they differ.
import { eventJsonSchema, publishedEvents } from "../src/EventSchemas.ts"
import * as Fs from "node:fs"
import * as Path from "node:path"

const dir = Path.resolve(import.meta.dirname, "../../../docs/events/schemas")
Fs.mkdirSync(dir, { recursive: true })
for (const eventType of Object.keys(publishedEvents) as Array<keyof typeof publishedEvents>) {
  Fs.writeFileSync(
    Path.join(dir, `${eventType}.schema.json`),
    `${JSON.stringify(eventJsonSchema(eventType), null, 2)}\n`
  )
  console.log(`wrote docs/events/schemas/${eventType}.schema.json`)
}
