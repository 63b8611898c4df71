/**
 * Turns a `track` call into a wire envelope: a UUIDv7 `event_id` (time-ordered, so the server's
 * dedup index stays append-friendly) unless the caller gave one, `event_timestamp` now unless
 * given, and the client's tenant and module.
 */
import type { Actor, EventAttributes, EventName } from '@cebe/schemas'
import { uuidv7 } from './uuid.js'

/** What a caller passes to `track` besides the event name. */
export interface TrackInput<N extends EventName = EventName> {
  /** The customer the event is about; omit only for company-scoped events or identifier-carrying ones. */
  qontak_customer_id?: string
  actor: Actor
  attributes: EventAttributes<N>
  /** What caused it; defaults to the client's `triggerFrom` (`'api'`). */
  trigger_from?: string
  /** Idempotency key; keep it stable across your own retries. Default: a new UUIDv7. */
  event_id?: string
  /** When it happened; default: now. */
  event_timestamp?: string | Date
  schema_version?: string
  event_description?: string
}

export interface EnvelopeDefaults {
  companyId: string
  companySsoId: string
  sourceModule: string
  triggerFrom: string
}

/**
 * The envelope as it will be validated and serialized. `sent_at` is added per batch: the time the
 * batch was sealed for sending (see `sentAtMember`).
 */
export type Envelope = Record<string, unknown> & { event_id: string; event_name: string }

/**
 * ```ts
 * const envelope = buildEnvelope('campaign.replied', { actor: { type: 'customer' }, attributes }, defaults)
 * envelope.event_id // '0190b6e2-…' (UUIDv7)
 * ```
 */
export function buildEnvelope(
  name: string,
  input: TrackInput<EventName>,
  defaults: EnvelopeDefaults,
  now: number = Date.now(),
): Envelope {
  const timestamp = input.event_timestamp
  // Plain assignments, not conditional spreads: this runs once per track() and spreads cost ~3×.
  const envelope: Envelope = {
    event_id: input.event_id ?? uuidv7(),
    event_name: name,
    company_id: defaults.companyId,
    company_sso_id: defaults.companySsoId,
    actor: input.actor,
    event_timestamp:
      timestamp === undefined ? isoNow(now) : timestamp instanceof Date ? timestamp.toISOString() : timestamp,
    source_module: defaults.sourceModule,
    trigger_from: input.trigger_from ?? defaults.triggerFrom,
    event_attributes: input.attributes,
  }
  if (input.qontak_customer_id !== undefined) envelope.qontak_customer_id = input.qontak_customer_id
  if (input.schema_version !== undefined) envelope.schema_version = input.schema_version
  if (input.event_description !== undefined) envelope.event_description = input.event_description
  return envelope
}

let lastMs = Number.NaN
let lastIso = ''
/** Many events share a millisecond; format it once. */
function isoNow(ms: number): string {
  if (ms !== lastMs) {
    lastMs = ms
    lastIso = new Date(ms).toISOString()
  }
  return lastIso
}

/**
 * The `sent_at` member appended to each serialized event of a batch, fixed once per batch: when
 * the batch is sealed for sending. Normally that is the moment it is first sent; a full batch that
 * has to wait (every slot in flight, an outage, a synchronous loop) is sealed, and stamped, when it
 * is queued for sending. Retries resend the same bytes, so the same `sent_at`. The server stores
 * it apart from the event (its dedup hash excludes it), to see clock skew; for a sealed batch,
 * `received_at − sent_at` includes the time it waited here.
 */
export function sentAtMember(at: Date): string {
  return `,"sent_at":"${at.toISOString()}"}`
}

/** Bytes `sentAtMember` adds to an event (`,"sent_at":"2026-01-01T00:00:00.000Z"` = 37 − the closing brace). */
export const SENT_AT_BYTES = sentAtMember(new Date(0)).length - 1

/** Adds `sent_at` to one serialized event (which ends in `}`). */
export function withSentAt(json: string, member: string): string {
  return json.slice(0, -1) + member
}
