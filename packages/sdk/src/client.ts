/**
 * The client only orchestrates: `track` → envelope → checks → (spool) → queue; a timer or a full
 * batch → batch (sealed while it waits for a slot in flight) → encode → transport with retries → settle each event exactly once (sent,
 * rejected, or dropped and reported). Every decision lives in a small unit beside this file.
 */
import type { EventName, ModuleOf, SourceModule } from '@cebe/schemas'
import { BatchDispatcher } from './batch-dispatcher.js'
import { openSpool, persist } from './client-spool.js'
import { type ClientStats, type Counters, newCounters } from './client-stats.js'
import { type ClientOptions, type ResolvedConfig, resolveConfig } from './config.js'
import { createDeliveryHooks } from './delivery-outcomes.js'
import {
  type FlushReport,
  flushReport,
  reportedIds,
  type ShutdownReport,
  shutdownUnsentError,
} from './drain-report.js'
import { buildEnvelope, type TrackInput } from './envelope.js'
import { createReporter, type Reporter } from './error-reporter.js'
import { CebeError } from './errors.js'
import { ClientEmitter } from './events.js'
import { IdleWaiters } from './idle-waiters.js'
import { OverflowReporter } from './overflow-reporter.js'
import { OverflowWaiters } from './overflow-waiters.js'
import { EventQueue, type QueueItem } from './queue.js'
import type { Spool } from './spool.js'
import type { TrackResult } from './track-result.js'
import { createHttpTransport, type Transport } from './transport.js'
import { checkEvent } from './validate.js'

export type { ClientStats } from './client-stats.js'
export type { FlushReport, ShutdownReport } from './drain-report.js'
export type { TrackResult } from './track-result.js'

/** The catalog events that module `M` may emit. */
export type ModuleEventName<M extends SourceModule> = {
  [N in EventName]: ModuleOf<N> extends M ? N : never
}[EventName]

export class CebeClient<M extends SourceModule = SourceModule> {
  /** Observe `sent`, `retried`, `dropped`, `rejected` and `split`. */
  readonly events = new ClientEmitter()
  readonly config: ResolvedConfig
  readonly #transport: Transport
  readonly #queue: EventQueue
  readonly #spool: Spool | undefined
  readonly #report: Reporter
  readonly #abort = new AbortController()
  readonly #waiters = new OverflowWaiters()
  readonly #idle = new IdleWaiters(() => this.#isIdle())
  readonly #unsent: QueueItem[] = []
  readonly #counters: Counters = newCounters()
  readonly #overflow: OverflowReporter
  readonly #dispatch: BatchDispatcher
  #closed = false
  #shutdown: Promise<ShutdownReport> | undefined

  constructor(options: ClientOptions<M>) {
    this.config = resolveConfig(options)
    const config = this.config
    this.#report = createReporter(options.onError)
    this.#transport =
      options.transport ??
      createHttpTransport({
        endpoint: config.endpoint,
        writeKey: config.writeKey,
        maxInFlight: config.maxInFlight,
        requestTimeoutMs: config.requestTimeoutMs,
      })
    this.#queue = new EventQueue({ maxEvents: config.maxQueueEvents, maxBytes: config.maxQueueBytes })
    const shared = { config, counters: this.#counters, events: this.events, report: this.#report }
    this.#overflow = new OverflowReporter(shared)
    const opened = config.spool && openSpool(config.spool, this.#queue)
    this.#spool = opened ? opened.spool : undefined
    this.#dispatch = new BatchDispatcher({
      config,
      queue: this.#queue,
      limits: Object.freeze({ maxEvents: config.maxBatchEvents, maxBytes: config.maxBatchBytes }),
      // What `deliver` needs, and the hooks that turn each outcome into counters, events and reports.
      delivery: {
        config,
        transport: this.#transport,
        signal: this.#abort.signal,
        hooks: createDeliveryHooks({ ...shared, spool: this.#spool, unsent: this.#unsent }),
      },
      hasWaiters: () => this.#waiters.length > 0,
      settled: () => {
        if (this.#waiters.admit(this.#queue) > 0) this.#dispatch.afterEnqueue()
        this.#dispatch.pump()
        this.#checkIdle()
      },
    })
    if (opened) {
      if (opened.replayed > 0) this.#dispatch.hurry()
      this.#dispatch.schedule()
    }
  }

  /**
   * Validates, enqueues and (with a spool) persists one event. Resolves at once, or for
   * `overflow: 'wait'` once there is room. Never rejects; with `validation: 'throw'` an invalid
   * event throws synchronously.
   *
   * ```ts
   * cebe.track('campaign.replied', { qontak_customer_id: 'cust_1', actor: { type: 'customer' }, attributes })
   * ```
   */
  track<N extends ModuleEventName<M>>(name: N, input: TrackInput<N>): Promise<TrackResult> {
    const config = this.config
    if (this.#closed) {
      const error = new CebeError(
        'client_closed',
        `track('${name}') after shutdown(); the event was not sent`,
        {
          ...(input.event_id !== undefined && { eventIds: [input.event_id] }),
          count: 1,
        },
      )
      if (config.validation === 'throw') throw error
      this.#report(error)
      return Promise.resolve({ status: 'dropped', eventId: input.event_id ?? '', error })
    }
    this.#counters.tracked++
    const envelope = buildEnvelope(name, input as unknown as TrackInput<EventName>, config)
    const checked = checkEvent(envelope, {
      validate: config.validation !== 'off',
      maxEventBytes: config.maxEventBytes,
    })
    if (!checked.ok) {
      this.#counters.invalid++
      if (config.validation === 'throw') throw checked.error
      this.#report(checked.error)
      return Promise.resolve({ status: 'invalid', eventId: envelope.event_id, error: checked.error })
    }
    const queue = this.#queue
    const overflow = config.overflow
    if (overflow === 'wait' ? this.#waiters.length > 0 || !queue.fits(checked.bytes) : false) {
      return this.#wait(checked)
    }
    if (overflow === 'drop-newest' && !queue.fits(checked.bytes)) {
      return Promise.resolve(this.#overflow.drop(checked.id))
    }
    const item = persist(this.#spool, checked, this.#report)
    if (!item) return Promise.resolve(this.#overflow.drop(checked.id))
    const result = queue.offer(item, overflow === 'drop-oldest' ? 'drop-oldest' : 'drop-newest')
    if (!result.queued) return Promise.resolve(this.#overflow.drop(checked.id))
    for (const evicted of result.evicted) this.#overflow.note(evicted.id)
    if (result.evicted.length > 0) this.#spool?.settle(result.evicted)
    this.#dispatch.afterEnqueue()
    return Promise.resolve({ status: 'queued', eventId: checked.id })
  }

  /**
   * Sends everything queued and waits until it is settled (or `timeoutMs` passes). The report
   * counts since the client started, like `stats`; `pending` is what is still unsettled.
   *
   * ```ts
   * const { sent, rejected, pending } = await cebe.flush()
   * ```
   */
  async flush(options: { timeoutMs?: number } = {}): Promise<FlushReport> {
    this.#dispatch.hurry()
    this.#dispatch.pump()
    await this.#idle.whenIdle(options.timeoutMs)
    return this.#totals()
  }

  /**
   * Stops accepting events, drains within `timeoutMs`, then aborts what is left and reports it
   * (through `onError` as `shutdown_unsent`, and in the result). The report counts since the
   * client started, so an earlier `flush()` is in it too. Safe to call more than once.
   *
   * ```ts
   * process.once('SIGTERM', () => void cebe.shutdown().finally(() => process.exit(0)))
   * ```
   */
  shutdown(options: { timeoutMs?: number } = {}): Promise<ShutdownReport> {
    this.#shutdown ??= this.#close(options.timeoutMs ?? this.config.shutdownTimeoutMs)
    return this.#shutdown
  }

  /** Counters: queue depth, in flight, retries, drops and totals since the client started. */
  get stats(): ClientStats {
    return {
      ...this.#counters,
      queued: this.#queue.length,
      queuedBytes: this.#queue.bytes,
      sealedBatches: this.#queue.sealedBatches,
      sealedBytes: this.#queue.sealedBytes,
      waiting: this.#waiters.length,
      inFlightBatches: this.#dispatch.batches,
      inFlightEvents: this.#dispatch.events,
      spooled: this.#spool?.stats.outstanding ?? 0,
    }
  }

  async #close(timeoutMs: number): Promise<ShutdownReport> {
    this.#closed = true
    this.#dispatch.hurry()
    this.#dispatch.pump()
    await this.#idle.whenIdle(timeoutMs)
    this.#abort.abort(new CebeError('shutdown_unsent', 'shutdown timeout reached'))
    await this.#dispatch.settleAll()
    this.#dispatch.stopTimer()
    const stillWaiting = new CebeError(
      'shutdown_unsent',
      'shutdown timeout reached while this event waited for room',
    )
    const unsent = [...this.#unsent.splice(0), ...this.#queue.drain(), ...this.#waiters.drain(stillWaiting)]
    if (unsent.length > 0) this.#report(shutdownUnsentError(unsent, timeoutMs, this.#spool !== undefined))
    this.#overflow.flush()
    this.#spool?.close()
    await this.#transport.close().catch(() => undefined)
    this.#idle.release()
    return { ...this.#totals(), pending: unsent.length, unsentEventIds: reportedIds(unsent) }
  }

  #wait(checked: { id: string; json: string; bytes: number }): Promise<TrackResult> {
    if (this.#waiters.length >= this.config.maxWaiting)
      return Promise.resolve(this.#overflow.drop(checked.id))
    const item = persist(this.#spool, checked, this.#report)
    if (!item) return Promise.resolve(this.#overflow.drop(checked.id))
    this.#dispatch.hurry()
    this.#dispatch.pump()
    return this.#waiters.add(item)
  }

  #totals(): FlushReport {
    const pending = this.#queue.length + this.#dispatch.events + this.#waiters.length
    return flushReport(this.#counters, pending)
  }

  #isIdle(): boolean {
    return this.#queue.length === 0 && this.#dispatch.batches === 0 && this.#waiters.length === 0
  }

  #checkIdle(): void {
    if (!this.#isIdle()) return
    this.#dispatch.stopTimer()
    this.#idle.release()
  }
}

/**
 * ```ts
 * const cebe = createClient({ endpoint, writeKey, companyId, companySsoId, sourceModule: 'campaign' })
 * ```
 */
export function createClient<M extends SourceModule>(options: ClientOptions<M>): CebeClient<M> {
  return new CebeClient(options)
}
