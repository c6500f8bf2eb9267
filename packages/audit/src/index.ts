export { ActivityLog, type ActivityQuery } from "./ActivityLog.ts"
export { layerAuditConsumer } from "./AuditConsumer.ts"
export { runAuditMigrations } from "./AuditMigrations.ts"
