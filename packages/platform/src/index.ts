export { layerEmbeddedPostgres } from "./database/EmbeddedPostgres.ts"
export { layerServerPostgres, layerServerPostgresUrl } from "./database/ServerPostgres.ts"
