/**
 * The ingest figures of `/metrics` as one JSON document for people (the console's Ingest health
 * view): totals by outcome, rejects by reason, and the commit-lag quantiles against the SLA,
 * estimated from the lag histogram the way Prometheus' `histogram_quantile` does.
 */
import type { IngestMetrics } from './ingest-metrics.js'

export interface IngestHealth {
  /** When these figures were read. */
  at: string
  /** Seconds since this server process started counting. */
  uptime_seconds: number
  /** Events by outcome since start (every tenant of this server process). */
  events: { accepted: number; duplicates: number; conflicts: number; rejected: number }
  /** Rejected events by the code of their first error, largest first. */
  rejects_by_reason: { reason: string; count: number }[]
  commit_lag: {
    sla_seconds: number
    /** Accepted events whose lag was measured. */
    count: number
    /** null until an event was committed. */
    p50_seconds: number | null
    p99_seconds: number | null
    over_sla: number
  }
}

const OUTCOME_FIELDS = {
  accepted: 'accepted',
  duplicate: 'duplicates',
  conflict: 'conflicts',
  rejected: 'rejected',
} as const

export async function ingestHealth(telemetry: IngestMetrics, now = Date.now()): Promise<IngestHealth> {
  const [events, reasons, lag, overSla] = await Promise.all([
    telemetry.events.get(),
    telemetry.rejectReasons.get(),
    telemetry.lag.get(),
    telemetry.overSla.get(),
  ])
  const totals = { accepted: 0, duplicates: 0, conflicts: 0, rejected: 0 }
  for (const { labels, value } of events.values) {
    const field = OUTCOME_FIELDS[labels.outcome as keyof typeof OUTCOME_FIELDS]
    if (field) totals[field] += value
  }
  const buckets: { le: number; count: number }[] = []
  let count = 0
  for (const { metricName, labels, value } of lag.values) {
    if (metricName?.endsWith('_bucket')) buckets.push({ le: Number(labels.le), count: value })
    else if (metricName?.endsWith('_count')) count = value
  }
  buckets.sort((a, b) => a.le - b.le)
  return {
    at: new Date(now).toISOString(),
    uptime_seconds: Math.max(0, (now - telemetry.startedAt) / 1000),
    events: totals,
    rejects_by_reason: reasons.values
      .map(({ labels, value }) => ({ reason: String(labels.reason), count: value }))
      .filter((entry) => entry.count > 0)
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    commit_lag: {
      sla_seconds: telemetry.slaSeconds,
      count,
      p50_seconds: histogramQuantile(0.5, buckets),
      p99_seconds: histogramQuantile(0.99, buckets),
      over_sla: overSla.values.reduce((sum, { value }) => sum + value, 0),
    },
  }
}

/**
 * The q-quantile of a cumulative histogram, interpolating linearly inside the bucket it falls in;
 * in the open top bucket it is that bucket's lower bound (nothing better is known).
 */
export function histogramQuantile(
  q: number,
  buckets: readonly { le: number; count: number }[],
): number | null {
  const total = buckets.at(-1)?.count ?? 0
  if (total === 0) return null
  const rank = q * total
  let lowerBound = 0
  let lowerCount = 0
  for (const { le, count } of buckets) {
    if (count >= rank) {
      if (!Number.isFinite(le)) return lowerBound
      const inBucket = count - lowerCount
      return inBucket === 0 ? le : lowerBound + ((le - lowerBound) * (rank - lowerCount)) / inBucket
    }
    lowerBound = le
    lowerCount = count
  }
  return lowerBound
}
