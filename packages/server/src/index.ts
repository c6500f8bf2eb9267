export { ApiModules, runMigrations } from "./ApiModules.ts"
export { ApiRoutes, layerHttpServer, layerWebApp } from "./ApiServer.ts"
