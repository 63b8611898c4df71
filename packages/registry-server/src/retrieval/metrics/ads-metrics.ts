/** Ads metrics (METRICS.md): impressions, clicks, leads, conversions, spend and the ratios over them. */
import { sql } from 'kysely'
import type { MetricImplementation } from './metric-implementation.js'
import { column } from './metric-implementation.js'
import { ratio } from './metric-scope.js'
import { windowSource } from './source-kit.js'

/** `ad.spend_recorded` has no customer: company-wide reads include it, a customer's never does. */
const window = windowSource(
  'ads.window',
  ['ad.impression', 'ad.clicked', 'ad.lead_captured', 'ad.converted', 'ad.spend_recorded'],
  (q) => ({
    v: sql`CASE ce.event_name
      WHEN 'ad.converted' THEN ${q.read.attributeNumber('conversion_value')}
      WHEN 'ad.spend_recorded' THEN ${q.read.attributeNumber('ad_spend')} END`,
  }),
  {
    impressions: { count: ['ad.impression'] },
    clicks: { count: ['ad.clicked'] },
    leads: { count: ['ad.lead_captured'] },
    conversions: { count: ['ad.converted'] },
    conversion_value: { sum: 'v', of: ['ad.converted'] },
    spend: { sum: 'v', of: ['ad.spend_recorded'] },
  },
)

export const ADS_METRICS: readonly MetricImplementation[] = [
  ...(['customer', 'company'] as const).flatMap((scope) => [
    column('ads.impressions', scope, window, 'impressions'),
    column('ads.clicks', scope, window, 'clicks'),
    column('ads.leads', scope, window, 'leads'),
    column('ads.conversions', scope, window, 'conversions'),
  ]),
  column('ads.conversion_value', 'customer', window, 'conversion_value'),
  { id: 'ads.ctr', scope: 'company', source: window, value: (p) => ratio(p('clicks'), p('impressions')) },
  {
    id: 'ads.conversion_rate',
    scope: 'company',
    source: window,
    value: (p) => ratio(p('conversions'), p('clicks')),
  },
  column('ads.spend', 'company', window, 'spend'),
  { id: 'ads.cpl', scope: 'company', source: window, value: (p) => ratio(p('spend'), p('leads')) },
  { id: 'ads.cpa', scope: 'company', source: window, value: (p) => ratio(p('spend'), p('conversions')) },
  {
    id: 'ads.roas',
    scope: 'company',
    source: window,
    value: (p) => ratio(p('conversion_value'), p('spend')),
  },
]
