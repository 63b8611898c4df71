/**
 * Per-customer aggregates are order-independent (count, min, max), so a commit folds its events
 * into one delta per (company, customer, event) in memory and upserts each once, in key order —
 * which also gives concurrent PostgreSQL transactions one lock order (no deadlocks).
 */
export interface AggregateDelta {
  companyId: string
  customerId: string
  eventName: string
  count: number
  firstTs: number
  lastTs: number
}

export class AggregateDeltas {
  readonly #deltas = new Map<string, AggregateDelta>()

  add(companyId: string, customerId: string, eventName: string, ts: number): void {
    const key = `${companyId}\u0000${customerId}\u0000${eventName}`
    const delta = this.#deltas.get(key)
    if (delta) {
      delta.count += 1
      if (ts < delta.firstTs) delta.firstTs = ts
      if (ts > delta.lastTs) delta.lastTs = ts
    } else {
      this.#deltas.set(key, { companyId, customerId, eventName, count: 1, firstTs: ts, lastTs: ts })
    }
  }

  sorted(): AggregateDelta[] {
    return [...this.#deltas.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, d]) => d)
  }
}
