/**
 * What to do with an answer, and how long to wait before trying again. Pure functions: the
 * client feeds them a status and headers, p-retry runs the loop.
 */

export type ResponseClass =
  /** 2xx: read the per-event results. */
  | { kind: 'success' }
  /** Worth trying again with the same body; `retryAfterMs` when the server said when. */
  | { kind: 'retry'; retryAfterMs?: number }
  /** 413: the body is too large; send each half. */
  | { kind: 'split' }
  /** A retry cannot fix it (400, 401, 403, 415, other 4xx). */
  | { kind: 'fatal' }

export type HeaderBag = Record<string, string | string[] | undefined>

/**
 * ```ts
 * classifyResponse(429, { 'retry-after': '2' }) // { kind: 'retry', retryAfterMs: 2000 }
 * classifyResponse(413, {})                     // { kind: 'split' }
 * ```
 */
export function classifyResponse(
  status: number,
  headers: HeaderBag = {},
  now: number = Date.now(),
): ResponseClass {
  if (status >= 200 && status < 300) return { kind: 'success' }
  if (status === 413) return { kind: 'split' }
  if (status === 408 || status === 429 || status >= 500) {
    const retryAfterMs = parseRetryAfter(header(headers, 'retry-after'), now)
    return retryAfterMs === undefined ? { kind: 'retry' } : { kind: 'retry', retryAfterMs }
  }
  return { kind: 'fatal' }
}

/**
 * `Retry-After` as delay-seconds or an HTTP-date (RFC 9110 §10.2.3), in ms from `now`;
 * `undefined` when absent or unreadable. A date in the past means "now" (0).
 */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  // An HTTP-date names its weekday and month; this keeps `Date.parse('-1')` (year −1) out.
  const at = /[a-z]{3}/i.test(trimmed) ? Date.parse(trimmed) : Number.NaN
  if (Number.isNaN(at)) return undefined
  return Math.max(0, at - now)
}

export interface BackoffOptions {
  /** Retries already made: 0 before the first retry. */
  attempt: number
  baseMs: number
  maxMs: number
  /** Injected for tests; `Math.random` by default. */
  random?: () => number
}

/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"):
 * a uniform delay in [0, min(max, base × 2^attempt)). Full jitter spreads the retries of many
 * producers that failed together, so a recovering server is not hit in waves.
 */
export function backoff({ attempt, baseMs, maxMs, random = Math.random }: BackoffOptions): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30))
  return Math.floor(random() * ceiling)
}

/**
 * The wait before the next attempt: the jittered backoff, but never less than what the server
 * asked for in `Retry-After` (capped at `maxRetryAfterMs` so a bad header cannot park the SDK).
 */
export function retryDelay(
  backoffMs: number,
  retryAfterMs: number | undefined,
  maxRetryAfterMs: number,
): number {
  if (retryAfterMs === undefined) return backoffMs
  return Math.max(backoffMs, Math.min(retryAfterMs, maxRetryAfterMs))
}

function header(headers: HeaderBag, name: string): string | undefined {
  const value = headers[name] ?? headers[name.toLowerCase()]
  return Array.isArray(value) ? value[0] : value
}
