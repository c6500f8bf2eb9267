export { Tags } from "./Tags.ts"
export { Tasks } from "./Tasks.ts"
export { runTasksMigrations } from "./TasksMigrations.ts"
export { UserSettingsStore } from "./UserSettingsStore.ts"
