export { LiveFeed, type LiveEvent } from "./LiveFeed.ts"
export { layerRealtimeConsumer } from "./RealtimeConsumer.ts"
export { runRealtimeMigrations } from "./RealtimeMigrations.ts"
