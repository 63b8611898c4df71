/**
 * Prometheus metrics of the ingest path, on a registry of their own (one per app, so several
 * apps in one process — tests — do not collide). Labels are bounded: module and event name are
 * only ever known values; anything else is counted as `unknown`.
 */
import { SOURCE_MODULES } from '@cebe/schemas'
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client'

export type Outcome = 'accepted' | 'duplicate' | 'rejected' | 'conflict'

const MODULES = new Set<string>(SOURCE_MODULES)

export class IngestMetrics {
  readonly registry = new Registry()
  readonly events = new Counter({
    name: 'cebe_ingest_events_total',
    help: 'Events by outcome, source module and event name',
    labelNames: ['outcome', 'module', 'event'] as const,
    registers: [this.registry],
  })
  readonly requests = new Histogram({
    name: 'cebe_http_request_duration_seconds',
    help: 'HTTP request latency by route, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  })
  readonly commits = new Histogram({
    name: 'cebe_commit_duration_seconds',
    help: 'Duration of one group-commit transaction',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [this.registry],
  })
  readonly commitSize = new Histogram({
    name: 'cebe_commit_events',
    help: 'Events written per group-commit transaction',
    buckets: [1, 10, 50, 100, 500, 1000, 2000, 5000],
    registers: [this.registry],
  })
  readonly lag = new Histogram({
    name: 'cebe_event_commit_lag_seconds',
    help: 'event_timestamp to commit, for accepted events',
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 60, 300, 3600],
    registers: [this.registry],
  })
  readonly clientAborts = new Counter({
    name: 'cebe_client_aborts_total',
    help: 'Requests whose client closed the connection before its body was read (not an outage)',
    registers: [this.registry],
  })
  readonly rejectReasons = new Counter({
    name: 'cebe_ingest_rejects_total',
    help: 'Rejected events by the code of their first error (invalid_type, unknown_event, …)',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  })
  readonly overSla = new Counter({
    name: 'cebe_events_over_sla_total',
    help: 'Accepted events committed more than the SLA (5 s) after their event_timestamp',
    registers: [this.registry],
  })

  /** When these figures started (process or app start); rates are over this span. */
  readonly startedAt = Date.now()

  constructor(
    readonly slaSeconds: number,
    readonly knownEvent: (name: string) => boolean,
  ) {
    collectDefaultMetrics({ register: this.registry })
  }

  count(outcome: Outcome, module: unknown, event: unknown, events = 1): void {
    this.events.inc(
      {
        outcome,
        module: typeof module === 'string' && MODULES.has(module) ? module : 'unknown',
        event: typeof event === 'string' && this.knownEvent(event) ? event : 'unknown',
      },
      events,
    )
  }

  /** Counts a request's outcomes with one counter update per distinct label set, not per event. */
  tally(): OutcomeTally {
    return new OutcomeTally(this)
  }

  /** Counts one rejected event under the code of its first error (a bounded set of codes). */
  rejectedFor(reason: string | undefined): void {
    this.rejectReasons.inc({ reason: reason ?? 'unknown' })
  }

  /** Records source-to-commit lag; only live traffic counts toward the SLA (not day-old backfills). */
  committed(eventTs: number, committedAt: number): void {
    const lagSeconds = Math.max(0, (committedAt - eventTs) / 1000)
    this.lag.observe(lagSeconds)
    if (lagSeconds > this.slaSeconds && lagSeconds < 3600) this.overSla.inc()
  }
}

export class OutcomeTally {
  readonly #counts = new Map<string, { outcome: Outcome; module: string; event: string; n: number }>()

  constructor(readonly metrics: IngestMetrics) {}

  add(outcome: Outcome, moduleName: unknown, eventName: unknown): void {
    // Anything but a string is counted as `unknown` anyway (and may not even convert to one).
    const module = typeof moduleName === 'string' ? moduleName : ''
    const event = typeof eventName === 'string' ? eventName : ''
    const key = `${outcome}\u0000${module}\u0000${event}`
    const entry = this.#counts.get(key)
    if (entry) entry.n++
    else this.#counts.set(key, { outcome, module, event, n: 1 })
  }

  flush(): void {
    for (const { outcome, module, event, n } of this.#counts.values())
      this.metrics.count(outcome, module, event, n)
    this.#counts.clear()
  }
}
