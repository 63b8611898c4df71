/**
 * Prometheus metrics of webhook delivery, on the app's one registry (served at /metrics). The
 * gauges are a snapshot the dispatcher refreshes every few seconds, not a query per scrape.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client'
import type { WebhookStats } from '../storage/webhook-store.js'

export type AttemptLabel = 'delivered' | 'failed' | 'gone' | 'dead' | 'missing'

export class WebhookMetrics {
  readonly attempts: Counter<'outcome'>
  readonly duration: Histogram
  readonly lag: Histogram
  readonly fannedOut: Counter
  readonly #pending: Gauge
  readonly #due: Gauge
  readonly #dead: Gauge
  readonly #oldestDue: Gauge
  readonly #outbox: Gauge

  constructor(registry: Registry) {
    const registers = [registry]
    this.attempts = new Counter({
      name: 'cebe_webhook_attempts_total',
      help: 'Delivery attempts by outcome (delivered, failed = will retry, dead = budget spent, gone = 410, missing = event gone)',
      labelNames: ['outcome'] as const,
      registers,
    })
    this.duration = new Histogram({
      name: 'cebe_webhook_attempt_duration_seconds',
      help: 'Duration of one delivery attempt, request to answer or timeout',
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15],
      registers,
    })
    this.lag = new Histogram({
      name: 'cebe_webhook_dispatch_lag_seconds',
      help: 'From when an attempt was due (first: the commit) to when it started',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
      registers,
    })
    this.fannedOut = new Counter({
      name: 'cebe_webhook_outbox_drained_total',
      help: 'Outbox entries fanned out to subscriptions',
      registers,
    })
    this.#pending = gauge(registry, 'cebe_webhook_deliveries_pending', 'Deliveries waiting for a (re)try')
    this.#due = gauge(registry, 'cebe_webhook_deliveries_due', 'Pending deliveries due now')
    this.#dead = gauge(registry, 'cebe_webhook_deliveries_dead', 'Dead-lettered deliveries (replayable)')
    this.#oldestDue = gauge(
      registry,
      'cebe_webhook_oldest_due_seconds',
      'Age of the oldest due delivery: how far delivery is behind',
    )
    this.#outbox = gauge(registry, 'cebe_webhook_outbox_pending', 'Committed events not yet fanned out')
  }

  snapshot(stats: WebhookStats, now: number): void {
    this.#pending.set(stats.pending)
    this.#due.set(stats.due)
    this.#dead.set(stats.dead)
    this.#oldestDue.set(stats.oldestDueAt === null ? 0 : Math.max(0, (now - stats.oldestDueAt) / 1000))
    this.#outbox.set(stats.outboxPending)
  }
}

function gauge(registry: Registry, name: string, help: string): Gauge {
  return new Gauge({ name, help, registers: [registry] })
}
