/** Where generated pages live and how they link to each other: one place, so anchors stay stable. */
import { type CustomerRule, type MetricScope, MODULE_TITLES, type SourceModule } from '@cebe/schemas'

export const REFERENCE_DIR = 'reference'

export { MODULE_TITLES } from '@cebe/schemas'

export const CUSTOMER_RULES: Record<CustomerRule, string> = {
  required: '`qontak_customer_id` is required.',
  'or-identifier':
    '`qontak_customer_id`, or an identity-marked attribute (phone, email, bsuid, member_id) the server resolves to the customer.',
  'company-scoped': 'About the company, not a customer: no `qontak_customer_id`.',
}

export function eventPath(name: string): string {
  return `/${REFERENCE_DIR}/events/${name}.md`
}

export function eventLink(name: string): string {
  return `[\`${name}\`](${eventPath(name)})`
}

export function moduleLink(module: SourceModule): string {
  return `[${MODULE_TITLES[module]}](/${REFERENCE_DIR}/modules/${module}.md)`
}

export function metricAnchor(id: string, scope: MetricScope): string {
  return `${scope}-${id}`
}

export function metricLink(id: string, scope: MetricScope): string {
  return `[\`${id}\`](/${REFERENCE_DIR}/metrics.md#${metricAnchor(id, scope)})`
}
