/**
 * What `flush` and `shutdown` answer, and the `shutdown_unsent` error. Reports count since the
 * client started, like `stats`: a count of "this call only" read as a total misleads (a `flush()`
 * then `shutdown()` would report `sent: 0` at shutdown). Pure: the client does the draining.
 */
import type { Counters } from './client-stats.js'
import { CebeError, MAX_REPORTED_IDS } from './errors.js'
import type { QueueItem } from './queue.js'

/**
 * Totals since the client started (the same numbers as `stats`), and what is still pending. For
 * what one call moved, subtract the report before it: `after.sent - before.sent`.
 */
export interface FlushReport {
  /** Events acknowledged (`accepted` or `duplicate`) since the client started. */
  sent: number
  /** Events the server rejected as invalid since the client started (reported through `onError`). */
  rejected: number
  /** Events dropped locally since the client started (reported through `onError`). */
  dropped: number
  /** Events still queued, waiting or in flight when the call returned. */
  pending: number
}

export interface ShutdownReport extends FlushReport {
  /** Ids of the events that could not be sent before the timeout (first 1,000). */
  unsentEventIds: string[]
}

/** The totals since the client started, and what is still `pending`. */
export function flushReport(totals: Counters, pending: number): FlushReport {
  return { sent: totals.sent, rejected: totals.rejected, dropped: totals.dropped, pending }
}

/** The ids a report carries for `unsent` events, capped like every bulk report. */
export function reportedIds(unsent: readonly QueueItem[]): string[] {
  return unsent.slice(0, MAX_REPORTED_IDS).map((i) => i.id)
}

/** One error for every event shutdown could not send within `timeoutMs`. */
export function shutdownUnsentError(
  unsent: readonly QueueItem[],
  timeoutMs: number,
  spooled: boolean,
): CebeError {
  return new CebeError(
    'shutdown_unsent',
    `shutdown: ${unsent.length} events could not be sent within ${timeoutMs} ms${spooled ? '; they stay in the spool and are sent by the next run' : ''}`,
    { eventIds: reportedIds(unsent), count: unsent.length },
  )
}
