/**
 * The metric definitions of @cebe/schemas (titles, units, modules), so tiles and pickers name each
 * metric as METRICS.md does. Only the plain data is imported: the package is free of side effects,
 * so the bundler leaves the event catalog and its validators out.
 */
import { METRIC_DEFINITIONS, type MetricDefinition, type MetricUnit } from '@cebe/schemas'

export type { MetricDefinition, MetricUnit }

const company = new Map(METRIC_DEFINITIONS.filter((d) => d.scope === 'company').map((d) => [d.id, d]))
const customer = new Map(METRIC_DEFINITIONS.filter((d) => d.scope === 'customer').map((d) => [d.id, d]))

export function companyMetric(id: string): MetricDefinition | undefined {
  return company.get(id)
}

export function customerMetric(id: string): MetricDefinition | undefined {
  return customer.get(id)
}

/** Customer metrics a segment rule can compare: numbers, booleans and labels (not lists or maps). */
export const COMPARABLE_CUSTOMER_METRICS: readonly MetricDefinition[] = [...customer.values()].filter(
  (d) => !['ids', 'list', 'counts_by'].includes(d.unit),
)

/** The Overview's sections: the PRD's modules, Ads apart from Broadcast (their metric ids differ). */
export const OVERVIEW_SECTIONS = [
  {
    id: 'campaign',
    title: 'Broadcast',
    prefix: 'campaign.',
    charted: ['campaign.sent', 'campaign.replies', 'campaign.clicks'],
  },
  { id: 'ads', title: 'Ads', prefix: 'ads.', charted: ['ads.clicks', 'ads.leads', 'ads.conversions'] },
  {
    id: 'communication',
    title: 'Communication',
    prefix: 'communication.',
    charted: ['communication.avg_csat'],
  },
  {
    id: 'ticketing',
    title: 'Ticketing',
    prefix: 'ticketing.',
    charted: ['ticketing.resolution_rate', 'ticketing.sla_breach_rate'],
  },
  { id: 'deals', title: 'Deals', prefix: 'deals.', charted: ['deals.pipeline_value'] },
  { id: 'conversion', title: 'Conversion', prefix: 'conversion.', charted: ['conversion.revenue'] },
  { id: 'loyalty', title: 'Loyalty', prefix: 'loyalty.', charted: ['loyalty.members_total'] },
  { id: 'cdp', title: 'CDP', prefix: 'cdp.', charted: ['cdp.new_customers'] },
] as const

export function metricModule(id: string): string {
  return id.slice(0, id.indexOf('.'))
}
