/** Deals metrics (METRICS.md): deal counts and sizes, won/lost/rotten cohorts, stage history, open pipeline. */
import { sql } from 'kysely'
import type { MetricImplementation, MetricSource } from './metric-implementation.js'
import { column } from './metric-implementation.js'
import { ratio } from './metric-scope.js'
import { cohortSource, customerKey, historySource, oldestFirst, windowSource } from './source-kit.js'

const deals = cohortSource('deals.cohort', 'deal.created', 'deal_id', {
  won: { event: 'deal.won', timeAttribute: 'close_date' },
  lost: { event: 'deal.lost' },
  rotten: { event: 'deal.rotten_time_breached' },
})

const window = windowSource(
  'deals.window',
  ['deal.created', 'deal.won', 'deal.rotten_time_breached'],
  (q) => ({ size: q.read.attributeNumber('deal_size') }),
  {
    size_created: { sum: 'size', of: ['deal.created'] },
    size_won: { sum: 'size', of: ['deal.won'] },
    rotten_breaches: { count: ['deal.rotten_time_breached'] },
  },
)

/**
 * Open pipeline at `to`: each deal created before `to` (its earliest creation's size) with neither a
 * `deal.won` nor a `deal.lost` before `to`.
 */
const pipeline: MetricSource = {
  name: 'deals.pipeline',
  query(q) {
    const ent = q.read.attributeText('deal_id')
    // Creations and closings meet in one GROUP BY (customer, deal), not a NOT EXISTS per deal,
    // which SQLite runs company-wide as a scan of every closing for every deal.
    return sql`WITH c AS ${q.events(['deal.created'], q.beforeTo, { ent, size: q.read.attributeNumber('deal_size') })},
      cr AS (SELECT ${customerKey('c')} AS ckey, c.k, c.ent, c.size,
               ROW_NUMBER() OVER (PARTITION BY c.cid, c.ent ORDER BY ${oldestFirst(q, 'c')}) AS r
             FROM c WHERE c.ent IS NOT NULL),
      closed AS ${q.events(['deal.won', 'deal.lost'], q.beforeTo, { ent })},
      u AS (SELECT cr.ckey, cr.ent, cr.k, cr.size, 1 AS created, 0 AS closed FROM cr WHERE cr.r = 1
            UNION ALL
            SELECT ${customerKey('closed')}, closed.ent, NULL, NULL, 0, 1 FROM closed WHERE closed.ent IS NOT NULL),
      deal AS (SELECT u.k, u.size, u.created,
                 MAX(u.closed) OVER (PARTITION BY u.ckey, u.ent) AS closed
               FROM u)
      SELECT deal.k AS k, SUM(deal.size) AS pipeline_value
      FROM deal WHERE deal.created = 1 AND deal.closed = 0
      GROUP BY deal.k`
  },
}

const stageHistory = historySource('deals.stage_history', 'deal.stage_changed', [
  'deal_id',
  'old_stage',
  'new_stage',
])

const wonRate = (p: (c: string) => ReturnType<typeof sql.ref>) => ratio(p('won'), p('cohort'))

export const DEALS_METRICS: readonly MetricImplementation[] = [
  column('deals.deals_total', 'customer', deals, 'cohort'),
  column('deals.deal_size_total', 'customer', window, 'size_created'),
  { id: 'deals.won_rate', scope: 'customer', source: deals, value: wonRate },
  { id: 'deals.lost_rate', scope: 'customer', source: deals, value: (p) => ratio(p('lost'), p('cohort')) },
  column('deals.won_value_total', 'customer', window, 'size_won'),
  {
    id: 'deals.avg_time_to_conversion_s',
    scope: 'customer',
    source: deals,
    value: (p) => sql`${ratio(p('won_ms'), p('won'))} / 1000.0`,
  },
  column('deals.rotten_breach_count', 'customer', window, 'rotten_breaches'),
  {
    id: 'deals.rotten_breach_rate',
    scope: 'customer',
    source: deals,
    value: (p) => ratio(p('rotten'), p('cohort')),
  },
  column('deals.stage_history', 'customer', stageHistory, 'history'),
  { id: 'deals.won_rate', scope: 'company', source: deals, value: wonRate },
  column('deals.pipeline_value', 'company', pipeline, 'pipeline_value'),
]
