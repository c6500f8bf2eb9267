export { eventBusContract, jobSchedulerContract, stateStoreContract } from "./contracts.ts"
export { type TestDatabase, testDatabases } from "./TestDatabases.ts"
