// Apache Kafka, KRaft single node (broker+controller in one JVM), jars from Maven Central through
// the pinned tools/stack/kafka/pom.xml, cached in $TICKLER_CACHE/kafka-<version>/libs.
import { spawnSync } from "node:child_process"
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { Kafka, logLevel } from "kafkajs"
import { cacheDir, logFile, repoRoot, stackDir } from "./paths.ts"
import { StackError, startProcess, waitFor, type PidRecord } from "./proc.ts"
import { infraPorts, topics, versions } from "./topology.ts"

const kafkaDir = join(stackDir, "kafka")
export const kafkaLibs = () => join(cacheDir, `kafka-${versions.kafka}`, "libs")

const javaMajor = (): number | undefined => {
  const r = spawnSync("java", ["-version"], { encoding: "utf8" })
  if (r.error || r.status !== 0) return undefined
  const m = /version "(\d+)(?:\.(\d+))?/.exec(r.stderr)
  if (!m) return undefined
  return m[1] === "1" ? Number(m[2]) : Number(m[1])
}

export const ensureKafkaLibs = (log: (s: string) => void): string => {
  const java = javaMajor()
  if (java === undefined)
    throw new StackError(
      "kafka",
      "java not found on PATH",
      "Kafka 4.x needs Java 17+: apt-get install -y openjdk-17-jre-headless"
    )
  if (java < 17)
    throw new StackError(
      "kafka",
      `java ${java} found; Kafka ${versions.kafka} needs Java 17+`,
      "install openjdk-17-jre-headless and put it first on PATH"
    )
  const libs = kafkaLibs()
  if (existsSync(join(libs, `kafka_2.13-${versions.kafka}.jar`))) return libs
  if (spawnSync("mvn", ["-v"], { stdio: "ignore" }).status !== 0) {
    throw new StackError(
      "kafka",
      "mvn (Maven) not found: it downloads Kafka's jars from Maven Central once",
      "apt-get install -y maven"
    )
  }
  log(`downloading Kafka ${versions.kafka} jars with Maven (one time) into ${libs}`)
  const tmp = `${libs}.tmp`
  rmSync(tmp, { recursive: true, force: true })
  const started = Date.now()
  const r = spawnSync(
    "mvn",
    [
      "-B",
      "-q",
      "-f",
      join(repoRoot, "tools/stack/kafka/pom.xml"),
      "org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies",
      "-DincludeScope=runtime",
      `-DoutputDirectory=${tmp}`
    ],
    { stdio: ["ignore", "inherit", "inherit"] }
  )
  if (r.status !== 0)
    throw new StackError(
      "kafka",
      "Maven could not fetch Kafka's jars",
      "check the network to Maven Central and disk space, then retry"
    )
  renameSync(tmp, libs)
  log(`Kafka jars ready in ${((Date.now() - started) / 1000).toFixed(1)}s`)
  return libs
}

const serverProperties = () => {
  const p = infraPorts()
  return `# rendered by tools/stack (kafka.ts) at each up
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:${p.kafkaController}
listeners=PLAINTEXT://127.0.0.1:${p.kafka},CONTROLLER://127.0.0.1:${p.kafkaController}
advertised.listeners=PLAINTEXT://127.0.0.1:${p.kafka}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=${join(kafkaDir, "data")}
num.partitions=1
# one node: internal topics must have replication factor 1 or consumer groups never get a coordinator
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
# topics are created explicitly (partition counts matter), never by a stray consumer
auto.create.topics.enable=false
log.retention.hours=168
`
}

const log4j = `status = warn
appender.console.type = Console
appender.console.name = STDOUT
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.stdout.ref = STDOUT
logger.kafka.name = kafka
logger.kafka.level = WARN
logger.apache.name = org.apache.kafka
logger.apache.level = WARN
`

export const kafkaClient = (clientId = "tickler-stack") =>
  new Kafka({
    clientId,
    brokers: [`127.0.0.1:${infraPorts().kafka}`],
    logLevel: logLevel.NOTHING,
    retry: { retries: 2 }
  })

export const startKafka = async (log: (s: string) => void): Promise<PidRecord> => {
  const libs = ensureKafkaLibs(log)
  mkdirSync(join(kafkaDir, "data"), { recursive: true })
  const props = join(kafkaDir, "server.properties")
  const log4jFile = join(kafkaDir, "log4j2.properties")
  writeFileSync(props, serverProperties())
  writeFileSync(log4jFile, log4j)
  const cp = `${libs}/*`
  if (!existsSync(join(kafkaDir, "data", "meta.properties"))) {
    const id = spawnSync("java", ["-cp", cp, "kafka.tools.StorageTool", "random-uuid"], {
      encoding: "utf8"
    }).stdout.trim()
    const f = spawnSync(
      "java",
      [
        "-cp",
        cp,
        `-Dlog4j2.configurationFile=${log4jFile}`,
        "kafka.tools.StorageTool",
        "format",
        "-t",
        id,
        "-c",
        props,
        "--ignore-formatted"
      ],
      { encoding: "utf8" }
    )
    if (f.status !== 0)
      throw new StackError(
        "kafka",
        `formatting the KRaft log dir failed: ${f.stderr || f.stdout}`,
        `delete ${kafkaDir} and retry`
      )
  }
  const started = Date.now()
  const rec = startProcess("kafka", "java", [
    "-Xms256m",
    "-Xmx768m",
    "-XX:+UseG1GC",
    "-XX:MaxGCPauseMillis=20",
    "-Djava.awt.headless=true",
    `-Dlog4j2.configurationFile=${log4jFile}`,
    "-cp",
    cp,
    "kafka.Kafka",
    props
  ])
  const admin = kafkaClient().admin()
  try {
    await waitFor(
      "kafka",
      `broker metadata on 127.0.0.1:${infraPorts().kafka}`,
      async () => {
        await admin.connect()
        const c = await admin.describeCluster()
        return c.brokers.length === 1
      },
      90_000,
      rec
    )
    log(`kafka broker up in ${((Date.now() - started) / 1000).toFixed(1)}s`)
    await ensureTopics(admin)
  } finally {
    await admin.disconnect().catch(() => {})
  }
  log(`kafka ready on 127.0.0.1:${infraPorts().kafka} (log ${logFile("kafka")})`)
  return rec
}

const ensureTopics = async (admin: ReturnType<Kafka["admin"]>) => {
  const existing = new Set(await admin.listTopics())
  const missing = topics.filter((t) => !existing.has(t.name))
  if (missing.length > 0) {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((t) => ({ topic: t.name, numPartitions: t.partitions, replicationFactor: 1 }))
    })
  }
  const meta = await admin.fetchTopicMetadata({ topics: topics.map((t) => t.name) })
  for (const t of topics) {
    const have = meta.topics.find((m) => m.name === t.name)?.partitions.length ?? 0
    if (have < t.partitions) await admin.createPartitions({ topicPartitions: [{ topic: t.name, count: t.partitions }] })
  }
}
