/**
 * One error class for the whole SDK. Every drop, refusal and rejection reaches `onError` as a
 * `CebeError` whose `code` says what happened and whose `eventIds` say to which events.
 */
import type { ValidationError } from '@cebe/schemas'

export type CebeErrorCode =
  /** `track` input failed validation (client side). */
  | 'invalid_event'
  /** One serialized event is over the 32 KB wire limit. */
  | 'event_too_large'
  /** The server answered 200 but rejected these events as invalid; they are not retried. */
  | 'rejected'
  /** The queue was full and the overflow policy dropped these events. */
  | 'queue_overflow'
  /** The retry budget of a batch ran out; the events were dropped (kept on disk with a spool). */
  | 'retries_exhausted'
  /** The server refused the batch for a reason a retry cannot fix (400/401/403/415, other 4xx). */
  | 'request_refused'
  /** `shutdown` timed out; these events were not delivered (kept on disk with a spool). */
  | 'shutdown_unsent'
  /** `track` was called after `shutdown`. */
  | 'client_closed'
  /** The spool directory could not be written or read. */
  | 'spool_failed'
  /** Bad `createClient` options. */
  | 'invalid_config'

export interface CebeErrorDetails {
  /** The ids of the events concerned; capped at 1,000 for bulk drops (`count` is exact). */
  eventIds?: string[]
  /** How many events this error concerns. */
  count?: number
  /** Validation errors, for `invalid_event` and `rejected`. */
  validationErrors?: ValidationError[]
  /** HTTP status, when the server answered. */
  status?: number
  cause?: unknown
}

/** Every error the SDK throws or reports. */
export class CebeError extends Error {
  override readonly name = 'CebeError'
  readonly code: CebeErrorCode
  readonly eventIds: string[]
  readonly count: number
  readonly validationErrors: ValidationError[] | undefined
  readonly status: number | undefined

  constructor(code: CebeErrorCode, message: string, details: CebeErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause })
    this.code = code
    this.eventIds = details.eventIds ?? []
    this.count = details.count ?? this.eventIds.length
    this.validationErrors = details.validationErrors
    this.status = details.status
  }
}

/** At most this many ids ride on one bulk error, so reporting a million drops stays small. */
export const MAX_REPORTED_IDS = 1000
