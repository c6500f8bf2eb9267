import { execFileSync } from "node:child_process"
import * as Path from "node:path"

const repoRoot = Path.resolve(import.meta.dirname, "../../..")

/**
 * The Prometheus and OpenTelemetry Collector binaries (scripts/observability-tools.sh builds them once
 * per version into the tool cache; the test command does so in its own step, so here it is quick).
 */
export const observabilityTools = (): { prometheus: string; otelcol: string } => {
  const output = execFileSync("bash", [Path.join(repoRoot, "scripts/observability-tools.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"]
  })
  const paths = Object.fromEntries(
    output
      .trim()
      .split("\n")
      .map((line) => line.split("=", 2) as [string, string])
  )
  return { prometheus: paths["PROMETHEUS"]!, otelcol: paths["OTELCOL"]! }
}
