export { ApiModules } from "./ApiModules.ts"
export { ApiRoutes, layerHttpServer, layerWebApp } from "./ApiServer.ts"
