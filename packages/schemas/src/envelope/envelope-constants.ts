/** The envelope's fixed values and patterns, free of zod so the validation fast path can use them. */
export const SOURCE_MODULES = [
  'cdp',
  'campaign',
  'communication',
  'ticketing',
  'deals',
  'conversion',
  'loyalty',
] as const
export type SourceModule = (typeof SOURCE_MODULES)[number]

/** How people name each module (docs, console, CLI tables). */
export const MODULE_TITLES: Readonly<Record<SourceModule, string>> = Object.freeze({
  cdp: 'CDP',
  campaign: 'Campaign (Broadcast & Ads)',
  communication: 'Communication',
  ticketing: 'Ticketing',
  deals: 'Deals',
  conversion: 'Conversion',
  loyalty: 'Loyalty',
})

export const ACTOR_TYPES = ['customer', 'agent', 'bot', 'system', 'integration'] as const
export type ActorType = (typeof ACTOR_TYPES)[number]

/** Idempotency key: 1–128 of `[A-Za-z0-9._:-]`. The SDK sets a UUIDv7. */
export const EVENT_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/
/** SchemaVer `MODEL-REVISION-ADDITION`, e.g. `1-0-0`. */
export const SCHEMAVER_PATTERN = /^[1-9][0-9]*-(?:0|[1-9][0-9]*)-(?:0|[1-9][0-9]*)$/
/** Event names: lower-case words joined by `.` or `_` (catalog names and custom events alike). */
export const EVENT_NAME_PATTERN = /^[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*$/

/** Longest event name (the envelope's `event_name` bound). */
export const MAX_EVENT_NAME_LENGTH = 128

export type SchemaVer = `${number}-${number}-${number}`

/** An event timestamp further than this in the future is rejected (clock skew guard). */
export const MAX_FUTURE_SKEW_MS = 60 * 60 * 1000

/** The wire limits of the contract (ARCHITECTURE.md): the server enforces them, the SDK stays below. */
export const WIRE_LIMITS = Object.freeze({
  /** Events in one `POST /v1/events`. */
  maxEventsPerRequest: 500,
  /** One request body after decompression, bytes. */
  maxRequestBytes: 1024 * 1024,
  /** One event serialized, bytes. */
  maxEventBytes: 32 * 1024,
})
