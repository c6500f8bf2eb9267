export { EmbeddedPostgresError, layerEmbeddedPostgres } from "./database/EmbeddedPostgres.ts"
export { HealthRoutes } from "./health/HealthRoutes.ts"
export { layerDaprAppServer, ROUTER_CONFIG, serveApp } from "./http/AppServer.ts"
export { launchWorkers, ONE_PER_CORE, WorkerStartFailed } from "./http/Workers.ts"
export { annotateWork } from "./observability/LogAnnotations.ts"
export { asRequestUser } from "./observability/RequestUser.ts"
export { layerTelemetry } from "./observability/Telemetry.ts"
export { ProcessHealth } from "./health/ProcessHealth.ts"
export { layerMigrations } from "./database/Migrations.ts"
export { layerServerPostgres, layerServerPostgresUrl, type ServerPostgresOptions } from "./database/ServerPostgres.ts"
export { decodeEvent } from "./messaging/decodeEvent.ts"
export { Inbox } from "./messaging/Inbox.ts"
export { Outbox } from "./messaging/Outbox.ts"
export { layerOutboxRelay } from "./messaging/OutboxRelay.ts"
export { RelaySession } from "./messaging/RelaySession.ts"
export { layerEnvSecrets } from "./memory/EnvSecrets.ts"
export { layerMemoryEventBus } from "./memory/MemoryEventBus.ts"
export { layerSqlJobScheduler } from "./memory/SqlJobScheduler.ts"
export { layerSqlStateStore } from "./memory/SqlStateStore.ts"
export { layerStaticRuntimeConfig } from "./memory/StaticRuntimeConfig.ts"
export { runPlatformMigrations } from "./PlatformMigrations.ts"
export {
  deadLetterTopic,
  EventBus,
  EventBusError,
  type EventEnvelope,
  EventRejected,
  isEventEnvelope,
  isEventRejected,
  type KeyedEvent,
  type Subscription
} from "./ports/EventBus.ts"
export { type FiredJob, type Job, JobScheduler, JobSchedulerError } from "./ports/JobScheduler.ts"
export { RuntimeConfig } from "./ports/RuntimeConfig.ts"
export { SecretNotFound, Secrets } from "./ports/Secrets.ts"
export { StateConflict, type StateEntry, StateStore, StateStoreError } from "./ports/StateStore.ts"
export {
  addDaprAppRoute,
  DaprAppReady,
  DaprError,
  DaprSidecar,
  type DaprSidecarOptions,
  layerDaprEventBus,
  layerDaprInputBinding,
  layerDaprJobScheduler,
  layerDaprPorts,
  layerDaprProcess,
  layerDaprRuntimeConfig,
  layerDaprSecrets,
  layerDaprStateStore,
  layerSealDaprApp,
  layerSecretsAsConfig
} from "./dapr/index.ts"
