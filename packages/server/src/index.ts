export { ApiModules } from "./ApiModules.ts"
export { ApiRoutes, AssistantRoutes, layerHttpServer } from "./ApiServer.ts"
export { layerWebApp } from "./WebApp.ts"
export { LiveEventsRoute } from "./LiveEventsHttp.ts"
