/**
 * The client's running totals and the `stats` snapshot built from them. The counters are one
 * mutable record shared with the units that settle events, so every total is bumped in one place.
 */

export interface ClientStats {
  tracked: number
  invalid: number
  queued: number
  /** Uncompressed wire bytes of the queued events: what `maxQueueBytes` bounds. */
  queuedBytes: number
  /** Full batches sealed (compressed) while they wait to be sent; their events count in `queued`. */
  sealedBatches: number
  /** Bytes those sealed batches actually hold in memory. */
  sealedBytes: number
  waiting: number
  inFlightBatches: number
  inFlightEvents: number
  sent: number
  duplicates: number
  rejected: number
  retries: number
  dropped: number
  /** Events in the spool not yet settled (0 without a spool). */
  spooled: number
}

/** Totals since the client started; the rest of `ClientStats` is read live from queue and flight. */
export type Counters = Record<
  'tracked' | 'invalid' | 'sent' | 'duplicates' | 'rejected' | 'retries' | 'dropped',
  number
>

export function newCounters(): Counters {
  return {
    tracked: 0,
    invalid: 0,
    sent: 0,
    duplicates: 0,
    rejected: 0,
    retries: 0,
    dropped: 0,
  }
}
