import { Layer } from "effect"
import { layerMemoryEventBus, layerSqlJobScheduler, layerSqlStateStore, runPlatformMigrations } from "../src/index.ts"
import { eventBusContract, jobSchedulerContract, stateStoreContract, testDatabases } from "../src/testing/index.ts"

eventBusContract("in-process bus", layerMemoryEventBus, { topic: "contract-events" })

for (const database of testDatabases()) {
  const migrated = Layer.effectDiscard(runPlatformMigrations).pipe(Layer.provideMerge(database.layer))
  jobSchedulerContract(`database timer on ${database.name}`, layerSqlJobScheduler.pipe(Layer.provide(migrated)))
  stateStoreContract(`database state on ${database.name}`, layerSqlStateStore.pipe(Layer.provide(migrated)))
}
