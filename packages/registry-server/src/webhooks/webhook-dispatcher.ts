/**
 * Drains the outbox into signed HTTP deliveries, in the background of every server node.
 *
 * Each tick: fan new outbox entries out to matching subscriptions (one delivery row each), then
 * lease as many due deliveries as there are free slots — at most `perSubscription` per
 * subscription, so a slow receiver holds a few slots and the others keep flowing — and send them
 * without waiting for each other. Ingest never waits for any of it: the dispatcher only reads
 * what commits wrote. A crash after the lease leaves the row due again when the lease ends, with
 * the same delivery id (at-least-once). On PostgreSQL several nodes do this at once; the store's
 * row locks give each delivery to one of them.
 */
import { uuidv7 } from 'uuidv7'
import type { WebhookMetrics } from '../observability/webhook-metrics.js'
import type {
  AttemptResult,
  ClaimedDelivery,
  OutboxEvent,
  Subscription,
  WebhookStore,
} from '../storage/webhook-store.js'
import { attemptDelivery } from './delivery-attempt.js'
import { matchesAny } from './event-pattern.js'
import { nextDelayMs } from './retry-schedule.js'
import { wantsTransition } from './segment-match.js'
import { matchesFilter } from './subscription-filter.js'

export interface DispatcherOptions {
  concurrency: number
  perSubscription: number
  timeoutMs: number
  /** How long a claimed delivery stays hidden from other claims; must exceed `timeoutMs`. */
  leaseMs: number
  pollMs: number
  retryScheduleMs: readonly number[]
  /** Delivered deliveries and drained outbox entries older than this are deleted. */
  retentionMs: number
  metrics: WebhookMetrics
  log: { warn(obj: object, msg: string): void }
}

const FAN_OUT_BATCH = 1000
const STATS_EVERY_MS = 5_000
const PRUNE_EVERY_MS = 10 * 60_000
const MAX_ERROR_BACKOFF_MS = 10_000

export class WebhookDispatcher {
  readonly #store: WebhookStore
  readonly #options: DispatcherOptions
  readonly #busy = new Map<string, number>()
  readonly #active = new Set<Promise<void>>()
  readonly #shutdown = new AbortController()
  #timer: NodeJS.Timeout | undefined
  #tick: Promise<void> | undefined
  #again = false
  #stopped = false
  #errors = 0
  /** Whether some subscription was enabled at the last look (or was created here since). */
  #listened = true
  #statsAt = 0
  #prunedAt = 0

  constructor(store: WebhookStore, options: DispatcherOptions) {
    if (options.leaseMs <= options.timeoutMs) throw new Error('webhook lease must be longer than the timeout')
    this.#store = store
    this.#options = options
  }

  start(): void {
    this.#schedule(0)
  }

  /**
   * Something may be ready (a commit, a free slot): look now instead of at the next poll — unless
   * no subscription is enabled. Then the regular poll marks the outbox alone: on SQLite marking it
   * takes the write lock on the request thread, and doing that after every commit would make that
   * thread wait for the writer over and over, for deliveries nobody asked for.
   */
  nudge(): void {
    if (this.#stopped || !this.#listened) return
    if (this.#tick) this.#again = true
    else this.#schedule(0)
  }

  /** A subscription was created on this node: commits nudge again from now on. */
  subscribed(): void {
    this.#listened = true
    this.nudge()
  }

  /** Stops polling and interrupts attempts in flight; those are made due again at once. */
  async stop(): Promise<void> {
    this.#stopped = true
    clearTimeout(this.#timer)
    this.#shutdown.abort()
    await this.#tick
    await Promise.all(this.#active)
  }

  #schedule(ms: number): void {
    if (this.#stopped) return
    clearTimeout(this.#timer)
    this.#timer = setTimeout(() => {
      this.#tick = this.#run().finally(() => {
        this.#tick = undefined
        if (this.#again) {
          this.#again = false
          this.#schedule(0)
        }
      })
    }, ms)
    this.#timer.unref()
  }

  async #run(): Promise<void> {
    let wait = this.#options.pollMs
    try {
      this.#listened = await this.#store.hasEnabledSubscriptions()
      await this.#fanOut()
      await this.#claim()
      await this.#housekeeping()
      this.#errors = 0
    } catch (error) {
      this.#errors++
      wait = Math.min(MAX_ERROR_BACKOFF_MS, this.#options.pollMs * 2 ** this.#errors)
      this.#options.log.warn({ err: error }, 'webhook dispatch failed; retrying')
    }
    if (!this.#again) this.#schedule(wait)
  }

  async #fanOut(): Promise<void> {
    const parsed = new WeakMap<OutboxEvent, Record<string, unknown>>()
    const match = (s: Subscription, e: OutboxEvent): boolean => {
      // A subscription receives events committed after it was created, not the backlog before it.
      if (s.createdAt > e.committedAt || !matchesAny(s.events, e.eventName)) return false
      if (s.filter === null) return true
      let envelope = parsed.get(e)
      if (!envelope) {
        envelope = JSON.parse(e.body) as Record<string, unknown>
        parsed.set(e, envelope)
      }
      return matchesFilter(s.filter, envelope)
    }
    const newId = () => `msg_${uuidv7()}`
    for (;;) {
      const taken = await this.#store.fanOut(match, newId, Date.now(), FAN_OUT_BATCH)
      this.#options.metrics.fannedOut.inc(taken)
      if (taken < FAN_OUT_BATCH || this.#stopped) break
    }
    for (;;) {
      const taken = await this.#store.fanOutTransitions(wantsTransition, newId, Date.now(), FAN_OUT_BATCH)
      this.#options.metrics.fannedOut.inc(taken)
      if (taken < FAN_OUT_BATCH || this.#stopped) return
    }
  }

  async #claim(): Promise<void> {
    const free = this.#options.concurrency - this.#active.size
    if (free <= 0 || this.#stopped) return
    const now = Date.now()
    const claimed = await this.#store.claim({
      now,
      leaseUntil: now + this.#options.leaseMs,
      limit: free,
      perSubscription: this.#options.perSubscription,
      busy: this.#busy,
    })
    for (const delivery of claimed) this.#launch(delivery)
  }

  async #housekeeping(): Promise<void> {
    const now = Date.now()
    if (now - this.#statsAt >= STATS_EVERY_MS) {
      this.#statsAt = now
      this.#options.metrics.snapshot(await this.#store.stats(now), now)
    }
    if (now - this.#prunedAt >= PRUNE_EVERY_MS) {
      this.#prunedAt = now
      await this.#store.prune(now - this.#options.retentionMs)
    }
  }

  #launch(d: ClaimedDelivery): void {
    this.#busy.set(d.subscriptionId, (this.#busy.get(d.subscriptionId) ?? 0) + 1)
    const done = this.#deliver(d)
      .catch((error) =>
        this.#options.log.warn({ err: error, delivery: d.id }, 'recording a webhook attempt failed'),
      )
      .finally(() => {
        this.#active.delete(done)
        const left = (this.#busy.get(d.subscriptionId) ?? 1) - 1
        if (left > 0) this.#busy.set(d.subscriptionId, left)
        else this.#busy.delete(d.subscriptionId)
        this.nudge()
      })
    this.#active.add(done)
  }

  async #deliver(d: ClaimedDelivery): Promise<void> {
    const { metrics, timeoutMs, retryScheduleMs } = this.#options
    const started = Date.now()
    metrics.lag.observe(Math.max(0, started - d.dueAt) / 1000)
    const outcome = await attemptDelivery(d, { timeoutMs, signal: this.#shutdown.signal })
    const now = Date.now()
    metrics.duration.observe((now - started) / 1000)
    const store = this.#store
    switch (outcome.kind) {
      case 'delivered':
        metrics.attempts.inc({ outcome: 'delivered' })
        return store.markDelivered(d.id, now, { status: outcome.status, error: null })
      case 'missing':
        metrics.attempts.inc({ outcome: 'missing' })
        return store.markDead(d.id, now, { status: null, error: outcome.error })
      case 'gone': {
        metrics.attempts.inc({ outcome: 'gone' })
        const result: AttemptResult = { status: 410, error: 'the receiver answered 410 Gone' }
        await store.markDead(d.id, now, result)
        return store.disableSubscription(
          d.subscriptionId,
          `the receiver answered 410 Gone on ${new Date(now).toISOString()}`,
        )
      }
      case 'failed': {
        const result: AttemptResult = { status: outcome.status, error: outcome.error }
        if (this.#shutdown.signal.aborted) return store.scheduleRetry(d.id, now, result)
        const delay = nextDelayMs(retryScheduleMs, d.attempt, outcome.retryAfterMs)
        if (delay === null) {
          metrics.attempts.inc({ outcome: 'dead' })
          return store.markDead(d.id, now, result)
        }
        metrics.attempts.inc({ outcome: 'failed' })
        return store.scheduleRetry(d.id, now + delay, result)
      }
    }
  }
}
