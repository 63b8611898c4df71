/**
 * The client only orchestrates: `track` → envelope → checks → (spool) → queue; a timer or a full
 * batch → batch (sealed while it waits for a slot in flight) → encode → transport with retries → settle each event exactly once (sent,
 * rejected, or dropped and reported). Every decision lives in a small unit beside this file.
 */
import type { EventName, ModuleOf, SourceModule, ValidationErrorCode } from '@cebe/schemas'
import type { Batch, BatchLimits } from './batch.js'
import { type ClientOptions, type ResolvedConfig, resolveConfig } from './config.js'
import { type DeliveryContext, deliver } from './delivery.js'
import { buildEnvelope, type TrackInput } from './envelope.js'
import { CebeError, type CebeErrorCode, MAX_REPORTED_IDS } from './errors.js'
import { ClientEmitter } from './events.js'
import { EventQueue, type QueueItem } from './queue.js'
import { Spool } from './spool.js'
import { createHttpTransport, type Transport } from './transport.js'
import { checkEvent } from './validate.js'

/** The catalog events that module `M` may emit. */
export type ModuleEventName<M extends SourceModule> = {
  [N in EventName]: ModuleOf<N> extends M ? N : never
}[EventName]

export type TrackResult =
  | { status: 'queued'; eventId: string }
  | { status: 'dropped'; eventId: string; error: CebeError }
  | { status: 'invalid'; eventId: string; error: CebeError }

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

type Counters = Record<
  'tracked' | 'invalid' | 'sent' | 'duplicates' | 'rejected' | 'retries' | 'dropped',
  number
>

interface Waiter {
  item: QueueItem
  resolve: (result: TrackResult) => void
}

export class CebeClient<M extends SourceModule = SourceModule> {
  /** Observe `sent`, `retried`, `dropped`, `rejected` and `split`. */
  readonly events = new ClientEmitter()
  readonly config: ResolvedConfig
  readonly #transport: Transport
  readonly #queue: EventQueue
  readonly #spool: Spool | undefined
  readonly #onError: (error: CebeError) => void
  readonly #abort = new AbortController()
  readonly #inFlight = new Set<Promise<void>>()
  readonly #waiters: Waiter[] = []
  readonly #idle: (() => void)[] = []
  readonly #unsent: QueueItem[] = []
  readonly #counters: Counters = {
    tracked: 0,
    invalid: 0,
    sent: 0,
    duplicates: 0,
    rejected: 0,
    retries: 0,
    dropped: 0,
  }
  #inFlightEvents = 0
  #timer: NodeJS.Timeout | undefined
  #urgent = false
  #closed = false
  #shutdown: Promise<ShutdownReport> | undefined
  #overflow: { count: number; ids: string[] } | undefined
  readonly #batchLimits: BatchLimits
  /** What `deliver` needs, and the hooks that turn each outcome into counters, events and reports. */
  readonly #delivery: DeliveryContext

  constructor(options: ClientOptions<M>) {
    this.config = resolveConfig(options)
    const config = this.config
    this.#onError = options.onError ?? defaultOnError()
    this.#transport =
      options.transport ??
      createHttpTransport({
        endpoint: config.endpoint,
        writeKey: config.writeKey,
        maxInFlight: config.maxInFlight,
        requestTimeoutMs: config.requestTimeoutMs,
      })
    this.#queue = new EventQueue({ maxEvents: config.maxQueueEvents, maxBytes: config.maxQueueBytes })
    this.#batchLimits = Object.freeze({ maxEvents: config.maxBatchEvents, maxBytes: config.maxBatchBytes })
    this.#delivery = {
      config,
      transport: this.#transport,
      signal: this.#abort.signal,
      hooks: {
        retried: (info) => {
          this.#counters.retries++
          this.events.emit('retried', info)
        },
        split: (batch) => this.events.emit('split', { events: batch.length }),
        acknowledged: (batch, body) => this.#acknowledge(batch, body),
        refused: (batch, answer) =>
          this.#drop(
            batch.items,
            'request_refused',
            `the server refused a batch of ${batch.length} events with HTTP ${answer.status}: ${answer.body.slice(0, 300)}`,
            answer.status,
          ),
        exhausted: (batch, detail, status) =>
          this.#drop(
            batch.items,
            'retries_exhausted',
            `gave up on a batch of ${batch.length} events after the retry budget (${config.maxRetries} retries / ${config.maxRetryTimeMs} ms); last failure: ${detail}${this.#spool ? '; they stay in the spool and are sent by the next run' : ''}`,
            status,
            !this.#spool,
          ),
        aborted: (batch) => {
          this.#unsent.push(...batch.items)
        },
      },
    }
    if (config.spool) {
      const { spool, replay } = Spool.open(config.spool)
      this.#spool = spool
      // Replayed events were accepted by an earlier run: they go in even past the memory bounds.
      for (const item of replay) this.#queue.force(item)
      if (replay.length > 0) this.#urgent = true
      this.#schedule()
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
      return Promise.resolve(this.#overflowDrop(checked.id))
    }
    const item = this.#persist(checked)
    if (!item) return Promise.resolve(this.#overflowDrop(checked.id))
    const result = queue.offer(item, overflow === 'drop-oldest' ? 'drop-oldest' : 'drop-newest')
    if (!result.queued) return Promise.resolve(this.#overflowDrop(checked.id))
    for (const evicted of result.evicted) this.#noteOverflow(evicted.id)
    if (result.evicted.length > 0) this.#spool?.settle(result.evicted)
    this.#afterEnqueue()
    return Promise.resolve({ status: 'queued', eventId: checked.id })
  }

  /**
   * Sends everything queued and waits until it is settled (or `timeoutMs` passes).
   *
   * ```ts
   * const { sent, rejected, pending } = await cebe.flush()
   * ```
   */
  async flush(options: { timeoutMs?: number } = {}): Promise<FlushReport> {
    const before = { ...this.#counters }
    this.#urgent = true
    this.#pump()
    await this.#whenIdle(options.timeoutMs)
    return this.#reportSince(before)
  }

  /**
   * Stops accepting events, drains within `timeoutMs`, then aborts what is left and reports it
   * (through `onError` as `shutdown_unsent`, and in the result). Safe to call more than once.
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
      inFlightBatches: this.#inFlight.size,
      inFlightEvents: this.#inFlightEvents,
      spooled: this.#spool?.stats.outstanding ?? 0,
    }
  }

  async #close(timeoutMs: number): Promise<ShutdownReport> {
    this.#closed = true
    const before = { ...this.#counters }
    this.#urgent = true
    this.#pump()
    await this.#whenIdle(timeoutMs)
    this.#abort.abort(new CebeError('shutdown_unsent', 'shutdown timeout reached'))
    await Promise.allSettled([...this.#inFlight])
    this.#clearTimer()
    const unsent = [
      ...this.#unsent.splice(0),
      ...this.#queue.drain(),
      ...this.#waiters.splice(0).map((w) => w.item),
    ]
    if (unsent.length > 0) {
      this.#report(
        new CebeError(
          'shutdown_unsent',
          `shutdown: ${unsent.length} events could not be sent within ${timeoutMs} ms${this.#spool ? '; they stay in the spool and are sent by the next run' : ''}`,
          { eventIds: unsent.slice(0, MAX_REPORTED_IDS).map((i) => i.id), count: unsent.length },
        ),
      )
    }
    this.#flushOverflowReport()
    this.#spool?.close()
    await this.#transport.close().catch(() => undefined)
    for (const resolve of this.#idle.splice(0)) resolve()
    return {
      ...this.#reportSince(before),
      pending: unsent.length,
      unsentEventIds: unsent.slice(0, MAX_REPORTED_IDS).map((i) => i.id),
    }
  }

  #persist(checked: { id: string; json: string; bytes: number }): QueueItem | undefined {
    if (!this.#spool) return checked
    try {
      return { ...checked, segment: this.#spool.append(checked.json) }
    } catch (cause) {
      this.#report(
        new CebeError('spool_failed', `could not append to the spool: ${(cause as Error).message}`, {
          eventIds: [checked.id],
          cause,
        }),
      )
      return undefined
    }
  }

  #wait(checked: { id: string; json: string; bytes: number }): Promise<TrackResult> {
    if (this.#waiters.length >= this.config.maxWaiting) return Promise.resolve(this.#overflowDrop(checked.id))
    const item = this.#persist(checked)
    if (!item) return Promise.resolve(this.#overflowDrop(checked.id))
    this.#urgent = true
    this.#pump()
    return new Promise((resolve) => this.#waiters.push({ item, resolve }))
  }

  #admitWaiters(): void {
    const waiters = this.#waiters
    let admitted = 0
    while (admitted < waiters.length && this.#queue.fits(waiters[admitted]!.item.bytes)) {
      const { item, resolve } = waiters[admitted]!
      this.#queue.force(item)
      resolve({ status: 'queued', eventId: item.id })
      admitted++
    }
    if (admitted > 0) {
      waiters.splice(0, admitted)
      this.#afterEnqueue()
    }
  }

  #afterEnqueue(): void {
    if (this.#queue.tailFull(this.#batchLimits)) this.#pump()
    else this.#schedule()
  }

  /** Starts batches while there is room in flight: full ones always, partial ones when urgent. */
  #pump(): void {
    // After shutdown's abort nothing new starts: what is left is reported as unsent.
    if (this.#abort.signal.aborted) return
    const config = this.config
    const queue = this.#queue
    const limits = this.#batchLimits
    while (this.#inFlight.size < config.maxInFlight) {
      const batch = queue.next(limits, this.#urgent)
      if (!batch) break
      this.#start(batch)
    }
    // Full batches that cannot go now (every slot in flight, or the caller's loop has not yielded
    // yet) are sealed: compressed at once, ~10× less memory while they wait.
    while (queue.tailFull(limits)) queue.sealTail(limits, config.compression)
    if (queue.length === 0 && this.#waiters.length === 0) this.#urgent = false
    this.#schedule()
  }

  #start(batch: Batch): void {
    this.#inFlightEvents += batch.length
    const delivery = deliver(batch, this.#delivery).finally(() => {
      this.#inFlightEvents -= batch.length
      this.#inFlight.delete(delivery)
      this.#admitWaiters()
      this.#pump()
      this.#checkIdle()
    })
    this.#inFlight.add(delivery)
  }

  #acknowledge(batch: Batch, text: string): void {
    let result: { accepted?: number; duplicates?: number; rejected?: RejectedEvent[] } = {}
    try {
      result = JSON.parse(text) as typeof result
    } catch {
      // A 2xx is an acknowledgement even when its body cannot be read.
    }
    const rejected = Array.isArray(result.rejected) ? result.rejected : []
    const rejectedItems: QueueItem[] = []
    // Decodes a sealed batch only when the server rejected some of its events.
    const items = rejected.length > 0 ? batch.items : []
    for (const entry of rejected) {
      const item = items[entry.index]
      if (!item) continue
      rejectedItems.push(item)
      const errors = Array.isArray(entry.errors) ? entry.errors : []
      this.events.emit('rejected', { eventId: item.id, errors })
      this.#report(
        new CebeError(
          'rejected',
          `the server rejected event ${item.id}: ${errors.map((e) => `${e.path || '(event)'}: ${e.message}`).join('; ')}`,
          {
            eventIds: [item.id],
            validationErrors: errors.map((e) => ({
              path: e.path,
              code: e.code ?? 'invalid_value',
              message: e.message,
            })),
          },
        ),
      )
    }
    const sent = batch.length - rejectedItems.length
    this.#counters.sent += sent
    this.#counters.rejected += rejectedItems.length
    this.#counters.duplicates += typeof result.duplicates === 'number' ? result.duplicates : 0
    this.#spool?.settle(batch.settleKeys)
    this.events.emit('sent', {
      events: batch.length,
      accepted: typeof result.accepted === 'number' ? result.accepted : sent,
      duplicates: typeof result.duplicates === 'number' ? result.duplicates : 0,
      rejected: rejectedItems.length,
      attempts: 1,
    })
  }

  #drop(items: QueueItem[], code: CebeErrorCode, message: string, status?: number, settle = true): void {
    this.#counters.dropped += items.length
    if (settle) this.#spool?.settle(items)
    const eventIds = items.slice(0, MAX_REPORTED_IDS).map((i) => i.id)
    this.events.emit('dropped', { count: items.length, code, eventIds })
    this.#report(new CebeError(code, message, { eventIds, count: items.length, ...(status && { status }) }))
  }

  #overflowDrop(id: string): TrackResult {
    this.#noteOverflow(id)
    return {
      status: 'dropped',
      eventId: id,
      error: new CebeError('queue_overflow', 'the queue is full; the event was dropped', { eventIds: [id] }),
    }
  }

  /** Overflow drops come in bursts: count each one, report each burst once (after the current tick). */
  #noteOverflow(id: string): void {
    this.#counters.dropped++
    if (!this.#overflow) {
      this.#overflow = { count: 0, ids: [] }
      queueMicrotask(() => this.#flushOverflowReport())
    }
    this.#overflow.count++
    if (this.#overflow.ids.length < MAX_REPORTED_IDS) this.#overflow.ids.push(id)
  }

  #flushOverflowReport(): void {
    const overflow = this.#overflow
    if (!overflow) return
    this.#overflow = undefined
    const { maxQueueEvents, maxQueueBytes, overflow: policy } = this.config
    this.events.emit('dropped', { count: overflow.count, code: 'queue_overflow', eventIds: overflow.ids })
    this.#report(
      new CebeError(
        'queue_overflow',
        `the queue is full (${maxQueueEvents} events / ${maxQueueBytes} bytes); ${overflow.count} events were dropped (overflow: ${policy})`,
        { eventIds: overflow.ids, count: overflow.count },
      ),
    )
  }

  #report(error: CebeError): void {
    try {
      this.#onError(error)
    } catch {
      // onError is the caller's; it must not break delivery.
    }
  }

  #reportSince(before: Counters): FlushReport {
    const now = this.#counters
    return {
      sent: now.sent - before.sent,
      rejected: now.rejected - before.rejected,
      dropped: now.dropped - before.dropped,
      pending: this.#queue.length + this.#inFlightEvents + this.#waiters.length,
    }
  }

  /** The timer runs only while there is work, so an idle client never holds the process open. */
  #schedule(): void {
    if (this.#timer || this.#queue.length === 0 || this.#abort.signal.aborted) return
    this.#timer = setTimeout(() => {
      this.#timer = undefined
      this.#urgent = true
      this.#pump()
    }, this.config.flushIntervalMs)
  }

  #clearTimer(): void {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = undefined
  }

  #whenIdle(timeoutMs: number | undefined): Promise<void> {
    if (this.#isIdle()) return Promise.resolve()
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined
      const done = () => {
        if (timer) clearTimeout(timer)
        const index = this.#idle.indexOf(done)
        if (index >= 0) this.#idle.splice(index, 1)
        resolve()
      }
      this.#idle.push(done)
      if (timeoutMs !== undefined) timer = setTimeout(done, timeoutMs)
    })
  }

  #isIdle(): boolean {
    return this.#queue.length === 0 && this.#inFlight.size === 0 && this.#waiters.length === 0
  }

  #checkIdle(): void {
    if (!this.#isIdle()) return
    this.#clearTimer()
    for (const resolve of this.#idle.splice(0)) resolve()
  }
}

interface RejectedEvent {
  index: number
  event_id?: string
  errors?: { path: string; message: string; code?: ValidationErrorCode }[]
}

/**
 * ```ts
 * const cebe = createClient({ endpoint, writeKey, companyId, companySsoId, sourceModule: 'campaign' })
 * ```
 */
export function createClient<M extends SourceModule>(options: ClientOptions<M>): CebeClient<M> {
  return new CebeClient(options)
}

/** Without `onError`, problems are logged, at most one line per 10 s so an outage cannot flood the log. */
function defaultOnError(): (error: CebeError) => void {
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
