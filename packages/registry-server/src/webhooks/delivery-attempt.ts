/**
 * One HTTP attempt of one delivery: build the body, sign it, POST it with a timeout, and classify
 * the answer. Any 2xx acknowledges; 410 Gone means the receiver wants no more; everything else —
 * network errors, timeouts, 5xx, 429 and other statuses — is a failure to retry on the schedule.
 * Redirects are not followed (a signed request must not be replayed to another host).
 */
import type { ClaimedDelivery } from '../storage/webhook-store.js'
import { parseRetryAfter } from './retry-schedule.js'
import { signPayload } from './webhook-signature.js'

export type AttemptOutcome =
  | { kind: 'delivered'; status: number }
  | { kind: 'gone'; status: number }
  | { kind: 'failed'; status: number | null; error: string; retryAfterMs?: number }
  | { kind: 'missing'; error: string }

export interface AttemptOptions {
  timeoutMs: number
  /** Aborts the attempt when the server shuts down (the lease then expires and it is redelivered). */
  signal?: AbortSignal
  now?: () => number
}

/** `{delivery_id, subscription_id, event}`, or `segment_transition` instead of `event` for segment entries/exits. */
export function deliveryBody(
  d: Pick<ClaimedDelivery, 'id' | 'subscriptionId' | 'source'>,
  payloadJson: string,
): string {
  const field = d.source === 'segment' ? 'segment_transition' : 'event'
  // The stored envelope is spliced in as is: re-serializing it could change the bytes it was stored as.
  return `{"delivery_id":${JSON.stringify(d.id)},"subscription_id":${JSON.stringify(d.subscriptionId)},"${field}":${payloadJson}}`
}

export async function attemptDelivery(d: ClaimedDelivery, options: AttemptOptions): Promise<AttemptOutcome> {
  if (d.body === null)
    return {
      kind: 'missing',
      error: `the ${d.source === 'segment' ? 'segment transition' : 'event'} is no longer stored`,
    }
  const now = options.now ?? Date.now
  const body = deliveryBody(d, d.body)
  const timestamp = Math.floor(now() / 1000)
  const timeout = AbortSignal.timeout(options.timeoutMs)
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout
  let response: Response
  try {
    response = await fetch(d.url, {
      method: 'POST',
      redirect: 'manual',
      signal,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'cebe-webhooks/1',
        'webhook-id': d.id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signPayload(d.secret, d.id, timestamp, body),
      },
      body,
    })
  } catch (error) {
    const message = timeout.aborted
      ? `no answer within ${options.timeoutMs} ms`
      : options.signal?.aborted
        ? 'interrupted by shutdown'
        : networkMessage(error)
    return { kind: 'failed', status: null, error: message }
  }
  if (response.status >= 200 && response.status < 300) {
    await response.body?.cancel().catch(() => undefined)
    return { kind: 'delivered', status: response.status }
  }
  // The receiver's body is never kept: a tenant may point a subscription at an internal service,
  // and its error page must not come back to them through the dead-letter list.
  await response.body?.cancel().catch(() => undefined)
  if (response.status === 410) return { kind: 'gone', status: 410 }
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now())
  return {
    kind: 'failed',
    status: response.status,
    error: `HTTP ${response.status}`,
    ...(retryAfterMs !== undefined && { retryAfterMs }),
  }
}

function networkMessage(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause
  if (cause?.code) return `network error ${cause.code}${cause.message ? `: ${cause.message}` : ''}`
  return error instanceof Error ? error.message : String(error)
}
