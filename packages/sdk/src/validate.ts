/**
 * Run-time checks on one envelope before it is queued: the schemas package's light validation
 * entry (`@cebe/schemas/validate`: precompiled validators loaded per event version on first use,
 * no zod, no ajv compiler, no catalog; unless validation is `off`), then the serialized size against the 32 KB wire limit, which is
 * checked in every mode because the server would refuse the event anyway.
 */
import { type ValidationError, validateEvent } from '@cebe/schemas/validate'
import { type Envelope, SENT_AT_BYTES } from './envelope.js'
import { CebeError } from './errors.js'

export interface CheckedEvent {
  ok: true
  id: string
  /** The serialized event without `sent_at`. */
  json: string
  /** UTF-8 bytes of `json` plus the `sent_at` member its batch adds. */
  bytes: number
}

export type CheckResult = CheckedEvent | { ok: false; error: CebeError }

export interface CheckOptions {
  validate: boolean
  maxEventBytes: number
  now?: number
}

/**
 * ```ts
 * const checked = checkEvent(envelope, { validate: true, maxEventBytes: 32 * 1024 })
 * if (!checked.ok) onError(checked.error)
 * ```
 */
export function checkEvent(envelope: Envelope, options: CheckOptions): CheckResult {
  if (options.validate) {
    const result = validateEvent(envelope, options.now === undefined ? undefined : { now: options.now })
    if (!result.ok) return { ok: false, error: invalidEvent(envelope, result.errors) }
  }
  let json: string
  try {
    json = JSON.stringify(envelope)
  } catch (cause) {
    return {
      ok: false,
      error: new CebeError(
        'invalid_event',
        `${envelope.event_name}: the event cannot be serialized to JSON`,
        {
          eventIds: [String(envelope.event_id)],
          cause,
        },
      ),
    }
  }
  const bytes = Buffer.byteLength(json) + SENT_AT_BYTES
  if (bytes > options.maxEventBytes) {
    return {
      ok: false,
      error: new CebeError(
        'event_too_large',
        `${envelope.event_name} ${envelope.event_id} is ${bytes} bytes serialized; one event may be at most ${options.maxEventBytes} bytes. Move large content (transcripts, files) out of the event and send a reference.`,
        { eventIds: [String(envelope.event_id)] },
      ),
    }
  }
  return { ok: true, id: String(envelope.event_id), json, bytes }
}

function invalidEvent(envelope: Envelope, errors: ValidationError[]): CebeError {
  const list = errors.map((e) => `${e.path || '(event)'}: ${e.message}`).join('; ')
  return new CebeError('invalid_event', `${String(envelope.event_name)} is invalid: ${list}`, {
    eventIds: [String(envelope.event_id)],
    validationErrors: errors,
  })
}
