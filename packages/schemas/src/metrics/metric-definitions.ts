/**
 * Every CEBE metric as typed data, from METRICS.md (its exact definitions) and the PRD's "CEBE Metrics
 * enabled" lists. The server's retriever implements this list and the docs render it, so neither keeps
 * its own copy to drift from the other; nothing reads METRICS.md at run time. Text is Markdown (inline
 * code in backticks); a rule that holds for every metric lives once in `METRIC_RULES`, not per entry.
 */
import { COMPANY_METRICS } from './company-metrics.js'
import { CUSTOMER_METRICS } from './customer-metrics.js'
import type { MetricDefinition, MetricScope } from './metric-types.js'

export type CustomerMetricId = (typeof CUSTOMER_METRICS)[number]['id']
export type CompanyMetricId = (typeof COMPANY_METRICS)[number]['id']
export type MetricId = CustomerMetricId | CompanyMetricId

/** Every metric of both scopes: customer metrics first, each scope in METRICS.md's table order. */
export const METRIC_DEFINITIONS: readonly MetricDefinition[] = Object.freeze(
  [...CUSTOMER_METRICS, ...COMPANY_METRICS].map((definition) => Object.freeze(definition)),
)

const byScope: Readonly<Record<MetricScope, readonly MetricDefinition[]>> = {
  customer: Object.freeze(METRIC_DEFINITIONS.filter((definition) => definition.scope === 'customer')),
  company: Object.freeze(METRIC_DEFINITIONS.filter((definition) => definition.scope === 'company')),
}

const byKey = new Map(
  METRIC_DEFINITIONS.map((definition) => [`${definition.scope}:${definition.id}`, definition]),
)

/** The metrics a scope's endpoint returns, in table order. */
export function metricsForScope(scope: MetricScope): readonly MetricDefinition[] {
  return byScope[scope]
}

/**
 * One definition by id and scope (an id can exist in both, with different definitions).
 *
 * ```ts
 * getMetricDefinition('campaign.reply_rate', 'company')?.description
 * ```
 */
export function getMetricDefinition(id: CustomerMetricId, scope: 'customer'): MetricDefinition
export function getMetricDefinition(id: CompanyMetricId, scope: 'company'): MetricDefinition
export function getMetricDefinition(id: string, scope: MetricScope): MetricDefinition | undefined
export function getMetricDefinition(id: string, scope: MetricScope): MetricDefinition | undefined {
  return byKey.get(`${scope}:${id}`)
}

/**
 * The definitions whose `sourceEvents` name `eventName` (both scopes), for "metrics this event feeds".
 * Metrics with `readsAnyEvent` are only listed for the events they name.
 */
export function metricsFedBy(eventName: string): readonly MetricDefinition[] {
  return METRIC_DEFINITIONS.filter((definition) => definition.sourceEvents.includes(eventName))
}
