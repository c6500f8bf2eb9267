export { Accounts, type IssuedSession } from "./Accounts.ts"
export { AccountsConfig, type AccountsOptions, layerAccounts, layerAccountsWith, makeAccounts } from "./AccountsLive.ts"
export { runAccountsMigrations } from "./AccountsMigrations.ts"
