/**
 * What `flush` and `shutdown` answer, and the `shutdown_unsent` error: the counters' difference
 * over the call, and the events shutdown had to leave behind. Pure: the client does the draining.
 */
import type { Counters } from './client-stats.js'
import { CebeError, MAX_REPORTED_IDS } from './errors.js'
import type { QueueItem } from './queue.js'

export interface FlushReport {
  /** Events acknowledged (`accepted` or `duplicate`) while this call ran. */
  sent: number
  /** Events the server rejected as invalid while this call ran (reported through `onError`). */
  rejected: number
  /** Events dropped locally while this call ran (reported through `onError`). */
  dropped: number
  /** Events still queued, waiting or in flight when it returned. */
  pending: number
}

export interface ShutdownReport extends FlushReport {
  /** Ids of the events that could not be sent before the timeout (first 1,000). */
  unsentEventIds: string[]
}

/** The totals that moved since `before`, and what is still `pending`. */
export function flushReport(before: Counters, now: Counters, pending: number): FlushReport {
  return {
    sent: now.sent - before.sent,
    rejected: now.rejected - before.rejected,
    dropped: now.dropped - before.dropped,
    pending,
  }
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
