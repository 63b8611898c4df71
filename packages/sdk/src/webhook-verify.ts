/**
 * Verifies a CEBE webhook delivery (Standard Webhooks v1): the signature over
 * `${webhook-id}.${webhook-timestamp}.${raw body}` with the subscription's `whsec_` secret, and a
 * timestamp within the tolerance (replays of an old delivery are refused). Depends on nothing
 * but `node:crypto`.
 *
 * ```ts
 * import { verifyWebhook } from '@cebe/sdk/webhooks'
 * app.post('/hooks/cebe', { config: { rawBody: true } }, (req, reply) => {
 *   const delivery = verifyWebhook({ secret: process.env.CEBE_WEBHOOK_SECRET!, headers: req.headers, body: req.rawBody! })
 *   // delivery.delivery_id is stable across retries: dedup on it.
 * })
 * ```
 */
import { createHmac, timingSafeEqual } from 'node:crypto'

export interface WebhookDelivery {
  delivery_id: string
  subscription_id: string
  /** The event envelope as stored, unmasked. */
  event: Record<string, unknown>
}

export type WebhookHeaders =
  | { get(name: string): string | null }
  | Record<string, string | string[] | undefined>

export interface VerifyWebhookOptions {
  /** `whsec_<base64 key>`, as `POST /v1/webhooks` returned it. */
  secret: string
  headers: WebhookHeaders
  /** The raw request body, exactly as received (not re-serialized JSON). */
  body: string | Uint8Array
  /** Largest accepted distance between webhook-timestamp and now, in seconds. Default 300. */
  toleranceSeconds?: number
  /** Now, in ms (tests). */
  now?: number
}

export type WebhookVerificationCode =
  | 'missing_headers'
  | 'bad_secret'
  | 'bad_timestamp'
  | 'timestamp_out_of_tolerance'
  | 'no_matching_signature'
  | 'bad_body'

export class WebhookVerificationError extends Error {
  constructor(
    readonly code: WebhookVerificationCode,
    message: string,
  ) {
    super(message)
    this.name = 'WebhookVerificationError'
  }
}

/** Returns the parsed delivery, or throws `WebhookVerificationError`. */
export function verifyWebhook(options: VerifyWebhookOptions): WebhookDelivery {
  const id = header(options.headers, 'webhook-id')
  const timestamp = header(options.headers, 'webhook-timestamp')
  const signatures = header(options.headers, 'webhook-signature')
  if (!id || !timestamp || !signatures) {
    throw new WebhookVerificationError(
      'missing_headers',
      'webhook-id, webhook-timestamp and webhook-signature are required',
    )
  }
  if (!options.secret.startsWith('whsec_')) {
    throw new WebhookVerificationError('bad_secret', 'the secret starts with "whsec_"')
  }
  if (!/^\d{1,15}$/.test(timestamp)) {
    throw new WebhookVerificationError('bad_timestamp', 'webhook-timestamp is not unix seconds')
  }
  const tolerance = options.toleranceSeconds ?? 300
  const now = Math.floor((options.now ?? Date.now()) / 1000)
  if (Math.abs(now - Number(timestamp)) > tolerance) {
    throw new WebhookVerificationError(
      'timestamp_out_of_tolerance',
      `webhook-timestamp is more than ${tolerance} s from now`,
    )
  }
  const body =
    typeof options.body === 'string' ? Buffer.from(options.body, 'utf8') : Buffer.from(options.body)
  const key = Buffer.from(options.secret.slice('whsec_'.length), 'base64')
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest()
  const matched = signatures.split(' ').some((entry) => {
    const [version, signature] = entry.split(',', 2)
    if (version !== 'v1' || !signature) return false
    const given = Buffer.from(signature, 'base64')
    return given.length === expected.length && timingSafeEqual(given, expected)
  })
  if (!matched) throw new WebhookVerificationError('no_matching_signature', 'no signature matches the secret')
  try {
    return JSON.parse(body.toString('utf8')) as WebhookDelivery
  } catch {
    throw new WebhookVerificationError('bad_body', 'the signed body is not JSON')
  }
}

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof headers.get === 'function')
    return (headers as { get(n: string): string | null }).get(name) ?? undefined
  const record = headers as Record<string, string | string[] | undefined>
  const value = record[name] ?? record[Object.keys(record).find((k) => k.toLowerCase() === name) ?? '']
  return Array.isArray(value) ? value[0] : value
}
