/**
 * How problems reach the caller: through `onError`, which must never break delivery by throwing,
 * or, without one, a rate-limited log line so an outage cannot flood the log.
 */
import type { CebeError } from './errors.js'

export type Reporter = (error: CebeError) => void

/** Wraps the caller's `onError` (or the default) so a throwing handler is ignored. */
export function createReporter(onError: Reporter | undefined): Reporter {
  const handler = onError ?? defaultOnError()
  return (error) => {
    try {
      handler(error)
    } catch {
      // onError is the caller's; it must not break delivery.
    }
  }
}

/** Without `onError`, problems are logged, at most one line per 10 s so an outage cannot flood the log. */
function defaultOnError(): Reporter {
  let last = 0
  let suppressed = 0
  return (error) => {
    const now = Date.now()
    if (now - last < 10_000) {
      suppressed += error.count || 1
      return
    }
    last = now
    const more = suppressed > 0 ? ` (${suppressed} more events affected since the last message)` : ''
    suppressed = 0
    console.warn(`[cebe] ${error.code}: ${error.message}${more}`)
  }
}
