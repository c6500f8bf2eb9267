// PostgreSQL from Debian's package: our own cluster (initdb) in .data/stack/postgres, on our own
// loopback port; the system cluster is never touched.
import { execFileSync, spawnSync } from "node:child_process"
import { chownSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { logFile, stackDir } from "./paths.ts"
import { StackError, startProcess, waitFor, type PidRecord } from "./proc.ts"
import { infraPorts } from "./topology.ts"
import type { Generated } from "./secrets.ts"

export const pgDir = join(stackDir, "postgres")
const dataDir = join(pgDir, "data")
const runDir = join(pgDir, "run")
export const DATABASE = "tickler"
export const USER = "tickler"
/** configuration.postgresql reads this table and listens on this channel (trigger below). */
export const CONFIG_TABLE = "tickler_configuration"
export const CONFIG_CHANNEL = "tickler_config"

const findBinDir = (): string | undefined => {
  const root = "/usr/lib/postgresql"
  if (!existsSync(root)) return undefined
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, "bin", "postgres")))
    .sort((a, b) => Number(b) - Number(a))
  return versions[0] ? join(root, versions[0], "bin") : undefined
}

const isRoot = () => process.getuid?.() === 0

/** Installs Debian's server package when missing (root only, non-interactive). */
export const ensurePostgresInstalled = (log: (s: string) => void): string => {
  const found = findBinDir()
  if (found) return found
  if (!isRoot() || !existsSync("/usr/bin/apt-get")) {
    throw new StackError(
      "postgres",
      "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin",
      "install Debian's server package: sudo apt-get install -y postgresql"
    )
  }
  log("installing Debian's postgresql package (one time, apt-get)")
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" }
  for (const args of [["update"], ["install", "-y", "--no-install-recommends", "postgresql"]]) {
    const r = spawnSync("apt-get", args, { stdio: ["ignore", "inherit", "inherit"], env })
    if (r.status !== 0)
      throw new StackError(
        "postgres",
        `apt-get ${args.join(" ")} failed`,
        "check disk space and apt sources, then retry `pnpm stack up`"
      )
  }
  const bin = findBinDir()
  if (!bin)
    throw new StackError(
      "postgres",
      "postgresql installed but no server binary found",
      "look under /usr/lib/postgresql"
    )
  return bin
}

/** postgres and initdb refuse to run as root: run them as the package's `postgres` user. */
const runAs = (): { uid: number; gid: number } | undefined => {
  if (!isRoot()) return undefined
  try {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim())
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim())
    return { uid, gid }
  } catch {
    throw new StackError(
      "postgres",
      "running as root but there is no `postgres` user to run the server as",
      "install Debian's postgresql package (it creates the user)"
    )
  }
}

export const connectionInfo = (g: Generated) => {
  const port = infraPorts().postgres
  return {
    host: "127.0.0.1",
    port,
    user: USER,
    password: g.postgresPassword,
    database: DATABASE,
    url: `postgres://${USER}:${encodeURIComponent(g.postgresPassword)}@127.0.0.1:${port}/${DATABASE}`,
    /** key=value form, as Dapr's PostgreSQL components take it */
    dsn: `host=127.0.0.1 port=${port} user=${USER} password=${g.postgresPassword} dbname=${DATABASE} sslmode=disable`
  }
}

export const psql = (
  bin: string,
  g: Generated,
  sql: string,
  opts: { superuser?: boolean; database?: string } = {}
): string => {
  const port = infraPorts().postgres
  const r = spawnSync(
    join(bin, "psql"),
    [
      "-h",
      "127.0.0.1",
      "-p",
      String(port),
      "-U",
      opts.superuser ? "postgres" : USER,
      "-d",
      opts.database ?? (opts.superuser ? "postgres" : DATABASE),
      "-v",
      "ON_ERROR_STOP=1",
      "-qAt",
      "-c",
      sql
    ],
    {
      encoding: "utf8",
      env: {
        ...process.env,
        PGPASSWORD: opts.superuser ? g.postgresSuperPassword : g.postgresPassword,
        PGCONNECT_TIMEOUT: "3"
      }
    }
  )
  if (r.status !== 0) throw new Error(`psql failed: ${r.stderr}`)
  return r.stdout.trim()
}

export const startPostgres = async (g: Generated, log: (s: string) => void): Promise<PidRecord> => {
  const bin = ensurePostgresInstalled(log)
  const owner = runAs()
  const port = infraPorts().postgres
  mkdirSync(pgDir, { recursive: true })
  mkdirSync(runDir, { recursive: true })
  if (owner) chownSync(runDir, owner.uid, owner.gid)
  if (!existsSync(join(dataDir, "PG_VERSION"))) {
    log(`initdb ${dataDir}`)
    rmSync(dataDir, { recursive: true, force: true })
    mkdirSync(dataDir, { recursive: true, mode: 0o700 })
    const pw = join(pgDir, "pwfile")
    writeFileSync(pw, g.postgresSuperPassword + "\n", { mode: 0o600 })
    if (owner) {
      chownSync(dataDir, owner.uid, owner.gid)
      chownSync(pw, owner.uid, owner.gid)
    }
    const r = spawnSync(
      join(bin, "initdb"),
      [
        "-D",
        dataDir,
        "-U",
        "postgres",
        `--pwfile=${pw}`,
        "--auth=scram-sha-256",
        "--encoding=UTF8",
        "--locale=C.UTF-8"
      ],
      { encoding: "utf8", ...owner }
    )
    rmSync(pw, { force: true })
    if (r.status !== 0) {
      rmSync(dataDir, { recursive: true, force: true })
      throw new StackError(
        "postgres",
        `initdb failed: ${r.stderr.trim()}`,
        "check disk space and permissions of .data/stack/postgres"
      )
    }
  }
  const rec = startProcess(
    "postgres",
    join(bin, "postgres"),
    [
      "-D",
      dataDir,
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      `port=${port}`,
      "-c",
      `unix_socket_directories=${runDir}`,
      "-c",
      "max_connections=200",
      "-c",
      "fsync=off"
    ],
    owner ?? {}
  )
  await waitFor(
    "postgres",
    `SELECT 1 on 127.0.0.1:${port}`,
    async () => psql(bin, g, "select 1", { superuser: true }) === "1",
    30_000,
    rec
  )
  // role, database and the configuration table + NOTIFY trigger (idempotent)
  const exists = psql(bin, g, `select count(*) from pg_roles where rolname='${USER}'`, { superuser: true })
  const pwLit = g.postgresPassword.replace(/'/g, "''")
  // CREATEDB: test suites create (and drop) a fresh database each; the role is no superuser
  psql(bin, g, `${exists === "1" ? "alter" : "create"} role ${USER} with login createdb password '${pwLit}'`, {
    superuser: true
  })
  if (psql(bin, g, `select count(*) from pg_database where datname='${DATABASE}'`, { superuser: true }) === "0") {
    psql(bin, g, `create database ${DATABASE} owner ${USER}`, { superuser: true })
  }
  psql(bin, g, configTableSql)
  log(`postgres ready on 127.0.0.1:${port} (log ${logFile("postgres")})`)
  return rec
}

export const postgresBinDir = () => findBinDir()

// Dapr's configuration.postgresql contract: columns key/value/version/metadata, and a trigger that
// pg_notify()s a JSON {table, action, data} on the channel subscribers pass as pgNotifyChannel.
const configTableSql = `
CREATE TABLE IF NOT EXISTS ${CONFIG_TABLE} (
  key VARCHAR NOT NULL PRIMARY KEY, value VARCHAR NOT NULL, version VARCHAR NOT NULL, metadata JSON);
CREATE OR REPLACE FUNCTION ${CONFIG_TABLE}_notify() RETURNS TRIGGER AS $$
DECLARE data json; notification json;
BEGIN
  IF (TG_OP = 'DELETE') THEN data = row_to_json(OLD); ELSE data = row_to_json(NEW); END IF;
  notification = json_build_object('table', TG_TABLE_NAME, 'action', TG_OP, 'data', data);
  PERFORM pg_notify('${CONFIG_CHANNEL}', notification::text);
  RETURN NULL;
END; $$ LANGUAGE plpgsql;
CREATE OR REPLACE TRIGGER ${CONFIG_TABLE}_notify AFTER INSERT OR UPDATE OR DELETE ON ${CONFIG_TABLE}
  FOR EACH ROW EXECUTE PROCEDURE ${CONFIG_TABLE}_notify();`
