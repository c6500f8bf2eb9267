// Writes the tool table into docs/assistant.md (between its `tools` markers) from the tool definitions.
// `pnpm assistant:docs` after changing a tool; a test fails while they differ.
import * as Fs from "node:fs"
import * as Path from "node:path"
import { taskTools } from "../src/tools/TaskTools.ts"
import { toolReference } from "../src/tools/ToolReference.ts"

export const docsPath = Path.resolve(import.meta.dirname, "../../../docs/assistant.md")
const markers = /(<!-- tools:start -->\n)[\s\S]*?(<!-- tools:end -->)/

const doc = Fs.readFileSync(docsPath, "utf8")
Fs.writeFileSync(docsPath, doc.replace(markers, `$1${toolReference(taskTools)}\n$2`))
console.log(`wrote the tool table of ${Path.relative(process.cwd(), docsPath)}`)
