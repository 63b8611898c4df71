/**
 * When a failed delivery is tried again. Attempt 1 goes out as soon as the event is committed;
 * after a failure of attempt n the next one waits `schedule[n − 1]` (±20 % jitter, so receivers
 * coming back up are not hit by every sender at once), or longer when the receiver asked for it
 * with `Retry-After`. After the last entry the delivery is dead-lettered. The default is 10
 * attempts over about three days, close to the Standard Webhooks example schedule.
 */
const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE

export const DEFAULT_RETRY_SCHEDULE_MS: readonly number[] = Object.freeze([
  5 * SECOND,
  5 * MINUTE,
  30 * MINUTE,
  2 * HOUR,
  5 * HOUR,
  10 * HOUR,
  14 * HOUR,
  20 * HOUR,
  24 * HOUR,
])

/** A receiver may push the next attempt back, but not beyond a day. */
export const MAX_RETRY_AFTER_MS = 24 * HOUR
const JITTER = 0.2

/** Delay before the attempt after `attempt` (1-based), or null when the budget is spent. */
export function nextDelayMs(
  schedule: readonly number[],
  attempt: number,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number | null {
  const base = schedule[attempt - 1]
  if (base === undefined) return null
  const jittered = Math.round(base * (1 - JITTER + 2 * JITTER * random()))
  return Math.max(jittered, Math.min(retryAfterMs ?? 0, MAX_RETRY_AFTER_MS))
}

/** `Retry-After` as seconds or an HTTP date, in ms from now; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, now: number): number | undefined {
  if (!header) return undefined
  const trimmed = header.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * SECOND
  const at = Date.parse(trimmed)
  return Number.isNaN(at) ? undefined : Math.max(0, at - now)
}
