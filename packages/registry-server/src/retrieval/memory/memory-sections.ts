/**
 * The memory's sections, in display order, from facts already masked for the reader's role —
 * each item a short text, its drop rank and the structured value it renders. The drop order
 * (lowest rank leaves first; within a rank, the item shown last) is the one the guide documents:
 *
 *   1. recent events beyond the newest three, oldest first
 *   2. custom attributes, 3. default attributes
 *   4. per-module metrics (the last module's last metric first)
 *   5. the three newest events
 *   6. identifiers, 7. segments, 8. loyalty
 *   9. churn-risk factors, 10. value signals, 11. risk signals
 *   never: the identity line (cut with "…" when even it does not fit)
 */
import { getMetricDefinition, SOURCE_MODULES } from '@cebe/schemas'
import type { HealthFactor } from '../metrics/health-explanation.js'
import type { BoundedItem, BoundedSection } from './bounded-text.js'
import { cutTo } from './bounded-text.js'
import type { LastPurchase, OpenTicket } from './memory-facts.js'
import { day, formatChange, formatMetric, formatNumber, isHidden, oneLine } from './memory-format.js'

export const DROP_RANK = {
  olderEvents: 1,
  customAttributes: 2,
  defaultAttributes: 3,
  metrics: 4,
  newestEvents: 5,
  identifiers: 6,
  segments: 7,
  loyalty: 8,
  churnFactors: 9,
  value: 10,
  risk: 11,
  identity: Number.POSITIVE_INFINITY,
} as const

/** The newest events that stay until the metrics are gone. */
export const NEWEST_EVENTS_KEPT_LONGER = 3
/** Longest attribute value, segment name or display name printed. */
const VALUE_CHARS = 60

/** The per-module metrics the memory prints when not empty, by source module, in display order. */
export const MODULE_METRICS: Readonly<Record<string, readonly string[]>> = {
  communication: [
    'communication.conversations_total',
    'communication.calls_total',
    'communication.messages_total',
    'communication.preferred_channel',
    'communication.avg_response_time_s',
    'communication.avg_resolution_time_s',
    'communication.avg_call_duration_s',
    'communication.ai_containment_rate',
  ],
  ticketing: [
    'ticketing.tickets_total',
    'ticketing.resolution_rate',
    'ticketing.avg_time_to_resolve_s',
    'ticketing.sla_breach_rate',
    'ticketing.repeat_issue',
  ],
  deals: [
    'deals.deals_total',
    'deals.deal_size_total',
    'deals.won_rate',
    'deals.lost_rate',
    'deals.won_value_total',
    'deals.avg_time_to_conversion_s',
    'deals.rotten_breach_count',
  ],
  conversion: [
    'conversion.orders_total',
    'conversion.avg_order_value',
    'conversion.paid_rate',
    'conversion.purchase_frequency_30d',
    'conversion.preferred_payment_method',
    'conversion.bookings_total',
    'conversion.booking_completed_rate',
  ],
  campaign: [
    'campaign.received_total',
    'campaign.delivery_rate',
    'campaign.reply_rate',
    'campaign.click_rate',
    'campaign.opt_status',
    'campaign.attributed_revenue',
    'ads.impressions',
    'ads.clicks',
    'ads.leads',
    'ads.conversions',
    'ads.conversion_value',
  ],
}

/** Every metric the memory reads: the per-module ones and those of the value and risk lines. */
export const MEMORY_METRICS: ReadonlySet<string> = new Set([
  ...Object.values(MODULE_METRICS).flat(),
  'conversion.ltv',
  'deals.won_value_total',
  'ticketing.sla_breach_count',
  'communication.avg_csat',
  'communication.avg_nps',
])

/** The memory's input, masked for the role. */
export interface MaskedMemory {
  customerId: string
  asOf: number
  /** Null when the customer had no event up to `asOf`. */
  activity: { firstSeenTs: number; lastSeenTs: number; eventsTotal: number } | null
  displayName: string | null
  identifiers: { kind: string; value: string }[]
  attributes: { default_fields: Record<string, unknown>; custom_fields: Record<string, unknown> }
  segments: { segment_id: string; segment_name: string | null; since: string }[]
  loyalty: { member: boolean; tier: string | null; available_points: number | null; programs: string[] }
  metrics: Record<string, unknown>
  health: { score: number | null; factors: HealthFactor[] }
  openTickets: OpenTicket[]
  lastPurchase: LastPurchase | null
  npsTrend: number | null
  /** Modules whose metrics are printed. */
  modules: readonly string[]
  /** Newest first: the line and what it came from. */
  recentEvents: { at: string; event_id: string; event_name: string; text: string }[]
}

export type MemoryPayload =
  | { kind: 'identity'; value: Record<string, unknown> }
  | { kind: 'entry'; key: string; value: unknown }
  | { kind: 'attribute'; list: 'default_fields' | 'custom_fields'; name: string; value: unknown }
  | { kind: 'metric'; module: string; id: string; value: unknown }
  | { kind: 'element'; value: unknown }

type Item = BoundedItem<MemoryPayload>
type Section = BoundedSection<MemoryPayload>

export function memorySections(m: MaskedMemory): Section[] {
  return [
    { id: 'identity', title: '', layout: 'inline', items: [identityItem(m)] },
    { id: 'value', title: 'Value', layout: 'inline', items: valueItems(m) },
    { id: 'risk', title: 'Risk', layout: 'inline', items: riskItems(m) },
    { id: 'churn_risk_factors', title: 'Churn-risk factors', layout: 'inline', items: churnItems(m) },
    {
      id: 'segments',
      title: 'Segments',
      layout: 'inline',
      items: m.segments.map((s) =>
        element(
          `${s.segment_name ? cutTo(oneLine(s.segment_name), VALUE_CHARS) : s.segment_id} (since ${s.since.slice(0, 10)})`,
          DROP_RANK.segments,
          s,
        ),
      ),
    },
    { id: 'loyalty', title: 'Loyalty', layout: 'inline', items: loyaltyItems(m) },
    {
      id: 'identifiers',
      title: 'Identifiers',
      layout: 'inline',
      items: m.identifiers
        .filter((i) => !isHidden(i.value))
        .map((i) => element(`${i.kind} ${i.value}`, DROP_RANK.identifiers, i)),
    },
    { id: 'attributes', title: 'Attributes', layout: 'inline', items: attributeItems(m) },
    ...m.modules
      .filter((module) => MODULE_METRICS[module])
      .map((module) => ({
        id: `metrics.${module}`,
        title: `Metrics ${module}`,
        layout: 'inline' as const,
        items: metricItems(m, module),
      })),
    {
      id: 'recent_events',
      title: 'Recent events',
      layout: 'lines',
      items: m.recentEvents.map((e, i) =>
        element(e.text, i < NEWEST_EVENTS_KEPT_LONGER ? DROP_RANK.newestEvents : DROP_RANK.olderEvents, e),
      ),
    },
  ]
}

function identityItem(m: MaskedMemory): Item {
  const name =
    m.displayName !== null && !isHidden(m.displayName) ? cutTo(oneLine(m.displayName), VALUE_CHARS) : null
  const asOf = new Date(m.asOf).toISOString()
  const seen = m.activity
    ? `first seen ${day(m.activity.firstSeenTs)}, last seen ${day(m.activity.lastSeenTs)}, ${formatNumber(m.activity.eventsTotal)} event${m.activity.eventsTotal === 1 ? '' : 's'}`
    : 'no events yet'
  return {
    text: `Customer ${m.customerId}${name ? ` "${name}"` : ''}: ${seen} (as of ${asOf})`,
    rank: DROP_RANK.identity,
    payload: {
      kind: 'identity',
      value: {
        customer_id: m.customerId,
        display_name: name,
        first_seen: m.activity ? new Date(m.activity.firstSeenTs).toISOString() : null,
        last_seen: m.activity ? new Date(m.activity.lastSeenTs).toISOString() : null,
        events_total: m.activity?.eventsTotal ?? 0,
      },
    },
  }
}

function valueItems(m: MaskedMemory): Item[] {
  const items: Item[] = []
  const ltv = m.metrics['conversion.ltv']
  if (typeof ltv === 'number' && ltv > 0)
    items.push(entry(`LTV ${formatNumber(ltv)}`, 'ltv', ltv, DROP_RANK.value))
  const won = m.metrics['deals.won_value_total']
  if (typeof won === 'number' && won > 0)
    items.push(entry(`won deals ${formatNumber(won)}`, 'won_deal_value', won, DROP_RANK.value))
  const p = m.lastPurchase
  if (p) {
    const text = `last purchase ${day(p.ts)}${p.orderId ? ` #${cutTo(p.orderId, 40)}` : ''}${p.amount !== null ? ` paid ${formatNumber(p.amount)}` : ''}`
    items.push(
      entry(
        text,
        'last_purchase',
        { at: new Date(p.ts).toISOString(), order_id: p.orderId, amount: p.amount },
        DROP_RANK.value,
      ),
    )
  }
  return items
}

function riskItems(m: MaskedMemory): Item[] {
  const items: Item[] = []
  if (m.health.score !== null)
    items.push(
      entry(`health ${formatNumber(m.health.score)}/100`, 'health_score', m.health.score, DROP_RANK.risk),
    )
  if (m.openTickets.length > 0) {
    const ids = m.openTickets.slice(0, 5).map((t) => cutTo(t.ticketId, 40))
    const more = m.openTickets.length > ids.length ? ` +${m.openTickets.length - ids.length} more` : ''
    items.push(
      entry(
        `open tickets ${m.openTickets.length} (${ids.map((id) => `#${id}`).join(', ')}${more})`,
        'open_tickets',
        { count: m.openTickets.length, ticket_ids: ids },
        DROP_RANK.risk,
      ),
    )
  }
  const breaches90 = factorValue(m, 'sla_breaches')
  const breaches = m.metrics['ticketing.sla_breach_count']
  if (typeof breaches === 'number' && breaches > 0) {
    items.push(
      entry(
        `SLA breaches ${formatNumber(breaches)}${typeof breaches90 === 'number' ? ` (${formatNumber(breaches90)} in 90 d)` : ''}`,
        'sla_breaches',
        { total: breaches, last_90_days: breaches90 ?? null },
        DROP_RANK.risk,
      ),
    )
  }
  const csat = m.metrics['communication.avg_csat']
  if (typeof csat === 'number') {
    const change = factorValue(m, 'csat_trend')
    const trend = typeof change === 'number' ? change : null
    items.push(
      entry(
        `CSAT ${formatNumber(csat)}${trend !== null ? ` (trend ${formatChange(trend)})` : ''}`,
        'csat',
        { average: csat, trend },
        DROP_RANK.risk,
      ),
    )
  }
  const nps = m.metrics['communication.avg_nps']
  if (typeof nps === 'number') {
    items.push(
      entry(
        `NPS ${formatNumber(nps)}${m.npsTrend !== null ? ` (trend ${formatChange(m.npsTrend)})` : ''}`,
        'nps',
        { average: nps, trend: m.npsTrend },
        DROP_RANK.risk,
      ),
    )
  }
  return items
}

/** Factors below half their sub-score, most points lost first: what pulls the health score down. */
function churnItems(m: MaskedMemory): Item[] {
  const total = m.health.factors.reduce((sum, f) => sum + f.weight, 0)
  if (total === 0) return []
  return m.health.factors
    .filter((f) => f.sub_score < 0.5)
    .map((f) => ({ f, lost: Math.round(((100 * f.weight * (1 - f.sub_score)) / total) * 10) / 10 }))
    .sort((a, b) => b.lost - a.lost || (a.f.id < b.f.id ? -1 : 1))
    .map(({ f, lost }) => {
      const value =
        f.value === null
          ? ''
          : ` ${typeof f.value === 'number' ? formatNumber(f.value) : cutTo(oneLine(f.value), 40)}`
      return element(`${f.title}${value} (-${formatNumber(lost)} pts)`, DROP_RANK.churnFactors, {
        id: f.id,
        title: f.title,
        value: f.value,
        points_lost: lost,
      })
    })
}

function loyaltyItems(m: MaskedMemory): Item[] {
  const l = m.loyalty
  if (!l.member && l.tier === null && l.available_points === null) return []
  const parts = [l.member ? `member of ${l.programs.join(', ')}` : 'not a member']
  if (l.tier !== null) parts.push(`tier ${cutTo(oneLine(l.tier), 40)}`)
  if (l.available_points !== null) parts.push(`${formatNumber(l.available_points)} points`)
  return [entry(parts.join(', '), 'loyalty', l, DROP_RANK.loyalty)]
}

function attributeItems(m: MaskedMemory): Item[] {
  const items: Item[] = []
  for (const list of ['default_fields', 'custom_fields'] as const) {
    for (const [name, value] of Object.entries(m.attributes[list])) {
      if (value === null || value === undefined || isHidden(value)) continue
      const printed = cutTo(oneLine(typeof value === 'string' ? value : JSON.stringify(value)), VALUE_CHARS)
      items.push({
        text: `${cutTo(oneLine(name), 40)}=${printed}`,
        rank: list === 'custom_fields' ? DROP_RANK.customAttributes : DROP_RANK.defaultAttributes,
        // Numbers and booleans as they are; anything else as printed, so the parts stay as bounded as the text.
        payload: {
          kind: 'attribute',
          list,
          name,
          value: typeof value === 'number' || typeof value === 'boolean' ? value : printed,
        },
      })
    }
  }
  return items
}

function metricItems(m: MaskedMemory, module: string): Item[] {
  const items: Item[] = []
  for (const id of MODULE_METRICS[module] ?? []) {
    const definition = getMetricDefinition(id, 'customer')
    const value = m.metrics[id]
    if (!definition || value === 0 || value === false) continue
    const text = formatMetric(definition.unit, value)
    if (text === undefined || text === 'unknown') continue
    items.push({
      // The unit is in the printed value ("5 h"), so `_s` would only repeat it.
      text: `${id.slice(id.indexOf('.') + 1).replace(/_s$/, '')} ${cutTo(text, VALUE_CHARS)}`,
      rank: DROP_RANK.metrics,
      payload: { kind: 'metric', module, id, value },
    })
  }
  return items
}

function factorValue(m: MaskedMemory, id: string) {
  return m.health.factors.find((f) => f.id === id)?.value
}

const entry = (text: string, key: string, value: unknown, rank: number): Item => ({
  text,
  rank,
  payload: { kind: 'entry', key, value },
})

const element = (text: string, rank: number, value: unknown): Item => ({
  text,
  rank,
  payload: { kind: 'element', value },
})

/** The modules a memory prints metrics for: the asked ones, in catalog order. */
export function memoryModules(asked: readonly string[] | undefined): string[] {
  return SOURCE_MODULES.filter((module) => asked === undefined || asked.includes(module))
}
