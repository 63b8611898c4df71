/**
 * Overflow drops come in bursts: each one is counted at once, but a burst is reported once (after
 * the current tick), as one `dropped` event and one `queue_overflow` error, not one per event.
 */
import type { Counters } from './client-stats.js'
import type { ResolvedConfig } from './config.js'
import type { Reporter } from './error-reporter.js'
import { CebeError, MAX_REPORTED_IDS } from './errors.js'
import type { ClientEmitter } from './events.js'
import type { TrackResult } from './track-result.js'

export interface OverflowContext {
  config: Pick<ResolvedConfig, 'maxQueueEvents' | 'maxQueueBytes' | 'overflow'>
  counters: Counters
  events: ClientEmitter
  report: Reporter
}

export class OverflowReporter {
  readonly #context: OverflowContext
  #burst: { count: number; ids: string[] } | undefined

  constructor(context: OverflowContext) {
    this.#context = context
  }

  /** Drops the event being tracked: notes it and answers `track` with its own error. */
  drop(id: string): TrackResult {
    this.note(id)
    return {
      status: 'dropped',
      eventId: id,
      error: new CebeError('queue_overflow', 'the queue is full; the event was dropped', { eventIds: [id] }),
    }
  }

  /** Counts one overflow drop (a new event, or one `drop-oldest` evicted) into the current burst. */
  note(id: string): void {
    this.#context.counters.dropped++
    if (!this.#burst) {
      this.#burst = { count: 0, ids: [] }
      queueMicrotask(() => this.flush())
    }
    this.#burst.count++
    if (this.#burst.ids.length < MAX_REPORTED_IDS) this.#burst.ids.push(id)
  }

  /** Reports the current burst, if any; shutdown calls it so nothing waits on a microtask. */
  flush(): void {
    const burst = this.#burst
    if (!burst) return
    this.#burst = undefined
    const { config, events, report } = this.#context
    const { maxQueueEvents, maxQueueBytes, overflow: policy } = config
    events.emit('dropped', { count: burst.count, code: 'queue_overflow', eventIds: burst.ids })
    report(
      new CebeError(
        'queue_overflow',
        `the queue is full (${maxQueueEvents} events / ${maxQueueBytes} bytes); ${burst.count} events were dropped (overflow: ${policy})`,
        { eventIds: burst.ids, count: burst.count },
      ),
    )
  }
}
