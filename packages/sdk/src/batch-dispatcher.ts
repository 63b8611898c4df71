/**
 * Turns the queue into deliveries: starts batches while a slot in flight is free (full ones
 * always, partial ones when urgent), seals full batches that must wait, and arms the flush timer
 * only while there is work. What a settled delivery means for the client is the client's hook.
 */
import type { Batch, BatchLimits } from './batch.js'
import type { ResolvedConfig } from './config.js'
import { type DeliveryContext, deliver } from './delivery.js'
import { FlushTimer } from './flush-timer.js'
import type { EventQueue } from './queue.js'

export interface DispatchContext {
  config: Pick<ResolvedConfig, 'maxInFlight' | 'compression' | 'flushIntervalMs'>
  queue: EventQueue
  limits: BatchLimits
  delivery: DeliveryContext
  /** Whether `track` calls wait for room: dispatch stays urgent while they do. */
  hasWaiters: () => boolean
  /** Runs after each delivery ends and has left the flight. */
  settled: () => void
}

export class BatchDispatcher {
  readonly #context: DispatchContext
  readonly #inFlight = new Set<Promise<void>>()
  readonly #timer: FlushTimer
  #events = 0
  #urgent = false

  constructor(context: DispatchContext) {
    this.#context = context
    this.#timer = new FlushTimer(context.config.flushIntervalMs, () => {
      this.#urgent = true
      this.pump()
    })
  }

  /** Batches in flight. */
  get batches(): number {
    return this.#inFlight.size
  }

  /** Events in those batches. */
  get events(): number {
    return this.#events
  }

  /** From now until the queue and the waiters are empty, partial batches go too. */
  hurry(): void {
    this.#urgent = true
  }

  /** After events went into the queue: a full batch goes now, a partial one when the timer fires. */
  afterEnqueue(): void {
    if (this.#context.queue.tailFull(this.#context.limits)) this.pump()
    else this.schedule()
  }

  /** Starts batches while there is room in flight: full ones always, partial ones when urgent. */
  pump(): void {
    const { config, queue, limits, delivery } = this.#context
    // After shutdown's abort nothing new starts: what is left is reported as unsent.
    if (delivery.signal.aborted) return
    while (this.#inFlight.size < config.maxInFlight) {
      const batch = queue.next(limits, this.#urgent)
      if (!batch) break
      this.#start(batch)
    }
    // Full batches that cannot go now (every slot in flight, or the caller's loop has not yielded
    // yet) are sealed: compressed at once, ~10× less memory while they wait.
    while (queue.tailFull(limits)) queue.sealTail(limits, config.compression)
    if (queue.length === 0 && !this.#context.hasWaiters()) this.#urgent = false
    this.schedule()
  }

  /** The timer runs only while there is work, so an idle client never holds the process open. */
  schedule(): void {
    if (this.#context.queue.length === 0 || this.#context.delivery.signal.aborted) return
    this.#timer.arm()
  }

  stopTimer(): void {
    this.#timer.clear()
  }

  /** Resolves once every delivery in flight has ended (promptly after shutdown's abort). */
  async settleAll(): Promise<void> {
    await Promise.allSettled([...this.#inFlight])
  }

  #start(batch: Batch): void {
    this.#events += batch.length
    const delivery = deliver(batch, this.#context.delivery).finally(() => {
      this.#events -= batch.length
      this.#inFlight.delete(delivery)
      this.#context.settled()
    })
    this.#inFlight.add(delivery)
  }
}
