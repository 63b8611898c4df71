/** CDP metrics (METRICS.md): a customer's segments; new customers, their growth and sources. */
import { sql } from 'kysely'
import type { MetricImplementation, MetricSource } from './metric-implementation.js'
import { column } from './metric-implementation.js'
import { growth, growthSource, newestFirst } from './source-kit.js'

/** Segments whose latest membership event at or before `to` is `segment.entered`, as a sorted list. */
const segments: MetricSource = {
  name: 'cdp.segments',
  query(q) {
    const read = q.read
    return sql`WITH s AS ${q.events(['segment.entered', 'segment.exited'], q.atOrBeforeTo, { seg: read.attributeText('segment_id') })},
      r AS (SELECT s.k, s.seg, s.name,
              ROW_NUMBER() OVER (PARTITION BY s.cid, s.seg ORDER BY ${newestFirst(q, 's')}) AS r
            FROM s WHERE s.seg IS NOT NULL)
      SELECT r.k AS k, ${read.jsonArrayAgg(sql.ref('r.seg'), [sql`${read.binary(sql.ref('r.seg'))} ASC`])} AS segments
      FROM r WHERE r.r = 1 AND r.name = 'segment.entered' GROUP BY r.k`
  },
}

const newCustomers = growthSource('cdp.new_customers', 'customer.created')

/** `customer.created` in the window counted by the envelope's `trigger_from`. */
const bySource: MetricSource = {
  name: 'cdp.acquisition_by_source',
  query(q) {
    const read = q.read
    return sql`WITH c AS ${q.events(['customer.created'], q.window, { src: read.envelopeText(['trigger_from']) })},
      n AS (SELECT c.k, c.src, COUNT(*) AS n FROM c WHERE c.src IS NOT NULL GROUP BY c.k, c.src)
      SELECT n.k AS k, ${read.jsonObjectAgg(sql.ref('n.src'), sql.ref('n.n'))} AS by_source FROM n GROUP BY n.k`
  },
}

export const CDP_METRICS: readonly MetricImplementation[] = [
  column('cdp.segments', 'customer', segments, 'segments'),
  column('cdp.new_customers', 'company', newCustomers, 'current'),
  {
    id: 'cdp.new_customer_growth_rate',
    scope: 'company',
    source: newCustomers,
    value: (p) => growth(p('current'), p('previous')),
  },
  column('cdp.acquisition_by_source', 'company', bySource, 'by_source'),
]
