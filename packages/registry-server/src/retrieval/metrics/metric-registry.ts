/**
 * Every metric implementation, by module. `metric-registry.test.ts` holds this list and the
 * definitions of `@cebe/schemas` equal: no definition without an implementation, and no other.
 */
import type { MetricScope as DefinitionScope } from '@cebe/schemas'
import { ADS_METRICS } from './ads-metrics.js'
import { CAMPAIGN_METRICS } from './campaign-metrics.js'
import { CDP_METRICS } from './cdp-metrics.js'
import { COMMUNICATION_METRICS } from './communication-metrics.js'
import { CONVERSION_METRICS } from './conversion-metrics.js'
import { DEALS_METRICS } from './deals-metrics.js'
import { HEALTH_METRICS } from './health-metrics.js'
import { LOYALTY_METRICS } from './loyalty-metrics.js'
import type { MetricImplementation } from './metric-implementation.js'
import { TICKETING_METRICS } from './ticketing-metrics.js'

export const METRIC_IMPLEMENTATIONS: readonly MetricImplementation[] = Object.freeze([
  ...COMMUNICATION_METRICS,
  ...TICKETING_METRICS,
  ...DEALS_METRICS,
  ...CAMPAIGN_METRICS,
  ...ADS_METRICS,
  ...CONVERSION_METRICS,
  ...CDP_METRICS,
  ...LOYALTY_METRICS,
  ...HEALTH_METRICS,
])

const byKey = new Map(METRIC_IMPLEMENTATIONS.map((m) => [`${m.scope}:${m.id}`, m]))

export function implementationOf(id: string, scope: DefinitionScope): MetricImplementation | undefined {
  return byKey.get(`${scope}:${id}`)
}
