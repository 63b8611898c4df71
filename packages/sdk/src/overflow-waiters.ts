/**
 * With `overflow: 'wait'`, `track` calls that find the queue full wait here, in order, each with
 * its event already checked (and spooled); they are let in as deliveries free room.
 */
import type { CebeError } from './errors.js'
import type { EventQueue, QueueItem } from './queue.js'
import type { TrackResult } from './track-result.js'

interface Waiter {
  item: QueueItem
  resolve: (result: TrackResult) => void
}

export class OverflowWaiters {
  readonly #waiters: Waiter[] = []

  get length(): number {
    return this.#waiters.length
  }

  /** Resolves once `item` is let into the queue. */
  add(item: QueueItem): Promise<TrackResult> {
    return new Promise((resolve) => this.#waiters.push({ item, resolve }))
  }

  /** Lets waiters into `queue`, oldest first, while they fit; returns how many went in. */
  admit(queue: EventQueue): number {
    const waiters = this.#waiters
    let admitted = 0
    while (admitted < waiters.length && queue.fits(waiters[admitted]!.item.bytes)) {
      const { item, resolve } = waiters[admitted]!
      queue.force(item)
      resolve({ status: 'queued', eventId: item.id })
      admitted++
    }
    if (admitted > 0) waiters.splice(0, admitted)
    return admitted
  }

  /**
   * Takes every waiting event out, for shutdown to report as unsent, and settles each waiting
   * `track` call as dropped with `error`, so no caller is left awaiting forever.
   */
  drain(error: CebeError): QueueItem[] {
    return this.#waiters.splice(0).map(({ item, resolve }) => {
      resolve({ status: 'dropped', eventId: item.id, error })
      return item
    })
  }
}
