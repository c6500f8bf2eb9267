import { gzipSync } from "node:zlib"
import type { Plugin } from "vite"

/**
 * Prints the gzipped size of the JavaScript a first visit downloads (the entry chunk and everything
 * it imports statically; lazy chunks excluded) and fails the build when it is over `limitKb`.
 */
export const bundleBudget = (limitKb: number): Plugin => ({
  name: "tickler-bundle-budget",
  apply: "build",
  generateBundle(_options, bundle) {
    const chunks = new Map<string, { code: string; imports: ReadonlyArray<string>; isEntry: boolean }>()
    for (const [fileName, output] of Object.entries(bundle)) {
      if (output.type === "chunk")
        chunks.set(fileName, { code: output.code, imports: output.imports, isEntry: output.isEntry })
    }
    const initial = new Set<string>()
    const visit = (fileName: string) => {
      if (initial.has(fileName)) return
      initial.add(fileName)
      for (const imported of chunks.get(fileName)?.imports ?? []) visit(imported)
    }
    for (const [fileName, chunk] of chunks) if (chunk.isEntry) visit(fileName)
    const sizes = [...initial].map((fileName) => ({
      fileName,
      gzip: gzipSync(chunks.get(fileName)!.code, { level: 9 }).length
    }))
    const total = sizes.reduce((sum, s) => sum + s.gzip, 0)
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`
    const lines = sizes.map((s) => `    ${s.fileName}  ${kb(s.gzip)}`).join("\n")
    const verdict = `initial JS ${kb(total)} gzipped (budget ${limitKb} kB)`
    if (total > limitKb * 1024) this.error(`Bundle budget exceeded: ${verdict}\n${lines}`)
    console.log(`\n  \u001b[1mBundle budget:\u001b[0m ${verdict}\n${lines}\n`)
  }
})
