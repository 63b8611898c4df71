/** Ticketing metrics (METRICS.md): ticket counts, resolution and SLA cohorts, repeat issues, stage history. */
import { sql } from 'kysely'
import type { MetricImplementation, MetricSource } from './metric-implementation.js'
import { column } from './metric-implementation.js'
import { ratio } from './metric-scope.js'
import { cohortSource, historySource, oldestFirst, windowSource } from './source-kit.js'

/** Two `ticket.created` of different tickets at most this far apart make a repeat issue. */
const REPEAT_WINDOW_MS = 30 * 86_400_000

const tickets = cohortSource('ticketing.cohort', 'ticket.created', 'ticket_id', {
  resolved: { event: 'ticket.resolved', timeAttribute: 'resolved_at' },
  breached: { event: 'ticket.sla_breached' },
})

const breaches = windowSource('ticketing.window', ['ticket.sla_breached'], () => ({}), {
  breaches: { count: ['ticket.sla_breached'] },
})

/**
 * In time order, the closest pair of creations of different tickets is always adjacent (an event
 * between them differs from one of the two and is closer), so comparing each creation with the
 * previous one decides the flag.
 */
const repeatIssue: MetricSource = {
  name: 'ticketing.repeat_issue',
  query(q) {
    const order = oldestFirst(q, 'c')
    return sql`WITH c AS ${q.events(['ticket.created'], q.window, { ent: q.read.attributeText('ticket_id') })},
      l AS (SELECT c.k, c.ts, c.ent,
              LAG(c.ts) OVER (PARTITION BY c.cid ORDER BY ${order}) AS pts,
              LAG(c.ent) OVER (PARTITION BY c.cid ORDER BY ${order}) AS pent
            FROM c)
      SELECT l.k AS k,
        MAX(CASE WHEN l.pent IS NOT NULL AND l.ent IS NOT NULL AND l.pent <> l.ent
                  AND l.ts - l.pts <= ${sql.lit(REPEAT_WINDOW_MS)} THEN 1 ELSE 0 END) AS repeat_issue
      FROM l GROUP BY l.k`
  },
}

const stageHistory = historySource('ticketing.stage_history', 'ticket.stage_changed', [
  'ticket_id',
  'old_stage',
  'new_stage',
])

const resolutionRate = (p: (c: string) => ReturnType<typeof sql.ref>) => ratio(p('resolved'), p('cohort'))
const breachRate = (p: (c: string) => ReturnType<typeof sql.ref>) => ratio(p('breached'), p('cohort'))
const timeToResolve = (p: (c: string) => ReturnType<typeof sql.ref>) =>
  sql`${ratio(p('resolved_ms'), p('resolved'))} / 1000.0`

export const TICKETING_METRICS: readonly MetricImplementation[] = [
  column('ticketing.tickets_total', 'customer', tickets, 'cohort'),
  { id: 'ticketing.resolution_rate', scope: 'customer', source: tickets, value: resolutionRate },
  { id: 'ticketing.avg_time_to_resolve_s', scope: 'customer', source: tickets, value: timeToResolve },
  column('ticketing.sla_breach_count', 'customer', breaches, 'breaches'),
  { id: 'ticketing.sla_breach_rate', scope: 'customer', source: tickets, value: breachRate },
  column('ticketing.repeat_issue', 'customer', repeatIssue, 'repeat_issue'),
  column('ticketing.stage_history', 'customer', stageHistory, 'history'),
  { id: 'ticketing.resolution_rate', scope: 'company', source: tickets, value: resolutionRate },
  { id: 'ticketing.sla_breach_rate', scope: 'company', source: tickets, value: breachRate },
  { id: 'ticketing.avg_time_to_resolve_s', scope: 'company', source: tickets, value: timeToResolve },
]
