/**
 * The storage ports. Two real backends implement them — `sqlite/` (better-sqlite3, WAL) and
 * `postgres/` (pg, monthly partitions) — and one conformance suite (test/store-conformance) runs
 * against both. Each part of the server depends on the narrow port it uses: ingest on `EventLog`,
 * auth on `KeyStore`, the registry on `SchemaStore`, reads on `ReadSide`, webhooks on
 * `WebhookStore`, segments on `SegmentStore`. Everything the ingest path needs happens inside
 * `commit`, in ONE transaction: dedup, identity resolution, event log, aggregates and outbox.
 */
import type { IdentityKind } from '@cebe/schemas'
import type { SparseFacts } from './event-facts.js'
import type { ReadSide } from './read-side.js'
import type { SegmentStore } from './segment-store.js'
import type { SegmentWatchStore } from './segment-watch-store.js'
import type { WebhookStore } from './webhook-store.js'

export type StoreKind = 'sqlite' | 'postgres'

/** One validated event, ready to store. Built by `ingest/event-row.ts`. */
export interface EventRow {
  companyId: string
  eventId: string
  eventName: string
  sourceModule: string
  schemaVersion: string | null
  /** `qontak_customer_id` from the event; null when it must be resolved through identifiers. */
  customerId: string | null
  /** event_timestamp, ms since the epoch. */
  eventTs: number
  sentAt: number | null
  /** Hash of the event without `sent_at`: same id + same hash = duplicate, other hash = conflict. */
  contentHash: string
  /** The event as JSON, without `sent_at`. */
  body: string
  /** The event's facts (`event-facts.ts`): typed columns beside the body. */
  facts: SparseFacts
  /** Identity-marked values found in the event (normalized). */
  identifiers: readonly Identifier[]
}

export interface Identifier {
  kind: IdentityKind
  value: string
}

export type CommitStatus = 'accepted' | 'duplicate' | 'conflict'

export interface IdentityConflict {
  kind: IdentityKind
  value: string
  /** The customer the identifier already belongs to. */
  customerId: string
  /** The other customer this event claims (or candidates when resolving). */
  otherCustomerId: string
}

export interface RowOutcome {
  status: CommitStatus
  /** The customer the event is stored under (given or resolved); null while unresolved. */
  customerId: string | null
  identityConflicts?: IdentityConflict[]
}

export interface CommitOptions {
  /** Write outbox rows (webhooks). Backfill turns this off. Default true. */
  outbox?: boolean
  /**
   * Backfill: in the same transaction, set this backfill's quiet window for segment transitions
   * (`segment_quiet`, ADR 0117), so any evaluation that sees these rows also sees the window.
   */
  segmentQuiet?: SegmentQuiet
  /** Received-at stamp written on new rows, ms. */
  receivedAt: number
  /**
   * Part of a bulk load (backfill): throughput before latency. SQLite's checkpointer then copies
   * the WAL less often (each pass rewrites the same hot index pages), as long as bulk commits keep
   * coming.
   */
  bulk?: boolean
}

export interface SegmentQuiet {
  companyId: string
  backfillId: string
  /** Evaluations whose previous evaluation is at or before this (ms) are silent. */
  until: number
}

export type KeyType = 'write' | 'read'
/** Read-key roles; the role decides PII visibility (ADR 0105). */
export const READ_ROLES = ['admin', 'marketing', 'service', 'ai_agent', 'analyst'] as const
export type ReadRole = (typeof READ_ROLES)[number]

export interface ApiKeyRecord {
  id: string
  companyId: string
  type: KeyType
  /** Allowed source modules (write keys). */
  modules: string[]
  /** Role (read keys). */
  role: ReadRole | null
  name: string | null
  createdAt: string
  revokedAt: string | null
}

export interface NewApiKey extends Omit<ApiKeyRecord, 'createdAt' | 'revokedAt'> {
  keyHash: string
}

export interface StoredSchema {
  name: string
  module: string
  version: string
  jsonSchema: Record<string, unknown>
  /** The company that registered it; null for rows registered before custom events had owners. */
  companyId: string | null
  createdAt: string
}

export interface StoredEvent {
  companyId: string
  eventId: string
  eventName: string
  customerId: string | null
  contentHash: string
  eventTs: number
  body: Record<string, unknown>
}

export interface CustomerAggregate {
  eventName: string
  count: number
  firstEventTs: number
  lastEventTs: number
}

export interface OutboxEntry {
  id: number
  companyId: string
  eventId: string
  eventName: string
}

/** One page of a customer's timeline (`GET /v1/customers/{id}/timeline`, `retrieval/customer-timeline.ts`). */
export interface TimelineQuery {
  companyId: string
  /** The resolved customer: events given `qontak_customer_id` and events linked through identifiers. */
  customerId: string
  /** Inclusive lower bound on event_timestamp, ms. */
  fromTs?: number
  /** Exclusive upper bound on event_timestamp, ms. */
  toTs?: number
  /** Only these source modules (undefined: all; empty: none). */
  modules?: readonly string[]
  /** Only these event names (undefined: all; empty: none). */
  events?: readonly string[]
  /** Continue strictly after this event in timeline order (the last one of the previous page). */
  after?: TimelinePosition
  /** Page size, ≥ 1. */
  limit: number
}

/** A place in a timeline: newest first, ties on the timestamp by event_id, greater (binary order) first. */
export interface TimelinePosition {
  eventTs: number
  eventId: string
}

export interface TimelineEvent {
  eventId: string
  eventName: string
  schemaVersion: string | null
  /** event_timestamp, ms since the epoch. */
  eventTs: number
  /** The event as stored (without `sent_at`). */
  body: Record<string, unknown>
}

/** The write path: one transaction per batch (dedup, identity, event log, aggregates, outbox). */
export interface EventLog {
  /** Writes a batch in one transaction; outcomes are in row order. All or nothing. */
  commit(rows: readonly EventRow[], options: CommitOptions): Promise<RowOutcome[]>
  /** The company's SSO id, recording `ssoId` as it when the company has none yet (first write wins). */
  pinCompanySsoId(companyId: string, ssoId: string): Promise<string>
}

/** API keys, stored by hash (ADR 0104). */
export interface KeyStore {
  createKey(key: NewApiKey): Promise<ApiKeyRecord>
  findKeyByHash(keyHash: string): Promise<ApiKeyRecord | undefined>
  listKeys(companyId?: string): Promise<ApiKeyRecord[]>
  /** True when a live key was revoked. */
  revokeKey(id: string): Promise<boolean>
}

/** Custom event versions registered over HTTP (the catalog ships with `@cebe/schemas`). */
export interface SchemaStore {
  saveSchema(schema: Omit<StoredSchema, 'createdAt'>): Promise<void>
  listSchemas(): Promise<StoredSchema[]>
}

/**
 * What was written, row by row, for tests and operators' checks. No request path of the server
 * reads through it: reads go through `readSide`.
 */
export interface StoreInspection {
  getEvent(companyId: string, eventId: string): Promise<StoredEvent | undefined>
  countEvents(companyId: string): Promise<number>
  customerAggregates(companyId: string, customerId: string): Promise<CustomerAggregate[]>
  /** Unresolved events of a company (customer not yet known). */
  countUnresolved(companyId: string): Promise<number>
  outbox(companyId: string, limit?: number): Promise<OutboxEntry[]>
}

/** A store: its ports, and its life (migrate, ping, close). */
export interface Store extends EventLog, KeyStore, SchemaStore {
  readonly kind: StoreKind
  /** Where it stores, for humans (no password). */
  readonly location: string
  /** Runs pending migrations (idempotent, safe from several processes at once). */
  migrate(): Promise<void>
  /** Resolves when the store answers a trivial query. */
  ping(): Promise<void>
  /** The read port: the per-customer event relation every read in `retrieval/` is written over. */
  readonly readSide: ReadSide
  /** Webhook subscriptions, deliveries and the outbox drain. */
  readonly webhooks: WebhookStore
  /** Saved segments. */
  readonly segments: SegmentStore
  /** Stored members and entry/exit transitions of segments that webhooks watch (a port of its own). */
  readonly segmentWatch: SegmentWatchStore

  close(): Promise<void>
}

/** Both backends: a store that can also be inspected row by row. */
export type InspectableStore = Store & StoreInspection
