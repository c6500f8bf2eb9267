import { Conversation, type ConversationId, ConversationNotFound, ConversationSummary, uuidv7 } from "@tickler/domain"
import { StateConflict, StateStore, StateStoreError } from "@tickler/platform"
import { Clock, Context, DateTime, Effect, Layer, Option, Schedule, Schema } from "effect"
import type { ModelMessage } from "./ChatModel.ts"

/** A conversation as stored: what users see, plus the model's transcript (tool calls and results). */
export const StoredConversation = Schema.Struct({
  ...Conversation.fields,
  /** Whether the pending action was planned by the model (which then hears the outcome) or offline. */
  pendingFrom: Schema.NullOr(Schema.Literals(["model", "offline"])),
  transcript: Schema.Array(Schema.Unknown)
})
export type StoredConversation = Omit<typeof StoredConversation.Type, "transcript"> & {
  readonly transcript: ReadonlyArray<ModelMessage>
}

const Index = Schema.Struct({ conversations: Schema.Array(ConversationSummary) })

const decodeStored = Schema.decodeUnknownEffect(StoredConversation)
const encodeStored = Schema.encodeEffect(StoredConversation)
const decodeIndex = Schema.decodeUnknownEffect(Index)
const encodeIndex = Schema.encodeEffect(Index)

export const DEFAULT_TITLE = "New conversation"
/** The model reads at most this many transcript entries: long conversations keep their latest turns. */
const MAX_TRANSCRIPT = 60

const indexKey = (userId: string) => `chat/${userId}/index`
const conversationKey = (userId: string, id: string) => `chat/${userId}/${id}`

/**
 * A write that lost an ETag race is retried on the fresh value, so concurrent changes are all kept;
 * jittered backoff spreads the writers out.
 */
const retryConflicts = Schedule.exponential("5 millis", 1.5).pipe(
  Schedule.jittered,
  Schedule.upTo({ times: 30, duration: "10 seconds" })
)

const summaryOf = (conversation: StoredConversation) =>
  new ConversationSummary({
    id: conversation.id,
    title: conversation.title,
    createdAt: conversation.createdAt,
    updatedAt: conversation.updatedAt
  })

const toConversation = (stored: StoredConversation) =>
  new Conversation({ ...summaryOf(stored), messages: stored.messages, pending: stored.pending })

/**
 * Each user's chat conversations, in the `StateStore` (Dapr state on PostgreSQL in the split
 * topology, the app's own database in `dev`): one entry per conversation and an index per user.
 * Every change reads, changes and writes back with the ETag it read, so none is lost.
 */
export class Conversations extends Context.Service<
  Conversations,
  {
    readonly list: (userId: string) => Effect.Effect<ReadonlyArray<ConversationSummary>>
    readonly create: (userId: string, title?: string) => Effect.Effect<Conversation>
    readonly get: (userId: string, id: string) => Effect.Effect<StoredConversation, ConversationNotFound>
    /** Applies `change` to the stored conversation and saves it; returns what was saved. */
    readonly update: (
      userId: string,
      id: string,
      change: (conversation: StoredConversation) => StoredConversation
    ) => Effect.Effect<StoredConversation, ConversationNotFound>
    readonly remove: (userId: string, id: string) => Effect.Effect<void, ConversationNotFound>
    readonly view: (conversation: StoredConversation) => Conversation
  }
>()("tickler/assistant/Conversations") {
  static readonly layer = Layer.effect(
    Conversations,
    Effect.gen(function* () {
      const store = yield* StateStore

      /** Store failures are the infrastructure's (the sidecar, the database), not the user's: defects. */
      const load = <A>(key: string, decode: (value: unknown) => Effect.Effect<A, unknown>) =>
        store.get(key).pipe(
          Effect.flatMap(
            Option.match({
              onNone: () => Effect.succeed(Option.none<{ readonly value: A; readonly etag: string }>()),
              onSome: (entry) => Effect.map(decode(entry.value), (value) => Option.some({ value, etag: entry.etag }))
            })
          ),
          Effect.orDie
        )

      const updateIndex = (
        userId: string,
        change: (all: ReadonlyArray<ConversationSummary>) => ReadonlyArray<ConversationSummary>
      ) =>
        Effect.gen(function* () {
          const current = yield* load(indexKey(userId), decodeIndex)
          const conversations = change(
            Option.match(current, { onNone: () => [], onSome: (entry) => entry.value.conversations })
          )
          const sorted = [...conversations].sort(
            (a, b) => DateTime.toEpochMillis(b.updatedAt) - DateTime.toEpochMillis(a.updatedAt)
          )
          const value = yield* Effect.orDie(encodeIndex({ conversations: sorted }))
          yield* store.set(indexKey(userId), value, Option.getOrUndefined(Option.map(current, (entry) => entry.etag)))
        }).pipe(
          Effect.retry({ while: (error) => error instanceof StateConflict, schedule: retryConflicts }),
          Effect.catch((error: StateConflict | StateStoreError) => Effect.die(error))
        )

      const save = (userId: string, conversation: StoredConversation, etag: string | undefined) =>
        Effect.gen(function* () {
          const trimmed = { ...conversation, transcript: conversation.transcript.slice(-MAX_TRANSCRIPT) }
          const value = yield* Effect.orDie(encodeStored(trimmed as typeof StoredConversation.Type))
          yield* store.set(conversationKey(userId, conversation.id), value, etag)
          return trimmed
        })

      const get = Effect.fn("Conversations.get")(function* (userId: string, id: string) {
        const found = yield* load(conversationKey(userId, id), decodeStored)
        if (Option.isNone(found)) return yield* ConversationNotFound.of(id)
        return found.value.value as StoredConversation
      })

      const create = Effect.fn("Conversations.create")(function* (userId: string, title?: string) {
        const now = DateTime.fromDateUnsafe(new Date(yield* Clock.currentTimeMillis))
        const conversation: StoredConversation = {
          id: uuidv7() as ConversationId,
          title: title ?? DEFAULT_TITLE,
          createdAt: now,
          updatedAt: now,
          messages: [],
          pending: null,
          pendingFrom: null,
          transcript: []
        }
        yield* save(userId, conversation, undefined).pipe(Effect.orDie)
        yield* updateIndex(userId, (all) => [...all, summaryOf(conversation)])
        return toConversation(conversation)
      })

      const update = Effect.fn("Conversations.update")(function* (
        userId: string,
        id: string,
        change: (conversation: StoredConversation) => StoredConversation
      ) {
        const saved = yield* Effect.gen(function* () {
          const found = yield* load(conversationKey(userId, id), decodeStored)
          if (Option.isNone(found)) return yield* ConversationNotFound.of(id)
          const now = DateTime.fromDateUnsafe(new Date(yield* Clock.currentTimeMillis))
          const next = { ...change(found.value.value as StoredConversation), updatedAt: now }
          return yield* save(userId, next, found.value.etag)
        }).pipe(
          Effect.retry({ while: (error) => error instanceof StateConflict, schedule: retryConflicts }),
          Effect.catch((error) => (error instanceof ConversationNotFound ? Effect.fail(error) : Effect.die(error)))
        )
        yield* updateIndex(userId, (all) => all.map((summary) => (summary.id === id ? summaryOf(saved) : summary)))
        return saved
      })

      const remove = Effect.fn("Conversations.remove")(function* (userId: string, id: string) {
        yield* get(userId, id)
        yield* store.remove(conversationKey(userId, id)).pipe(Effect.orDie)
        yield* updateIndex(userId, (all) => all.filter((summary) => summary.id !== id))
      })

      const list = Effect.fn("Conversations.list")(function* (userId: string) {
        const index = yield* load(indexKey(userId), decodeIndex)
        return Option.match(index, { onNone: () => [], onSome: (entry) => entry.value.conversations })
      })

      return Conversations.of({ list, create, get, update, remove, view: toConversation })
    })
  )
}
