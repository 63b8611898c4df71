/**
 * The metrics part of the customer profile: every customer-scope metric of METRICS.md over the
 * customer's whole history up to now, and the health score with its factors — the same engine
 * and answers as `GET /v1/customers/{id}/metrics` without `from`/`to`.
 */
import type { ReadSide } from '../storage/read-side.js'
import type { HealthExplanation } from './metrics/health-explanation.js'
import { customerMetricsWithHealth, type MetricValues } from './metrics/metric-engine.js'
import type { MetricOptions } from './metrics/metric-implementation.js'

export interface ProfileMetrics {
  /** Every customer metric by id (`campaign.reply_rate`, …). */
  metrics: MetricValues
  /** `{ score, factors: [...] }`. */
  health: HealthExplanation
}

export async function profileMetrics(
  read: ReadSide,
  companyId: string,
  customerId: string,
  options: MetricOptions,
  now = Date.now(),
): Promise<ProfileMetrics> {
  return customerMetricsWithHealth(read, { companyId, customerId, toTs: now }, options)
}
