export { ApiModules, runMigrations } from "./ApiModules.ts"
export { ApiRoutes, HttpServerLive } from "./ApiServer.ts"
