import * as Fs from "node:fs"
import * as Path from "node:path"
import { describe, expect, it } from "vitest"
import { taskTools } from "../src/tools/TaskTools.ts"
import { toolReference } from "../src/tools/ToolReference.ts"

describe("docs/assistant.md", () => {
  it("lists every tool as the definitions say (run pnpm assistant:docs)", () => {
    const doc = Fs.readFileSync(Path.resolve(import.meta.dirname, "../../../docs/assistant.md"), "utf8")
    const table = /<!-- tools:start -->\n([\s\S]*?)\n<!-- tools:end -->/.exec(doc)?.[1]
    expect(table).toBe(toolReference(taskTools))
  })
})
