export { Client, type LiveMessage, LiveStream } from "./Client.ts"
export { eventually, freePort } from "./net.ts"
export { startSingleProcess } from "./SingleProcess.ts"
export type { Topology, TopologyOptions } from "./Topology.ts"
